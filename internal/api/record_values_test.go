package api

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestAppValuesNormalize(t *testing.T) {
	t.Parallel()
	var req putAppTypeRequest
	if err := json.Unmarshal([]byte(dealType), &req); err != nil {
		t.Fatal(err)
	}
	at, err := appTypeFrom("deal", req)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		want     any
	}{
		{"datetime to UTC", `{"closed_at":"2024-05-20T16:30:00.5+02:00"}`, "2024-05-20T14:30:00.5Z"},
		{"list option spelling", `{"stage":"CLOSED LOST"}`, "Closed Lost"},
		{"open list", `{"tag":"whatever"}`, "whatever"},
		{"multi list spelling", `{"regions":["apac","Emea"]}`, []any{"APAC", "EMEA"}},
		{"empty multi list", `{"regions":[]}`, []any{}},
		{"exact number", `{"amount":123456789012345678.25}`, json.Number("123456789012345678.25")},
		{"null", `{"amount":null}`, nil},
		{"date", `{"close_date":"2024-02-29"}`, "2024-02-29"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.in), &raw); err != nil {
				t.Fatal(err)
			}
			got, err := appValues(at, raw)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range got {
				if !reflect.DeepEqual(v, tc.want) {
					t.Fatalf("%s gave %#v, want %#v", tc.in, v, tc.want)
				}
			}
		})
	}
}

func FuzzAppValues(f *testing.F) {
	for _, s := range []string{
		`{"title":"x","units":1,"won":true,"close_date":"2024-01-01","closed_at":"2024-01-01T00:00:00Z","stage":"open","regions":["emea"]}`,
		`{"labels":["a",1],"site":null}`, `{"nope":1}`, `{"units":1e999}`, `{"closed_at":"2024-01-01T00:00:00+14:00"}`,
	} {
		f.Add(s)
	}
	var req putAppTypeRequest
	if err := json.Unmarshal([]byte(dealType), &req); err != nil {
		f.Fatal(err)
	}
	at, err := appTypeFrom("deal", req)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var raw map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &raw) != nil {
			return
		}
		got, err := appValues(at, raw)
		if err != nil {
			return
		}
		// What is accepted is accepted again unchanged.
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("accepted values do not encode: %v", err)
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		again, err := appValues(at, raw)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%s: accepted %#v, then %#v, %v", body, got, again, err)
		}
	})
}
