package sfemu

import (
	"encoding/json"
	"testing"
)

// dupError is the part of a DUPLICATES_DETECTED error a client reads to
// find the records it matched.
type dupError struct {
	StatusCode      string `json:"statusCode"`
	ErrorCode       string `json:"errorCode"`
	DuplicateResult *struct {
		DuplicateRule string `json:"duplicateRule"`
		MatchResults  []struct {
			EntityType   string `json:"entityType"`
			MatchRecords []struct {
				Record struct {
					ID string `json:"Id"`
				} `json:"record"`
			} `json:"matchRecords"`
		} `json:"matchResults"`
	} `json:"duplicateResult"`
}

// matchedID returns the first matched record's id, or "".
func (e dupError) matchedID() string {
	if e.DuplicateResult == nil || len(e.DuplicateResult.MatchResults) == 0 || len(e.DuplicateResult.MatchResults[0].MatchRecords) == 0 {
		return ""
	}
	return e.DuplicateResult.MatchResults[0].MatchRecords[0].Record.ID
}

func TestDuplicateResultInEveryAnswer(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{DuplicateRules: DefaultDuplicateRules()})
	const v = "/services/data/v59.0"
	contact := b.create(t, "Contact", map[string]any{"LastName": "Doe", "Email": "jane@acme.example"})
	other := b.create(t, "Lead", map[string]any{"LastName": "Roe", "Company": "Acme", "Email": "rich@acme.example"})
	dupLead := map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": "Doe", "Company": "Acme", "Email": "jane@acme.example"}

	t.Run("single record", func(t *testing.T) {
		res := b.do(t, "POST", v+"/sobjects/Lead", dupLead)
		var errs []dupError
		res.json(t, &errs)
		if res.status != 400 || len(errs) != 1 || errs[0].ErrorCode != "DUPLICATES_DETECTED" || errs[0].matchedID() != contact {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	collection := func(t *testing.T, method, path string, records ...any) []dupError {
		t.Helper()
		res := b.do(t, method, v+path, map[string]any{"allOrNone": false, "records": records})
		var out []struct {
			Success bool       `json:"success"`
			Errors  []dupError `json:"errors"`
		}
		res.json(t, &out)
		if res.status != 200 || len(out) != len(records) || out[0].Success || len(out[0].Errors) != 1 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		for i := 1; i < len(out); i++ {
			if !out[i].Success {
				t.Errorf("record %d failed: %s", i, res.body)
			}
		}
		return out[0].Errors
	}
	check := func(t *testing.T, errs []dupError) {
		t.Helper()
		e := errs[0]
		if e.StatusCode != "DUPLICATES_DETECTED" || e.DuplicateResult == nil || e.DuplicateResult.DuplicateRule != "Standard_Lead_Duplicate_Rule" ||
			e.DuplicateResult.MatchResults[0].EntityType != "Contact" || e.matchedID() != contact {
			b, _ := json.Marshal(errs)
			t.Fatalf("item errors %s", b)
		}
	}
	t.Run("collections create", func(t *testing.T) {
		check(t, collection(t, "POST", "/composite/sobjects", dupLead,
			map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": "New", "Company": "Acme", "Email": "new@acme.example"}))
	})
	t.Run("collections update", func(t *testing.T) {
		check(t, collection(t, "PATCH", "/composite/sobjects",
			map[string]any{"attributes": map[string]any{"type": "Lead"}, "id": other, "Email": "JANE@acme.example"}))
	})
	t.Run("collections upsert", func(t *testing.T) {
		// No Lead has this email, so the upsert creates one, which a
		// Contact duplicates.
		check(t, collection(t, "PATCH", "/composite/sobjects/Lead/Email", dupLead))
	})
	t.Run("allowSave header saves", func(t *testing.T) {
		res := b.do(t, "POST", v+"/composite/sobjects", map[string]any{"records": []any{dupLead}},
			"Sforce-Duplicate-Rule-Header", "allowSave=true")
		var out []itemResult
		res.json(t, &out)
		if res.status != 200 || len(out) != 1 || !out[0].Success {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
}
