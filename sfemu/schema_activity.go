package sfemu

// Activities (Task, Event) and Notes hang off other records through
// polymorphic lookups: WhoId names a person, WhatId a business record,
// Note.ParentId any record that keeps notes.

// activityWho and activityWhat are the objects an activity's WhoId and
// WhatId may point at in a new org (custom objects with activities
// enabled join WhatId when they are created).
var (
	activityWho  = []string{"Contact", "Lead"}
	activityWhat = []string{"Account", "Case", "Contract", "Opportunity", "Order", "Product2"}
	noteParents  = []string{"Account", "Contact", "Contract", "Lead", "Opportunity", "Order", "Product2"}
)

// activityLinks are the fields Task and Event share to relate to people
// and records; childName is Tasks or Events.
func activityLinks(childName string) []*Field {
	return []*Field{
		referenceField("WhoId", "Name ID", "Who", activityWho...).childRel(childName),
		referenceField("WhatId", "Related To ID", "What", activityWhat...).childRel(childName),
	}
}

// activitySubject is an activity's Subject: free text with suggestions,
// and the activity's name field although it may be empty.
func activitySubject(suggestions ...string) *Field {
	f := comboboxField("Subject", "Subject", 255, suggestions...)
	f.NameField = true
	return f
}

func taskObject() *Object {
	o := newObject("Task", "Task", "Tasks", "00T", true)
	o.ChangeEvent = true
	o.Undeletable, o.MRUEnabled = true, false
	o.add(activityLinks("Tasks")...)
	o.add(
		activitySubject("Call", "Send Letter", "Send Quote", "Other"),
		dateField("ActivityDate", "Due Date Only"),
		picklistField("Status", "Status", true,
			"Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred").
			notNull().defaultTo("Not Started"),
		picklistField("Priority", "Priority", true, "High", "Normal", "Low").
			notNull().defaultTo("Normal"),
		boolField("IsHighPriority", "High Priority").readOnly(),
		longTextArea("Description", "Description", 32000),
		picklistField("Type", "Type", false, "Call", "Email", "Meeting", "Other"),
		referenceField("AccountId", "Account ID", "Account", "Account").readOnly(),
		boolField("IsClosed", "Closed").readOnly(),
		boolField("IsArchived", "Archived").readOnly(),
		intField("CallDurationInSeconds", "Call Duration", 8),
		picklistField("CallType", "Call Type", true, "Internal", "Inbound", "Outbound"),
		textField("CallDisposition", "Call Result", 255),
		textField("CallObject", "Call Object Identifier", 255),
		dateTimeField("ReminderDateTime", "Reminder Date/Time"),
		boolField("IsReminderSet", "Reminder Set"),
		picklistField("TaskSubtype", "Task Subtype", true,
			"Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn").
			labelled("ListEmail", "List Email").createOnly().defaultTo("Task"),
		dateTimeField("CompletedDateTime", "Completed Date/Time").readOnly(),
		intField("WhoCount", "Relation Count", 9).readOnly(),
		intField("WhatCount", "Related To Count", 9).readOnly(),
	)
	return o
}

func eventObject() *Object {
	o := newObject("Event", "Event", "Events", "00U", true)
	o.ChangeEvent = true
	o.MRUEnabled = false
	o.add(activityLinks("Events")...)
	o.add(
		activitySubject("Call", "Email", "Meeting", "Send Letter/Quote", "Other"),
		textField("Location", "Location", 255),
		boolField("IsAllDayEvent", "All-Day Event"),
		dateTimeField("ActivityDateTime", "Due Date Time"),
		dateField("ActivityDate", "Due Date Only"),
		intField("DurationInMinutes", "Duration", 8),
		dateTimeField("StartDateTime", "Start Date Time"),
		dateTimeField("EndDateTime", "End Date Time"),
		dateField("EndDate", "End").readOnly(),
		longTextArea("Description", "Description", 32000),
		referenceField("AccountId", "Account ID", "Account", "Account").readOnly(),
		picklistField("Type", "Type", false, "Call", "Email", "Meeting", "Other"),
		boolField("IsPrivate", "Private"),
		picklistField("ShowAs", "Show Time As", true, "Busy", "OutOfOffice", "Free").
			labelled("OutOfOffice", "Out of Office").defaultTo("Busy"),
		boolField("IsChild", "Is Child").readOnly(),
		boolField("IsGroupEvent", "Group Event").readOnly(),
		boolField("IsArchived", "Archived").readOnly(),
		dateTimeField("ReminderDateTime", "Reminder Date/Time"),
		boolField("IsReminderSet", "Reminder Set"),
		picklistField("EventSubtype", "Event Subtype", true, "Event").createOnly().defaultTo("Event"),
	)
	return o
}

func noteObject() *Object {
	// Notes have no change events, no feed and no search.
	o := newObject("Note", "Note", "Notes", "002", true)
	o.Searchable, o.MRUEnabled = false, false
	o.add(
		referenceField("ParentId", "Parent ID", "Parent", noteParents...).
			notNull().createOnly().childRel("Notes").cascade(),
		textField("Title", "Title", 80).asName(),
		boolField("IsPrivate", "Private"),
		longTextArea("Body", "Body", 32000),
	)
	return o
}
