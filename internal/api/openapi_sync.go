package api

// The OpenAPI description of the app schema, mapping, sync, record and
// webhook routes; openapi.go merges it into the document.

var syncOperations = []operation{
	{method: "PUT", path: "/v1/app-types/{name}", id: "putGlobalAppType", tag: "app-types", auth: "admin",
		summary:     "Declare a record type for every workspace",
		description: "Declares or replaces a global app type. A workspace's own declaration of the same name replaces it in that workspace. Validation as for the workspace route.",
		params:      []string{"name"}, body: "AppTypePut", status: 200, result: "AppType", errors: []int{400, 401, 403, 413, 415}},
	{method: "PUT", path: "/v1/workspaces/{ws}/app-types/{name}", id: "putAppType", tag: "app-types", auth: "workspace",
		summary: "Declare a record type of the workspace",
		description: "Declares or replaces the workspace's own app type (contact, lead, account, ... or its own) and its fields. " +
			"Names are lowercase letters, digits and underscores; types are text, long_text, email, phone, url, number, currency, percent, boolean, date, datetime, list, multi_list and reference. " +
			"Only list and multi_list take options (unique ignoring case); only reference takes ref_type, and needs it.",
		params: []string{"ws", "name"}, body: "AppTypePut", status: 200, result: "AppType", errors: []int{400, 401, 404, 413, 415}},
	{method: "GET", path: "/v1/workspaces/{ws}/app-types", id: "listAppTypes", tag: "app-types", auth: "workspace",
		summary: "List the record types the workspace sees", description: "Its own types and the global ones it has not replaced (global true), by name. Not paged.",
		params: []string{"ws"}, status: 200, result: "AppTypeList", errors: []int{401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/app-types/{name}", id: "getAppType", tag: "app-types", auth: "workspace",
		summary: "Get a record type", params: []string{"ws", "name"}, status: 200, result: "AppType", errors: []int{401, 404}},

	{method: "PUT", path: "/v1/workspaces/{ws}/connections/{id}/objects/{object}", id: "putObjectMapping", tag: "mappings", auth: "workspace",
		summary: "Sync a Salesforce object as an app type",
		description: "Maps the object to an app type of the workspace, with what a delete in Salesforce does (delete the app's copy, or mark it deleted) and whether scheduled and manual syncs include it. " +
			"The outbound settings say what two-way sync writes once the connection's write_enabled is on: create_direction and update_direction (inbound: Salesforce feeds the app only; both: creates or changes made in the app are written to Salesforce, for the fields mapped outbound or both), " +
			"outbound_delete (delete: deleting an app record deletes its Salesforce record; leave: it is kept and unlinked) and external_id_field (a unique Text External ID field that creates upsert on, so a retried create never makes a second record; empty for none). " +
			"A new external_id_field is checked against the org's describe, so it needs a connected connection: it must be visible and editable to the connected user, marked External ID, and Text. " +
			"Settings left out keep an existing mapping's values (enabled excepted, which defaults to true); a new mapping gets delete_policy mark, both directions inbound, outbound_delete leave and no external id field.",
		params: []string{"ws", "id", "object"}, body: "ObjectMappingPut", status: 200, result: "ObjectMapping", errors: []int{400, 401, 404, 409, 413, 415, 502}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/objects", id: "listObjectMappings", tag: "mappings", auth: "workspace",
		summary: "List the connection's mapped objects", params: []string{"ws", "id"}, status: 200, result: "ObjectMappingList", errors: []int{401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/objects/{object}/choices", id: "fieldChoices", tag: "mappings", auth: "workspace",
		summary: "List the Salesforce fields an app field can map to",
		description: "Reads the org's describe of the object and answers only the fields whose type is compatible with the app field's " +
			"(text with string, textarea, email, phone, url and picklist; numbers with int, double, currency and percent; lists with picklists; multi-lists with multipicklists; references with lookups to an object synced as the referenced type), so a UI offers only those. " +
			"inbound_only marks fields that can be read but not written back.",
		params: []string{"ws", "id", "object", "app_field"}, status: 200, result: "FieldChoices", errors: []int{400, 401, 404, 409, 502}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/mappings", id: "createFieldMapping", tag: "mappings", auth: "workspace",
		summary: "Map an app field to a Salesforce field",
		description: "Checks the pair against the org's describe and the app type before storing it. An incompatible pair, a hidden or missing Salesforce field, an outbound mapping of a read-only field, or a second mapping writing the same field answers 400 invalid_mapping with a message naming both fields and both types. " +
			"For list fields the answer lists the options on either side that do not match.",
		params: []string{"ws", "id"}, body: "FieldMappingCreate", status: 201, result: "FieldMapping", errors: []int{400, 401, 404, 409, 413, 415, 502}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/mappings", id: "listFieldMappings", tag: "mappings", auth: "workspace",
		summary: "List the connection's field mappings", params: []string{"ws", "id"}, status: 200, result: "FieldMappingList", errors: []int{401, 404}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/sync", id: "syncNow", tag: "sync", auth: "workspace",
		summary: "Sync now",
		description: "Runs the inbound sync of one object, or of every enabled object in turn, then pushes the app's due changes of the same objects in the same order (when the connection's write_enabled is on), and answers the runs with their counts. " +
			"Push runs have kind push and are listed only when there was something to write. " +
			"A run that fails is answered with status failed and its error; an object whose run could not start has no id. " +
			"While another run of the connection (scheduled or manual) is going, answers 409 conflict.",
		params: []string{"ws", "id"}, body: "SyncRequest", bodyOptional: true, status: 200, result: "RunList", errors: []int{400, 401, 404, 409, 413, 415, 503}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/runs", id: "listRuns", tag: "sync", auth: "workspace",
		summary: "List the connection's runs, newest first", params: []string{"ws", "id", "limit", "after"}, status: 200, result: "RunList", errors: []int{400, 401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/runs/{run_id}", id: "getRun", tag: "sync", auth: "workspace",
		summary: "Get a run", params: []string{"ws", "id", "run_id"}, status: 200, result: "Run", errors: []int{401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/errors", id: "listRecordErrors", tag: "sync", auth: "workspace",
		summary:     "List the connection's record and field errors",
		description: "What runs could not sync, per record or per field (a mapped field that became hidden, a value that cannot be converted, a write Salesforce refused), with the cause and the fix.",
		params:      []string{"ws", "id", "limit", "after"}, status: 200, result: "RecordErrorList", errors: []int{400, 401, 404}},

	{method: "GET", path: "/v1/workspaces/{ws}/records/{type}", id: "listRecords", tag: "records", auth: "workspace",
		summary: "List the app's records of a type", description: "The synced copy, deleted ones included with deleted true (under the mark delete policy). Changes from Salesforce also flow into the event feed as record.created, record.updated and record.deleted; the host's own writes do not.",
		params: []string{"ws", "type", "limit", "after"}, status: 200, result: "RecordList", errors: []int{400, 401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/records/{type}/{id}", id: "getRecord", tag: "records", auth: "workspace",
		summary: "Get one record", params: []string{"ws", "type", "id"}, status: 200, result: "Record", errors: []int{401, 404}},

	{method: "POST", path: "/v1/workspaces/{ws}/webhooks", id: "createWebhook", tag: "webhooks", auth: "workspace",
		summary: "Register a webhook endpoint",
		description: "Every event of the workspace is POSTed to url, signed with HMAC-SHA256 over the timestamp and body in the Sfbridge-Signature header (t=<unix>,v1=<hex>), and retried with backoff. " +
			"The answer's secret is the signing key and is shown only this once; it is stored encrypted.",
		params: []string{"ws"}, body: "WebhookCreate", status: 201, result: "NewWebhook", errors: []int{400, 401, 404, 413, 415, 503}},
	{method: "GET", path: "/v1/workspaces/{ws}/webhooks", id: "listWebhooks", tag: "webhooks", auth: "workspace",
		summary: "List webhook endpoints", params: []string{"ws"}, status: 200, result: "WebhookList", errors: []int{401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/webhooks/{id}/deliveries", id: "listDeliveries", tag: "webhooks", auth: "workspace",
		summary: "The endpoint's delivery log", description: "One entry per event sent to the endpoint, with its attempts, last answer and next retry.",
		params: []string{"ws", "id", "limit", "after"}, status: 200, result: "DeliveryList", errors: []int{400, 401, 404}},
}

func syncParameters() obj {
	path := func(name, desc string) obj {
		return obj{"name": name, "in": "path", "required": true, "description": desc, "schema": obj{"type": "string"}}
	}
	return obj{
		"name":   path("name", "App type name: lowercase letters, digits and underscores, starting with a letter."),
		"object": path("object", "Salesforce object API name, such as Contact or Invoice__c."),
		"run_id": path("run_id", "Run id."),
		"type":   path("type", "App type name."),
		"app_field": obj{"name": "app_field", "in": "query", "required": true,
			"description": "The app field to find compatible Salesforce fields for.", "schema": obj{"type": "string"}},
	}
}

func strSchema(desc string) obj { return obj{"type": "string", "description": desc} }
func intSchema(desc string) obj { return obj{"type": "integer", "description": desc} }
func boolSchema(desc string) obj {
	return obj{"type": "boolean", "description": desc}
}
func timeSchema(desc string) obj {
	return obj{"type": "string", "format": "date-time", "description": desc}
}
func enumSchema(desc string, values ...string) obj {
	return obj{"type": "string", "enum": values, "description": desc}
}
func arraySchema(items obj, desc string) obj {
	return obj{"type": "array", "items": items, "description": desc}
}
func objectSchema(required []string, props obj) obj {
	o := obj{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func listSchema(item string) obj {
	return objectSchema([]string{"data"}, obj{
		"data":        obj{"type": "array", "items": schemaRef(item)},
		"next_cursor": strSchema("Pass as after for the next page; absent on the last page."),
	})
}

func syncSchemas() obj {
	fieldTypes := make([]string, len(appFieldTypes))
	for i, t := range appFieldTypes {
		fieldTypes[i] = string(t)
	}
	appField := objectSchema([]string{"name", "type"}, obj{
		"name":     obj{"type": "string", "pattern": appNameRE.String(), "description": "Field name, unique in the type."},
		"label":    strSchema("Display label; defaults to the name."),
		"type":     enumSchema("Field type.", fieldTypes...),
		"options":  arraySchema(obj{"type": "string"}, "The values of a list or multi_list, unique ignoring case. Leave out for an open list that takes Salesforce's values as they are."),
		"ref_type": strSchema("For a reference: the app type it points to."),
	})
	runProps := obj{
		"id":            strSchema("Run id; absent when the run could not start."),
		"connection_id": strSchema("Connection id."),
		"object":        strSchema("Salesforce object."),
		"kind":          enumSchema("Inbound: a first load or an increment from the stored cursor; push: app changes written to Salesforce.", "first_load", "increment", "push"),
		"status":        enumSchema("Where the run stands.", "running", "succeeded", "failed"),
		"started_at":    timeSchema("Start."),
		"finished_at":   timeSchema("End."),
		"duration_ms":   intSchema("Duration in milliseconds, once finished."),
		"read":          intSchema("Records read from Salesforce."),
		"created":       intSchema("Records created (app records inbound, Salesforce records by a push)."),
		"updated":       intSchema("Records updated."),
		"deleted":       intSchema("Records deleted (or marked deleted)."),
		"unchanged":     intSchema("Records read that changed nothing."),
		"skipped":       intSchema("Leads or Contacts left out because the person is a record of the connection's people priority object."),
		"failed":        intSchema("Records that could not be applied; see the errors route."),
		"api_calls":     intSchema("Salesforce API calls the run used: its cost."),
		"api":           enumSchema("The Salesforce API the run used: rest (REST queries and sObject Collections) or bulk (a Bulk API 2.0 query job for a large first load, ingest jobs for a large push). Absent when the run could not start.", "rest", "bulk"),
		"error":         strSchema("Why the run failed, or could not start."),
	}
	webhook := obj{
		"id":         strSchema("Endpoint id."),
		"url":        obj{"type": "string", "format": "uri", "description": "Where events are POSTed."},
		"active":     boolSchema("Whether events are sent to it."),
		"created_at": timeSchema("Created."),
	}
	newWebhook := obj{"secret": strSchema("The signing secret (whsec_ and 64 hex digits), the HMAC key. Shown only in this answer; store it now.")}
	for k, v := range webhook {
		newWebhook[k] = v
	}
	return obj{
		"AppField": appField,
		"AppTypePut": objectSchema([]string{"fields"}, obj{
			"label":  obj{"type": "string", "maxLength": 200, "description": "Display label; defaults to the name."},
			"fields": arraySchema(schemaRef("AppField"), "The type's fields, at most 500."),
		}),
		"AppType": objectSchema([]string{"name", "global", "label", "fields", "created_at", "updated_at"}, obj{
			"name":       strSchema("Type name."),
			"global":     boolSchema("Declared for every workspace, not by this one."),
			"label":      strSchema("Display label."),
			"fields":     arraySchema(schemaRef("AppField"), "Fields."),
			"created_at": timeSchema("Created."),
			"updated_at": timeSchema("Last changed."),
		}),
		"AppTypeList": listSchema("AppType"),
		"ObjectMappingPut": objectSchema([]string{"app_type"}, obj{
			"app_type":      strSchema("The app type the object's records become; it must exist."),
			"delete_policy": enumSchema("What a delete in Salesforce does to the app's copy: remove it, or keep it with deleted true. Default mark.", "delete", "mark"),
			"enabled":       obj{"type": "boolean", "default": true, "description": "Whether syncs include the object."},
			"create_direction": enumSchema("inbound (default): Salesforce feeds the app only; both: records created in the app are created in Salesforce too. Left out: kept.",
				"inbound", "both"),
			"update_direction": enumSchema("inbound (default): Salesforce feeds the app only; both: changes made in the app are written to Salesforce too. Left out: kept.",
				"inbound", "both"),
			"outbound_delete": enumSchema("What deleting an app record does to its Salesforce record: delete it, or leave it (the default) and unlink. Left out: kept.",
				"delete", "leave"),
			"external_id_field": strSchema("API name of a unique Text External ID field of the object that holds the app's record ids (creates upsert on it); empty for none. Left out: kept. " +
				"POST .../objects/{object}/external-id-field creates one."),
		}),
		"ObjectMapping": objectSchema([]string{"connection_id", "object", "app_type", "delete_policy", "create_direction", "update_direction",
			"outbound_delete", "external_id_field", "enabled", "created_at", "updated_at"}, obj{
			"connection_id":     strSchema("Connection id."),
			"object":            strSchema("Salesforce object."),
			"app_type":          strSchema("App type."),
			"delete_policy":     enumSchema("Delete policy.", "delete", "mark"),
			"create_direction":  enumSchema("Whether app creates are written to Salesforce (both) or not (inbound).", "inbound", "both"),
			"update_direction":  enumSchema("Whether app changes are written to Salesforce (both) or not (inbound).", "inbound", "both"),
			"outbound_delete":   enumSchema("What deleting an app record does to its Salesforce record.", "delete", "leave"),
			"external_id_field": strSchema("The External ID field creates upsert on; empty for none."),
			"enabled":           boolSchema("Whether syncs include it."),
			"created_at":        timeSchema("Created."),
			"updated_at":        timeSchema("Last changed."),
			"doctor":            obj{"$ref": "#/components/schemas/DoctorReport", "description": "In the answer that enables an object on a connected connection: the doctor's checks of that object (what the integration user cannot read or write). It informs; the mapping is saved either way."},
		}),
		"ObjectMappingList": listSchema("ObjectMapping"),
		"FieldMappingCreate": objectSchema([]string{"object", "sf_field", "app_field"}, obj{
			"object":    strSchema("Salesforce object; it must be mapped to an app type on the connection."),
			"sf_field":  strSchema("Salesforce field API name."),
			"app_field": strSchema("Field of the object's app type."),
			"direction": enumSchema("inbound: Salesforce to the app; outbound: the app to Salesforce; both. Default both.", "inbound", "outbound", "both"),
		}),
		"FieldMapping": objectSchema([]string{"id", "connection_id", "object", "sf_field", "app_field", "direction", "created_at"}, obj{
			"id":                    strSchema("Mapping id."),
			"connection_id":         strSchema("Connection id."),
			"object":                strSchema("Salesforce object."),
			"sf_field":              strSchema("Salesforce field, as Salesforce spells it."),
			"app_field":             strSchema("App field."),
			"direction":             enumSchema("Direction.", "inbound", "outbound", "both"),
			"created_at":            timeSchema("Created."),
			"unmatched_app_options": arraySchema(obj{"type": "string"}, "On creation of a list mapping: app options no picklist value matches (by value or label, ignoring case)."),
			"unmatched_sf_values":   arraySchema(obj{"type": "string"}, "On creation of a list mapping: picklist values no app option matches."),
		}),
		"FieldMappingList": listSchema("FieldMapping"),
		"FieldChoices": objectSchema([]string{"object", "app_type", "app_field", "data"}, obj{
			"object":    strSchema("Salesforce object."),
			"app_type":  strSchema("The object's app type."),
			"app_field": schemaRef("AppField"),
			"data": arraySchema(objectSchema([]string{"name", "label", "type", "inbound_only"}, obj{
				"name":                strSchema("Salesforce field API name."),
				"label":               strSchema("Salesforce label."),
				"type":                strSchema("Salesforce field type."),
				"inbound_only":        boolSchema("Can only be read into the app."),
				"inbound_only_reason": strSchema("Why it cannot be written back."),
			}), "The compatible fields, in describe order."),
		}),
		"SyncRequest": objectSchema(nil, obj{
			"object": strSchema("The object to sync; leave out for every enabled object."),
		}),
		"Run":     objectSchema([]string{"connection_id", "object", "status", "duration_ms", "read", "created", "updated", "deleted", "unchanged", "failed", "api_calls"}, runProps),
		"RunList": listSchema("Run"),
		"RecordError": objectSchema([]string{"id", "object", "code", "message", "created_at"}, obj{
			"id":            strSchema("Error id."),
			"run_id":        strSchema("The run that found it."),
			"object":        strSchema("Salesforce object."),
			"app_id":        strSchema("The app record, when a push failed to write it."),
			"salesforce_id": strSchema("The record, when the error is about one."),
			"field":         strSchema("The Salesforce field, when the error is about one."),
			"code":          strSchema("Stable code, such as field_unavailable."),
			"message":       strSchema("The cause and the fix, in one line."),
			"cause":         strSchema("What went wrong (message's cause alone); absent for errors recorded before it was stored apart."),
			"fix":           strSchema("What to do (message's fix alone); absent for errors recorded before it was stored apart, or when there is no fix to offer."),
			"created_at":    timeSchema("When it was found."),
		}),
		"RecordErrorList": listSchema("RecordError"),
		"Record": objectSchema([]string{"id", "type", "fields", "deleted", "created_at", "updated_at"}, obj{
			"id":         strSchema("App record id."),
			"type":       strSchema("App type."),
			"fields":     obj{"type": "object", "description": "Field values by app field name: strings, exact decimal numbers, booleans, dates (YYYY-MM-DD), datetimes (RFC 3339, UTC), lists, and references as app record ids."},
			"deleted":    boolSchema("Deleted in Salesforce and kept marked; in a write's answer, also a record the write deleted."),
			"created_at": timeSchema("Created."),
			"updated_at": timeSchema("Last changed."),
		}),
		"RecordList":    listSchema("Record"),
		"WebhookCreate": objectSchema([]string{"url"}, obj{"url": obj{"type": "string", "format": "uri", "description": "Absolute http(s) URL, without user:password@."}}),
		"Webhook":       objectSchema([]string{"id", "url", "active", "created_at"}, webhook),
		"NewWebhook":    objectSchema([]string{"id", "url", "active", "created_at", "secret"}, newWebhook),
		"WebhookList":   listSchema("Webhook"),
		"Delivery": objectSchema([]string{"id", "endpoint_id", "event_id", "status", "attempts", "created_at", "updated_at"}, obj{
			"id":              strSchema("Delivery id."),
			"endpoint_id":     strSchema("Endpoint id."),
			"event_id":        intSchema("The event delivered (see the events route)."),
			"status":          enumSchema("Where it stands.", "pending", "delivered", "failed"),
			"attempts":        intSchema("Attempts made."),
			"last_status":     intSchema("HTTP status of the last attempt; absent when it got no answer."),
			"last_error":      strSchema("Why the last attempt failed."),
			"next_attempt_at": timeSchema("When a pending delivery is tried next."),
			"created_at":      timeSchema("Created."),
			"updated_at":      timeSchema("Last attempt."),
		}),
		"DeliveryList": listSchema("Delivery"),
	}
}
