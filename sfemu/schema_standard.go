package sfemu

import "math"

// standardObjects returns the standard objects of a new Enterprise
// Edition org, freshly built on every call: each org changes its own
// copies (custom fields, picklist values) and must not share them.
// Child relationships are not linked yet; the org calls linkObjects once
// it has added everything.
func standardObjects() []*Object {
	return []*Object{
		accountObject(), contactObject(), leadObject(), opportunityObject(),
		taskObject(), eventObject(), noteObject(),
		contractObject(), orderObject(), orderItemObject(),
		product2Object(), pricebook2Object(), pricebookEntryObject(),
		caseObject(), caseCommentObject(),
		userObject(), profileObject(), organizationObject(), groupObject(),
		leadStatusObject(), recordTypeObject(), assignmentRuleObject(),
	}
}

// Picklist value sets several objects share, as a new org defines them.
var (
	industries = []string{
		"Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals",
		"Communications", "Construction", "Consulting", "Education",
		"Electronics", "Energy", "Engineering", "Entertainment",
		"Environmental", "Finance", "Food & Beverage", "Government",
		"Healthcare", "Hospitality", "Insurance", "Machinery",
		"Manufacturing", "Media", "Not For Profit", "Recreation", "Retail",
		"Shipping", "Technology", "Telecommunications", "Transportation",
		"Utilities", "Other",
	}
	leadSources = []string{"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"}
	ratings     = []string{"Hot", "Warm", "Cold"}
)

// cleanStatus is the Data.com clean status every prospect object carries.
func cleanStatus() *Field {
	return picklistField("CleanStatus", "Clean Status", false,
		"Matched", "Different", "Acknowledged", "NotFound", "Inactive",
		"Pending", "SelectMatch", "Skipped").
		labelled("Matched", "In Sync").labelled("Acknowledged", "Reviewed").
		labelled("NotFound", "Not Found").labelled("Pending", "Not Compared").
		labelled("SelectMatch", "Select Match")
}

// mruFields are the read-only dates an object with a recently-viewed list
// keeps per record.
func mruFields() []*Field {
	return []*Field{
		dateTimeField("LastViewedDate", "Last Viewed Date").readOnly(),
		dateTimeField("LastReferencedDate", "Last Referenced Date").readOnly(),
	}
}

// photoURL is the read-only link to a record's picture.
func photoURL() *Field {
	f := urlField("PhotoUrl", "Photo URL").readOnly()
	f.ExtraTypeInfo = "imageurl"
	return f
}

func accountObject() *Object {
	o := newObject("Account", "Account", "Accounts", "001", true)
	o.Mergeable, o.Feedenabled, o.ChangeEvent = true, true, true
	o.add(
		referenceField("MasterRecordId", "Master Record ID", "MasterRecord", "Account").readOnly(),
		textField("Name", "Account Name", 255).asName(),
		picklistField("Type", "Account Type", false,
			"Prospect", "Customer - Direct", "Customer - Channel",
			"Channel Partner / Reseller", "Installation Partner",
			"Technology Partner", "Other"),
		referenceField("ParentId", "Parent Account ID", "Parent", "Account").childRel("ChildAccounts"),
	)
	addAddress(o, "Billing", "Billing")
	addAddress(o, "Shipping", "Shipping")
	o.add(
		phoneField("Phone", "Account Phone"),
		phoneField("Fax", "Account Fax"),
		textField("AccountNumber", "Account Number", 40),
		urlField("Website", "Website"),
		photoURL(),
		textField("Sic", "SIC Code", 20),
		picklistField("Industry", "Industry", false, industries...),
		currencyField("AnnualRevenue", "Annual Revenue", 18, 0),
		intField("NumberOfEmployees", "Employees", 8),
		picklistField("Ownership", "Ownership", false, "Public", "Private", "Subsidiary", "Other"),
		textField("TickerSymbol", "Ticker Symbol", 20),
		longTextArea("Description", "Account Description", 32000),
		picklistField("Rating", "Account Rating", false, ratings...),
		textField("Site", "Account Site", 80),
		dateField("LastActivityDate", "Last Activity").readOnly(),
	)
	o.add(mruFields()...)
	o.add(
		textField("Jigsaw", "Data.com Key", 20),
		textField("JigsawCompanyId", "Jigsaw Company ID", 20).readOnly(),
		cleanStatus(),
		picklistField("AccountSource", "Account Source", false, leadSources...),
		textField("SicDesc", "SIC Description", 80),
	)
	return o
}

func contactObject() *Object {
	o := newObject("Contact", "Contact", "Contacts", "003", true)
	o.Mergeable, o.Feedenabled, o.ChangeEvent = true, true, true
	o.add(
		referenceField("MasterRecordId", "Master Record ID", "MasterRecord", "Contact").readOnly(),
		referenceField("AccountId", "Account ID", "Account", "Account").childRel("Contacts"),
	)
	addPersonName(o)
	addAddress(o, "Other", "Other")
	addAddress(o, "Mailing", "Mailing")
	o.add(
		phoneField("Phone", "Business Phone"),
		phoneField("Fax", "Business Fax"),
		phoneField("MobilePhone", "Mobile Phone"),
		phoneField("HomePhone", "Home Phone"),
		phoneField("OtherPhone", "Other Phone"),
		phoneField("AssistantPhone", "Asst. Phone"),
		referenceField("ReportsToId", "Reports To ID", "ReportsTo", "Contact"),
		emailField("Email", "Email").idLookup(),
		textField("Title", "Title", 128),
		textField("Department", "Department", 80),
		textField("AssistantName", "Assistant's Name", 40),
		picklistField("LeadSource", "Lead Source", false, leadSources...),
		dateField("Birthdate", "Birthdate"),
		longTextArea("Description", "Contact Description", 32000),
		boolField("HasOptedOutOfEmail", "Email Opt Out"),
		boolField("HasOptedOutOfFax", "Fax Opt Out"),
		boolField("DoNotCall", "Do Not Call"),
		dateField("LastActivityDate", "Last Activity").readOnly(),
		dateTimeField("LastCURequestDate", "Last Stay-in-Touch Request Date").readOnly(),
		dateTimeField("LastCUUpdateDate", "Last Stay-in-Touch Save Date").readOnly(),
	)
	o.add(mruFields()...)
	o.add(
		textField("EmailBouncedReason", "Email Bounced Reason", 255),
		dateTimeField("EmailBouncedDate", "Email Bounced Date"),
		boolField("IsEmailBounced", "Is Email Bounced").readOnly(),
		photoURL(),
		textField("Jigsaw", "Data.com Key", 20),
		textField("JigsawContactId", "Jigsaw Contact ID", 20).readOnly(),
		cleanStatus(),
	)
	return o
}

func leadObject() *Object {
	o := newObject("Lead", "Lead", "Leads", "00Q", true)
	o.Mergeable, o.Feedenabled, o.ChangeEvent = true, true, true
	// A queue can own a lead (web-to-lead assignment rules do that).
	o.Field("OwnerId").ReferenceTo = []string{"Group", "User"}
	o.add(referenceField("MasterRecordId", "Master Record ID", "MasterRecord", "Lead").readOnly())
	addPersonName(o)
	o.add(
		textField("Title", "Title", 128),
		textField("Company", "Company", 255).notNull(),
	)
	addAddress(o, "", "")
	o.add(
		phoneField("Phone", "Phone"),
		phoneField("MobilePhone", "Mobile Phone"),
		phoneField("Fax", "Fax"),
		emailField("Email", "Email").idLookup(),
		urlField("Website", "Website"),
		photoURL(),
		longTextArea("Description", "Description", 32000),
		picklistField("LeadSource", "Lead Source", false, leadSources...),
		picklistField("Status", "Status", true,
			"Open - Not Contacted", "Working - Contacted",
			"Closed - Converted", "Closed - Not Converted").
			notNull().defaultTo("Open - Not Contacted"),
		picklistField("Industry", "Industry", false, industries...),
		picklistField("Rating", "Rating", false, ratings...),
		currencyField("AnnualRevenue", "Annual Revenue", 18, 0),
		intField("NumberOfEmployees", "Employees", 8),
		boolField("HasOptedOutOfEmail", "Email Opt Out"),
		// Converted leads can be imported, but conversion state is
		// otherwise the org's to set (convertLead).
		boolField("IsConverted", "Converted").createOnly(),
		dateField("ConvertedDate", "Converted Date").readOnly(),
		referenceField("ConvertedAccountId", "Converted Account ID", "ConvertedAccount", "Account").readOnly(),
		referenceField("ConvertedContactId", "Converted Contact ID", "ConvertedContact", "Contact").readOnly(),
		referenceField("ConvertedOpportunityId", "Converted Opportunity ID", "ConvertedOpportunity", "Opportunity").readOnly(),
		boolField("IsUnreadByOwner", "Unread By Owner"),
		dateField("LastActivityDate", "Last Activity").readOnly(),
	)
	o.add(mruFields()...)
	o.add(
		textField("Jigsaw", "Data.com Key", 20),
		textField("JigsawContactId", "Jigsaw Contact ID", 20).readOnly(),
		cleanStatus(),
		textField("CompanyDunsNumber", "Company D-U-N-S Number", 9),
		textField("EmailBouncedReason", "Email Bounced Reason", 255),
		dateTimeField("EmailBouncedDate", "Email Bounced Date"),
		boolField("DoNotCall", "Do Not Call"),
		boolField("HasOptedOutOfFax", "Fax Opt Out"),
	)
	return o
}

// opportunityStageNames are the standard sales process stages in order;
// their probabilities live with the derive logic (opportunityStages).
var opportunityStageNames = []string{
	"Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
	"Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
	"Negotiation/Review", "Closed Won", "Closed Lost",
}

func opportunityObject() *Object {
	o := newObject("Opportunity", "Opportunity", "Opportunities", "006", true)
	o.Feedenabled, o.ChangeEvent = true, true
	o.add(
		referenceField("AccountId", "Account ID", "Account", "Account").childRel("Opportunities"),
		boolField("IsPrivate", "Private"),
		textField("Name", "Name", 120).asName(),
		longTextArea("Description", "Description", 32000),
		picklistField("StageName", "Stage", true, opportunityStageNames...).notNull(),
		currencyField("Amount", "Amount", 18, 2),
		percentField("Probability", "Probability (%)", 3, 0).defaulted(),
		formulaField("ExpectedRevenue", "Expected Amount", TypeCurrency,
			"Amount * Probability / 100", expectedRevenue),
		doubleField("TotalOpportunityQuantity", "Quantity", 18, 2),
		dateField("CloseDate", "Close Date").notNull(),
		picklistField("Type", "Opportunity Type", false,
			"Existing Customer - Upgrade", "Existing Customer - Replacement",
			"Existing Customer - Downgrade", "New Customer"),
		textField("NextStep", "Next Step", 255),
		picklistField("LeadSource", "Lead Source", false, leadSources...),
		boolField("IsClosed", "Closed").readOnly(),
		boolField("IsWon", "Won").readOnly(),
		picklistField("ForecastCategory", "Forecast Category", true,
			"Omitted", "Pipeline", "BestCase", "Forecast", "Closed").
			labelled("BestCase", "Best Case").labelled("Forecast", "Commit").
			readOnly().notNull().defaulted(),
		picklistField("ForecastCategoryName", "Forecast Category", true,
			"Omitted", "Pipeline", "Best Case", "Commit", "Closed").defaulted(),
		referenceField("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2").childRel("Opportunities"),
		boolField("HasOpportunityLineItem", "Has Line Item").readOnly(),
		dateField("LastActivityDate", "Last Activity").readOnly(),
		intField("FiscalQuarter", "Fiscal Quarter", 11).readOnly(),
		intField("FiscalYear", "Fiscal Year", 4).readOnly(),
		textField("Fiscal", "Fiscal Period", 6).readOnly(),
		referenceField("ContactId", "Contact ID", "Contact", "Contact").childRel("Opportunities"),
	)
	o.add(mruFields()...)
	o.add(
		boolField("HasOpenActivity", "Has Open Activity").readOnly(),
		boolField("HasOverdueTask", "Has Overdue Task").readOnly(),
		dateTimeField("LastStageChangeDate", "Last Stage Change Date").readOnly(),
	)
	return o
}

// expectedRevenue is Opportunity.ExpectedRevenue: the amount weighted by
// the probability, null while either is unknown.
func expectedRevenue(get func(string) any) any {
	amount, ok1 := get("Amount").(float64)
	probability, ok2 := get("Probability").(float64)
	if !ok1 || !ok2 {
		return nil
	}
	return math.Round(amount*probability) / 100
}
