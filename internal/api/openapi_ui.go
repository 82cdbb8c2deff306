package api

import "strconv"

// The OpenAPI description of admin UI session links; openapi.go merges
// it into the document.

var uiOperations = []operation{
	{method: "POST", path: "/v1/workspaces/{ws}/ui-sessions", id: "createUISession", tag: "workspaces", auth: "workspace",
		summary: "Mint a link to the workspace's admin UI",
		description: "Returns a signed link (<public URL>/ui/login?token=...) that opens the admin UI for this workspace: Settings > Integrations, where a person connects and configures Salesforce. " +
			"Send the person's browser to it before it expires; opening it starts a session of " + strconv.Itoa(12) + " hours in an HttpOnly cookie scoped to /ui. " +
			"Anyone holding the link can use it until then, so mint one per visit and do not log it. A deployment without the UI answers 503 unavailable.",
		params: []string{"ws"}, body: "UISessionCreate", bodyOptional: true, status: 201, result: "UISession", errors: []int{400, 401, 404, 413, 415, 503}},
}

func uiSchemas() obj {
	return obj{
		"UISessionCreate": objectSchema(nil, obj{
			"ttl_seconds": obj{"type": "integer", "minimum": minUISessionTTL, "maximum": maxUISessionTTL, "default": defaultUISessionTTL,
				"description": "How long the link works, in seconds: 60 to 86400; 3600 when left out."},
		}),
		"UISession": objectSchema([]string{"url", "expires_at"}, obj{
			"url":        strSchema("The link to send the person's browser to."),
			"expires_at": timeSchema("When the link stops working."),
		}),
	}
}
