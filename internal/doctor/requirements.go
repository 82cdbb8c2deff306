package doctor

// Requirement is a field sfbridge itself works with, whatever the
// connection maps.
type Requirement struct {
	Object, Field string
	// Edit says sfbridge writes the field (on create and update), so the
	// user must be able to edit it, not only read it.
	Edit bool
}

// requirements are sfbridge's own needs, in report order: it creates
// leads and logs tasks, so it edits what those carry; it finds contacts
// by email and routes work to the account's owner, which it only reads;
// and a task's creator is set by Salesforce, never written.
var requirements = []Requirement{
	{"Lead", "Email", true},
	{"Lead", "LastName", true},
	{"Lead", "FirstName", true},
	{"Lead", "Company", true},
	{"Lead", "Phone", true},
	{"Lead", "Status", true},
	{"Lead", "LeadSource", true},
	{"Lead", "OwnerId", true},
	{"Contact", "Email", false},
	{"Account", "OwnerId", false},
	{"Task", "Description", true},
	{"Task", "CreatedById", false},
	{"Task", "ActivityDate", true},
	{"Task", "Subject", true},
	{"Task", "Type", true},
	{"Task", "Status", true},
	{"Task", "Priority", true},
	{"Task", "OwnerId", true},
}

// Requirements returns the fields sfbridge itself needs, in the order
// the doctor checks them.
func Requirements() []Requirement { return append([]Requirement(nil), requirements...) }
