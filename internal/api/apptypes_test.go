package api

import (
	"strings"
	"testing"
)

const contactType = `{"label":"Contact","fields":[
	{"name":"last_name","label":"Last name","type":"text"},
	{"name":"email","label":"Email","type":"email"},
	{"name":"birthday","type":"date"},
	{"name":"source","label":"Source","type":"list","options":["Web","Phone Inquiry","Trade Show"]},
	{"name":"full_name","type":"text"},
	{"name":"account","type":"reference","ref_type":"account"}]}`

func TestAppTypes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	types := "/v1/workspaces/" + ws.ID + "/app-types"

	// A global type, replaced in acme by its own declaration.
	b.mustDo(t, 200, "PUT", "/v1/app-types/ticket", testAdminKey, `{"label":"Ticket","fields":[{"name":"subject","type":"text"}]}`)
	b.mustDo(t, 200, "PUT", "/v1/app-types/deal", testAdminKey, `{"label":"Deal","fields":[{"name":"amount","type":"currency"}]}`)
	b.mustDo(t, 200, "PUT", types+"/deal", key, `{"label":"Acme deal","fields":[{"name":"amount","type":"currency"},{"name":"stage","type":"list","options":["Open","Won"]}]}`)

	b.run(t, []scenario{
		{name: "declare", method: "PUT", path: types + "/contact", key: key, body: contactType, status: 200,
			contains: []string{`"name":"contact"`, `"global":false`, `"ref_type":"account"`, `"options":["Web","Phone Inquiry","Trade Show"]`, `"label":"birthday"`}},
		{name: "admin declares in a workspace", method: "PUT", path: types + "/lead", key: testAdminKey, body: `{"fields":[{"name":"company","type":"text"}]}`, status: 200,
			contains: []string{`"label":"lead"`}},
		{name: "list merges global and own", method: "GET", path: types, key: key, status: 200,
			contains: []string{`"name":"ticket","global":true`, `"name":"deal","global":false`, `"Acme deal"`}, notContains: []string{`"label":"Deal"`}},
		{name: "other workspace sees the global deal", method: "GET", path: "/v1/workspaces/" + other.ID + "/app-types", key: otherKey, status: 200,
			contains: []string{`"label":"Deal"`, `"global":true`}, notContains: []string{"Acme deal"}},
		{name: "get own", method: "GET", path: types + "/deal", key: key, status: 200, contains: []string{"Acme deal", `"stage"`}},
		{name: "get global", method: "GET", path: types + "/ticket", key: key, status: 200, contains: []string{`"global":true`, `"subject"`}},
		{name: "get unknown", method: "GET", path: types + "/nope", key: key, status: 404, contains: []string{`"not_found"`, `\"nope\"`}},

		{name: "isolation: get", method: "GET", path: types + "/deal", key: otherKey, status: 404, contains: []string{`"not_found"`}, notContains: []string{"Acme"}},
		{name: "isolation: list", method: "GET", path: types, key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: put", method: "PUT", path: types + "/x", key: otherKey, body: `{"fields":[]}`, status: 404, contains: []string{`"not_found"`}},
		{name: "global needs admin", method: "PUT", path: "/v1/app-types/ticket", key: key, body: `{"fields":[]}`, status: 403, contains: []string{`"forbidden"`}},
		{name: "global needs a key", method: "PUT", path: "/v1/app-types/ticket", body: `{"fields":[]}`, status: 401, contains: []string{`"unauthorized"`}},

		{name: "unknown field type", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"price","type":"money"}]}`, status: 400,
			contains: []string{`"invalid_input"`, `fields[0]`, `\"money\"`, "currency"}},
		{name: "bad type name", method: "PUT", path: types + "/Bad-Name", key: key, body: `{"fields":[]}`, status: 400, contains: []string{`"invalid_input"`, "Bad-Name"}},
		{name: "bad field name", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"First Name","type":"text"}]}`, status: 400, contains: []string{`"invalid_input"`, "First Name"}},
		{name: "duplicate field", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"text"},{"name":"a","type":"email"}]}`, status: 400,
			contains: []string{`"invalid_input"`, "fields[1]", "twice"}},
		{name: "options on text", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"text","options":["x"]}]}`, status: 400, contains: []string{`"invalid_input"`, "options"}},
		{name: "options equal ignoring case", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"list","options":["Hot","hot"]}]}`, status: 400, contains: []string{`"invalid_input"`, "twice"}},
		{name: "empty option", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"multi_list","options":[""]}]}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "reference without ref_type", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"reference"}]}`, status: 400, contains: []string{`"invalid_input"`, "ref_type"}},
		{name: "ref_type on text", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"text","ref_type":"account"}]}`, status: 400, contains: []string{`"invalid_input"`, "ref_type"}},
		{name: "unknown body field", method: "PUT", path: types + "/bad", key: key, body: `{"fields":[{"name":"a","type":"text","required":true}]}`, status: 400, contains: []string{`"unknown_field"`, "required"}},
		{name: "fields wrong type", method: "PUT", path: types + "/bad", key: key, body: `{"fields":"a"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "no body", method: "PUT", path: types + "/bad", key: key, status: 400, contains: []string{`"invalid_json"`}},
	})

	t.Run("refused declarations stored nothing", func(t *testing.T) {
		b.mustDo(t, 404, "GET", types+"/bad", key, "")
		res := b.mustDo(t, 200, "GET", "/v1/workspaces/"+other.ID+"/app-types", otherKey, "")
		if strings.Contains(res.String(), `"name":"x"`) {
			t.Errorf("another workspace's key declared a type: %s", res)
		}
	})
}
