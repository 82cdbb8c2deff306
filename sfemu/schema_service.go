package sfemu

// Service objects: Cases and the comments support agents add to them.

func caseObject() *Object {
	o := newObject("Case", "Case", "Cases", "500", true)
	o.Mergeable, o.Feedenabled, o.ChangeEvent = true, true, true
	// Cases are often owned by a support queue.
	o.Field("OwnerId").ReferenceTo = []string{"Group", "User"}
	o.add(
		textField("CaseNumber", "Case Number", 30).autoNumber().asName(),
		referenceField("ContactId", "Contact ID", "Contact", "Contact").childRel("Cases"),
		referenceField("AccountId", "Account ID", "Account", "Account").childRel("Cases"),
		referenceField("ParentId", "Parent Case ID", "Parent", "Case").childRel("Cases"),
		textField("SuppliedName", "Name", 80),
		emailField("SuppliedEmail", "Email Address"),
		textField("SuppliedPhone", "Phone", 40),
		textField("SuppliedCompany", "Company", 80),
		picklistField("Type", "Case Type", false, "Mechanical", "Electrical", "Electronic", "Structural", "Other"),
		picklistField("Status", "Status", false, "New", "Working", "Escalated", "Closed").
			notNull().defaultTo("New"),
		picklistField("Reason", "Case Reason", false,
			"Installation", "Equipment Complexity", "Performance", "Breakdown",
			"Equipment Design", "Feedback", "Other"),
		picklistField("Origin", "Case Origin", false, "Phone", "Email", "Web"),
		textField("Subject", "Subject", 255),
		picklistField("Priority", "Priority", false, "High", "Medium", "Low").defaultTo("Medium"),
		longTextArea("Description", "Description", 32000),
		boolField("IsClosed", "Closed").readOnly(),
		dateTimeField("ClosedDate", "Closed Date").readOnly(),
		boolField("IsEscalated", "Escalated"),
		phoneField("ContactPhone", "Contact Phone").readOnly(),
		phoneField("ContactMobile", "Contact Mobile").readOnly(),
		emailField("ContactEmail", "Contact Email").readOnly(),
		phoneField("ContactFax", "Contact Fax").readOnly(),
		longTextArea("Comments", "Internal Comments", 4000),
	)
	o.add(mruFields()...)
	return o
}

func caseCommentObject() *Object {
	// Comments belong to their case: no owner, no list views, no search.
	o := newObject("CaseComment", "Case Comment", "Case Comments", "00a", false)
	o.Searchable, o.Layoutable, o.MRUEnabled = false, false, false
	o.add(
		referenceField("ParentId", "Parent ID", "Parent", "Case").
			notNull().createOnly().childRel("CaseComments").cascade(),
		boolField("IsPublished", "Published"),
		longTextArea("CommentBody", "Body", 4000),
	)
	return o
}
