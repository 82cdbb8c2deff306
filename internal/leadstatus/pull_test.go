package leadstatus_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// bundle is an emulated org, a client of it, and a store with one
// connection.
type bundle struct {
	org    *sfemu.Server
	client *salesforce.Client
	store  *sqlite.Store
	conn   store.Connection
}

func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	org, err := sfemu.New(sfemu.Options{Seed: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	client, err := salesforce.New(salesforce.Config{InstanceURL: hs.URL, HTTPClient: hs.Client(),
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: org.Credentials().AccessToken})})
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sfbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	w, err := st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := st.CreateConnection(ctx, store.Connection{WorkspaceID: w.ID, Name: "Main", Capability: store.CapabilityCRM,
		Environment: store.EnvironmentProduction, LoginURL: hs.URL, PullBy: store.PullByUpdatedTime})
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{org: org, client: client, store: st, conn: conn}
}

func TestPull(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	res, err := leadstatus.Pull(ctx, b.store, b.client, b.conn)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		value             string
		order             int
		converted, isDflt bool
	}
	var got []row
	for _, s := range res.Statuses {
		got = append(got, row{s.Value, s.SortOrder, s.Converted, s.Default})
		if s.SalesforceID == "" || s.Label != s.Value || s.ConnectionID != b.conn.ID || s.PulledAt.IsZero() {
			t.Errorf("status %+v: want its id, label, connection and pull time", s)
		}
	}
	want := []row{
		{"Open - Not Contacted", 1, false, true},
		{"Working - Contacted", 2, false, false},
		{"Closed - Converted", 3, true, false},
		{"Closed - Not Converted", 4, false, false},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("statuses:\n got  %v\n want %v", got, want)
	}
	if len(res.Added) != 4 || len(res.Removed) != 0 {
		t.Errorf("first pull: added %v, removed %v", res.Added, res.Removed)
	}
	if d, ok := res.Mapping.ToApp("closed - converted"); !ok || d != "Closed - Converted" || res.Mapping.Explicit {
		t.Errorf("before any disposition is put, each status is its own: %q %v", d, ok)
	}

	// The admin adds a status in Setup; the next pull brings it, and
	// reports it unmapped once the host has its own dispositions.
	if _, err := b.store.PutDispositions(ctx, b.conn.ID, []store.Disposition{
		{Name: "Interested", Status: "Working - Contacted"}, {Name: "Won", Status: "Closed - Converted"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.org.Insert(ctx, "LeadStatus", map[string]any{"MasterLabel": "Nurturing", "ApiName": "Nurturing", "SortOrder": 5}); err != nil {
		t.Fatal(err)
	}
	res, err = leadstatus.Pull(ctx, b.store, b.client, b.conn)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Added, []string{"Nurturing"}) || len(res.Removed) != 0 || len(res.Statuses) != 5 {
		t.Errorf("second pull: added %v, removed %v, %d statuses", res.Added, res.Removed, len(res.Statuses))
	}
	if got := res.Mapping.UnmappedStatuses(); !slices.Equal(got, []string{"Open - Not Contacted", "Closed - Not Converted", "Nurturing"}) {
		t.Errorf("unmapped statuses %v", got)
	}
	if s, ok := res.Mapping.ToSalesforce("interested"); !ok || s != "Working - Contacted" {
		t.Errorf("ToSalesforce(interested) = %q, %v", s, ok)
	}
}

// An org whose LeadStatus has no ApiName (an older API version) answers
// INVALID_FIELD; the pull reads MasterLabel as the value.
func TestPullWithoutAPIName(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	if _, err := b.org.InjectFault(ctx, sfemu.Fault{Method: "GET", Path: "/services/data/*/query*", Status: 400, ErrorCode: "INVALID_FIELD",
		Message: "No such column 'ApiName' on entity 'LeadStatus'."}); err != nil {
		t.Fatal(err)
	}
	res, err := leadstatus.Pull(ctx, b.store, b.client, b.conn)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Statuses) != 4 || res.Statuses[2].Value != "Closed - Converted" || !res.Statuses[2].Converted {
		t.Errorf("statuses after the fallback: %+v", res.Statuses)
	}
}
