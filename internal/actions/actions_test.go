package actions_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/orgtest"

	"github.com/sfbridge/sfbridge/internal/actions"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = "http://sfbridge.test"

// env is an emulated org, a store and a connection to the org with
// Contact mapped to app type contact.
type env struct {
	emu   *sfemu.Server
	store *sqlite.Store
	conns *connection.Service
	ws    store.Workspace
	conn  store.Connection
	svc   *actions.Service
}

func newEnv(t *testing.T, opts sfemu.Options) *env {
	t.Helper()
	ctx := context.Background()
	o := orgtest.Connect(t, orgtest.Options{Org: opts, PublicURL: publicURL})
	emu, st, conns, ws, c := o.Org, o.Store, o.Conns, o.Workspace, o.Conn
	if _, err := st.PutAppType(ctx, store.AppType{WorkspaceID: ws.ID, Name: "contact", Label: "Contact",
		Fields: []store.AppField{{Name: "last_name", Type: store.AppText}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: c.ID, Object: "Contact", AppType: "contact", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: "LastName",
		AppField: "last_name", Direction: "both"}); err != nil {
		t.Fatal(err)
	}
	return &env{emu: emu, store: st, conns: conns, ws: ws, conn: c, svc: actions.New(st, conns)}
}

func (e *env) get(t *testing.T, object, id string) salesforce.Record {
	t.Helper()
	c, err := e.conns.Client(context.Background(), e.ws.ID, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := c.Get(context.Background(), object, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestCreateLead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sfemu.Options{})
	ctx := context.Background()

	// LastName and Company are required: refused before anything is sent.
	e.emu.ResetStats()
	_, err := e.svc.CreateLead(ctx, actions.CreateLeadParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Fields: map[string]any{"FirstName": "Ada", "Company": "  "}})
	var missing *actions.MissingFieldsError
	if !errors.As(err, &missing) {
		t.Fatalf("missing fields: %v", err)
	}
	if want := []actions.Field{{Name: "LastName", Label: "Last Name"}, {Name: "Company", Label: "Company"}}; len(missing.Fields) != 2 ||
		missing.Fields[0] != want[0] || missing.Fields[1] != want[1] {
		t.Errorf("missing %+v", missing.Fields)
	}
	if msg := err.Error(); !strings.Contains(msg, "Last Name (LastName) and Company (Company)") {
		t.Errorf("message %q", msg)
	}
	if n := e.emu.Stats().Requests["sobject_create"]; n != 0 {
		t.Errorf("%d creates sent for a lead missing required fields", n)
	}

	for _, tc := range []struct {
		name   string
		fields map[string]any
		says   string
	}{
		{"no fields", nil, "needs fields"},
		{"an unknown field", map[string]any{"LastName": "L", "Company": "C", "Shoe_Size__c": 42}, "no field Shoe_Size__c"},
		{"a read-only field", map[string]any{"LastName": "L", "Company": "C", "ConvertedDate": "2024-01-01"}, "Converted Date (ConvertedDate) cannot be set"},
	} {
		_, err := e.svc.CreateLead(ctx, actions.CreateLeadParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID, Fields: tc.fields})
		if !errors.Is(err, actions.ErrInvalid) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}

	created, err := e.svc.CreateLead(ctx, actions.CreateLeadParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Fields: map[string]any{"LastName": "Lovelace", "Company": "Analytical Engines", "Email": "ada@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if created.Object != "Lead" || !strings.HasPrefix(created.ID, "00Q") {
		t.Fatalf("created %+v", created)
	}
	if rec := e.get(t, "Lead", created.ID); rec.String("Company") != "Analytical Engines" || rec.String("Status") == "" {
		t.Errorf("lead in Salesforce %v", rec)
	}
}

func TestRefusalExplained(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sfemu.Options{})
	ctx := context.Background()
	if err := e.emu.AddValidationRule(ctx, sfemu.ValidationRule{Object: "Lead", Name: "Email_Required", Active: true,
		ErrorCondition: "Email = null", Message: "Leads need an email.", Field: "Email"}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.CreateLead(ctx, actions.CreateLeadParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Fields: map[string]any{"LastName": "Lovelace", "Company": "AE"}})
	var refused *actions.RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("refusal: %v", err)
	}
	if refused.Code != "FIELD_CUSTOM_VALIDATION_EXCEPTION" || !strings.Contains(refused.Cause, "Leads need an email.") ||
		!strings.Contains(refused.Fix, "rule") {
		t.Errorf("refused %+v", refused)
	}
	var api *salesforce.APIError
	if !errors.As(err, &api) || api.ErrorCode != refused.Code {
		t.Errorf("Salesforce's error is not reachable: %v", err)
	}
	_, err = e.svc.CreateLead(ctx, actions.CreateLeadParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Fields: map[string]any{"LastName": "Lovelace", "Company": "AE", "Email": "ada@example.com", "Status": "Thinking"}})
	if !errors.As(err, &refused) || refused.Code != "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST" ||
		!strings.Contains(refused.Fix, "\u201cOpen - Not Contacted\u201d") {
		t.Errorf("picklist refusal: %v", err)
	}
}

func TestLogTask(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sfemu.Options{})
	ctx := context.Background()
	contactID, err := e.emu.Insert(ctx, "Contact", map[string]any{"LastName": "Turing"})
	if err != nil {
		t.Fatal(err)
	}
	leadID, err := e.emu.Insert(ctx, "Lead", map[string]any{"LastName": "Hopper", "Company": "Navy"})
	if err != nil {
		t.Fatal(err)
	}
	// Inbound sync links the contact to an app record.
	if _, err := syncer.New(e.store, e.conns, syncer.Config{}).SyncObject(ctx, e.ws.ID, e.conn.ID, "Contact"); err != nil {
		t.Fatal(err)
	}
	page, err := e.store.ListAppRecords(ctx, e.ws.ID, "contact", store.ListParams{Limit: 10})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("app contacts %+v, %v", page.Items, err)
	}
	appID := page.Items[0].ID

	logged, err := e.svc.LogTask(ctx, actions.LogTaskParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Who: actions.Who{AppType: "contact", AppID: appID}, Subject: "Call", Description: "Talked about engines",
		ActivityDate: "2025-06-02", Priority: "High", Type: "Call"})
	if err != nil {
		t.Fatal(err)
	}
	if logged.WhoID != contactID || logged.WhoObject != "Contact" || logged.Object != "Task" {
		t.Fatalf("logged %+v", logged)
	}
	task := e.get(t, "Task", logged.ID)
	if task.String("WhoId") != contactID || task.String("Subject") != "Call" || task.String("ActivityDate") != "2025-06-02" ||
		task.String("Priority") != "High" || task.String("Status") == "" {
		t.Errorf("task in Salesforce %v", task)
	}

	logged, err = e.svc.LogTask(ctx, actions.LogTaskParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Who: actions.Who{SalesforceID: leadID}, Subject: "Email"})
	if err != nil || logged.WhoObject != "Lead" || e.get(t, "Task", logged.ID).String("WhoId") != leadID {
		t.Errorf("task on a lead: %+v, %v", logged, err)
	}

	// An app record without a link, one that does not exist, and bad input.
	if _, err := e.store.WriteAppRecords(ctx, e.ws.ID, []store.AppWrite{{Op: store.AppCreate, Type: "contact", ID: "fresh",
		Fields: map[string]any{"last_name": "New"}}}, e.conn.CreatedAt); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		p      actions.LogTaskParams
		target error
		says   string
	}{
		{"not linked", actions.LogTaskParams{Who: actions.Who{AppType: "contact", AppID: "fresh"}, Subject: "x"}, actions.ErrNotLinked, "not linked to a Salesforce Contact"},
		{"no such record", actions.LogTaskParams{Who: actions.Who{AppType: "contact", AppID: "ghost"}, Subject: "x"}, actions.ErrRecordNotFound, "ghost"},
		{"a type not mapped to people", actions.LogTaskParams{Who: actions.Who{AppType: "account", AppID: "a"}}, actions.ErrInvalid, "not mapped to Contact or Lead"},
		{"nobody", actions.LogTaskParams{Subject: "x"}, actions.ErrInvalid, "name the person"},
		{"both ways", actions.LogTaskParams{Who: actions.Who{AppType: "contact", AppID: appID, SalesforceID: contactID}}, actions.ErrInvalid, "not both"},
		{"an account id", actions.LogTaskParams{Who: actions.Who{SalesforceID: "001000000000001AAA"}}, actions.ErrInvalid, "not a Contact"},
		{"a malformed id", actions.LogTaskParams{Who: actions.Who{SalesforceID: "003-nope"}}, actions.ErrInvalid, "not a Salesforce id"},
		{"a bad date", actions.LogTaskParams{Who: actions.Who{SalesforceID: leadID}, ActivityDate: "June 2"}, actions.ErrInvalid, "YYYY-MM-DD"},
	} {
		tc.p.WorkspaceID, tc.p.ConnectionID = e.ws.ID, e.conn.ID
		_, err := e.svc.LogTask(ctx, tc.p)
		if !errors.Is(err, tc.target) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestLogTaskFieldHidden(t *testing.T) {
	t.Parallel()
	// Professional Edition hides Task.Type from the integration user.
	e := newEnv(t, sfemu.Options{Edition: "Professional"})
	leadID, err := e.emu.Insert(context.Background(), "Lead", map[string]any{"LastName": "Hopper", "Company": "Navy"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.LogTask(context.Background(), actions.LogTaskParams{WorkspaceID: e.ws.ID, ConnectionID: e.conn.ID,
		Who: actions.Who{SalesforceID: leadID}, Subject: "Call", Type: "Call"})
	if !errors.Is(err, actions.ErrInvalid) || !strings.Contains(err.Error(), "no field Type") {
		t.Errorf("a hidden field: %v", err)
	}
}
