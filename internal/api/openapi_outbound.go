package api

import "strconv"

// The OpenAPI description of two-way sync: the host's record writes,
// external id fields, the outbox and conflicts; openapi.go merges it
// into the document.

var outboundOperations = []operation{
	{method: "POST", path: "/v1/workspaces/{ws}/records/{type}", id: "createRecord", tag: "records", auth: "workspace",
		summary: "Create a record",
		description: "The host creates a record of the type; leave id out for a new one. Every field must be one of the type's, with a value of its type: " +
			"text, long_text, email, phone, url and reference take a string; number, currency and percent a number; boolean true or false; " +
			"date a string YYYY-MM-DD; datetime an RFC 3339 string with a time zone (stored in UTC); list one of its options; multi_list an array of its options " +
			"(a list without options takes any string); any field takes null. Anything else answers 400 invalid_input naming the field, its type and the value. " +
			"Where an enabled object mapping of the type has create_direction both, the record waits in the connection's outbox to be created in Salesforce.",
		params: []string{"ws", "type"}, body: "RecordCreate", status: 201, result: "Record", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "PATCH", path: "/v1/workspaces/{ws}/records/{type}/{id}", id: "updateRecord", tag: "records", auth: "workspace",
		summary: "Change a record",
		description: "Sets the fields the body names, checked as for create; the others keep their values and null clears one. " +
			"Changed fields that a field mapping writes to Salesforce wait in the outbox of each connection whose object mapping has update_direction both.",
		params: []string{"ws", "type", "id"}, body: "RecordUpdate", status: 200, result: "Record", errors: []int{400, 401, 404, 413, 415}},
	{method: "DELETE", path: "/v1/workspaces/{ws}/records/{type}/{id}", id: "deleteRecord", tag: "records", auth: "workspace",
		summary:     "Delete a record",
		description: "Removes the record. Each connection with the type mapped learns of it through its outbox; the object mapping's outbound_delete says whether the Salesforce record is deleted too or left and unlinked.",
		params:      []string{"ws", "type", "id"}, status: 204, errors: []int{401, 404}},
	{method: "POST", path: "/v1/workspaces/{ws}/records:batch", id: "batchRecords", tag: "records", auth: "workspace",
		summary: "Create, change and delete records in one transaction",
		description: "Applies up to " + strconv.Itoa(MaxBatchWrites) + " writes of any types, in order, all or none: when one is refused nothing is written, and the message starts with writes[i] naming it. " +
			"Each write is checked as by the single-record routes. The answer lists the records written, in the order of the writes; a deleted one as it was, with deleted true.",
		params: []string{"ws"}, body: "RecordBatch", status: 200, result: "RecordList", errors: []int{400, 401, 404, 409, 413, 415}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/objects/{object}/external-id-field", id: "createExternalIDField", tag: "mappings", auth: "workspace",
		summary: "Create an External ID field in Salesforce for safe creates",
		description: "Changes the org's schema, so call it only with the admin's agreement: creates a unique Text field marked External ID on the object through the Tooling API " +
			"(the connected user needs the Customize Application permission; without it 502 salesforce_error says so), reads the object's describe again, and when the connected user can edit the field, " +
			"makes it the object mapping's external_id_field and answers 201 with created true. If the field exists already and is a usable External ID field, it is just set (200, created false). " +
			"Salesforce does not grant field-level security on a new field to every profile: when the connected user cannot see or edit it, the answer is 409 conflict saying where in Setup to grant Edit access to the integration user's profile; " +
			"then set it with PUT .../objects/{object} and external_id_field.",
		params: []string{"ws", "id", "object"}, body: "ExternalIDFieldCreate", bodyOptional: true, status: 201, result: "ExternalIDField", errors: []int{400, 401, 404, 409, 413, 415, 502}},

	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/outbox", id: "listOutbox", tag: "two-way sync", auth: "workspace",
		summary: "List the app changes waiting to be written to Salesforce",
		description: "One entry per app record and object with changes not yet written: pending ones wait for the next push (next_attempt_at, after a transient failure), " +
			"failed ones gave up (a permanent refusal such as a validation rule or a duplicate rule, or retries ran out) and wait to be retried over the API. Filter with status and object.",
		params: []string{"ws", "id", "outbox_status", "outbox_object", "limit", "after"}, status: 200, result: "OutboxEntryList", errors: []int{400, 401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/outbox/summary", id: "outboxSummary", tag: "two-way sync", auth: "workspace",
		summary: "Count the outbox's entries", params: []string{"ws", "id"}, status: 200, result: "OutboxSummary", errors: []int{401, 404}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/outbox/retry", id: "retryOutbox", tag: "two-way sync", auth: "workspace",
		summary:     "Retry failed outbox entries",
		description: "Makes failed entries pending and due now with their attempts reset: every one, an object's, or one app record's. The next push (scheduled, or POST .../sync) writes them. Answers how many.",
		params:      []string{"ws", "id"}, body: "OutboxRetry", bodyOptional: true, status: 200, result: "OutboxRetryResult", errors: []int{400, 401, 404, 413, 415}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/outbox/{object}/{app_id}/link", id: "linkOutboxRecord", tag: "two-way sync", auth: "workspace",
		summary: "Link an app record to an existing Salesforce record",
		description: "Resolves a create refused as a duplicate: links the app record to the Salesforce record that exists already (such as the one a duplicate rule matched), " +
			"and retries the record's failed entry, so the next push updates that record with the app's values instead of creating another. " +
			"The link's Salesforce base is the record as it is when linked, so an inbound run before the push keeps the app's values, and a change made in Salesforce after the link counts as Salesforce's. " +
			"The id must be a Salesforce id (15 or 18 characters) of a record of the object the connected user can see. " +
			"Answers 409 when the app record is already linked on this object, or the Salesforce record is linked to another app record.",
		params: []string{"ws", "id", "object", "app_id"}, body: "LinkRequest", status: 200, result: "LinkResult", errors: []int{400, 401, 404, 409, 413, 415, 502}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/conflicts", id: "listConflicts", tag: "two-way sync", auth: "workspace",
		summary: "List recorded conflicts",
		description: "Fields changed both in the app and in Salesforce since the last sync, oldest first, with both values, the last synced value, the policy that decided and the winner. " +
			"Each is also a record.conflict event.",
		params: []string{"ws", "id", "limit", "after"}, status: 200, result: "ConflictList", errors: []int{400, 401, 404}},
}

func outboundParameters() obj {
	return obj{
		"app_id": obj{"name": "app_id", "in": "path", "required": true, "description": "App record id.", "schema": obj{"type": "string"}},
		"outbox_status": obj{"name": "status", "in": "query", "required": false,
			"description": "pending or failed; leave out for both.", "schema": obj{"type": "string", "enum": []string{"pending", "failed"}}},
		"outbox_object": obj{"name": "object", "in": "query", "required": false,
			"description": "Only this Salesforce object's entries.", "schema": obj{"type": "string"}},
	}
}

func outboundSchemas() obj {
	fields := obj{"type": "object", "description": "Values by app field name. text, long_text, email, phone, url, reference: string; number, currency, percent: number; boolean; " +
		"date: \"YYYY-MM-DD\"; datetime: RFC 3339 with a time zone; list: one of its options; multi_list: an array of its options; null clears a field."}
	return obj{
		"RecordCreate": objectSchema(nil, obj{
			"id":     obj{"type": "string", "pattern": appRecordIDRE.String(), "description": "The record's id; leave out for a new one. Goes in URLs, so letters, digits and . _ ~ : @ - only."},
			"fields": fields,
		}),
		"RecordUpdate": objectSchema([]string{"fields"}, obj{"fields": fields}),
		"RecordBatch": objectSchema([]string{"writes"}, obj{
			"writes": obj{"type": "array", "minItems": 1, "maxItems": MaxBatchWrites, "description": "Applied in order, all or none.",
				"items": objectSchema([]string{"op", "type"}, obj{
					"op":     enumSchema("What the write does.", "create", "update", "delete"),
					"type":   strSchema("App type of the record."),
					"id":     obj{"type": "string", "pattern": appRecordIDRE.String(), "description": "The record; required to update or delete, optional to create."},
					"fields": fields,
				})},
		}),
		"ExternalIDFieldCreate": objectSchema(nil, obj{
			"name":  obj{"type": "string", "pattern": customFieldRE.String(), "default": defaultExternalIDName, "description": "API name of the field; it ends in __c."},
			"label": obj{"type": "string", "maxLength": 40, "default": defaultExternalIDLabel, "description": "The field's label in Salesforce."},
		}),
		"ExternalIDField": objectSchema([]string{"object", "field", "created", "mapping"}, obj{
			"object":  strSchema("Salesforce object."),
			"field":   strSchema("The External ID field, now the mapping's external_id_field."),
			"created": boolSchema("Whether the field was created (false: it existed)."),
			"mapping": schemaRef("ObjectMapping"),
		}),
		"OutboxEntry": objectSchema([]string{"app_id", "object", "op", "status", "attempts", "changed", "created_at", "updated_at"}, obj{
			"app_id":          strSchema("App record."),
			"object":          strSchema("Salesforce object it is written to."),
			"op":              enumSchema("upsert: create or update the Salesforce record; delete: the app record was deleted.", "upsert", "delete"),
			"status":          enumSchema("pending: waits for the next push; failed: waits to be retried over the API.", "pending", "failed"),
			"attempts":        intSchema("Failed pushes since it was created or retried."),
			"next_attempt_at": timeSchema("When a pending entry is due."),
			"error_code":      strSchema("The last failure's code, such as FIELD_CUSTOM_VALIDATION_EXCEPTION or DUPLICATES_DETECTED."),
			"error_message":   strSchema("The last failure, with what to do, in one line."),
			"error_cause":     strSchema("What went wrong in the last failure (error_message's cause alone); absent for failures recorded before it was stored apart."),
			"error_fix":       strSchema("What to do about the last failure (error_message's fix alone); absent for failures recorded before it was stored apart, or when there is no fix to offer."),
			"changed":         arraySchema(obj{"type": "string"}, "App fields changed since the entry was created."),
			"created_at":      timeSchema("First change."),
			"updated_at":      timeSchema("Last change or attempt."),
		}),
		"OutboxEntryList": listSchema("OutboxEntry"),
		"OutboxSummary": objectSchema([]string{"pending", "failed"}, obj{
			"pending": intSchema("Entries waiting for a push."),
			"failed":  intSchema("Entries that gave up and wait to be retried."),
		}),
		"OutboxRetry": objectSchema(nil, obj{
			"object": strSchema("Only this object's failed entries."),
			"app_id": strSchema("Only this app record's failed entries."),
		}),
		"OutboxRetryResult": objectSchema([]string{"retried"}, obj{"retried": intSchema("Entries made pending.")}),
		"LinkRequest": objectSchema([]string{"salesforce_id"}, obj{
			"salesforce_id": obj{"type": "string", "pattern": "^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$", "description": "The existing Salesforce record, 15 or 18 characters."},
		}),
		"LinkResult": objectSchema([]string{"linked", "object", "app_id", "salesforce_id", "retried"}, obj{
			"linked":        boolSchema("Always true."),
			"object":        strSchema("Salesforce object."),
			"app_id":        strSchema("App record."),
			"salesforce_id": strSchema("The linked record, in its 18-character form."),
			"retried":       intSchema("Failed entries of the record made pending."),
		}),
		"Conflict": objectSchema([]string{"id", "object", "app_id", "salesforce_id", "field", "app_field", "policy", "winner", "created_at"}, obj{
			"id":               strSchema("Conflict id."),
			"object":           strSchema("Salesforce object."),
			"app_id":           strSchema("App record."),
			"salesforce_id":    strSchema("Salesforce record."),
			"field":            strSchema("Salesforce field."),
			"app_field":        strSchema("App field."),
			"app_value":        obj{"description": "The app's value (app form)."},
			"salesforce_value": obj{"description": "Salesforce's value (Salesforce form)."},
			"base_value":       obj{"description": "The Salesforce value last synced, which both sides changed."},
			"policy":           enumSchema("The connection's conflict policy that decided.", "salesforce_wins", "app_wins", "latest_wins"),
			"winner":           enumSchema("Whose value was kept.", "app", "salesforce"),
			"created_at":       timeSchema("When it was found."),
		}),
		"ConflictList": listSchema("Conflict"),
	}
}
