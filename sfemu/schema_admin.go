package sfemu

// Setup objects: users, profiles, the organization itself, queues and the
// metadata-backed value lists (LeadStatus, RecordType). Most of them have
// no recycle bin, so no IsDeleted, and several are read-only over the
// data API.

// readOnlyObject turns off every write, search and trigger flag: the
// object can only be queried and retrieved.
func readOnlyObject(o *Object) *Object {
	o.Createable, o.Updateable, o.Deletable, o.Undeletable = false, false, false, false
	o.Searchable, o.Triggerable, o.Layoutable, o.MRUEnabled = false, false, false, false
	o.Replicateable = false
	for _, f := range o.Fields {
		f.readOnly()
	}
	return o
}

// Locale and time zone values a new org offers most often. Real orgs list
// several hundred; clients only need the values in use to be valid.
var (
	timeZones = [][2]string{
		{"Pacific/Honolulu", "(GMT-10:00) Hawaii-Aleutian Standard Time (Pacific/Honolulu)"},
		{"America/Anchorage", "(GMT-09:00) Alaska Standard Time (America/Anchorage)"},
		{"America/Los_Angeles", "(GMT-08:00) Pacific Standard Time (America/Los_Angeles)"},
		{"America/Denver", "(GMT-07:00) Mountain Standard Time (America/Denver)"},
		{"America/Phoenix", "(GMT-07:00) Mountain Standard Time (America/Phoenix)"},
		{"America/Chicago", "(GMT-06:00) Central Standard Time (America/Chicago)"},
		{"America/New_York", "(GMT-05:00) Eastern Standard Time (America/New_York)"},
		{"America/Sao_Paulo", "(GMT-03:00) Brasilia Standard Time (America/Sao_Paulo)"},
		{"GMT", "(GMT+00:00) Greenwich Mean Time (GMT)"},
		{"Europe/London", "(GMT+00:00) Greenwich Mean Time (Europe/London)"},
		{"Europe/Paris", "(GMT+01:00) Central European Standard Time (Europe/Paris)"},
		{"Europe/Berlin", "(GMT+01:00) Central European Standard Time (Europe/Berlin)"},
		{"Africa/Johannesburg", "(GMT+02:00) South Africa Standard Time (Africa/Johannesburg)"},
		{"Asia/Dubai", "(GMT+04:00) Gulf Standard Time (Asia/Dubai)"},
		{"Asia/Kolkata", "(GMT+05:30) India Standard Time (Asia/Kolkata)"},
		{"Asia/Singapore", "(GMT+08:00) Singapore Standard Time (Asia/Singapore)"},
		{"Asia/Tokyo", "(GMT+09:00) Japan Standard Time (Asia/Tokyo)"},
		{"Australia/Sydney", "(GMT+10:00) Australian Eastern Standard Time (Australia/Sydney)"},
	}
	locales = [][2]string{
		{"en_US", "English (United States)"}, {"en_GB", "English (United Kingdom)"},
		{"en_CA", "English (Canada)"}, {"en_AU", "English (Australia)"},
		{"de_DE", "German (Germany)"}, {"fr_FR", "French (France)"},
		{"es_ES", "Spanish (Spain)"}, {"it_IT", "Italian (Italy)"},
		{"nl_NL", "Dutch (Netherlands)"}, {"pt_BR", "Portuguese (Brazil)"},
		{"ja_JP", "Japanese (Japan)"}, {"zh_CN", "Chinese (China)"},
	}
	languages = [][2]string{
		{"en_US", "English"}, {"de", "German"}, {"es", "Spanish"}, {"fr", "French"},
		{"it", "Italian"}, {"ja", "Japanese"}, {"nl_NL", "Dutch"},
		{"pt_BR", "Portuguese (Brazil)"}, {"zh_CN", "Chinese (Simplified)"},
	}
	emailEncodings = [][2]string{
		{"UTF-8", "Unicode (UTF-8)"},
		{"ISO-8859-1", "General US & Western Europe (ISO-8859-1, ISO-LATIN-1)"},
		{"Shift_JIS", "Japanese (Shift-JIS)"}, {"ISO-2022-JP", "Japanese (JIS)"},
		{"EUC-JP", "Japanese (EUC)"}, {"ks_c_5601-1987", "Korean (ks_c_5601-1987)"},
		{"Big5", "Traditional Chinese (Big5)"}, {"GB2312", "Simplified Chinese (GB2312)"},
	}
	userTypes = []string{
		"Standard", "PowerPartner", "PowerCustomerSuccess", "CustomerSuccess",
		"Guest", "CspLitePortal", "CsnOnly", "SelfService",
	}
)

// labelledPicklist is a restricted picklist whose values have their own
// labels (time zones, locales).
func labelledPicklist(name, label string, pairs [][2]string) *Field {
	values := make([]string, len(pairs))
	for i, p := range pairs {
		values[i] = p[0]
	}
	f := picklistField(name, label, true, values...)
	for _, p := range pairs {
		f.labelled(p[0], p[1])
	}
	return f
}

func userObject() *Object {
	o := newObject("User", "User", "Users", "005", false)
	o.dropField("IsDeleted")
	// Users are deactivated, never deleted.
	o.Deletable, o.Undeletable = false, false
	o.Feedenabled, o.ChangeEvent = true, true
	o.add(
		textField("Username", "Username", 80).notNull().unique().idLookup(),
		textField("LastName", "Last Name", 80).notNull(),
		textField("FirstName", "First Name", 40),
	)
	o.Field("LastName").CompoundFieldName = "Name"
	o.Field("FirstName").CompoundFieldName = "Name"
	name := textField("Name", "Full Name", 121).readOnly().asName()
	name.ExtraTypeInfo = "personname"
	o.add(
		name,
		textField("CompanyName", "Company Name", 80),
		textField("Division", "Division", 80),
		textField("Department", "Department", 80),
		textField("Title", "Title", 80),
	)
	addAddress(o, "", "")
	o.add(
		emailField("Email", "Email").notNull(),
		phoneField("Phone", "Phone"),
		phoneField("Fax", "Fax"),
		phoneField("MobilePhone", "Mobile"),
		textField("Alias", "Alias", 8).notNull(),
		textField("CommunityNickname", "Nickname", 40).notNull().defaulted(),
		boolField("IsActive", "Active").defaultTo(true),
		labelledPicklist("TimeZoneSidKey", "Time Zone", timeZones).notNull(),
		labelledPicklist("LocaleSidKey", "Locale", locales).notNull(),
		boolField("ReceivesInfoEmails", "Info Emails"),
		boolField("ReceivesAdminInfoEmails", "Admin Info Emails"),
		labelledPicklist("EmailEncodingKey", "Email Encoding", emailEncodings).notNull(),
		referenceField("ProfileId", "Profile ID", "Profile", "Profile").notNull().childRel("Users"),
		picklistField("UserType", "User Type", true, userTypes...).readOnly().defaultTo("Standard"),
		labelledPicklist("LanguageLocaleKey", "Language", languages).notNull(),
		textField("EmployeeNumber", "Employee Number", 20),
		referenceField("ManagerId", "Manager ID", "Manager", "User").childRel("ManagedUsers"),
		dateTimeField("LastLoginDate", "Last Login").readOnly(),
		dateTimeField("LastPasswordChangeDate", "Last Password Change or Reset").readOnly(),
		textField("FederationIdentifier", "SAML Federation ID", 512),
		longTextArea("AboutMe", "About Me", 1000),
		urlField("FullPhotoUrl", "Url for full-sized Photo").readOnly(),
		urlField("SmallPhotoUrl", "Photo").readOnly(),
	)
	o.Field("Email").Length = 128
	o.Field("Email").IDLookup = true
	o.Field("FederationIdentifier").IDLookup = true
	o.add(mruFields()...)
	return o
}

func profileObject() *Object {
	o := newObject("Profile", "Profile", "Profiles", "00e", false)
	o.dropField("IsDeleted")
	o.add(
		textField("Name", "Name", 255).asName(),
		boolField("PermissionsApiEnabled", "API Enabled"),
		boolField("PermissionsModifyAllData", "Modify All Data"),
		boolField("PermissionsViewAllData", "View All Data"),
		picklistField("UserType", "User Type", true, userTypes...).readOnly().defaulted(),
		textField("Description", "Description", 255),
	)
	o.add(mruFields()...)
	readOnlyObject(o)
	o.Replicateable, o.MRUEnabled = true, true
	return o
}

func organizationObject() *Object {
	o := newObject("Organization", "Organization", "Organizations", "00D", false)
	o.dropField("IsDeleted")
	o.add(
		textField("Name", "Name", 80).asName(),
		textField("Division", "Division", 80),
	)
	addAddress(o, "", "")
	o.add(
		phoneField("Phone", "Phone"),
		phoneField("Fax", "Fax"),
		textField("PrimaryContact", "Primary Contact", 80),
		labelledPicklist("DefaultLocaleSidKey", "Locale", locales).notNull(),
		labelledPicklist("TimeZoneSidKey", "Time Zone", timeZones).notNull(),
		labelledPicklist("LanguageLocaleKey", "Language", languages).notNull(),
		boolField("ReceivesInfoEmails", "Info Emails"),
		boolField("ReceivesAdminInfoEmails", "Info Emails Admin"),
		boolField("PreferencesRequireOpportunityProducts", "RequireOpportunityProducts"),
		intField("FiscalYearStartMonth", "Fiscal Year Starts In", 2),
		boolField("UsesStartDateAsFiscalYearName", "Fiscal Year Name by Start"),
		picklistField("DefaultAccountAccess", "Default Account Access", true, "None", "Read", "Edit").
			labelled("None", "Private").labelled("Edit", "Read/Write"),
		picklistField("DefaultContactAccess", "Default Contact Access", true, "None", "Read", "Edit", "ControlledByParent").
			labelled("None", "Private").labelled("Edit", "Read/Write").labelled("ControlledByParent", "Controlled by Parent"),
		picklistField("DefaultOpportunityAccess", "Default Opportunity Access", true, "None", "Read", "Edit").
			labelled("None", "Private").labelled("Edit", "Read/Write"),
		picklistField("DefaultLeadAccess", "Default Lead Access", true, "None", "Read", "Edit", "ReadEditTransfer").
			labelled("None", "Private").labelled("Edit", "Read/Write").labelled("ReadEditTransfer", "Read/Write/Transfer"),
		picklistField("DefaultCaseAccess", "Default Case Access", true, "None", "Read", "Edit", "ReadEditTransfer").
			labelled("None", "Private").labelled("Edit", "Read/Write").labelled("ReadEditTransfer", "Read/Write/Transfer"),
		emailField("ComplianceBccEmail", "Compliance BCC Email"),
		picklistField("UiSkin", "UI Skin", true, "Theme1", "Theme2", "PortalDefault", "Webstore", "Theme3").
			labelled("Theme3", "Salesforce Lightning"),
		textField("SignupCountryIsoCode", "Signup Country", 2),
		dateTimeField("TrialExpirationDate", "Trial Expiration Date"),
		picklistField("OrganizationType", "Edition", true,
			"Team Edition", "Professional Edition", "Enterprise Edition",
			"Developer Edition", "Personal Edition", "Unlimited Edition",
			"Contact Manager Edition", "Base Edition"),
		textField("NamespacePrefix", "Namespace Prefix", 15),
		textField("InstanceName", "Instance Name", 5),
		boolField("IsSandbox", "Is Sandbox"),
		textField("WebToCaseDefaultOrigin", "Web to Cases Default Origin", 40),
		intField("MonthlyPageViewsUsed", "Monthly Page Views Used", 9),
		intField("MonthlyPageViewsEntitlement", "Monthly Page Views Allowed", 9),
		boolField("IsReadOnly", "Is Read Only"),
	)
	return readOnlyObject(o)
}

func groupObject() *Object {
	// Group is here because queues own Leads and Cases: OwnerId points at
	// Group as well as User, and describe must name an object that exists.
	o := newObject("Group", "Group", "Groups", "00G", false)
	o.dropField("IsDeleted")
	o.Undeletable, o.Searchable, o.Triggerable, o.Layoutable, o.MRUEnabled = false, false, false, false, false
	o.add(
		textField("Name", "Name", 40).asName(),
		textField("DeveloperName", "Developer Name", 80).defaulted(),
		picklistField("Type", "Type", true,
			"Regular", "Role", "RoleAndSubordinates", "RoleAndSubordinatesInternal",
			"Manager", "ManagerAndSubordinatesInternal", "Organization", "Queue").
			labelled("Regular", "Public Group").labelled("RoleAndSubordinates", "Role and subordinates").
			labelled("RoleAndSubordinatesInternal", "Role and internal subordinates").
			labelled("ManagerAndSubordinatesInternal", "Manager and subordinates").
			notNull().createOnly(),
		emailField("Email", "Email"),
		boolField("DoesSendEmailToMembers", "Send Email to Members"),
		boolField("DoesIncludeBosses", "Include Bosses"),
	)
	o.Field("Email").Length = 255
	return o
}

func leadStatusObject() *Object {
	// LeadStatus mirrors the Lead.Status value set; admins change it in
	// Setup, never through the data API.
	o := newObject("LeadStatus", "Lead Status Value", "Lead Status Values", "01J", false)
	o.dropField("IsDeleted")
	o.add(
		textField("MasterLabel", "Master Label", 255),
		textField("ApiName", "Api Name", 255).notNull(),
		intField("SortOrder", "Sort Order", 9),
		boolField("IsDefault", "Is Default"),
		boolField("IsConverted", "Is Converted"),
	)
	return readOnlyObject(o)
}

func recordTypeObject() *Object {
	o := newObject("RecordType", "Record Type", "Record Types", "012", false)
	o.dropField("IsDeleted")
	o.add(
		textField("Name", "Record Type Label", 80).asName(),
		textField("DeveloperName", "Record Type Name", 80).notNull(),
		textField("NamespacePrefix", "Namespace Prefix", 15),
		textField("Description", "Description", 255),
		picklistField("SobjectType", "SObject Type Name", true,
			"Account", "Case", "Contact", "Contract", "Event", "Lead",
			"Opportunity", "Order", "Pricebook2", "Product2", "Task").notNull(),
		boolField("IsActive", "Active"),
	)
	return readOnlyObject(o)
}
