package api

// The OpenAPI description of one-time operations and the actions the
// host calls directly; openapi.go merges it into the document.

var opsOperations = []operation{
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/operations", id: "startOperation", tag: "operations", auth: "workspace",
		summary: "Start a one-time operation, or estimate its cost",
		description: "Kinds: pull_all (read every enabled mapped object from Salesforce again from the start: each object's cursor is reset and a first load runs), " +
			"push_all (put every app record of each object written to Salesforce in the outbox and drain it: records not in Salesforce are created, differences updated; needs write_enabled), " +
			"full_resync (pull_all, then push_all), and, where this deployment has them, pull_lead_statuses and sync_users. " +
			"The estimate comes first: records are counted with SOQL count() per object pulled (one API call each, reported as counting_calls) and in the app for pushes, " +
			"and divided by the page sizes: 2,000 records per query page, 200 per sObject Collections call, plus a describe per object. " +
			"With estimate_only the answer is the estimate (200) and nothing starts. Otherwise the operation is queued (202, with the estimate) and runs when the connection is free: " +
			"one operation or sync of a connection runs at a time. Follow it with GET .../operations/{op_id}: status queued, running, succeeded, failed or cancelled, " +
			"done of total (records), the API calls used, and the result (per object: the counts of the engine's runs). " +
			"An operation survives a restart of sfbridge: another runner resumes it, a pull from the cursors its runs advanced, a push from the outbox. " +
			"An unknown kind, or nothing to do (no object enabled, or none written to Salesforce), answers 400; push_all and full_resync with writing off answer 409.",
		params: []string{"ws", "id"}, body: "OperationStart", status: 202, result: "Operation", errors: []int{400, 401, 404, 409, 413, 415, 502, 503}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/operations", id: "listOperations", tag: "operations", auth: "workspace",
		summary: "List the connection's operations, newest first", params: []string{"ws", "id", "limit", "after"}, status: 200,
		result: "OperationList", errors: []int{400, 401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/operations/{op_id}", id: "getOperation", tag: "operations", auth: "workspace",
		summary: "Get an operation and its progress", params: []string{"ws", "id", "op_id"}, status: 200, result: "Operation", errors: []int{401, 404}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/operations/{op_id}/cancel", id: "cancelOperation", tag: "operations", auth: "workspace",
		summary: "Cancel an operation",
		description: "A queued operation is cancelled at once. A running one gets cancel_requested and stops within a page or batch; it then ends cancelled, " +
			"its result saying what it did (what was applied stays applied). A finished operation answers 409.",
		params: []string{"ws", "id", "op_id"}, status: 200, result: "Operation", errors: []int{401, 404, 409, 503}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/actions/create-lead", id: "createLead", tag: "actions", auth: "workspace",
		summary: "Create a Lead in Salesforce",
		description: "Fields go by Salesforce field name, with values as Salesforce takes them. The Lead's describe is read first: a field the connected user cannot see or set is refused (400), " +
			"and so is a create that lacks a required field (createable, not nillable, not defaulted on create: LastName and Company in a standard org), " +
			"the message naming each missing field by label and API name; nothing is sent then. A refusal by Salesforce (a validation rule, a duplicate rule, a picklist value) " +
			"answers 400 salesforce_error with Salesforce's code and message, what was wrong and how to fix it.",
		params: []string{"ws", "id"}, body: "CreateLead", status: 201, result: "ActionCreated", errors: []int{400, 401, 404, 409, 413, 415, 502}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/actions/log-task", id: "logTask", tag: "actions", auth: "workspace",
		summary: "Log a Task (an activity) on a Contact or Lead",
		description: "who names the person: an app record (app_type, app_id) whose type is mapped to Contact or Lead and which is linked to a Salesforce record on this connection, " +
			"or a Contact (003...) or Lead (00Q...) by salesforce_id. An app record that does not exist answers 404; one not linked yet answers 409 (sync or push it first). " +
			"Empty fields are left out, so the org's defaults apply (Status, Priority). Fields are checked against Task's describe as for create-lead " +
			"(in Professional Edition type is hidden from the integration user and refused).",
		params: []string{"ws", "id"}, body: "LogTask", status: 201, result: "ActionCreated", errors: []int{400, 401, 404, 409, 413, 415, 502}},
}

func opsParameters() obj {
	return obj{
		"op_id": obj{"name": "op_id", "in": "path", "required": true, "description": "Operation id.", "schema": obj{"type": "string"}},
	}
}

func opsSchemas() obj {
	objectReport := objectSchema([]string{"object", "app_type", "status", "expected"}, obj{
		"object":       strSchema("Salesforce object."),
		"app_type":     strSchema("App type."),
		"status":       enumSchema("Where the object stands.", "waiting", "running", "done", "failed", "cancelled"),
		"expected":     intSchema("Records counted before: in Salesforce for a pull; for a push the app's records, then the outbox entries to write."),
		"cursor_reset": boolSchema("The pull reset the object's cursor."),
		"queued":       intSchema("Outbox entries the push wrote."),
		"read":         intSchema("Records read (pull) or entries handled (push) by the engine's runs."),
		"created":      intSchema("Created."),
		"updated":      intSchema("Updated."),
		"deleted":      intSchema("Deleted."),
		"unchanged":    intSchema("Unchanged or skipped."),
		"failed":       intSchema("Failed (see the connection's errors)."),
		"pending":      intSchema("Push: entries still waiting at the end (a transient refusal to retry, or a parent record to wait for)."),
		"api_calls":    intSchema("API calls of the engine's runs."),
		"runs":         arraySchema(obj{"type": "string"}, "The engine's runs (see GET .../runs/{run_id})."),
		"error":        strSchema("Why the object failed."),
	})
	return obj{
		"OperationStart": objectSchema([]string{"kind"}, obj{
			"kind":          enumSchema("What to do.", "pull_all", "push_all", "full_resync", "pull_lead_statuses", "sync_users"),
			"estimate_only": boolSchema("Answer the estimate (200) and start nothing."),
		}),
		"Operation": objectSchema([]string{"id", "connection_id", "kind", "status", "done", "total", "percent", "api_calls", "estimated_calls",
			"cancel_requested", "attempt", "created_at"}, obj{
			"id":               strSchema("Operation id."),
			"connection_id":    strSchema("Connection."),
			"kind":             strSchema("pull_all, push_all, full_resync, pull_lead_statuses or sync_users."),
			"status":           enumSchema("Where it stands.", "queued", "running", "succeeded", "failed", "cancelled"),
			"step":             strSchema("What it is doing, such as \"pulling Contact\"."),
			"done":             intSchema("Records done so far."),
			"total":            intSchema("Records in all (the estimate's until the operation counts them)."),
			"percent":          intSchema("done of total, 0 to 100."),
			"api_calls":        intSchema("Salesforce API calls used so far."),
			"estimated_calls":  intSchema("The estimate's API calls."),
			"result":           obj{"description": "What it did: for pull_all, push_all and full_resync {pull: [ObjectReport], push: [ObjectReport]}; other kinds their own. While it runs, what it did so far.", "properties": obj{"pull": arraySchema(objectReport, "Objects pulled."), "push": arraySchema(objectReport, "Objects pushed.")}},
			"error":            strSchema("Why it failed."),
			"cancel_requested": boolSchema("A cancellation was asked for."),
			"attempt":          intSchema("Runners that ran it; above 1 it was resumed after a restart."),
			"heartbeat":        timeSchema("When its runner last reported; a running operation whose heartbeat stops is resumed by another runner."),
			"created_at":       timeSchema("Queued."),
			"started_at":       timeSchema("First started."),
			"finished_at":      timeSchema("Ended."),
			"estimate":         schemaRef("OperationEstimate"),
		}),
		"OperationList": listSchema("Operation"),
		"OperationEstimate": objectSchema([]string{"kind", "api_calls", "records", "objects", "counting_calls", "unknown"}, obj{
			"kind":      strSchema("The operation's kind."),
			"api_calls": intSchema("API calls it is expected to make."),
			"records":   intSchema("Records it is expected to read or write."),
			"objects": arraySchema(objectSchema([]string{"object", "app_type", "direction", "records", "api_calls"}, obj{
				"object":    strSchema("Salesforce object."),
				"app_type":  strSchema("App type."),
				"direction": enumSchema("Read from or written to Salesforce.", "pull", "push"),
				"records":   intSchema("Records counted."),
				"api_calls": intSchema("A describe, and a call per page of 2,000 (pull) or 200 (push)."),
			}), "Per object."),
			"counting_calls": intSchema("API calls the estimate itself made (SOQL count() per object pulled)."),
			"unknown":        boolSchema("The kind gives no estimate."),
			"note":           strSchema("What else to know."),
		}),
		"CreateLead": objectSchema([]string{"fields"}, obj{
			"fields": obj{"type": "object", "description": "The Lead's values by Salesforce field name, such as {\"LastName\": \"Lovelace\", \"Company\": \"Analytical Engines\", \"Email\": \"ada@example.com\"}."},
		}),
		"LogTask": objectSchema([]string{"who"}, obj{
			"who": objectSchema(nil, obj{
				"app_type":      strSchema("App type of the person's app record (mapped to Contact or Lead)."),
				"app_id":        strSchema("The app record, linked to a Salesforce Contact or Lead."),
				"salesforce_id": strSchema("Or a Contact or Lead by Salesforce id."),
			}),
			"subject":       strSchema("Subject."),
			"description":   strSchema("Comments."),
			"activity_date": obj{"type": "string", "format": "date", "description": "Due date, YYYY-MM-DD."},
			"status":        strSchema("One of Task.Status's picklist values; the org's default when left out."),
			"priority":      strSchema("High, Normal or Low (the org's values); the org's default when left out."),
			"type":          strSchema("Call, Email, Meeting, ... (Task.Type's values)."),
		}),
		"ActionCreated": objectSchema([]string{"object", "id"}, obj{
			"object":     strSchema("Lead or Task."),
			"id":         strSchema("The new record's Salesforce id."),
			"who_id":     strSchema("Task: the Contact or Lead it was logged on."),
			"who_object": strSchema("Task: Contact or Lead."),
		}),
	}
}
