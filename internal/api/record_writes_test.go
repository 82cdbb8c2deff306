package api

import (
	"fmt"
	"strings"
	"testing"
)

// dealType has a field of every app field type.
const dealType = `{"label":"Deal","fields":[
	{"name":"title","type":"text"},
	{"name":"notes","type":"long_text"},
	{"name":"email","type":"email"},
	{"name":"phone","type":"phone"},
	{"name":"site","type":"url"},
	{"name":"units","type":"number"},
	{"name":"amount","type":"currency"},
	{"name":"discount","type":"percent"},
	{"name":"won","type":"boolean"},
	{"name":"close_date","type":"date"},
	{"name":"closed_at","type":"datetime"},
	{"name":"stage","type":"list","options":["Open","Closed Won","Closed Lost"]},
	{"name":"tag","type":"list"},
	{"name":"regions","type":"multi_list","options":["EMEA","APAC","AMER"]},
	{"name":"labels","type":"multi_list"},
	{"name":"account","type":"reference","ref_type":"account"}]}`

func TestRecordWrites(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	recs := "/v1/workspaces/" + ws.ID + "/records"
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/deal", key, dealType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+other.ID+"/app-types/deal", otherKey, dealType)

	var deal recordView
	b.mustDo(t, 201, "POST", recs+"/deal", key, `{"id":"deal-1","fields":{
		"title":"Big one","notes":"line 1\nline 2","email":"ada@example.com","phone":"+44 20 7946 0000","site":"https://example.com",
		"units":12,"amount":1250000.55,"discount":7.5,"won":false,"close_date":"2024-05-20","closed_at":"2024-05-20T16:30:00+02:00",
		"stage":"closed won","tag":"anything","regions":["emea","APAC"],"labels":["x","y"],"account":"acct-1"}}`).json(t, &deal)
	if deal.ID != "deal-1" || deal.Type != "deal" || deal.Deleted || deal.CreatedAt.IsZero() {
		t.Fatalf("created %+v", deal)
	}
	for field, want := range map[string]string{
		"title": "Big one", "units": "12", "amount": "1.25000055e+06", "won": "false", "close_date": "2024-05-20",
		"closed_at": "2024-05-20T14:30:00Z", "stage": "Closed Won", "tag": "anything", "regions": "[EMEA APAC]", "account": "acct-1",
	} {
		if got := fmt.Sprint(deal.Fields[field]); got != want {
			t.Errorf("created %s = %s, want %s", field, got, want)
		}
	}
	var read recordView
	b.mustDo(t, 200, "GET", recs+"/deal/deal-1", key, "").json(t, &read)
	if fmt.Sprint(read.Fields) != fmt.Sprint(deal.Fields) {
		t.Errorf("read back %v, created %v", read.Fields, deal.Fields)
	}

	var fresh recordView
	b.mustDo(t, 201, "POST", recs+"/contact", key, `{"fields":{"last_name":"Lovelace"}}`).json(t, &fresh)
	if fresh.ID == "" || fresh.Fields["last_name"] != "Lovelace" {
		t.Fatalf("created without an id: %+v", fresh)
	}
	b.mustDo(t, 201, "POST", recs+"/contact", key, `{"id":"empty"}`)

	var patched recordView
	b.mustDo(t, 200, "PATCH", recs+"/deal/deal-1", key, `{"fields":{"title":"Bigger one","notes":null,"won":true}}`).json(t, &patched)
	if patched.Fields["title"] != "Bigger one" || patched.Fields["won"] != true || patched.Fields["notes"] != nil ||
		patched.Fields["email"] != "ada@example.com" || patched.UpdatedAt.Before(deal.UpdatedAt) {
		t.Errorf("patched %+v", patched)
	}

	const dealPath = "/deal/deal-1"
	b.run(t, []scenario{
		{name: "patch nothing", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{}}`, status: 200, contains: []string{`"title":"Bigger one"`}},
		{name: "duplicate id", method: "POST", path: recs + "/deal", key: key, body: `{"id":"deal-1","fields":{}}`, status: 409,
			contains: []string{`"duplicate"`, `\"deal-1\" exists already`, "PATCH"}},
		{name: "bad id", method: "POST", path: recs + "/deal", key: key, body: `{"id":"a/b","fields":{}}`, status: 400,
			contains: []string{`"invalid_input"`, `\"a/b\"`, "letters, digits"}},
		{name: "unknown type", method: "POST", path: recs + "/invoice", key: key, body: `{"fields":{}}`, status: 404,
			contains: []string{`"not_found"`, `\"invoice\"`, "app-types/invoice"}},
		{name: "unknown field", method: "POST", path: recs + "/contact", key: key, body: `{"fields":{"nickname":"Ada"}}`, status: 400,
			contains: []string{`"invalid_input"`, `no field \"nickname\"`, "last_name, email, birthday, source, full_name, account"}},
		{name: "fields not an object", method: "POST", path: recs + "/contact", key: key, body: `{"fields":["last_name"]}`, status: 400,
			contains: []string{`"invalid_input"`, `\"fields\" must be an object`}},
		{name: "unknown body field", method: "POST", path: recs + "/contact", key: key, body: `{"values":{}}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "create empty body", method: "POST", path: recs + "/contact", key: key, status: 400, contains: []string{`"invalid_json"`}},
		{name: "patch without fields", method: "PATCH", path: recs + dealPath, key: key, body: `{}`, status: 400,
			contains: []string{`"invalid_input"`, `\"fields\" is required`, "null clears"}},
		{name: "patch id in body", method: "PATCH", path: recs + dealPath, key: key, body: `{"id":"x","fields":{}}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "patch missing record", method: "PATCH", path: recs + "/deal/nope", key: key, body: `{"fields":{"title":"x"}}`, status: 404,
			contains: []string{`"not_found"`, `No deal record \"nope\"`}},
		{name: "patch record of another type", method: "PATCH", path: recs + "/contact/deal-1", key: key, body: `{"fields":{}}`, status: 404,
			contains: []string{`"not_found"`, `No contact record \"deal-1\"`}},
		{name: "delete missing record", method: "DELETE", path: recs + "/deal/nope", key: key, status: 404, contains: []string{`"not_found"`, `\"nope\"`}},
		{name: "delete unknown type", method: "DELETE", path: recs + "/invoice/deal-1", key: key, status: 404, contains: []string{`"not_found"`, "invoice"}},

		// Every field type refuses a value of another JSON type, naming
		// the field, the type and the value.
		{name: "text takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"title":5}}`, status: 400,
			contains: []string{`"invalid_input"`, `Field \"title\" is a text field`, "a string or null", "not the number 5"}},
		{name: "long text takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"notes":["a"]}}`, status: 400,
			contains: []string{`\"notes\" is a long_text field`, "not an array"}},
		{name: "email takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"email":true}}`, status: 400,
			contains: []string{`\"email\" is an email field`, "not the boolean true"}},
		{name: "phone takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"phone":{"n":1}}}`, status: 400,
			contains: []string{`\"phone\" is a phone field`, "not an object"}},
		{name: "url takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"site":1}}`, status: 400,
			contains: []string{`\"site\" is a url field`, "not the number 1"}},
		{name: "number takes a number", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"units":"12"}}`, status: 400,
			contains: []string{`\"units\" is a number field`, "a number or null", `not the string \"12\"`}},
		{name: "currency takes a number", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"amount":"$5"}}`, status: 400,
			contains: []string{`\"amount\" is a currency field`, `not the string \"$5\"`}},
		{name: "percent takes a number", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"discount":false}}`, status: 400,
			contains: []string{`\"discount\" is a percent field`, "not the boolean false"}},
		{name: "number out of range", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"units":1e999}}`, status: 400,
			contains: []string{`\"units\" is a number field`, "out of range"}},
		{name: "boolean takes true or false", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"won":"yes"}}`, status: 400,
			contains: []string{`\"won\" is a boolean field`, "true, false or null", `not the string \"yes\"`}},
		{name: "date takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"close_date":20240520}}`, status: 400,
			contains: []string{`\"close_date\" is a date field`, "YYYY-MM-DD", "not the number 20240520"}},
		{name: "date takes YYYY-MM-DD", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"close_date":"20/05/2024"}}`, status: 400,
			contains: []string{`\"close_date\" is a date field`, "YYYY-MM-DD", `not the string \"20/05/2024\"`}},
		{name: "date must exist", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"close_date":"2024-02-30"}}`, status: 400,
			contains: []string{`\"close_date\" is a date field`, `\"2024-02-30\"`}},
		{name: "datetime takes RFC 3339", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"closed_at":"2024-05-20 14:30:00"}}`, status: 400,
			contains: []string{`\"closed_at\" is a datetime field`, "RFC 3339", "time zone", `\"2024-05-20 14:30:00\"`}},
		{name: "datetime needs a zone", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"closed_at":"2024-05-20T14:30:00"}}`, status: 400,
			contains: []string{`\"closed_at\" is a datetime field`, "time zone"}},
		{name: "datetime takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"closed_at":1716215400}}`, status: 400,
			contains: []string{`\"closed_at\" is a datetime field`, "not the number 1716215400"}},
		{name: "list takes an option", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"stage":"Lost"}}`, status: 400,
			contains: []string{`\"stage\" is a list field`, `\"Lost\" is not one of its options`, `\"Open\", \"Closed Won\", \"Closed Lost\"`}},
		{name: "list takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"stage":["Open"]}}`, status: 400,
			contains: []string{`\"stage\" is a list field`, "not an array"}},
		{name: "multi list takes an array", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"regions":"EMEA"}}`, status: 400,
			contains: []string{`\"regions\" is a multi_list field`, "an array of strings or null", `not the string \"EMEA\"`}},
		{name: "multi list takes strings", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"labels":["a",2]}}`, status: 400,
			contains: []string{`\"labels\" is a multi_list field`, "item 1 is the number 2"}},
		{name: "multi list takes its options", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"regions":["EMEA","LATAM"]}}`, status: 400,
			contains: []string{`\"regions\" is a multi_list field`, `item 1: \"LATAM\" is not one of its options`, `\"EMEA\", \"APAC\", \"AMER\"`}},
		{name: "reference takes a string", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"account":7}}`, status: 400,
			contains: []string{`\"account\" is a reference field`, "not the number 7"}},
		{name: "reference takes an id", method: "PATCH", path: recs + dealPath, key: key, body: `{"fields":{"account":""}}`, status: 400,
			contains: []string{`\"account\" is a reference field`, "a record id (of app type account) or null, not an empty string"}},

		// Tenant isolation: another workspace's key, and their own URL
		// with our record's id.
		{name: "isolation: create", method: "POST", path: recs + "/deal", key: otherKey, body: `{"fields":{}}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: patch", method: "PATCH", path: recs + dealPath, key: otherKey, body: `{"fields":{"title":"theirs"}}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: delete", method: "DELETE", path: recs + dealPath, key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: batch", method: "POST", path: recs + ":batch", key: otherKey, body: `{"writes":[{"op":"delete","type":"deal","id":"deal-1"}]}`, status: 404,
			contains: []string{`"not_found"`}},
		{name: "isolation: patch our id in their workspace", method: "PATCH", path: "/v1/workspaces/" + other.ID + "/records" + dealPath, key: otherKey,
			body: `{"fields":{"title":"theirs"}}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: delete our id in their workspace", method: "DELETE", path: "/v1/workspaces/" + other.ID + "/records" + dealPath, key: otherKey, status: 404,
			contains: []string{`"not_found"`}},
		{name: "isolation: batch our id in their workspace", method: "POST", path: "/v1/workspaces/" + other.ID + "/records:batch", key: otherKey,
			body: `{"writes":[{"op":"update","type":"deal","id":"deal-1","fields":{"title":"theirs"}}]}`, status: 404, contains: []string{`"not_found"`, "writes[0]"}},
		{name: "without a key", method: "POST", path: recs + "/deal", body: `{"fields":{}}`, status: 401},
	})

	var after recordView
	b.mustDo(t, 200, "GET", recs+dealPath, key, "").json(t, &after)
	if after.Fields["title"] != "Bigger one" || fmt.Sprint(after.Fields["units"]) != "12" {
		t.Fatalf("refused writes changed the record: %+v", after.Fields)
	}
	// Record ids are unique in the store, so our id is taken for them
	// too; the answer must not say more than that.
	res := b.mustDo(t, 409, "POST", "/v1/workspaces/"+other.ID+"/records/deal", otherKey, `{"id":"deal-1","fields":{"title":"Theirs"}}`)
	if !contains(res.String(), `"duplicate"`, `The id \"deal-1\" is taken`) || strings.Contains(res.String(), "exists already") || strings.Contains(res.String(), "Bigger") {
		t.Errorf("their create of our id answered %s", res)
	}
	b.mustDo(t, 200, "GET", recs+dealPath, key, "").json(t, &after)
	if after.Fields["title"] != "Bigger one" {
		t.Fatalf("their create changed our record: %+v", after.Fields)
	}

	res = b.mustDo(t, 204, "DELETE", recs+dealPath, key, "")
	if len(res.body) != 0 {
		t.Errorf("204 with a body: %s", res.body)
	}
	b.mustDo(t, 404, "GET", recs+dealPath, key, "")
	b.mustDo(t, 404, "DELETE", recs+dealPath, key, "")
}

func TestRecordBatch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	recs := "/v1/workspaces/" + ws.ID + "/records"
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/deal", key, dealType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 201, "POST", recs+"/contact", key, `{"id":"old","fields":{"last_name":"Old"}}`)
	b.mustDo(t, 201, "POST", recs+"/contact", key, `{"id":"keep","fields":{"last_name":"Keep"}}`)

	var out list[recordView]
	b.mustDo(t, 200, "POST", recs+":batch", key, `{"writes":[
		{"op":"create","type":"contact","id":"c1","fields":{"last_name":"One","source":"web"}},
		{"op":"create","type":"deal","fields":{"title":"Deal","units":3}},
		{"op":"update","type":"contact","id":"c1","fields":{"email":"one@example.com"}},
		{"op":"update","type":"contact","id":"keep","fields":{"last_name":"Kept"}},
		{"op":"delete","type":"contact","id":"old"}]}`).json(t, &out)
	if len(out.Data) != 5 {
		t.Fatalf("batch answered %d records: %+v", len(out.Data), out.Data)
	}
	c1, deal, c1b, keep, old := out.Data[0], out.Data[1], out.Data[2], out.Data[3], out.Data[4]
	if c1.ID != "c1" || c1.Fields["source"] != "Web" || deal.Type != "deal" || deal.ID == "" || fmt.Sprint(deal.Fields["units"]) != "3" ||
		c1b.Fields["email"] != "one@example.com" || c1b.Fields["last_name"] != "One" || keep.Fields["last_name"] != "Kept" || !old.Deleted || old.ID != "old" {
		t.Errorf("batch answered %+v", out.Data)
	}
	var got recordView
	b.mustDo(t, 200, "GET", recs+"/contact/c1", key, "").json(t, &got)
	if got.Fields["email"] != "one@example.com" {
		t.Errorf("c1 stored %+v", got.Fields)
	}
	b.mustDo(t, 404, "GET", recs+"/contact/old", key, "")

	// All or none: each refused batch creates "never" first, and must
	// leave it uncreated and "keep" unchanged.
	const first = `{"op":"create","type":"contact","id":"never","fields":{"last_name":"Never"}},{"op":"update","type":"contact","id":"keep","fields":{"last_name":"Changed"}}`
	many := make([]string, MaxBatchWrites+1)
	for i := range many {
		many[i] = fmt.Sprintf(`{"op":"create","type":"contact","id":"m%d"}`, i)
	}
	b.run(t, []scenario{
		{name: "missing record", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"update","type":"contact","id":"nope","fields":{}}]}`, status: 404,
			contains: []string{`"not_found"`, `writes[2]: there is no contact record \"nope\"`, "Nothing was written"}},
		{name: "deleted earlier in the batch", method: "POST", path: recs + ":batch", key: key,
			body: `{"writes":[` + first + `,{"op":"delete","type":"contact","id":"c1"},{"op":"update","type":"contact","id":"c1","fields":{"last_name":"x"}}]}`, status: 404,
			contains: []string{`"not_found"`, "writes[3]:", "an earlier write of this batch deleted it"}},
		{name: "duplicate create", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create","type":"contact","id":"never"}]}`, status: 409,
			contains: []string{`"duplicate"`, `writes[2]: The id \"never\" is taken`}},
		{name: "create of an existing id", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create","type":"contact","id":"c1"}]}`, status: 409,
			contains: []string{`"duplicate"`, "writes[2]:"}},
		{name: "unknown field", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create","type":"deal","fields":{"size":1}}]}`, status: 400,
			contains: []string{`"invalid_input"`, `writes[2]: app type deal has no field \"size\"`, "title, notes", "Nothing was written"}},
		{name: "wrong value type", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"update","type":"contact","id":"c1","fields":{"birthday":true}}]}`, status: 400,
			contains: []string{`"invalid_input"`, `writes[2]: field \"birthday\" is a date field`, "not the boolean true"}},
		{name: "bad op", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"upsert","type":"contact","id":"x"}]}`, status: 400,
			contains: []string{`writes[2]: op must be \"create\", \"update\" or \"delete\", not \"upsert\"`}},
		{name: "no type", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create"}]}`, status: 400,
			contains: []string{"writes[2]: type is required"}},
		{name: "unknown type", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create","type":"invoice"}]}`, status: 400,
			contains: []string{`writes[2]: there is no app type \"invoice\"`, "app-types/invoice"}},
		{name: "update without id", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"update","type":"contact","fields":{}}]}`, status: 400,
			contains: []string{"writes[2]: id is required to update"}},
		{name: "update without fields", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"update","type":"contact","id":"c1"}]}`, status: 400,
			contains: []string{"writes[2]: fields is required to update"}},
		{name: "delete with fields", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"delete","type":"contact","id":"c1","fields":{"last_name":"x"}}]}`, status: 400,
			contains: []string{"writes[2]: a delete takes no fields"}},
		{name: "bad id", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + first + `,{"op":"create","type":"contact","id":"a b"}]}`, status: 400,
			contains: []string{`writes[2]: id \"a b\" must be`}},
		{name: "too many", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[` + strings.Join(many, ",") + `]}`, status: 400,
			contains: []string{`"invalid_input"`, "1001 writes", "at most 1000"}},
		{name: "none", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[]}`, status: 400, contains: []string{`\"writes\" is required`}},
		{name: "unknown write field", method: "POST", path: recs + ":batch", key: key, body: `{"writes":[{"op":"create","type":"contact","values":{}}]}`, status: 400,
			contains: []string{`"unknown_field"`}},
		{name: "batch is not a type", method: "GET", path: recs + ":batch", key: key, status: 405, contains: []string{`"method_not_allowed"`}},
	})
	b.mustDo(t, 404, "GET", recs+"/contact/never", key, "")
	b.mustDo(t, 200, "GET", recs+"/contact/keep", key, "").json(t, &got)
	if got.Fields["last_name"] != "Kept" {
		t.Errorf("a refused batch changed keep: %+v", got.Fields)
	}
	var all list[recordView]
	b.mustDo(t, 200, "GET", recs+"/contact?limit=200", key, "").json(t, &all)
	if len(all.Data) != 2 {
		t.Errorf("%d contacts after refused batches, want c1 and keep: %+v", len(all.Data), all.Data)
	}

	// Exactly the most a batch takes is accepted.
	b.mustDo(t, 200, "POST", recs+":batch", key, `{"writes":[`+strings.Join(many[:MaxBatchWrites], ",")+`]}`)
}
