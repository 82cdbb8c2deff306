package outbox

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fakeWrite is the steps of one batch over fixed records and targets.
type fakeWrite struct {
	records map[string]store.AppRecord
	targets map[string][]Target
	ops     []WriteOp
	read    []string
}

func (f *fakeWrite) Records(_ context.Context, ids []string) (map[string]store.AppRecord, error) {
	f.read = ids
	out := map[string]store.AppRecord{}
	for _, id := range ids {
		if r, ok := f.records[id]; ok {
			out[id] = r
		}
	}
	return out, nil
}

func (f *fakeWrite) Targets(_ context.Context, types []string) (map[string][]Target, error) {
	return f.targets, nil
}

func (f *fakeWrite) Run(_ context.Context, ops []WriteOp) error {
	f.ops = ops
	return nil
}

func TestWriteFolds(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)
	earlier := now.Add(-time.Hour)
	stored := store.AppRecord{WorkspaceID: "ws", Type: "contact", ID: "r1", Fields: map[string]any{"email": "a", "phone": "1"},
		CreatedAt: earlier, UpdatedAt: earlier}
	targets := map[string][]Target{"contact": {
		{ConnectionID: "c1", Object: "Contact", Pushed: map[string]bool{"email": true}},
		{ConnectionID: "c2", Object: "Contact", Pushed: map[string]bool{}},
	}}
	fold := func(conn, op string, fields ...string) WriteOp {
		return WriteOp{Kind: Fold, AppID: "r1", ConnectionID: conn, Object: "Contact", Op: op, Changed: EncodeChanged(fields, now)}
	}
	for _, tc := range []struct {
		name  string
		write store.AppWrite
		ops   []WriteOp
	}{
		{"create folds where a given field is pushed",
			store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "r1", Fields: map[string]any{"email": "a", "n": 1}},
			[]WriteOp{{Kind: InsertRecord, AppID: "r1", Type: "contact", Fields: []byte(`{"email":"a","n":1}`)},
				fold("c1", store.OutboxUpsert, "email", "n")}},
		{"create of unpushed fields folds nowhere",
			store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "r1", Fields: map[string]any{"phone": "1"}},
			[]WriteOp{{Kind: InsertRecord, AppID: "r1", Type: "contact", Fields: []byte(`{"phone":"1"}`)}}},
		{"create of another type",
			store.AppWrite{Op: store.AppCreate, Type: "lead", ID: "r1", Fields: map[string]any{"email": "a"}},
			[]WriteOp{{Kind: InsertRecord, AppID: "r1", Type: "lead", Fields: []byte(`{"email":"a"}`)}}},
		{"update folds the changed fields",
			store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: "r1", Fields: map[string]any{"email": "b", "phone": "1", "x": nil}},
			[]WriteOp{{Kind: UpdateRecord, AppID: "r1", Fields: []byte(`{"email":"b","phone":"1","x":null}`)},
				fold("c1", store.OutboxUpsert, "email", "x")}},
		{"update of an unpushed field",
			store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: "r1", Fields: map[string]any{"phone": "2"}},
			[]WriteOp{{Kind: UpdateRecord, AppID: "r1", Fields: []byte(`{"email":"a","phone":"2"}`)}}},
		{"update changing nothing",
			store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: "r1", Fields: map[string]any{"email": "a"}},
			nil},
		{"delete folds everywhere",
			store.AppWrite{Op: store.AppDelete, Type: "contact", ID: "r1"},
			[]WriteOp{{Kind: DeleteRecord, AppID: "r1"}, fold("c1", store.OutboxDelete), fold("c2", store.OutboxDelete)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeWrite{targets: targets, records: map[string]store.AppRecord{}}
			if tc.write.Op != store.AppCreate {
				f.records["r1"] = stored
			}
			if _, err := Write(t.Context(), "ws", []store.AppWrite{tc.write}, now, f); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.ops, tc.ops) {
				t.Errorf("ops:\n got  %+v\n want %+v", f.ops, tc.ops)
			}
		})
	}
}

func TestWriteRecords(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 6789, time.UTC)
	f := &fakeWrite{records: map[string]store.AppRecord{
		"r1": {WorkspaceID: "ws", Type: "contact", ID: "r1", Fields: map[string]any{"a": "x"}},
	}}
	out, err := Write(t.Context(), "ws", []store.AppWrite{
		{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"n": 2}},
		{Op: store.AppUpdate, Type: "contact", ID: "r1", Fields: map[string]any{"a": "y"}},
		{Op: store.AppUpdate, Type: "contact", ID: "r1", Fields: map[string]any{"b": true}},
		{Op: store.AppDelete, Type: "contact", ID: "r1"},
	}, now, f)
	if err != nil {
		t.Fatal(err)
	}
	at := now.Truncate(time.Microsecond)
	if len(out) != 4 || out[0].ID == "" || out[0].WorkspaceID != "ws" || out[0].CreatedAt != at || out[0].Fields["n"] != 2.0 {
		t.Fatalf("created %+v", out)
	}
	if want := map[string]any{"a": "y"}; !reflect.DeepEqual(out[1].Fields, want) || out[1].UpdatedAt != at {
		t.Errorf("first update %+v", out[1])
	}
	if want := map[string]any{"a": "y", "b": true}; !reflect.DeepEqual(out[2].Fields, want) {
		t.Errorf("second update %+v", out[2])
	}
	if !out[3].Deleted || !reflect.DeepEqual(out[3].Fields, out[2].Fields) {
		t.Errorf("delete %+v", out[3])
	}
	if !reflect.DeepEqual(f.read, []string{"r1"}) {
		t.Errorf("read %v, want r1 once", f.read)
	}
}

func TestWriteRefused(t *testing.T) {
	t.Parallel()
	records := map[string]store.AppRecord{"r1": {Type: "contact", ID: "r1"}}
	for _, tc := range []struct {
		name   string
		writes []store.AppWrite
		index  int
		target error
	}{
		{"bad op", []store.AppWrite{{Op: "patch", Type: "contact"}}, 0, store.ErrInvalid},
		{"no type", []store.AppWrite{{Op: store.AppCreate}, {Op: store.AppDelete}}, 0, store.ErrInvalid},
		{"missing", []store.AppWrite{{Op: store.AppCreate, Type: "contact"}, {Op: store.AppUpdate, Type: "contact", ID: "r2"}}, 1, store.ErrNotFound},
		{"other type", []store.AppWrite{{Op: store.AppDelete, Type: "lead", ID: "r1"}}, 0, store.ErrNotFound},
		{"deleted in the batch", []store.AppWrite{{Op: store.AppDelete, Type: "contact", ID: "r1"},
			{Op: store.AppUpdate, Type: "contact", ID: "r1"}}, 1, store.ErrNotFound},
		{"taken id", []store.AppWrite{{Op: store.AppCreate, Type: "contact", ID: "r1"}}, 0, store.ErrDuplicate},
		{"unencodable", []store.AppWrite{{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"f": func() {}}}}, 0, store.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeWrite{records: records}
			_, err := Write(t.Context(), "ws", tc.writes, time.Now(), f)
			var we *store.AppWriteError
			if !errors.As(err, &we) || we.Index != tc.index || !errors.Is(err, tc.target) {
				t.Errorf("Write = %v, want write %d: %v", err, tc.index, tc.target)
			}
			if f.ops != nil {
				t.Errorf("ran %+v", f.ops)
			}
		})
	}
}

func TestAddTarget(t *testing.T) {
	t.Parallel()
	var ts []Target
	for _, row := range []struct{ conn, object, field string }{
		{"c1", "Contact", "email"}, {"c1", "Contact", "title"}, {"c1", "Lead", ""}, {"c2", "Contact", "email"},
	} {
		ts = AddTarget(ts, Target{ConnectionID: row.conn, Object: row.object}, row.field)
	}
	want := []Target{
		{ConnectionID: "c1", Object: "Contact", Pushed: map[string]bool{"email": true, "title": true}},
		{ConnectionID: "c1", Object: "Lead", Pushed: map[string]bool{}},
		{ConnectionID: "c2", Object: "Contact", Pushed: map[string]bool{"email": true}},
	}
	if !reflect.DeepEqual(ts, want) {
		t.Errorf("AddTarget = %+v, want %+v", ts, want)
	}
}
