package api

import (
	"strconv"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/users"
)

// The OpenAPI description of the host's users and their matches to
// Salesforce users; openapi.go merges it into the document.

var userOperations = []operation{
	{method: "PUT", path: "/v1/workspaces/{ws}/users", id: "putUsers", tag: "users", auth: "workspace",
		summary: "Send the host's users",
		description: "Creates or updates up to " + strconv.Itoa(users.MaxBatch) + " users of the host product, known by the host's id; users left out keep their values, so send them in several requests if needed. " +
			"status is active, inactive, suspended, deleted or extension (a destination such as a phone extension rather than a person). " +
			"An active user needs an email (a bare address such as ana@example.com); every email sent is checked. One bad user refuses the request, with a message starting users[i], and nothing is stored. " +
			"This calls no Salesforce API: matching waits for the next user sync of each connection. But a user who is no longer active loses its user mappings at once, on every connection: " +
			"the answer lists them in removed, with the reason (app_user_deleted, app_user_inactive, app_user_suspended, app_user_extension), and each is a user_mapping.removed event.",
		params: []string{"ws"}, body: "UsersPut", status: 200, result: "UsersPutResult", errors: []int{400, 401, 404, 413, 415}},
	{method: "GET", path: "/v1/workspaces/{ws}/users", id: "listUsers", tag: "users", auth: "workspace",
		summary: "List the host's users", description: "In the order they were first sent, then by id.",
		params: []string{"ws", "limit", "after"}, status: 200, result: "UserList", errors: []int{400, 401, 404}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/users/sync", id: "syncUsers", tag: "users", auth: "workspace",
		summary: "Match the host's users to Salesforce users",
		description: "Reads the org's users with one SOQL query (SELECT Id, Email, Name, IsActive, UserType FROM User; one API call per 2,000 users) and maps each active app user " +
			"to the active Salesforce user of the Standard user type with the same email, ignoring case. It never creates users in Salesforce or in the app. " +
			"A mapping that no longer holds is removed with its reason: salesforce_user_missing (the query no longer returns the user, or it is no longer a standard user), " +
			"salesforce_user_inactive, or email_changed (either side's email changed; the app user may match another Salesforce user in the same sync); each removal is a user_mapping.removed event. " +
			"A mapping that still holds is kept, even when another Salesforce user now has the same email. Active app users left unmatched are listed with no_salesforce_user, " +
			"or ambiguous_email when several active standard Salesforce users share their email.",
		params: []string{"ws", "id"}, status: 200, result: "UserSyncResult", errors: []int{401, 404, 409, 502}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/user-mappings", id: "listUserMappings", tag: "users", auth: "workspace",
		summary: "List the connection's user mappings", description: "Every active app user matched to a Salesforce user on the connection, by app user id.",
		params: []string{"ws", "id"}, status: 200, result: "UserMappingList", errors: []int{401, 404}},
}

func userSchemas() obj {
	statuses := make([]string, len(store.AppUserStatuses))
	for i, s := range store.AppUserStatuses {
		statuses[i] = string(s)
	}
	status := enumSchema("active; inactive, suspended or deleted (the person cannot own records); extension: a destination, not a person.", statuses...)
	removal := objectSchema([]string{"connection_id", "app_user_id", "salesforce_user_id", "email", "reason", "message"}, obj{
		"connection_id":      strSchema("Connection the mapping was on."),
		"app_user_id":        strSchema("App user."),
		"salesforce_user_id": strSchema("Salesforce user it mapped to."),
		"email":              strSchema("The email they had matched on."),
		"reason": enumSchema("Why it was removed.", string(users.ReasonAppUserDeleted), string(users.ReasonAppUserInactive), string(users.ReasonAppUserSuspended),
			string(users.ReasonAppUserExtension), string(users.ReasonSalesforceUserMissing), string(users.ReasonSalesforceUserInactive), string(users.ReasonEmailChanged)),
		"message": strSchema("The reason in words, naming both users."),
	})
	return obj{
		"UsersPut": objectSchema([]string{"users"}, obj{
			"users": obj{"type": "array", "maxItems": users.MaxBatch, "items": objectSchema([]string{"id", "status"}, obj{
				"id":     obj{"type": "string", "minLength": 1, "maxLength": users.MaxID, "description": "The host's id of the user, once per request."},
				"email":  obj{"type": "string", "format": "email", "maxLength": users.MaxEmail, "description": "Bare address; required for an active user."},
				"name":   obj{"type": "string", "maxLength": users.MaxName, "description": "Display name."},
				"status": status,
			})},
		}),
		"UsersPutResult": objectSchema([]string{"written", "removed"}, obj{
			"written": intSchema("Users the request held."),
			"removed": arraySchema(schemaRef("UserMappingRemoval"), "Mappings removed because their user is no longer active."),
		}),
		"User": objectSchema([]string{"id", "email", "name", "status", "created_at", "updated_at"}, obj{
			"id":         strSchema("The host's id."),
			"email":      strSchema("Email."),
			"name":       strSchema("Name."),
			"status":     status,
			"created_at": timeSchema("First sent."),
			"updated_at": timeSchema("Email, name or status last changed."),
		}),
		"UserList":           listSchema("User"),
		"UserMappingRemoval": removal,
		"UserMapping": objectSchema([]string{"connection_id", "app_user_id", "salesforce_user_id", "email", "matched_at"}, obj{
			"connection_id":      strSchema("Connection."),
			"app_user_id":        strSchema("App user."),
			"salesforce_user_id": strSchema("Salesforce user (18 characters)."),
			"email":              strSchema("The Salesforce user's email they matched on."),
			"matched_at":         timeSchema("When the pair was first matched."),
		}),
		"UserMappingList": objectSchema([]string{"data"}, obj{"data": arraySchema(schemaRef("UserMapping"), "By app user id.")}),
		"UserSyncResult": objectSchema([]string{"matched", "unmatched", "removed", "api_calls"}, obj{
			"matched": arraySchema(schemaRef("UserMapping"), "The connection's mappings after the sync, by app user id."),
			"unmatched": arraySchema(objectSchema([]string{"app_user_id", "email", "reason", "message"}, obj{
				"app_user_id": strSchema("Active app user."),
				"email":       strSchema("Its email."),
				"reason":      enumSchema("Why it has no mapping.", string(users.ReasonNoSalesforceUser), string(users.ReasonAmbiguousEmail)),
				"message":     strSchema("The reason in words: a deactivated or non-standard user with the email, or the users sharing it."),
			}), "Active app users without a mapping, by id."),
			"removed":   arraySchema(schemaRef("UserMappingRemoval"), "Mappings removed by this sync."),
			"api_calls": intSchema("Salesforce API calls the sync used."),
		}),
	}
}
