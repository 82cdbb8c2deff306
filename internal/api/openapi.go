package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The OpenAPI 3.1 document of the API, served at /v1/openapi.json. It is
// written here by hand, independently of the route table; a test checks
// that both list the same routes, so neither can drift.

type obj = map[string]any

// operation describes one route for the document.
type operation struct {
	method, path string
	id, summary  string
	description  string
	tag          string
	// auth: "" (none), "admin" or "workspace".
	auth   string
	params []string // names in components.parameters
	// body is a schema name; bodyOptional lets the body be left out.
	body         string
	bodyOptional bool
	status       int
	result       string // schema name; "" for no body
	errors       []int
}

var operations = []operation{
	{method: "GET", path: "/healthz", id: "health", tag: "service", summary: "Health check",
		description: "Answers 200 while the process serves requests.", status: 200, result: "Health"},
	{method: "GET", path: "/metrics", id: "metrics", tag: "service", summary: "Prometheus metrics",
		description: "Prometheus text exposition: sfbridge_http_requests_total and sfbridge_http_request_duration_seconds by method, route pattern and status, plus Go and process metrics.",
		status:      200, result: "text"},
	{method: "GET", path: "/v1/openapi.json", id: "openapi", tag: "service", summary: "This document", status: 200, result: "json"},

	{method: "POST", path: "/v1/workspaces", id: "createWorkspace", tag: "workspaces", auth: "admin",
		summary: "Create a workspace", description: "Creates a workspace for one of the host product's customers, known by the host's own external_key. A taken external_key answers 409 duplicate.",
		body: "WorkspaceCreate", status: 201, result: "Workspace", errors: []int{400, 401, 403, 409, 413, 415}},
	{method: "GET", path: "/v1/workspaces", id: "listWorkspaces", tag: "workspaces", auth: "admin",
		summary: "List workspaces", params: []string{"limit", "after"}, status: 200, result: "WorkspaceList", errors: []int{400, 401, 403}},
	{method: "GET", path: "/v1/workspaces/by-external-key", id: "getWorkspaceByExternalKey", tag: "workspaces", auth: "admin",
		summary: "Find a workspace by the host's external key", params: []string{"external_key"}, status: 200, result: "Workspace", errors: []int{400, 401, 403, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}", id: "getWorkspace", tag: "workspaces", auth: "workspace",
		summary: "Get a workspace", params: []string{"ws"}, status: 200, result: "Workspace", errors: []int{401, 404}},

	{method: "POST", path: "/v1/workspaces/{ws}/api-keys", id: "createAPIKey", tag: "api-keys", auth: "admin",
		summary:     "Create a workspace API key",
		description: "Creates a key that acts only on this workspace. The answer's key field is the only time the key is shown; only its SHA-256 is stored.",
		params:      []string{"ws"}, body: "APIKeyCreate", status: 201, result: "NewAPIKey", errors: []int{400, 401, 403, 404, 413, 415}},
	{method: "DELETE", path: "/v1/workspaces/{ws}/api-keys/{id}", id: "revokeAPIKey", tag: "api-keys", auth: "admin",
		summary: "Revoke a workspace API key", description: "The key stops working at once (401 unauthorized).",
		params: []string{"ws", "id"}, status: 204, errors: []int{401, 403, 404}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections", id: "createConnection", tag: "connections", auth: "workspace",
		summary:     "Create a connection",
		description: "Creates a named Salesforce connection in the not_connected status. Leave client_id and client_secret out to use the host's connected app. The answer never contains the client secret or tokens, only has_own_app. Then call authorize.",
		params:      []string{"ws"}, body: "ConnectionCreate", status: 201, result: "Connection", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections", id: "listConnections", tag: "connections", auth: "workspace",
		summary: "List connections", params: []string{"ws", "limit", "after"}, status: 200, result: "ConnectionList", errors: []int{400, 401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}", id: "getConnection", tag: "connections", auth: "workspace",
		summary: "Get a connection and its status", params: []string{"ws", "id"}, status: 200, result: "Connection", errors: []int{401, 404}},
	{method: "PATCH", path: "/v1/workspaces/{ws}/connections/{id}", id: "updateConnection", tag: "connections", auth: "workspace",
		summary: "Change a connection's settings",
		description: "Changes any combination of the settings the body names; every value is checked before anything is saved. " +
			"sync_interval_seconds sets how often the scheduler syncs the connection: between 60 (1 minute) and 86400 (24 hours), counted from the end of its last scheduled sync, " +
			"or 0 to go back to the scheduler's default interval. Another value answers 400 invalid_input naming the range. " +
			"The scheduler keeps when each connection last synced in memory, so after a restart every connection is synced once at the first pass. " +
			"write_enabled is the master switch of two-way sync: while it is false (the default) nothing is written to Salesforce and app changes wait in the outbox. " +
			"conflict_policy decides a field changed on both sides since the last sync: salesforce_wins, app_wins, or latest_wins (the default), and every such conflict is recorded (see the conflicts route). " +
			"Changes are recorded as connection.sync_interval_changed and connection.write_policy_changed events.",
		params: []string{"ws", "id"}, body: "ConnectionUpdate", status: 200, result: "Connection", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/authorize", id: "authorizeConnection", tag: "connections", auth: "workspace",
		summary: "Start the Salesforce authorization (connect, regenerate token, reconnect)",
		description: "Answers the Salesforce authorization URL (with state and PKCE) to open in the person's browser. " +
			"The same call connects a new connection, regenerates an expired or revoked token, and reconnects a disconnected one: " +
			"the connection keeps its id, record links and cursors, so syncing resumes without re-importing. " +
			"After login and Allow, Salesforce sends the browser to GET /v1/oauth/callback, which sends it on to return_url.",
		params: []string{"ws", "id"}, body: "AuthorizeRequest", bodyOptional: true, status: 200, result: "AuthorizeResponse", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/test", id: "testConnection", tag: "connections", auth: "workspace",
		summary:     "Test Connection",
		description: "Checks the org identity and API limits with the stored tokens. ok is false with the precise reason and what to do when something is wrong; the connection's status follows.",
		params:      []string{"ws", "id"}, status: 200, result: "TestResult", errors: []int{401, 404, 409}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/disconnect", id: "disconnectConnection", tag: "connections", auth: "workspace",
		summary: "Disconnect",
		description: "Revokes the tokens at Salesforce and removes the connection's field mappings; record links and cursors are kept so a reconnect resumes without re-importing. " +
			"Requires {\"confirm\": \"disconnect\"}; without it nothing changes and the answer is 409 confirmation_required with a message saying how many field mappings would be removed.",
		params: []string{"ws", "id"}, body: "DisconnectRequest", bodyOptional: true, status: 200, result: "DisconnectResult", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "DELETE", path: "/v1/workspaces/{ws}/connections/{id}", id: "deleteConnection", tag: "connections", auth: "workspace",
		summary: "Delete a connection",
		description: "Revokes the tokens at Salesforce (best effort) and removes the connection with its mappings, record links, cursors, runs, outbox and operations, for good. " +
			"The app's records stay, and so do the connection's events (without a connection id); a connection.deleted event follows. " +
			"Requires ?confirm=delete; without it nothing changes and the answer is 409 confirmation_required.",
		params: []string{"ws", "id", "confirm_delete"}, status: 200, result: "DeleteConnectionResult", errors: []int{401, 404, 409}},

	{method: "GET", path: "/v1/workspaces/{ws}/events", id: "listEvents", tag: "events", auth: "workspace",
		summary: "List the workspace's events", description: "Connection status changes and other events, oldest first. Keep next_cursor and pass it as after to read on.",
		params: []string{"ws", "limit", "after"}, status: 200, result: "EventList", errors: []int{400, 401, 404}},

	{method: "GET", path: "/v1/oauth/callback", id: "oauthCallback", tag: "connections",
		summary: "OAuth callback (Salesforce redirects the browser here)",
		description: "Needs no API key: the state is the credential. On success, 302 to the return URL with connection=<id>&status=connected added, " +
			"or an HTML page when there is no return URL. When the state was valid but the authorization failed, 302 to the return URL with connection, error and error_description. " +
			"A tampered, unknown, used or expired state answers a 400 HTML page and never redirects.",
		params: []string{"state", "code", "oauth_error", "oauth_error_description"}, status: 302, errors: []int{400}},
}

// errorCodes documents every code the envelope can carry.
var errorCodes = []string{
	CodeInvalidJSON + ": the body is not one well-formed JSON object",
	CodeUnknownField + ": the body has a field the route does not take",
	CodeInvalidInput + ": a value is missing, of the wrong type or out of range (the message names it)",
	CodeUnsupportedMediaType + ": the body is not application/json",
	CodeUnauthorized + ": the API key is missing, unknown or revoked",
	CodeForbidden + ": the route needs the admin key",
	CodeNotFound + ": no such route, workspace, connection or key (also: another workspace's)",
	CodeDuplicate + ": the external key or name is taken",
	CodeConflict + ": changed by another request, or not possible in the current status",
	CodeConfirmationRequired + ": the operation needs an explicit confirmation field",
	CodePayloadTooLarge + ": the body is over 1 MiB",
	CodeMethodNotAllowed + ": the route does not take this method (see Allow)",
	CodeInternal + ": an error on the server's side; report the request_id",
	"invalid_state, state_used, state_expired: the OAuth state was tampered with or unknown, already used, or too old",
	"access_denied: the person did not allow access in Salesforce",
	"oauth_failed: Salesforce refused the token exchange",
	"not_connected: the connection has no tokens; authorize it first",
	CodeInvalidMapping + ": the field mapping is incompatible with the app type or the org's describe (the message names both fields and types)",
	CodeSalesforceError + ": Salesforce refused or could not answer a call the request needed",
	CodeUnavailable + ": the route's component (sync engine, secret key) is not configured in this deployment",
}

func openAPIDocument() obj {
	paths := obj{}
	for _, op := range slices.Concat(operations, syncOperations, outboundOperations, doctorOperations, userOperations, issue8ValueOperations, opsOperations, uiOperations) {
		item, _ := paths[op.path].(obj)
		if item == nil {
			item = obj{}
			paths[op.path] = item
		}
		item[strings.ToLower(op.method)] = op.document()
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "sfbridge API",
			"version": "1",
			"description": "Workspaces, API keys, Salesforce connections and their OAuth lifecycle, the app schema and field mappings, sync runs, the synced records and the host's writes to them, " +
				"two-way sync (the outbox of changes going to Salesforce, and recorded conflicts), the event feed and webhooks. " +
				"Authenticate with \"Authorization: Bearer <key>\": the admin key acts on every workspace; a workspace key only on its own, and gets 404 on any other. " +
				"Every error is {\"error\": {\"code\", \"message\", \"request_id\"}}. Request bodies are JSON objects of at most 1 MiB; unknown fields are refused. " +
				"Lists take limit (1-200, default 50) and after, and answer data and next_cursor (absent on the last page). " +
				"Every answer carries X-Request-Id (a sane incoming one is kept).",
		},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{
				"adminKey":     obj{"type": "http", "scheme": "bearer", "description": "The host product's admin API key."},
				"workspaceKey": obj{"type": "http", "scheme": "bearer", "description": "A workspace API key, sfb_<prefix>_<secret>."},
			},
			"parameters": merge(merge(merge(merge(parameters(), syncParameters()), outboundParameters()), issue8ValueParameters()), opsParameters()),
			"responses":  errorResponses(),
			"schemas":    merge(merge(merge(merge(merge(merge(merge(schemas(), syncSchemas()), outboundSchemas()), doctorSchemas()), userSchemas()), issue8ValueSchemas()), opsSchemas()), uiSchemas()),
		},
	}
}

func (op operation) document() obj {
	d := obj{"operationId": op.id, "summary": op.summary, "tags": []string{op.tag}}
	if op.description != "" {
		d["description"] = op.description
	}
	switch op.auth {
	case "admin":
		d["security"] = []obj{{"adminKey": []string{}}}
	case "workspace":
		d["security"] = []obj{{"adminKey": []string{}}, {"workspaceKey": []string{}}}
	default:
		d["security"] = []obj{}
	}
	if len(op.params) > 0 {
		ps := make([]obj, 0, len(op.params))
		for _, p := range op.params {
			ps = append(ps, obj{"$ref": "#/components/parameters/" + p})
		}
		d["parameters"] = ps
	}
	if op.body != "" {
		d["requestBody"] = obj{"required": !op.bodyOptional, "content": obj{"application/json": obj{"schema": schemaRef(op.body)}}}
	}
	responses := obj{}
	ok := obj{"description": http.StatusText(op.status)}
	switch op.result {
	case "":
	case "text":
		ok["content"] = obj{"text/plain": obj{"schema": obj{"type": "string"}}}
	case "json":
		ok["content"] = obj{"application/json": obj{"schema": obj{"type": "object"}}}
	default:
		ok["content"] = obj{"application/json": obj{"schema": schemaRef(op.result)}}
	}
	if op.status == http.StatusFound {
		ok["description"] = "Found: the browser goes to the return URL"
		ok["headers"] = obj{"Location": obj{"schema": obj{"type": "string", "format": "uri"}}}
		responses["200"] = obj{"description": "Connected, no return URL: an HTML page", "content": obj{"text/html": obj{"schema": obj{"type": "string"}}}}
	}
	responses[strconv.Itoa(op.status)] = ok
	for _, code := range op.errors {
		if op.status == http.StatusFound {
			responses[strconv.Itoa(code)] = obj{"description": "The state is tampered, unknown, used or expired: an HTML page saying which", "content": obj{"text/html": obj{"schema": obj{"type": "string"}}}}
			continue
		}
		responses[strconv.Itoa(code)] = obj{"$ref": "#/components/responses/" + strconv.Itoa(code)}
	}
	if op.status != http.StatusFound && op.path != "/healthz" && op.path != "/metrics" && op.path != "/v1/openapi.json" {
		responses["500"] = obj{"$ref": "#/components/responses/500"}
	}
	d["responses"] = responses
	return d
}

// merge returns a with b's entries added.
func merge(a, b obj) obj {
	maps.Copy(a, b)
	return a
}

func schemaRef(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func parameters() obj {
	path := func(name, desc string) obj {
		return obj{"name": name, "in": "path", "required": true, "description": desc, "schema": obj{"type": "string"}}
	}
	query := func(name, desc string, schema obj) obj {
		return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
	}
	return obj{
		"ws": path("ws", "Workspace id."),
		"id": path("id", "Connection, API key, record or webhook id."),
		"external_key": obj{"name": "external_key", "in": "query", "required": true,
			"description": "The host product's external key of the workspace.", "schema": obj{"type": "string"}},
		"limit":          query("limit", "Page size, 1 to 200; default 50. Other values answer 400 invalid_input.", obj{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}),
		"after":          query("after", "The next_cursor of the previous page.", obj{"type": "string"}),
		"confirm_delete": query("confirm", "Must be \"delete\" to go ahead.", obj{"type": "string", "enum": []string{"delete"}}),
		"state":          query("state", "The state sent to Salesforce.", obj{"type": "string"}),
		"code":           query("code", "The authorization code.", obj{"type": "string"}),
		"oauth_error": obj{"name": "error", "in": "query", "required": false,
			"description": "Salesforce's error when the person denied access or the request failed.", "schema": obj{"type": "string"}},
		"oauth_error_description": obj{"name": "error_description", "in": "query", "required": false,
			"description": "Salesforce's description of error.", "schema": obj{"type": "string"}},
	}
}

func errorResponses() obj {
	r := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": schemaRef("Error")}}}
	}
	return obj{
		"400": r("invalid_json, unknown_field, invalid_input or invalid_mapping (or a connection service code such as invalid_state)"),
		"401": r("unauthorized: missing, unknown or revoked API key"),
		"403": r("forbidden: the route needs the admin key"),
		"404": r("not_found: no such workspace, connection, key, app type, run, record or webhook, or one of another workspace"),
		"409": r("duplicate, conflict (such as a sync already running, or a field the connected user cannot edit), confirmation_required or not_connected"),
		"413": r("payload_too_large: the body is over 1 MiB"),
		"415": r("unsupported_media_type: the body is not JSON"),
		"500": r("internal: report the request_id"),
		"502": r("salesforce_error: Salesforce refused or could not answer"),
		"503": r("unavailable: the route's component is not configured"),
	}
}

// conflictPolicySchema is a conflict_policy.
func conflictPolicySchema(desc string) obj {
	return obj{"type": "string", "enum": []string{"salesforce_wins", "app_wins", "latest_wins"},
		"description": desc + " salesforce_wins keeps Salesforce's value; app_wins writes the app's value to Salesforce; " +
			"latest_wins takes the side changed last (the app's time of the field's change against the Salesforce record's SystemModstamp)."}
}

// syncIntervalSchema is sync_interval_seconds in a request.
var syncIntervalSchema = obj{
	"type": "integer",
	"description": "How often the scheduler syncs the connection, in seconds after its last sync finished: 60 (1 minute) to 86400 (24 hours), " +
		"or 0 (the default when left out of a create) for the scheduler's default interval.",
	"oneOf": []obj{{"const": 0}, {"minimum": 60, "maximum": 86400}},
}

func schemas() obj {
	str := func(desc string) obj { return obj{"type": "string", "description": desc} }
	ts := func(desc string) obj { return obj{"type": "string", "format": "date-time", "description": desc} }
	enum := func(desc string, values ...string) obj {
		return obj{"type": "string", "enum": values, "description": desc}
	}
	object := func(required []string, props obj) obj {
		o := obj{"type": "object", "additionalProperties": false, "properties": props}
		if len(required) > 0 {
			o["required"] = required
		}
		return o
	}
	listOf := func(item string) obj {
		return object([]string{"data"}, obj{
			"data":        obj{"type": "array", "items": schemaRef(item)},
			"next_cursor": str("Pass as after for the next page; absent on the last page."),
		})
	}
	apiKey := obj{
		"id":           str("Key id."),
		"workspace_id": str("The workspace the key acts on."),
		"name":         str("What the key is for."),
		"prefix":       str("The key's lookup prefix, safe to show."),
		"created_at":   ts("When the key was created."),
		"revoked_at":   ts("When the key was revoked."),
	}
	newKey := obj{"key": str("The whole key, sfb_<prefix>_<secret>. Shown only in this answer; store it now.")}
	for k, v := range apiKey {
		newKey[k] = v
	}
	return obj{
		"Error": object([]string{"error"}, obj{
			"error": object([]string{"code", "message", "request_id"}, obj{
				"code":       obj{"type": "string", "description": "Stable error code:\n- " + strings.Join(errorCodes, "\n- ")},
				"message":    str("What went wrong and what to do."),
				"request_id": str("The request's X-Request-Id."),
			}),
		}),
		"Health": object([]string{"status"}, obj{"status": enum("Always ok.", "ok")}),
		"WorkspaceCreate": object([]string{"external_key", "name"}, obj{
			"external_key": obj{"type": "string", "minLength": 1, "maxLength": 200, "description": "The host product's own id of the customer; unique."},
			"name":         obj{"type": "string", "minLength": 1, "maxLength": 200, "description": "Display name."},
		}),
		"Workspace": object([]string{"id", "external_key", "name", "created_at", "updated_at"}, obj{
			"id":           str("Workspace id."),
			"external_key": str("The host product's own id of the customer."),
			"name":         str("Display name."),
			"created_at":   ts("Created."),
			"updated_at":   ts("Last changed."),
		}),
		"WorkspaceList": listOf("Workspace"),
		"APIKeyCreate": object([]string{"name"}, obj{
			"name": obj{"type": "string", "minLength": 1, "maxLength": 200, "description": "What the key is for."},
		}),
		"NewAPIKey": object([]string{"id", "workspace_id", "name", "prefix", "created_at", "key"}, newKey),
		"ConnectionCreate": object([]string{"name", "capability", "environment", "pull_by"}, obj{
			"name":                  obj{"type": "string", "minLength": 1, "maxLength": 200, "description": "Unique in the workspace."},
			"capability":            enum("What the connection is used for.", "crm", "helpdesk", "content_management"),
			"environment":           enum("production (login.salesforce.com), sandbox (test.salesforce.com) or custom (a My Domain URL in login_url).", "production", "sandbox", "custom"),
			"login_url":             obj{"type": "string", "format": "uri", "description": "The My Domain login URL; required for environment custom."},
			"pull_by":               enum("Pull Record By: the timestamp inbound sync follows.", "updated_time", "created_time"),
			"client_id":             str("The workspace's own connected app's consumer key; leave out to use the host's app."),
			"client_secret":         obj{"type": "string", "writeOnly": true, "description": "The own app's consumer secret; stored encrypted and never returned."},
			"sync_interval_seconds": syncIntervalSchema,
		}),
		"ConnectionUpdate": merge(object(nil, obj{
			"sync_interval_seconds": syncIntervalSchema,
			"write_enabled":         obj{"type": "boolean", "description": "Whether app changes are written to Salesforce. Off, they wait in the outbox."},
			"conflict_policy":       conflictPolicySchema("How a field changed on both sides since the last sync is decided."),
			"owner_policy":          enum("Who owns the records sfbridge creates in Salesforce: the Salesforce user mapped to the app record's owner (sync users), a fixed user (fixed_owner_id), or Salesforce's assignment rules (Sforce-Auto-Assign).", "mapped", "fixed", "assignment_rules"),
			"fixed_owner_id":        str("The Salesforce user id that owns created records under owner_policy fixed."),
			"people_priority":       enum("When Leads and Contacts are both synced: which the app keeps when a Lead and a Contact share an email or a phone number (the other is skipped and counted, and pushes create only this one).", "contact", "lead"),
		}), obj{"minProperties": 1}),
		"Connection": object([]string{"id", "workspace_id", "name", "capability", "environment", "login_url", "pull_by", "sync_interval_seconds",
			"write_enabled", "conflict_policy", "has_own_app", "status", "created_at", "updated_at"}, obj{
			"id":           str("Connection id."),
			"workspace_id": str("Workspace id."),
			"name":         str("Unique in the workspace."),
			"capability":   enum("What the connection is used for.", "crm", "helpdesk", "content_management"),
			"environment":  enum("Kind of org.", "production", "sandbox", "custom"),
			"login_url":    str("The OAuth login host."),
			"pull_by":      enum("Pull Record By.", "updated_time", "created_time"),
			"sync_interval_seconds": obj{"type": "integer", "minimum": 0, "maximum": 86400,
				"description": "How often the scheduler syncs the connection, in seconds after its last sync finished; 0 means the scheduler's default."},
			"write_enabled":   obj{"type": "boolean", "description": "Whether app changes are written to Salesforce; false for a new connection."},
			"conflict_policy": conflictPolicySchema("How a field changed on both sides since the last sync is decided; latest_wins unless set."),
			"people_priority": enum("Which of Lead and Contact the app keeps when a person is both; contact unless set.", "contact", "lead"),
			"owner_policy":    enum("Who owns the records sfbridge creates in Salesforce; mapped unless set.", "mapped", "fixed", "assignment_rules"),
			"fixed_owner_id":  str("The owner under owner_policy fixed."),
			"has_own_app":     obj{"type": "boolean", "description": "Whether the workspace brings its own connected app (its secret is never returned)."},
			"status":          enum("Where the connection stands.", "not_connected", "synced", "not_synced", "disconnected"),
			"status_reason": enum("Why it is not synced.", "token_expired", "token_revoked", "approval_cap", "api_disabled",
				"limit_exceeded", "missing_permission", "unreachable"),
			"status_message":  str("The status in plain words, with what to do."),
			"status_at":       ts("When the status last changed."),
			"org_id":          str("Salesforce org id, once authorized."),
			"user_id":         str("Salesforce user id that authorized."),
			"username":        str("Salesforce username that authorized."),
			"instance_url":    str("The org's instance URL."),
			"connected_at":    ts("Last successful authorization."),
			"disconnected_at": ts("Last disconnect."),
			"created_at":      ts("Created."),
			"updated_at":      ts("Last changed."),
		}),
		"ConnectionList": listOf("Connection"),
		"AuthorizeRequest": object(nil, obj{
			"return_url": obj{"type": "string", "format": "uri", "description": "Absolute http(s) URL the callback sends the person's browser to afterwards, with connection and status or error added to its query."},
		}),
		"AuthorizeResponse": object([]string{"authorization_url"}, obj{
			"authorization_url": obj{"type": "string", "format": "uri", "description": "Open in the person's browser: Salesforce login and Allow."},
		}),
		"TestResult": object([]string{"ok", "status", "message", "api_used", "api_max"}, obj{
			"ok":           obj{"type": "boolean", "description": "Whether the connection works."},
			"status":       enum("The connection's status after the test.", "not_connected", "synced", "not_synced", "disconnected"),
			"reason":       str("Why it is not synced (see Connection.status_reason)."),
			"message":      str("What was found, and what to do when something is wrong."),
			"org_id":       str("The org's id."),
			"username":     str("The connected user."),
			"instance_url": str("The org's instance URL."),
			"api_used":     obj{"type": "integer", "description": "Daily API requests used, when known."},
			"api_max":      obj{"type": "integer", "description": "Daily API request allocation, when known."},
		}),
		"DisconnectRequest": object([]string{"confirm"}, obj{
			"confirm": enum("Must be \"disconnect\".", "disconnect"),
		}),
		"DisconnectResult": object([]string{"connection", "removed_mappings", "tokens_revoked"}, obj{
			"connection":       schemaRef("Connection"),
			"removed_mappings": obj{"type": "integer", "description": "Field mappings removed."},
			"tokens_revoked":   obj{"type": "boolean", "description": "Whether Salesforce confirmed the revocation."},
		}),
		"DeleteConnectionResult": object([]string{"id", "name", "tokens_revoked"}, obj{
			"id":             str("The deleted connection's id."),
			"name":           str("Its name."),
			"tokens_revoked": obj{"type": "boolean", "description": "Whether Salesforce confirmed the revocation."},
		}),
		"Event": object([]string{"id", "cursor", "type", "created_at"}, obj{
			"id":            obj{"type": "integer", "description": "Increasing event id."},
			"cursor":        str("Pass as after to list the events after this one; keep the last one handled to resume the feed."),
			"connection_id": str("The connection the event is about."),
			"type":          str("Event type, such as connection.status_changed."),
			"data":          obj{"description": "Event details; shape depends on type."},
			"created_at":    ts("When it happened."),
		}),
		"EventList": listOf("Event"),
	}
}

// openAPIJSON is the document, encoded once.
var openAPIJSON = func() []byte {
	b, err := json.MarshalIndent(openAPIDocument(), "", "  ")
	if err != nil {
		panic("api: encoding the OpenAPI document: " + err.Error())
	}
	return b
}()

// GET /v1/openapi.json
func (s *Server) serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIJSON)
	return nil
}
