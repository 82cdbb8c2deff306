package outbox

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestChangedRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 10, 14, 15, 16, 123456000, time.FixedZone("UTC+5", 5*3600))
	b := EncodeChanged([]string{"email", "title"}, at)
	if want := `{"email":"2024-03-10T09:15:16.123456Z","title":"2024-03-10T09:15:16.123456Z"}`; string(b) != want {
		t.Errorf("EncodeChanged = %s, want %s", b, want)
	}
	// The planner reads it as a map of times.
	var times map[string]time.Time
	if err := json.Unmarshal(b, &times); err != nil || !times["email"].Equal(at) {
		t.Errorf("json.Unmarshal = %v, %v", times, err)
	}
	got, err := DecodeChanged(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"email": at.UTC(), "title": at.UTC()}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeChanged = %v, want %v", got, want)
	}
	if got, err := DecodeChanged(nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("DecodeChanged(nil) = %#v, %v", got, err)
	}
	for _, bad := range []string{`[]`, `{"a":1}`, `{"a":"yesterday"}`} {
		if _, err := DecodeChanged([]byte(bad)); err == nil {
			t.Errorf("DecodeChanged(%s) succeeded", bad)
		}
	}
	if got := EncodeChanged(nil, at); string(got) != "{}" {
		t.Errorf("EncodeChanged(none) = %s", got)
	}
}

func TestMergeValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		base string // "" is nil
		add  map[string]any
		want string // "" is nil
	}{
		{"nil add keeps nil", "", nil, ""},
		{"nil add keeps base", `{"a": 1}`, nil, `{"a": 1}`},
		{"nil base", "", map[string]any{"a": "x"}, `{"a":"x"}`},
		{"null base", "null", map[string]any{"a": "x"}, `{"a":"x"}`},
		{"key by key", `{"a":1,"b":"keep","c":[1,2]}`, map[string]any{"a": json.Number("2"), "d": nil},
			`{"a":2,"b":"keep","c":[1,2],"d":null}`},
		{"big numbers kept exactly", `{"n":12345678901234567890}`, map[string]any{"m": 1}, `{"m":1,"n":12345678901234567890}`},
		{"empty add", `{"a":1}`, map[string]any{}, `{"a":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var base []byte
			if tc.base != "" {
				base = []byte(tc.base)
			}
			got, err := MergeValues(base, tc.add)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if got != nil {
					t.Errorf("MergeValues = %s, want nil", got)
				}
				return
			}
			if string(got) != tc.want {
				t.Errorf("MergeValues = %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := MergeValues([]byte(`[1]`), map[string]any{"a": 1}); err == nil {
		t.Error("merging into an array succeeded")
	}
}

func FuzzMergeValues(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":[true,null]}`), "a", "x")
	f.Add([]byte(`null`), "", "")
	f.Add([]byte(`{"a":{"b":"c"}}`), "z", "\xff")
	f.Fuzz(func(t *testing.T, base []byte, key, value string) {
		got, err := MergeValues(base, map[string]any{key: value})
		if err != nil {
			return // base is not a JSON object
		}
		var m map[string]any
		if err := json.Unmarshal(got, &m); err != nil {
			t.Fatalf("MergeValues(%q) = %q, not a JSON object: %v", base, got, err)
		}
		// Invalid UTF-8 reads back as U+FFFD, in keys and values alike.
		var want, wantKey string
		if err := json.Unmarshal(mustJSON(t, value), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(mustJSON(t, key), &wantKey); err != nil {
			t.Fatal(err)
		}
		if m[wantKey] != want {
			t.Errorf("MergeValues(%q)[%q] = %#v, want %q", base, wantKey, m[wantKey], want)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
