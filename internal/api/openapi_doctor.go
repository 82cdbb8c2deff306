package api

import (
	"strconv"

	"github.com/sfbridge/sfbridge/internal/doctor"
)

// The OpenAPI description of the doctor; openapi.go merges it into the
// document.

var doctorOperations = []operation{
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/doctor", id: "runDoctor", tag: "connections", auth: "workspace",
		summary: "Check that the connected user can do what sfbridge needs",
		description: "Checks the connection with its own token: the token is accepted, API access is enabled, the daily API allocation is not used up " +
			"(warn under 10% left, fail when none is), and the Salesforce user has not approved the same connected app so often since that Salesforce's cap of 5 approvals drops this token. " +
			"Then, one describe per object, that the user can read and edit what sfbridge needs: its own fields (Lead Email, LastName, FirstName, Company, Phone, Status, LeadSource and OwnerId; Contact Email; Account OwnerId; " +
			"Task Description, ActivityDate, Subject, Type, Status, Priority and OwnerId, and CreatedById readable) and every mapped field " +
			"(readable when mapped inbound or both, settable on create and editable on update when mapped outbound or both and the object's create_direction or update_direction is both), " +
			"and that restricted picklists written from app list fields have every option of the app field. " +
			"Give objects to check only those, whether or not their mappings are enabled (before enabling one); otherwise sfbridge's own objects and every enabled mapping are checked. " +
			"Every check passes, warns or fails, and one that does not pass says how to fix it in Salesforce or in sfbridge. A failing check is still a 200 answer, with ok false. " +
			"A failure that concerns the whole connection (refused token, exhausted limit, API disabled) moves the connection's status as a sync would; when every connection check passes on a connection marked not synced, Test Connection runs so syncing resumes.",
		params: []string{"ws", "id"}, body: "DoctorRequest", bodyOptional: true, status: 200, result: "DoctorReport", errors: []int{400, 401, 404, 413, 415}},
}

func doctorSchemas() obj {
	return obj{
		"DoctorRequest": objectSchema(nil, obj{
			"objects": obj{"type": "array", "maxItems": maxDoctorObjects, "items": obj{"type": "string", "pattern": objectNameRE.String()},
				"description": "Salesforce objects to check; leave out for sfbridge's own objects and every enabled mapping. At most " + strconv.Itoa(maxDoctorObjects) + "."},
		}),
		"DoctorCheck": objectSchema([]string{"id", "title", "status", "message"}, obj{
			"id": enumSchema("What was checked.", doctor.CheckConnected, doctor.CheckToken, doctor.CheckAPIEnabled, doctor.CheckAPIBudget, doctor.CheckApprovalCap,
				doctor.CheckObjectAccess, doctor.CheckFieldAccess, doctor.CheckPicklist, doctor.CheckMapping),
			"title":   strSchema("The check in a few words, such as Task.Type readable and editable."),
			"status":  enumSchema("The verdict: only fail makes the report not ok.", string(doctor.Pass), string(doctor.Warn), string(doctor.Fail)),
			"object":  strSchema("The Salesforce object checked, for object, field and picklist checks."),
			"field":   strSchema("The Salesforce field checked, for field and picklist checks."),
			"message": strSchema("What was found."),
			"fix":     strSchema("What to do, for a check that did not pass."),
		}),
		"DoctorReport": objectSchema([]string{"workspace_id", "connection_id", "ok", "checks", "summary", "api_calls", "checked_at"}, obj{
			"workspace_id":  strSchema("Workspace."),
			"connection_id": strSchema("Connection checked."),
			"ok":            boolSchema("No check failed (warnings allowed)."),
			"checks":        obj{"type": "array", "items": schemaRef("DoctorCheck"), "description": "The connection's checks first, then each object's, in order."},
			"summary": objectSchema([]string{"pass", "warn", "fail"}, obj{
				"pass": intSchema("Checks that passed."), "warn": intSchema("Checks that warned."), "fail": intSchema("Checks that failed."),
			}),
			"api_calls":  intSchema("Salesforce API calls the checks used: one for the connection checks and one describe per object."),
			"checked_at": timeSchema("When the checks ran."),
		}),
	}
}
