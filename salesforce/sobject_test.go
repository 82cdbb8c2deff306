package salesforce_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestCRUD(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	c := b.client

	id, err := c.Create(ctx, "Account", map[string]any{"Name": "Acme", "Industry": "Energy"})
	if err != nil {
		t.Fatal(err)
	}
	if len(id) != 18 || id[:3] != "001" {
		t.Fatalf("Create id = %q, want an 18-character Account id", id)
	}
	rec, err := c.Get(ctx, "Account", id, []string{"Name", "Industry"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.String("Name") != "Acme" || rec.String("Industry") != "Energy" || rec.Type() != "Account" {
		t.Fatalf("Get = %v", rec)
	}
	if err := c.Update(ctx, "Account", id, map[string]any{"Name": "Acme Ltd"}); err != nil {
		t.Fatal(err)
	}
	rec, err = c.Get(ctx, "Account", id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.String("Name") != "Acme Ltd" || rec.ID() != id {
		t.Fatalf("after update Get = %v", rec)
	}
	if _, ok := rec["SystemModstamp"]; !ok {
		t.Fatal("Get with no field list should return every field")
	}
	if err := c.Delete(ctx, "Account", id); err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(ctx, "Account", id, nil)
	if !errors.Is(err, salesforce.ErrEntityDeleted) {
		t.Fatalf("Get of a deleted record: %v, want ErrEntityDeleted", err)
	}
	err = c.Delete(ctx, "Account", id)
	if !errors.Is(err, salesforce.ErrEntityDeleted) {
		t.Fatalf("second Delete: %v, want ErrEntityDeleted", err)
	}
}

func TestCRUDErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func() error
		sentinel error
		code     string
		status   int
		fields   []string
	}{
		{
			name: "required field",
			call: func() error {
				_, err := b.client.Create(ctx, "Account", map[string]any{"Industry": "Energy"})
				return err
			},
			sentinel: salesforce.ErrRequiredFieldMissing, code: "REQUIRED_FIELD_MISSING", status: 400, fields: []string{"Name"},
		},
		{
			name:   "unknown object",
			call:   func() error { _, err := b.client.Create(ctx, "Nope__c", map[string]any{"Name": "x"}); return err },
			code:   "NOT_FOUND",
			status: 404, sentinel: salesforce.ErrNotFound,
		},
		{
			name:   "malformed id",
			call:   func() error { return b.client.Update(ctx, "Account", "001xyz", map[string]any{"Name": "x"}) },
			code:   "MALFORMED_ID",
			status: 400,
		},
		{
			name: "restricted picklist",
			call: func() error {
				_, err := b.client.Create(ctx, "Task", map[string]any{"Subject": "Call", "Priority": "Urgent"})
				return err
			},
			sentinel: salesforce.ErrRestrictedPicklist, code: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", status: 400,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var apiErr *salesforce.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if apiErr.ErrorCode != tt.code || apiErr.StatusCode != tt.status {
				t.Errorf("got %s %d, want %s %d", apiErr.ErrorCode, apiErr.StatusCode, tt.code, tt.status)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if tt.fields != nil && (len(apiErr.Fields) != len(tt.fields) || apiErr.Fields[0] != tt.fields[0]) {
				t.Errorf("Fields = %v, want %v", apiErr.Fields, tt.fields)
			}
		})
	}
	if n := b.sleep.Count(); n != 0 {
		t.Errorf("permanent errors were retried %d times", n)
	}
}

func TestDuplicateRuleOption(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	lead := map[string]any{"LastName": "Lee", "Company": "Acme", "Email": "lee@acme.example"}
	if _, err := b.client.Create(ctx, "Lead", lead); err != nil {
		t.Fatal(err)
	}
	_, err := b.client.Create(ctx, "Lead", lead)
	if !errors.Is(err, salesforce.ErrDuplicates) {
		t.Fatalf("duplicate create: %v, want ErrDuplicates", err)
	}
	_, err = b.client.Create(ctx, "Lead", lead,
		salesforce.WithDuplicateRule(salesforce.DuplicateRule{AllowSave: true, IncludeRecordDetails: true}),
		salesforce.WithAutoAssign(false), salesforce.WithClientName("sfbridge-test"))
	if err != nil {
		t.Fatalf("create with allowSave: %v", err)
	}
}
