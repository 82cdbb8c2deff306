package inbound

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// mergeCase sets up one linked record whose app copy and bases are
// given, then applies one Salesforce read of it.
type mergeCase struct {
	name      string
	policy    store.ConflictPolicy
	pushable  bool
	app       map[string]any // the app record's fields
	appBase   map[string]any
	sfBase    map[string]any
	appTimes  map[string]time.Time
	sending   map[string]any // a write in flight
	sf        map[string]any // the Salesforce record read (raw)
	modstamp  time.Time
	wantEmail any
	wantEvent bool
	wantConfl string // winner, "" for no conflict
}

func TestMergePerField(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	cases := []mergeCase{
		{name: "read back what sfbridge wrote changes nothing", pushable: true,
			app: map[string]any{"email": "new@x.com"}, appBase: map[string]any{"email": "new@x.com"},
			sfBase: map[string]any{"Email": "new@x.com"}, sf: map[string]any{"Email": "new@x.com"},
			modstamp: t0.Add(time.Hour), wantEmail: "new@x.com"},
		{name: "only Salesforce changed: taken",
			app: map[string]any{"email": "a@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "b@x.com"},
			modstamp: t0, wantEmail: "b@x.com", wantEvent: true},
		{name: "only the app changed: kept for the push", pushable: true,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "a@x.com"},
			modstamp: t0, wantEmail: "app@x.com"},
		{name: "both changed, Salesforce wins", policy: store.ConflictSalesforceWins, pushable: true,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			modstamp: t0, wantEmail: "sf@x.com", wantEvent: true, wantConfl: WinnerSalesforce},
		{name: "both changed, app wins", policy: store.ConflictAppWins, pushable: true,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			modstamp: t0, wantEmail: "app@x.com", wantConfl: WinnerApp},
		{name: "both changed, the later app change wins", policy: store.ConflictLatestWins, pushable: true,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			appTimes: map[string]time.Time{"email": t0.Add(time.Minute)},
			modstamp: t0, wantEmail: "app@x.com", wantConfl: WinnerApp},
		{name: "both changed, the later Salesforce change wins", policy: store.ConflictLatestWins, pushable: true,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			appTimes: map[string]time.Time{"email": t0.Add(-time.Minute)},
			modstamp: t0, wantEmail: "sf@x.com", wantEvent: true, wantConfl: WinnerSalesforce},
		{name: "both changed to the same value: no conflict", policy: store.ConflictAppWins, pushable: true,
			app: map[string]any{"email": "same@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "same@x.com"},
			modstamp: t0, wantEmail: "same@x.com"},
		{name: "a field not written to Salesforce: Salesforce's value, no conflict", policy: store.ConflictAppWins, pushable: false,
			app: map[string]any{"email": "app@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			modstamp: t0, wantEmail: "sf@x.com", wantEvent: true},
		{name: "a write whose result was lost, read back while the app moved on: the app's value stands", policy: store.ConflictSalesforceWins, pushable: true,
			app: map[string]any{"email": "newer@x.com"}, appBase: map[string]any{"email": "a@x.com"},
			sfBase: map[string]any{"Email": "a@x.com"}, sending: map[string]any{"Email": "sent@x.com"}, sf: map[string]any{"Email": "sent@x.com"},
			modstamp: t0, wantEmail: "newer@x.com"},
		{name: "no base yet (linked before two-way sync): Salesforce's value", policy: store.ConflictAppWins, pushable: true,
			app: map[string]any{"email": "app@x.com"}, sf: map[string]any{"Email": "sf@x.com"},
			modstamp: t0, wantEmail: "sf@x.com", wantEvent: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			link := &Link{AppID: "rec1", HasRecord: true, Modstamp: t0.Add(-time.Hour),
				Fields: mustJSON(t, tc.app), Synced: jsonOrNil(t, tc.sfBase), AppSynced: jsonOrNil(t, tc.appBase)}
			if tc.appTimes != nil {
				link.AppChanged = mustJSON(t, tc.appTimes)
			}
			link.Sending = jsonOrNil(t, tc.sending)
			b := store.InboundBatch{WorkspaceID: "ws", ConnectionID: "c", Object: "Contact", AppType: "contact",
				FieldSources: map[string]string{"email": "Email"}, Pushable: map[string]bool{"email": tc.pushable},
				ConflictPolicy: tc.policy,
				Changes: []store.InboundChange{{SalesforceID: "003A", SystemModstamp: tc.modstamp,
					Fields: map[string]any{"email": tc.sf["Email"]}, Synced: tc.sf}}}
			plan, err := Build(b, map[string]*Link{"003A": link})
			if err != nil {
				t.Fatal(err)
			}
			var events, conflicts int
			var winner string
			for _, op := range plan.Ops {
				switch op.Kind {
				case AddEvent:
					if op.EventType == store.EventRecordUpdated {
						events++
					}
				case AddConflict:
					conflicts++
					winner = op.Conflict.Winner
					if op.Conflict.AppValue != tc.app["email"] || op.Conflict.SalesforceValue != tc.sf["Email"] {
						t.Errorf("conflict values = %v / %v", op.Conflict.AppValue, op.Conflict.SalesforceValue)
					}
				}
			}
			if got := link.decodedOrFail(t)["email"]; got != tc.wantEmail {
				t.Errorf("email = %v, want %v", got, tc.wantEmail)
			}
			if (events > 0) != tc.wantEvent {
				t.Errorf("record.updated events = %d, want any: %v", events, tc.wantEvent)
			}
			if winner != tc.wantConfl || (tc.wantConfl == "") != (conflicts == 0) {
				t.Errorf("conflict winner = %q (%d), want %q", winner, conflicts, tc.wantConfl)
			}
			// Whatever happened, Salesforce's value is the new base: the
			// same read again is a no-op.
			again, err := Build(b, map[string]*Link{"003A": link})
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range again.Ops {
				if op.Kind == AddEvent || op.Kind == UpdateRecord || op.Kind == AddConflict {
					t.Errorf("reading the same version again wrote op %d", op.Kind)
				}
			}
			if again.Result.Unchanged != 1 {
				t.Errorf("second read: %+v, want unchanged", again.Result)
			}
		})
	}
}

func TestAppDeletedLinkIsLeftAlone(t *testing.T) {
	link := &Link{AppID: "rec1", AppDeleted: true, Synced: []byte(`{"Email":"a"}`)}
	b := store.InboundBatch{Object: "Contact", Changes: []store.InboundChange{{SalesforceID: "003A", SystemModstamp: time.Now(),
		Fields: map[string]any{"email": "b"}, Synced: map[string]any{"Email": "b"}}}}
	plan, err := Build(b, map[string]*Link{"003A": link})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Ops) != 0 || plan.Result.Unchanged != 1 {
		t.Fatalf("ops %v result %+v, want nothing", plan.Ops, plan.Result)
	}
}

func TestResolveSetsTheAppBase(t *testing.T) {
	ops, err := Resolve([]Waiting{{AppID: "c1", Type: "contact", Object: "Contact", SalesforceID: "003A",
		Fields: []byte(`{"account":null}`), AppSynced: []byte(`{"account":null,"email":"e"}`), Field: "account", ParentID: "acc1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if op.Kind == SetAppSynced {
			if op.Object != "Contact" || string(op.AppSynced) != `{"account":"acc1","email":"e"}` {
				t.Fatalf("SetAppSynced = %s on %s", op.AppSynced, op.Object)
			}
			return
		}
	}
	t.Fatal("no SetAppSynced op")
}

func (l *Link) decodedOrFail(t *testing.T) map[string]any {
	t.Helper()
	m, err := l.decoded()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonOrNil(t *testing.T, m map[string]any) []byte {
	if m == nil {
		return nil
	}
	return mustJSON(t, m)
}
