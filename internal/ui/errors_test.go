package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func errorsPath(c store.Connection) string { return "/ui/integrations/" + c.ID + "/errors" }

// failureRE reads each failure's Why and How to fix off the page.
var failureRE = regexp.MustCompile(`(?s)<dt>Why</dt><dd class="failure-cause">(.*?)</dd>\s*<dt>How to fix</dt><dd class="failure-fix">(.*?)</dd>`)

// failureParts returns the cause and fix of every failure on the page,
// in page order.
func failureParts(p page) [][2]string {
	var out [][2]string
	for _, m := range failureRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, [2]string{html.UnescapeString(m[1]), html.UnescapeString(m[2])})
	}
	return out
}

func TestErrorsOfAFailedPush(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	yes := true
	if _, err := b.conns.SetWritePolicy(ctx, b.ws.ID, c.ID, &yes, nil); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	p := br.get(errorsPath(c))
	if p.status != http.StatusOK {
		t.Fatalf("errors page: %d %s", p.status, p.body)
	}
	p.mustContain(t, "No sync errors.", `aria-current="page">Errors<`)
	checkSecurityHeaders(t, p)

	// The org refuses contacts without an email.
	if err := b.org.AddValidationRule(ctx, sfemu.ValidationRule{Object: "Contact", Name: "Needs_Email", ErrorCondition: "Email = null",
		Message: "Give every contact an email address. Then save again.", Field: "Email", Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.WriteAppRecords(ctx, b.ws.ID, []store.AppWrite{
		{Op: store.AppCreate, Type: "contact", ID: "c-lovelace", Fields: map[string]any{"last_name": "Lovelace"}},
		{Op: store.AppCreate, Type: "contact", ID: "c-hopper", Fields: map[string]any{"last_name": "Hopper", "email": "grace@example.com"}},
	}, time.Now()); err != nil {
		t.Fatal(err)
	}
	push := func() {
		t.Helper()
		if _, err := b.engine.PushObject(ctx, b.ws.ID, c.ID, "Contact"); err != nil {
			t.Fatalf("push: %v", err)
		}
	}
	push()

	p = br.get(errorsPath(c))
	p.mustContain(t, "Not written to Salesforce (1)", `id="retry-all">Retry all<`, `id="retry-out-0"`, ">Retry<",
		"Contact · app record c-lovelace", `<dt>Field</dt><dd>Email</dd>`,
		"A validation rule refused the record (<code>FIELD_CUSTOM_VALIDATION_EXCEPTION</code>)",
		`<dt>Why</dt>`, `<dt>How to fix</dt>`, `name="app_id" value="c-lovelace"`)
	if strings.Contains(p.body, "c-hopper") {
		t.Error("the contact that was written is listed as failed")
	}
	parts := failureParts(p)
	if len(parts) == 0 {
		t.Fatalf("no Why / How to fix on the page:\n%s", p.body)
	}
	cause, fix := parts[0][0], parts[0][1]
	if !strings.HasPrefix(cause, `A validation rule on Contact refused this record with the message "Give every contact an email address. Then save again."`) ||
		strings.Contains(cause, "satisfies the rule") {
		t.Errorf("Why: %q", cause)
	}
	if !strings.HasPrefix(fix, `Change app field "email" on this app record so it satisfies the rule`) || !strings.HasSuffix(fix, "then retry.") {
		t.Errorf("How to fix: %q", fix)
	}
	checkSecurityHeaders(t, p)

	// Retry puts the one record back in the outbox, due now.
	p = br.post(errorsPath(c)+"/retry", url.Values{"csrf": {br.csrf()}, "object": {"Contact"}, "app_id": {"c-lovelace"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", p.status, p.body)
	}
	br.get(p.header.Get("Location")).mustContain(t, "1 record queued to be sent to Salesforce again. The next sync sends it.")
	pending, err := b.store.ListOutbox(ctx, c.ID, store.OutboxFilter{Status: store.OutboxPending}, store.ListParams{})
	if err != nil || len(pending.Items) != 1 || pending.Items[0].AppID != "c-lovelace" || pending.Items[0].Attempts != 0 {
		t.Fatalf("pending after Retry: %+v %v", pending.Items, err)
	}
	if n, _ := b.store.CountOutbox(ctx, c.ID); n[store.OutboxFailed] != 0 {
		t.Errorf("%d still failed after Retry", n[store.OutboxFailed])
	}
	// Retrying it again finds nothing to retry.
	p = br.post(errorsPath(c)+"/retry", url.Values{"csrf": {br.csrf()}, "object": {"Contact"}, "app_id": {"c-lovelace"}})
	br.get(p.header.Get("Location")).mustContain(t, "Nothing to retry: that record is no longer waiting as failed.")

	// It fails again; Retry all queues it, and once the rule is gone the
	// next sync writes it.
	push()
	p = br.post(errorsPath(c)+"/retry", url.Values{"csrf": {br.csrf()}})
	if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || loc != errorsPath(c)+"?retried=1" {
		t.Fatalf("retry all: %d to %q", p.status, loc)
	}
	if n, _ := b.store.CountOutbox(ctx, c.ID); n[store.OutboxFailed] != 0 || n[store.OutboxPending] != 1 {
		t.Errorf("outbox after Retry all: %v", n)
	}
	if err := b.org.RemoveValidationRule(ctx, "Contact", "Needs_Email"); err != nil {
		t.Fatal(err)
	}
	push()
	p = br.get(errorsPath(c))
	if strings.Contains(p.body, "c-lovelace") || strings.Contains(p.body, "retry-all") {
		t.Errorf("the written record is still listed:\n%s", p.body)
	}
	// Without the token nothing is retried.
	if refused := br.post(errorsPath(c)+"/retry", url.Values{}); refused.status != http.StatusForbidden {
		t.Errorf("retry without a token: %d", refused.status)
	}
}

func TestErrorsSplitCauseAndFix(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	c := b.connected(t, "Acme")
	cases := []struct {
		name       string
		e          store.RecordError
		cause, fix string
	}{
		{
			name: "field problem, sentences",
			e: store.RecordError{SalesforceID: "", Field: "Title", Code: "field_unavailable",
				Message: `Salesforce field Contact.Title is mapped to "title" but the integration user cannot see it (hidden by field-level security, or deleted): that field is not synced, and the app's values are kept, until it is visible again. In Salesforce, make the field visible to the user's profile.`},
			cause: `Salesforce field Contact.Title is mapped to "title" but the integration user cannot see it (hidden by field-level security, or deleted): that field is not synced, and the app's values are kept, until it is visible again.`,
			fix:   "In Salesforce, make the field visible to the user's profile.",
		},
		{
			name: "field problem, after a colon",
			e: store.RecordError{Field: "Department", Code: "app_field_missing",
				Message: `the mapping of Contact.Department names app field "dept", which app type "contact" does not have: fix the mapping`},
			cause: `The mapping of Contact.Department names app field "dept", which app type "contact" does not have.`,
			fix:   "Fix the mapping.",
		},
		{
			name: "write failure with fields",
			e: store.RecordError{SalesforceID: "003000000000001AAA", Code: "REQUIRED_FIELD_MISSING",
				Message: `REQUIRED_FIELD_MISSING on Contact.LastName: Salesforce needs a value in "Last Name" (LastName) to create this Contact record. "Last Name" (LastName) is mapped from app field "last_name", which is empty on this app record. Fill in app field "last_name" on this app record, then retry.`},
			cause: `Salesforce needs a value in "Last Name" (LastName) to create this Contact record. "Last Name" (LastName) is mapped from app field "last_name", which is empty on this app record.`,
			fix:   `Fill in app field "last_name" on this app record, then retry.`,
		},
		{
			name: "a quoted message that reads like a fix",
			e: store.RecordError{SalesforceID: "003000000000002AAA", Code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
				Message: `FIELD_CUSTOM_VALIDATION_EXCEPTION on Contact: A validation rule on Contact refused this record with the message "Too big. Change it first.". Change the app record so it satisfies the rule, then retry.`},
			cause: `A validation rule on Contact refused this record with the message "Too big. Change it first.".`,
			fix:   `Change the app record so it satisfies the rule, then retry.`,
		},
		{
			name: "transient, given up",
			e: store.RecordError{SalesforceID: "003000000000003AAA", Code: "UNABLE_TO_LOCK_ROW",
				Message: `UNABLE_TO_LOCK_ROW on Contact: Something else in Salesforce was saving this Contact record, or a record it is related to, at the same moment, so Salesforce could not lock it. Nothing to do: sfbridge retries automatically. (gave up after 5 attempts: retry it over the API once the cause is fixed)`},
			cause: `Something else in Salesforce was saving this Contact record, or a record it is related to, at the same moment, so Salesforce could not lock it.`,
			fix:   `Nothing to do: sfbridge retries automatically.`,
		},
		{
			name:  "no fix in the message",
			e:     store.RecordError{SalesforceID: "003000000000004AAA", Field: "Birthdate", Code: "conversion_failed", Message: `cannot read "31/02/1990" as a date`},
			cause: `Cannot read "31/02/1990" as a date.`,
			fix:   "Change the field mapping so the app field's type fits the Salesforce field, or correct the value in Salesforce.",
		},
		// Rows stored since migration 0010 carry their cause and fix
		// apart: those are shown, whatever the message's wording.
		{
			name: "stored apart, in wording the message splitting does not know",
			e: store.RecordError{SalesforceID: "003000000000005AAA", Code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
				Message: `FIELD_CUSTOM_VALIDATION_EXCEPTION on Contact.Phone: A rule refused the phone number. Please ask the caller for another one, then retry.`,
				Cause:   "A rule refused the phone number.", Fix: "Please ask the caller for another one, then retry."},
			cause: "A rule refused the phone number.",
			fix:   "Please ask the caller for another one, then retry.",
		},
		{
			name: "stored apart, given up",
			e: store.RecordError{SalesforceID: "003000000000006AAA", Code: "UNABLE_TO_LOCK_ROW",
				Message: `UNABLE_TO_LOCK_ROW on Contact: The record was locked. Nothing to do: sfbridge retries automatically. (gave up after 3 attempts: retry it over the API once the cause is fixed)`,
				Cause:   "The record was locked by another save.", Fix: "Nothing to do: sfbridge retries automatically."},
			cause: "The record was locked by another save.",
			fix:   "Nothing to do: sfbridge retries automatically.",
		},
		{
			name: "stored apart, without a fix",
			e: store.RecordError{SalesforceID: "003000000000007AAA", Field: "Birthdate", Code: "conversion_failed",
				Message: `The value is not a date.`, Cause: "The value is not a date."},
			cause: "The value is not a date.",
			fix:   "Change the field mapping so the app field's type fits the Salesforce field, or correct the value in Salesforce.",
		},
	}
	for _, tc := range cases {
		tc.e.ConnectionID, tc.e.Object = c.ID, "Contact"
		if _, err := b.store.AddRecordError(ctx, tc.e); err != nil {
			t.Fatal(err)
		}
	}
	// The same field problem again is one entry, recorded twice.
	again := cases[1].e
	again.ConnectionID, again.Object = c.ID, "Contact"
	if _, err := b.store.AddRecordError(ctx, again); err != nil {
		t.Fatal(err)
	}
	p := b.signedIn(t).get(errorsPath(c))
	p.mustContain(t, "Found during syncs", "they are retried at the next sync", "Retried at the next sync.", "Recorded 2 times.",
		"sfbridge gave up after 5 attempts", "sfbridge gave up after 3 attempts", "Contact · Salesforce 003000000000001AAA",
		`<dt>Field</dt><dd>LastName</dd>`, `<dt>Field</dt><dd>Phone</dd>`,
		"No record is waiting to be retried.")
	if strings.Contains(p.body, "retry it over the API") || strings.Contains(p.body, `id="retry-all"`) {
		t.Error("the page offers to retry inbound errors, or words a retry as an API call")
	}
	got := map[string]string{}
	for _, part := range failureParts(p) {
		got[part[0]] = part[1]
	}
	if len(got) != len(cases) {
		t.Errorf("%d failures on the page, want %d:\n%s", len(got), len(cases), p.body)
	}
	for _, tc := range cases {
		fix, ok := got[tc.cause]
		switch {
		case !ok:
			t.Errorf("%s: no Why %q among %q", tc.name, tc.cause, got)
		case !strings.HasPrefix(fix, tc.fix):
			t.Errorf("%s: How to fix %q, want %q", tc.name, fix, tc.fix)
		}
	}
}

func TestErrorsIsolation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	ws2, err := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "globex", Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := b.conns.Create(ctx, connection.CreateParams{WorkspaceID: ws2.ID, Name: "Globex org"})
	if err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	if p := br.get("/ui/integrations/" + other.ID + "/errors"); p.status != http.StatusNotFound {
		t.Errorf("another workspace's errors: %d", p.status)
	}
	if p := br.post("/ui/integrations/"+other.ID+"/errors/retry", url.Values{"csrf": {br.csrf()}}); p.status != http.StatusNotFound {
		t.Errorf("retry another workspace's errors: %d", p.status)
	}
}
