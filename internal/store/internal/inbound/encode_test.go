package inbound

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

// TestKeyOrderMatchesEncodeMap encodes a run of maps through one
// keyOrder, as a batch's records go: the same keys, as many but others,
// fewer, none and more; each must encode as encodeMap does.
func TestKeyOrderMatchesEncodeMap(t *testing.T) {
	t.Parallel()
	var o keyOrder
	for i, m := range []map[string]any{
		{"b": 1, "a": "x", "c": nil},
		{"c": true, "a": "a much longer value than before", "b": 2.5},
		{"c": true, "a": "y", "d": 3},
		{"a": "only"},
		{},
		{"z": 1, "y": 2, "x": 3, "w": 4, "a\"q": "\n"},
		{"z": 1, "y": 2, "x": 3, "w": 4, "a\"q": "again"},
	} {
		got, err := o.encode(m)
		if err != nil {
			t.Fatal(err)
		}
		want, err := encodeMap(m)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("map %d: keyOrder.encode = %s, encodeMap = %s", i, got, want)
		}
	}
	if _, err := o.encode(map[string]any{"z": math.Inf(1), "y": 2, "x": 3, "w": 4, "a\"q": ""}); err == nil {
		t.Error("keyOrder.encode accepted +Inf")
	}
}

func TestEncodeMapMatchesJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   map[string]any
	}{
		{"empty", map[string]any{}},
		{"scalars", map[string]any{"b": true, "n": nil, "s": "x", "i": 42, "i64": int64(-7), "f": 1.5, "w": 3.0}},
		{"big and small floats", map[string]any{"big": 1e300, "tiny": 1e-9, "neg": -2.5e21, "max": float64(math.MaxInt64)}},
		{"escapes", map[string]any{"q\"k": "a\"b\\c\n\r\t\x01<>&\u2028é", "bad": "\xff\xfe ok"}},
		{"other values", map[string]any{"list": []string{"a", "b"}, "map": map[string]int{"z": 1, "a": 2}, "time": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := encodeMap(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(tc.in)
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("encodeMap = %s: invalid JSON: %v", got, err)
			}
			_ = json.Unmarshal(want, &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("encodeMap = %s, json.Marshal = %s", got, want)
			}
		})
	}
	if _, err := encodeMap(map[string]any{"nan": math.NaN()}); err == nil {
		t.Error("encodeMap(NaN) succeeded")
	}
}

func TestEventData(t *testing.T) {
	t.Parallel()
	got, err := EventData("contact", "rec_1", "003\"x", "Contact", []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatalf("EventData = %s: %v", got, err)
	}
	want := map[string]any{"type": "contact", "id": "rec_1", "salesforce_id": "003\"x", "object": "Contact", "fields": map[string]any{"a": 1.0}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("EventData = %v, want %v", v, want)
	}
	got, _ = EventData("t", "i", "s", "o", nil)
	if string(got) != `{"type":"t","id":"i","salesforce_id":"s","object":"o"}` {
		t.Errorf("without fields: %s", got)
	}
}

func TestGroupTargetsAndAddPending(t *testing.T) {
	objects, byObject := GroupTargets([]Target{{"Account", "001A"}, {"Contact", "003A"}, {"Account", "001B"}})
	if len(objects) != 2 || objects[0] != "Account" || objects[1] != "Contact" || len(byObject["Account"]) != 2 {
		t.Fatalf("GroupTargets: %v %v", objects, byObject)
	}
	byApp := map[string]*Link{"rec_1": {AppID: "rec_1"}}
	AddPending(byApp, "rec_1", "account", Target{"Account", "001A"})
	AddPending(byApp, "rec_unknown", "account", Target{"Account", "001A"})
	if byApp["rec_1"].Pending["account"].SalesforceID != "001A" || len(byApp) != 1 {
		t.Fatalf("AddPending: %+v", byApp)
	}
}
