package mapping

import (
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fieldSpec is one default field: the app field and the Salesforce field
// it maps to. readOnly marks fields Salesforce does not let clients write
// (formulas, auto-numbers, roll-ups, system fields); they map inbound.
type fieldSpec struct {
	name, label string
	typ         store.AppFieldType
	sf          string
	ref         string
	readOnly    bool
}

type objectSpec struct {
	object, appType, label string
	fields                 []fieldSpec
}

func textSpec(name, label, sf string) fieldSpec {
	return fieldSpec{name: name, label: label, typ: store.AppText, sf: sf}
}

func typedSpec(name, label string, t store.AppFieldType, sf string) fieldSpec {
	return fieldSpec{name: name, label: label, typ: t, sf: sf}
}

func refSpec(name, label, sf, appType string) fieldSpec {
	return fieldSpec{name: name, label: label, typ: store.AppReference, sf: sf, ref: appType}
}

func (f fieldSpec) inbound() fieldSpec { f.readOnly = true; return f }

// ownerSpec maps OwnerId to the app's users. A queue-owned record (OwnerId of
// a Group) has no app user; the sync engine leaves the owner unset.
var ownerSpec = refSpec("owner", "Owner", "OwnerId", "user")

// Lists have no options by default: they are open and take the org's
// picklist values as they are, since orgs customise these picklists
// (stages, statuses) more than anything else.
var defaultSpecs = []objectSpec{
	{object: "Lead", appType: "lead", label: "Lead", fields: []fieldSpec{
		textSpec("first_name", "First name", "FirstName"),
		textSpec("last_name", "Last name", "LastName"),
		textSpec("company", "Company", "Company"),
		textSpec("title", "Title", "Title"),
		typedSpec("email", "Email", store.AppEmail, "Email"),
		typedSpec("phone", "Phone", store.AppPhone, "Phone"),
		typedSpec("mobile", "Mobile", store.AppPhone, "MobilePhone"),
		typedSpec("website", "Website", store.AppURL, "Website"),
		typedSpec("status", "Status", store.AppList, "Status"),
		typedSpec("lead_source", "Lead source", store.AppList, "LeadSource"),
		typedSpec("industry", "Industry", store.AppList, "Industry"),
		typedSpec("annual_revenue", "Annual revenue", store.AppCurrency, "AnnualRevenue"),
		typedSpec("employees", "Employees", store.AppNumber, "NumberOfEmployees"),
		textSpec("city", "City", "City"),
		textSpec("country", "Country", "Country"),
		ownerSpec,
		typedSpec("converted_date", "Converted on", store.AppDate, "ConvertedDate").inbound(),
	}},
	{object: "Contact", appType: "contact", label: "Contact", fields: []fieldSpec{
		textSpec("first_name", "First name", "FirstName"),
		textSpec("last_name", "Last name", "LastName"),
		typedSpec("email", "Email", store.AppEmail, "Email"),
		typedSpec("phone", "Phone", store.AppPhone, "Phone"),
		typedSpec("mobile", "Mobile", store.AppPhone, "MobilePhone"),
		textSpec("title", "Title", "Title"),
		refSpec("account", "Account", "AccountId", "account"),
		ownerSpec,
		textSpec("mailing_city", "Mailing city", "MailingCity"),
		textSpec("mailing_state", "Mailing state", "MailingState"),
		textSpec("mailing_postal_code", "Mailing postal code", "MailingPostalCode"),
		textSpec("mailing_country", "Mailing country", "MailingCountry"),
		typedSpec("lead_source", "Lead source", store.AppList, "LeadSource"),
		typedSpec("birthdate", "Birthdate", store.AppDate, "Birthdate"),
		typedSpec("email_opt_out", "Email opt out", store.AppBoolean, "HasOptedOutOfEmail"),
	}},
	{object: "Account", appType: "account", label: "Account", fields: []fieldSpec{
		textSpec("name", "Name", "Name"),
		typedSpec("type", "Type", store.AppList, "Type"),
		refSpec("parent", "Parent account", "ParentId", "account"),
		typedSpec("phone", "Phone", store.AppPhone, "Phone"),
		typedSpec("website", "Website", store.AppURL, "Website"),
		typedSpec("industry", "Industry", store.AppList, "Industry"),
		typedSpec("annual_revenue", "Annual revenue", store.AppCurrency, "AnnualRevenue"),
		typedSpec("employees", "Employees", store.AppNumber, "NumberOfEmployees"),
		typedSpec("billing_street", "Billing street", store.AppLongText, "BillingStreet"),
		textSpec("billing_city", "Billing city", "BillingCity"),
		textSpec("billing_state", "Billing state", "BillingState"),
		textSpec("billing_postal_code", "Billing postal code", "BillingPostalCode"),
		textSpec("billing_country", "Billing country", "BillingCountry"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		ownerSpec,
	}},
	{object: "Opportunity", appType: "opportunity", label: "Opportunity", fields: []fieldSpec{
		textSpec("name", "Name", "Name"),
		refSpec("account", "Account", "AccountId", "account"),
		refSpec("contact", "Contact", "ContactId", "contact"),
		typedSpec("stage", "Stage", store.AppList, "StageName"),
		typedSpec("amount", "Amount", store.AppCurrency, "Amount"),
		typedSpec("probability", "Probability", store.AppPercent, "Probability"),
		typedSpec("close_date", "Close date", store.AppDate, "CloseDate"),
		typedSpec("type", "Type", store.AppList, "Type"),
		textSpec("next_step", "Next step", "NextStep"),
		typedSpec("lead_source", "Lead source", store.AppList, "LeadSource"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		ownerSpec,
		typedSpec("expected_revenue", "Expected revenue", store.AppCurrency, "ExpectedRevenue").inbound(),
		typedSpec("closed", "Closed", store.AppBoolean, "IsClosed").inbound(),
		typedSpec("won", "Won", store.AppBoolean, "IsWon").inbound(),
	}},
	// WhoId and WhatId are polymorphic; the defaults follow the common
	// case (a contact, an account) and link only records of that object.
	{object: "Task", appType: "task", label: "Task", fields: []fieldSpec{
		textSpec("subject", "Subject", "Subject"),
		typedSpec("due_date", "Due date", store.AppDate, "ActivityDate"),
		typedSpec("status", "Status", store.AppList, "Status"),
		typedSpec("priority", "Priority", store.AppList, "Priority"),
		typedSpec("type", "Type", store.AppList, "Type"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		refSpec("who", "Name", "WhoId", "contact"),
		refSpec("what", "Related to", "WhatId", "account"),
		refSpec("account", "Account", "AccountId", "account").inbound(),
		ownerSpec,
		typedSpec("reminder_at", "Reminder", store.AppDateTime, "ReminderDateTime"),
		typedSpec("call_duration", "Call duration (s)", store.AppNumber, "CallDurationInSeconds"),
		typedSpec("closed", "Closed", store.AppBoolean, "IsClosed").inbound(),
		typedSpec("completed_at", "Completed at", store.AppDateTime, "CompletedDateTime").inbound(),
	}},
	// Note.ParentId may point at most records; the default links notes
	// on accounts.
	{object: "Note", appType: "note", label: "Note", fields: []fieldSpec{
		textSpec("title", "Title", "Title"),
		typedSpec("body", "Body", store.AppLongText, "Body"),
		typedSpec("private", "Private", store.AppBoolean, "IsPrivate"),
		refSpec("parent", "Parent", "ParentId", "account"),
		ownerSpec,
		typedSpec("created_at", "Created at", store.AppDateTime, "CreatedDate").inbound(),
		typedSpec("updated_at", "Updated at", store.AppDateTime, "LastModifiedDate").inbound(),
	}},
	{object: "Order", appType: "order", label: "Order", fields: []fieldSpec{
		textSpec("order_number", "Order number", "OrderNumber").inbound(),
		textSpec("name", "Name", "Name"),
		refSpec("account", "Account", "AccountId", "account"),
		typedSpec("status", "Status", store.AppList, "Status"),
		typedSpec("start_date", "Start date", store.AppDate, "EffectiveDate"),
		typedSpec("end_date", "End date", store.AppDate, "EndDate"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		textSpec("po_number", "PO number", "PoNumber"),
		typedSpec("po_date", "PO date", store.AppDate, "PoDate"),
		refSpec("bill_to", "Bill-to contact", "BillToContactId", "contact"),
		textSpec("billing_city", "Billing city", "BillingCity"),
		textSpec("billing_country", "Billing country", "BillingCountry"),
		ownerSpec,
		typedSpec("activated_at", "Activated at", store.AppDateTime, "ActivatedDate"),
		typedSpec("total_amount", "Total amount", store.AppCurrency, "TotalAmount").inbound(),
	}},
	{object: "Product2", appType: "product", label: "Product", fields: []fieldSpec{
		textSpec("name", "Name", "Name"),
		textSpec("code", "Product code", "ProductCode"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		typedSpec("active", "Active", store.AppBoolean, "IsActive"),
		typedSpec("family", "Family", store.AppList, "Family"),
		textSpec("sku", "SKU", "StockKeepingUnit"),
		textSpec("external_id", "External ID", "ExternalId"),
		typedSpec("display_url", "Display URL", store.AppURL, "DisplayUrl"),
		typedSpec("unit", "Unit of measure", store.AppList, "QuantityUnitOfMeasure"),
		typedSpec("archived", "Archived", store.AppBoolean, "IsArchived").inbound(),
		typedSpec("created_at", "Created at", store.AppDateTime, "CreatedDate").inbound(),
	}},
	{object: "Case", appType: "case", label: "Case", fields: []fieldSpec{
		textSpec("case_number", "Case number", "CaseNumber").inbound(),
		textSpec("subject", "Subject", "Subject"),
		typedSpec("description", "Description", store.AppLongText, "Description"),
		typedSpec("status", "Status", store.AppList, "Status"),
		typedSpec("priority", "Priority", store.AppList, "Priority"),
		typedSpec("origin", "Origin", store.AppList, "Origin"),
		typedSpec("type", "Type", store.AppList, "Type"),
		typedSpec("reason", "Reason", store.AppList, "Reason"),
		refSpec("contact", "Contact", "ContactId", "contact"),
		refSpec("account", "Account", "AccountId", "account"),
		refSpec("parent", "Parent case", "ParentId", "case"),
		ownerSpec,
		typedSpec("supplied_email", "Web email", store.AppEmail, "SuppliedEmail"),
		typedSpec("escalated", "Escalated", store.AppBoolean, "IsEscalated"),
		typedSpec("closed", "Closed", store.AppBoolean, "IsClosed").inbound(),
		typedSpec("closed_at", "Closed at", store.AppDateTime, "ClosedDate").inbound(),
	}},
}

// DefaultObjects lists the standard objects [Defaults] knows, in the
// order the product presents them.
func DefaultObjects() []string {
	names := make([]string, len(defaultSpecs))
	for i, s := range defaultSpecs {
		names[i] = s.object
	}
	return names
}

// Defaults returns the default app type and field mappings for a
// standard object (Lead, Contact, Account, Opportunity, Task, Note,
// Order, Product2, Case; any case), or a zero AppType and nil when the
// object has none. Mappings go both ways except for fields Salesforce
// does not let clients write, which go inbound. The result is the
// caller's to change: nothing is shared between calls.
//
// The mappings have no ConnectionID or ID; the caller sets them.
func Defaults(object string) (store.AppType, []store.FieldMapping) {
	for _, s := range defaultSpecs {
		if !strings.EqualFold(s.object, object) {
			continue
		}
		t := store.AppType{Name: s.appType, Label: s.label, Fields: make([]store.AppField, len(s.fields))}
		ms := make([]store.FieldMapping, len(s.fields))
		for i, f := range s.fields {
			t.Fields[i] = store.AppField{Name: f.name, Label: f.label, Type: f.typ, RefType: f.ref}
			dir := Both
			if f.readOnly {
				dir = Inbound
			}
			ms[i] = store.FieldMapping{Object: s.object, SFField: f.sf, AppField: f.name, Direction: dir}
		}
		return t, ms
	}
	return store.AppType{}, nil
}
