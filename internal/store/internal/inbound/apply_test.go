package inbound

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// chunkedBatch is a batch of several chunks: new records, updates and
// deletes of linked ones, and an id read twice.
func chunkedBatch(t0 time.Time) (store.InboundBatch, func() map[string]*Link) {
	b := store.InboundBatch{WorkspaceID: "ws", ConnectionID: "conn", Object: "Contact", AppType: "contact",
		DeletePolicy: store.DeletePolicyMark}
	for i := range 3*planChunk + 17 {
		c := store.InboundChange{SalesforceID: fmt.Sprintf("003%05d", i%(3*planChunk)), SystemModstamp: t0.Add(time.Duration(i) * time.Second),
			Fields: map[string]any{"last_name": fmt.Sprintf("Name %d", i)}, Synced: map[string]any{"LastName": fmt.Sprintf("Name %d", i)}}
		if i%97 == 0 {
			c.Deleted = true
		}
		b.Changes = append(b.Changes, c)
	}
	links := func() map[string]*Link {
		m := map[string]*Link{}
		for i := 0; i < 3*planChunk; i += 5 {
			m[fmt.Sprintf("003%05d", i)] = &Link{AppID: fmt.Sprintf("rec_old%d", i), HasRecord: true, Modstamp: t0.Add(-time.Hour),
				Fields: []byte(`{"last_name":"Old"}`), Synced: []byte(`{"LastName":"Old"}`), AppSynced: []byte(`{"last_name":"Old"}`)}
		}
		return m
	}
	return b, links
}

// normalized replaces the random ids of new records by their order of
// appearance, so two plans of one batch compare equal.
func normalized(ops []Op) []Op {
	names := map[string]string{}
	var replace []string
	out := make([]Op, len(ops))
	for i, o := range ops {
		if strings.HasPrefix(o.AppID, "rec_") && !strings.HasPrefix(o.AppID, "rec_old") {
			if _, ok := names[o.AppID]; !ok {
				names[o.AppID] = fmt.Sprintf("new%d", len(names))
				replace = append(replace, o.AppID, names[o.AppID])
			}
		}
		out[i] = o
	}
	r := strings.NewReplacer(replace...)
	for i := range out {
		out[i].AppID = r.Replace(out[i].AppID)
		out[i].Data = r.Replace(out[i].Data)
	}
	return out
}

func TestPlanAndRunMatchesBuild(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	b, links := chunkedBatch(t0)
	want, err := Build(b, links())
	if err != nil {
		t.Fatal(err)
	}
	var got []Op
	calls := 0
	plan, err := planAndRun(context.Background(), b, links(), func(_ context.Context, ops []Op) error {
		calls++
		got = append(got, ops...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 4 {
		t.Errorf("run called %d times, want once per chunk", calls)
	}
	if !reflect.DeepEqual(normalized(got), normalized(want.Ops)) {
		t.Errorf("chunked ops differ from Build's: %d ops, want %d", len(got), len(want.Ops))
	}
	if plan.Result != want.Result || !reflect.DeepEqual(plan.Targets, want.Targets) {
		t.Errorf("plan result %+v with %d targets, want %+v with %d", plan.Result, len(plan.Targets), want.Result, len(want.Targets))
	}
}

func TestPlanAndRunStops(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	t.Run("at a failed write", func(t *testing.T) {
		t.Parallel()
		b, links := chunkedBatch(t0)
		boom := errors.New("boom")
		calls := 0
		_, err := planAndRun(context.Background(), b, links(), func(context.Context, []Op) error {
			calls++
			if calls == 2 {
				return boom
			}
			return nil
		})
		if !errors.Is(err, boom) || calls != 2 {
			t.Errorf("planAndRun = %v after %d writes, want boom after 2", err, calls)
		}
	})
	t.Run("at a change it cannot plan", func(t *testing.T) {
		t.Parallel()
		b, links := chunkedBatch(t0)
		bad := planChunk + 3
		b.Changes[bad].Deleted = false
		b.Changes[bad].Fields = map[string]any{"score": math.NaN()}
		b.Changes[bad].SalesforceID = "003new"
		_, err := planAndRun(context.Background(), b, links(), func(context.Context, []Op) error { return nil })
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("change %d (003new)", bad)) {
			t.Errorf("planAndRun = %v, want the change's error", err)
		}
	})
}
