package api

import (
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
)

// TestOpenAPIMatchesRoutes keeps the document and the router from
// drifting: every registered route is documented, and every documented
// path and method is routed by the mux to exactly that pattern.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	srv := b.api.Config.Handler.(*Server)

	res := b.mustDo(t, 200, "GET", "/v1/openapi.json", "", "")
	if !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		t.Errorf("content type %q", res.header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Info       map[string]any                        `json:"info"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components map[string]map[string]any             `json:"components"`
	}
	res.json(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info["title"] == nil || doc.Info["version"] == nil || len(doc.Paths) == 0 {
		t.Fatalf("document head: openapi %q, info %v, %d paths", doc.OpenAPI, doc.Info, len(doc.Paths))
	}

	routed := map[string]bool{}
	for _, rt := range srv.routes() {
		key := rt.method + " " + rt.path
		routed[key] = true
		if _, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
			t.Errorf("route %s is not in the OpenAPI document", key)
		}
	}

	param := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc.Paths {
		for method, raw := range item {
			key := strings.ToUpper(method) + " " + path
			if !routed[key] {
				t.Errorf("documented %s is not routed", key)
			}
			// The mux itself must send a concrete request to the
			// documented pattern.
			concrete := param.ReplaceAllString(path, "x1")
			if _, pattern := srv.mux.Handler(httptest.NewRequest(strings.ToUpper(method), concrete, nil)); pattern != key {
				t.Errorf("%s %s is routed to %q, documented as %s", strings.ToUpper(method), concrete, pattern, key)
			}

			var op struct {
				OperationID string           `json:"operationId"`
				Parameters  []map[string]any `json:"parameters"`
				Responses   map[string]any   `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s has no operationId or responses", key)
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				if !slices.ContainsFunc(op.Parameters, func(p map[string]any) bool {
					ref, _ := p["$ref"].(string)
					return ref == "#/components/parameters/"+m[1]
				}) {
					t.Errorf("%s does not declare its path parameter %s", key, m[1])
				}
			}
		}
	}

	// Every reference resolves.
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/components/([^/]+)/([^"]+)"`).FindAllStringSubmatch(string(res.body), -1) {
		if _, ok := doc.Components[m[1]][m[2]]; !ok {
			t.Errorf("dangling reference #/components/%s/%s", m[1], m[2])
		}
	}

	// Every error code is documented.
	for _, code := range []string{
		CodeInvalidJSON, CodeUnknownField, CodeInvalidInput, CodeUnsupportedMediaType, CodeUnauthorized, CodeForbidden,
		CodeNotFound, CodeDuplicate, CodeConflict, CodeConfirmationRequired, CodePayloadTooLarge, CodeMethodNotAllowed, CodeInternal,
		connection.CodeInvalidState, connection.CodeStateUsed, connection.CodeStateExpired, connection.CodeAccessDenied,
		connection.CodeOAuthFailed, connection.CodeNotConnected,
		CodeInvalidMapping, CodeSalesforceError, CodeUnavailable,
	} {
		if !strings.Contains(string(res.body), code+":") && !strings.Contains(string(res.body), code+",") {
			t.Errorf("error code %s is not documented", code)
		}
	}
}
