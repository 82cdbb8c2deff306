package api

import (
	"strconv"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/picklist"
	"github.com/sfbridge/sfbridge/internal/store"
)

// The OpenAPI description of issue 8's value lists: sourcing exclusion
// rules and their check, lead statuses and the host's dispositions, and
// picklist values; openapi.go merges it into the document.

var issue8ValueOperations = []operation{
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/exclusions", id: "createExclusionRule", tag: "exclusions", auth: "workspace",
		summary: "Add a sourcing exclusion rule",
		description: "A rule says which people or companies already in Salesforce the host must not reach out to. Kinds: any_contact (every Contact); " +
			"lead_status (Leads whose Status is one of values); account_type (Accounts whose Type is one of values); " +
			"owner (Contacts, Leads and Accounts owned by the Salesforce users or queues whose ids are values, stored in 18-character form); " +
			"open_opportunity (Accounts with an open Opportunity, IsClosed = false). " +
			"A company rule (account_type, owner, open_opportunity) also excludes the Account's people: its Contacts, and any Contact, Lead or email address whose domain is the Account's Website domain. " +
			"Values compare ignoring case. A connection has at most " + strconv.Itoa(store.MaxExclusionRules) + " rules (409 beyond).",
		params: []string{"ws", "id"}, body: "ExclusionRuleCreate", status: 201, result: "ExclusionRule", errors: []int{400, 401, 404, 409, 413, 415}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/exclusions", id: "listExclusionRules", tag: "exclusions", auth: "workspace",
		summary: "List the exclusion rules", description: "Oldest first, all in one page.",
		params: []string{"ws", "id"}, status: 200, result: "ExclusionRuleList", errors: []int{401, 404}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}", id: "getExclusionRule", tag: "exclusions", auth: "workspace",
		summary: "Get an exclusion rule", params: []string{"ws", "id", "rule_id"}, status: 200, result: "ExclusionRule", errors: []int{401, 404}},
	{method: "DELETE", path: "/v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}", id: "deleteExclusionRule", tag: "exclusions", auth: "workspace",
		summary: "Delete an exclusion rule", params: []string{"ws", "id", "rule_id"}, status: 204, errors: []int{401, 404}},
	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/exclusions/check", id: "checkExclusions", tag: "exclusions", auth: "workspace",
		summary: "Check emails, domains and phone numbers against the exclusion rules",
		description: "Answers, for each value, whether the connection's rules exclude it, with every rule that does and the Salesforce record it matched " +
			"(and, for a company rule reached through a person, that person as via). Up to " + strconv.Itoa(exclusion.MaxCheckValues) + " values in all. " +
			"An email is excluded by a Contact or Lead with that email (ignoring case) that a rule excludes, or by an excluded Account of its domain; " +
			"a domain by an excluded Account whose Website has that domain (without www.); a phone number by a Contact (Phone, MobilePhone, HomePhone, OtherPhone), " +
			"Lead (Phone, MobilePhone) or Account (Phone) with the same number once both are normalized to E.164 (numbers without a country code are read in region, default US). " +
			"Salesforce is read in batches (IN lists, LIKE conditions), a few queries per list whatever its length; queries says how many. " +
			"A value that is not an email, domain or phone number answers invalid and is not excluded.",
		params: []string{"ws", "id"}, body: "ExclusionCheck", status: 200, result: "ExclusionCheckResult", errors: []int{400, 401, 404, 409, 413, 415, 502}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/lead-statuses/pull", id: "pullLeadStatuses", tag: "lead statuses", auth: "workspace",
		summary: "Pull the org's lead statuses",
		description: "Reads the LeadStatus values (value, label, order, converted, default) and stores them as the connection's list, replacing the last pull. " +
			"Until the host puts its own dispositions, the dispositions are the statuses themselves. The answer adds the values that appeared (added) and went away (removed) since the last pull; " +
			"dispositions mapped to a removed status become unmapped.",
		params: []string{"ws", "id"}, status: 200, result: "LeadStatuses", errors: []int{401, 404, 409, 502}},
	{method: "GET", path: "/v1/workspaces/{ws}/connections/{id}/lead-statuses", id: "getLeadStatuses", tag: "lead statuses", auth: "workspace",
		summary:     "Get the lead statuses and the dispositions mapped to them",
		description: "The statuses as last pulled, in order, each with the dispositions that map to it; the dispositions; and what is unmapped both ways.",
		params:      []string{"ws", "id"}, status: 200, result: "LeadStatuses", errors: []int{401, 404}},
	{method: "PUT", path: "/v1/workspaces/{ws}/connections/{id}/lead-statuses/mapping", id: "putLeadStatusMapping", tag: "lead statuses", auth: "workspace",
		summary: "Map the host's dispositions to lead statuses",
		description: "Replaces the host's dispositions, in order: each name (unique ignoring case) with the lead status value it stands for in Salesforce, or no status to keep it unmapped. " +
			"A status must be one of those pulled (any case; stored in Salesforce's spelling); 409 before any pull. Several dispositions may share a status: " +
			"reading that status from Salesforce gives the first of them. Up to " + strconv.Itoa(leadstatus.MaxDispositions) + " dispositions.",
		params: []string{"ws", "id"}, body: "LeadStatusMapping", status: 200, result: "LeadStatuses", errors: []int{400, 401, 404, 409, 413, 415}},

	{method: "POST", path: "/v1/workspaces/{ws}/connections/{id}/objects/{object}/picklist-values", id: "reconcilePicklist", tag: "mappings", auth: "workspace",
		summary: "Reconcile an app list field's options with a picklist, adding the missing values",
		description: "Matches the options of the app field (of the object mapping's app type) to the picklist's active values, by value then label, ignoring case. " +
			"With add true (the Salesforce admin agrees to change the org), options with no value are added to a custom picklist through the Tooling API " +
			"(the connected user needs Customize Application). An option is never added, and is listed unmatched with a reason and what to do, when the picklist is restricted (restricted), " +
			"read-only for the connected user (read_only), a standard picklist, whose values are changed in Setup (standard_picklist, with the Setup path), " +
			"takes its values from a global value set (global_value_set), has the value inactive (inactive), when the user lacks the permission (no_permission), " +
			"when Salesforce cannot hold it as a value (invalid_value), or when add is false (not_allowed).",
		params: []string{"ws", "id", "object"}, body: "PicklistValuesRequest", status: 200, result: "PicklistValues", errors: []int{400, 401, 404, 409, 413, 415, 502}},
}

func issue8ValueParameters() obj {
	return obj{
		"rule_id": obj{"name": "rule_id", "in": "path", "required": true, "description": "Exclusion rule id (exr_...).", "schema": obj{"type": "string"}},
	}
}

func issue8ValueSchemas() obj {
	kinds := make([]string, len(store.ExclusionKinds))
	for i, k := range store.ExclusionKinds {
		kinds[i] = string(k)
	}
	values := obj{"type": "array", "maxItems": store.MaxExclusionValues,
		"items":       obj{"type": "string", "minLength": 1, "maxLength": store.MaxExclusionValueLen},
		"description": "lead_status: Lead Status values; account_type: Account Type values; owner: user (005...) or queue (00G...) ids. Other kinds take none."}
	record := objectSchema([]string{"object", "id", "name"}, obj{
		"object": enumSchema("Salesforce object.", "Contact", "Lead", "Account"),
		"id":     strSchema("Salesforce record id."),
		"name":   strSchema("The record's name."),
	})
	verdict := objectSchema([]string{"value", "excluded", "matches"}, obj{
		"value":      strSchema("The value as sent."),
		"normalized": strSchema("What was compared: the lower-case email or domain, the E.164 phone number."),
		"excluded":   boolSchema("Whether a rule excludes it."),
		"invalid":    strSchema("Why the value could not be checked (not an email, domain or phone number)."),
		"matches": arraySchema(objectSchema([]string{"rule_id", "rule_kind", "record"}, obj{
			"rule_id":   strSchema("The rule."),
			"rule_kind": enumSchema("The rule's kind.", kinds...),
			"record":    record,
			"via":       record,
		}), "Every rule that excludes the value, in rule order, each with the record it matched."),
	})
	checkList := func(desc string) obj {
		return obj{"type": "array", "items": obj{"type": "string", "maxLength": 320}, "description": desc}
	}
	reasons := []string{string(picklist.ReasonNotAllowed), string(picklist.ReasonRestricted), string(picklist.ReasonReadOnly),
		string(picklist.ReasonStandardPicklist), string(picklist.ReasonGlobalValueSet), string(picklist.ReasonInactive),
		string(picklist.ReasonNoPermission), string(picklist.ReasonInvalidValue)}
	return obj{
		"ExclusionRuleCreate": objectSchema([]string{"kind"}, obj{
			"kind":   enumSchema("What the rule matches.", kinds...),
			"name":   obj{"type": "string", "maxLength": 200, "description": "The host's label for the rule."},
			"values": values,
		}),
		"ExclusionRule": objectSchema([]string{"id", "kind", "values", "created_at"}, obj{
			"id":         strSchema("Rule id."),
			"kind":       enumSchema("What the rule matches.", kinds...),
			"name":       strSchema("The host's label."),
			"values":     values,
			"created_at": timeSchema("Creation time."),
		}),
		"ExclusionRuleList": listSchema("ExclusionRule"),
		"ExclusionCheck": objectSchema(nil, obj{
			"emails":  checkList("Email addresses."),
			"domains": checkList("Company domains or websites (acme.com, https://www.acme.com/)."),
			"phones":  checkList("Phone numbers, written any way."),
			"region":  obj{"type": "string", "pattern": "^[A-Z]{2}$", "default": "US", "description": "Country of phone numbers written without a country code, on both sides."},
		}),
		"ExclusionCheckResult": objectSchema([]string{"emails", "domains", "phones", "queries"}, obj{
			"emails":  arraySchema(verdict, "One per email sent, in order."),
			"domains": arraySchema(verdict, "One per domain sent, in order."),
			"phones":  arraySchema(verdict, "One per phone number sent, in order."),
			"queries": intSchema("SOQL queries the check sent."),
		}),

		"LeadStatuses": objectSchema([]string{"statuses", "dispositions", "custom", "unmapped_dispositions", "unmapped_statuses"}, obj{
			"statuses": arraySchema(objectSchema([]string{"value", "label", "order", "converted", "default", "dispositions"}, obj{
				"value":        strSchema("What Lead.Status holds."),
				"label":        strSchema("The status's label."),
				"order":        intSchema("Its place in Salesforce's list."),
				"converted":    boolSchema("A converted lead's status."),
				"default":      boolSchema("The status of new leads."),
				"dispositions": arraySchema(obj{"type": "string"}, "The dispositions that map to it."),
			}), "As last pulled, in order."),
			"dispositions": arraySchema(schemaRef("Disposition"), "The host's dispositions, in order; before any were put, one per status named as its value."),
			"custom":       boolSchema("Whether the host put its own dispositions."),
			"unmapped_dispositions": arraySchema(objectSchema([]string{"name", "reason"}, obj{
				"name":   strSchema("Disposition."),
				"status": strSchema("The status it maps to, no longer in the org."),
				"reason": enumSchema("no_status: mapped to none; status_gone: its status was not in the last pull.", leadstatus.UnmappedNoStatus, leadstatus.UnmappedStatusGone),
			}), "Dispositions with no Salesforce status: writing one leaves Lead.Status alone."),
			"unmapped_statuses": arraySchema(obj{"type": "string"}, "Status values no disposition maps to: leads in them reach the app with no disposition."),
			"pulled_at":         timeSchema("The last pull; absent before any."),
			"added":             arraySchema(obj{"type": "string"}, "On a pull: status values new since the last pull."),
			"removed":           arraySchema(obj{"type": "string"}, "On a pull: status values gone since the last pull."),
		}),
		"Disposition": objectSchema([]string{"name"}, obj{
			"name":   obj{"type": "string", "minLength": 1, "maxLength": 255, "description": "The host's disposition name."},
			"status": strSchema("The lead status value it stands for; absent for none."),
		}),
		"LeadStatusMapping": objectSchema([]string{"dispositions"}, obj{
			"dispositions": obj{"type": "array", "minItems": 1, "maxItems": leadstatus.MaxDispositions, "items": schemaRef("Disposition")},
		}),

		"PicklistValuesRequest": objectSchema([]string{"app_field", "sf_field"}, obj{
			"app_field": strSchema("A list or multi_list field of the app type the object is mapped to."),
			"sf_field":  strSchema("The Salesforce picklist or multi-select picklist field."),
			"add":       obj{"type": "boolean", "default": false, "description": "Add the options with no value to the picklist (the admin agrees to change the org)."},
		}),
		"PicklistValues": objectSchema([]string{"object", "sf_field", "app_type", "app_field", "matched", "added", "unmatched"}, obj{
			"object":    strSchema("Salesforce object."),
			"sf_field":  strSchema("Salesforce field, in Salesforce's spelling."),
			"app_type":  strSchema("App type."),
			"app_field": strSchema("App field."),
			"matched": arraySchema(objectSchema([]string{"option", "value"}, obj{
				"option": strSchema("App option."), "value": strSchema("The picklist value it stands for."),
			}), "Options with a value."),
			"added": arraySchema(obj{"type": "string"}, "Options added to the picklist as values."),
			"unmatched": arraySchema(objectSchema([]string{"option", "reason", "message"}, obj{
				"option":  strSchema("App option."),
				"reason":  enumSchema("Why it was not added.", reasons...),
				"message": strSchema("What to do, with the Setup path."),
			}), "Options with no value."),
			"notes": arraySchema(obj{"type": "string"}, "Advice for the whole field, such as enabling new values on record types."),
		}),
	}
}
