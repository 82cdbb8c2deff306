package sfemu

// Products, price books, contracts and orders: the objects a quote-to-cash
// sync touches. Order totals roll up from OrderItems; the org maintains
// TotalAmount, clients only read it.

func contractObject() *Object {
	o := newObject("Contract", "Contract", "Contracts", "800", true)
	o.Feedenabled, o.ChangeEvent = true, true
	o.add(
		referenceField("AccountId", "Account ID", "Account", "Account").notNull().childRel("Contracts"),
		picklistField("OwnerExpirationNotice", "Owner Expiration Notice", true,
			"15", "30", "45", "60", "90", "120").
			labelled("15", "15 Days").labelled("30", "30 Days").labelled("45", "45 Days").
			labelled("60", "60 Days").labelled("90", "90 Days").labelled("120", "120 Days"),
		dateField("StartDate", "Contract Start Date"),
		dateField("EndDate", "Contract End Date").readOnly(),
	)
	addAddress(o, "Billing", "Billing")
	o.add(
		intField("ContractTerm", "Contract Term", 4),
		picklistField("Status", "Status", true, "Draft", "In Approval Process", "Activated").
			notNull().defaultTo("Draft"),
		referenceField("CompanySignedId", "Company Signed By ID", "CompanySigned", "User"),
		dateField("CompanySignedDate", "Company Signed Date"),
		referenceField("CustomerSignedId", "Customer Signed By ID", "CustomerSigned", "Contact"),
		textField("CustomerSignedTitle", "Customer Signed Title", 40),
		dateField("CustomerSignedDate", "Customer Signed Date"),
		longTextArea("SpecialTerms", "Special Terms", 4000),
		referenceField("ActivatedById", "Activated By ID", "ActivatedBy", "User"),
		dateTimeField("ActivatedDate", "Activated Date"),
		picklistField("StatusCode", "Status Category", true,
			"Draft", "InApproval", "Activated", "Terminated", "Expired").
			labelled("InApproval", "In Approval Process").readOnly().notNull().defaultTo("Draft"),
		longTextArea("Description", "Description", 32000),
		textField("ContractNumber", "Contract Number", 30).autoNumber().asName(),
		dateTimeField("LastApprovedDate", "Last Approved Date").readOnly(),
		dateField("LastActivityDate", "Last Activity").readOnly(),
	)
	o.add(mruFields()...)
	return o
}

func orderObject() *Object {
	o := newObject("Order", "Order", "Orders", "801", true)
	o.Feedenabled, o.ChangeEvent = true, true
	o.Field("OwnerId").ReferenceTo = []string{"Group", "User"}
	o.add(
		referenceField("ContractId", "Contract ID", "Contract", "Contract").childRel("Orders"),
		// Real orgs report AccountId nillable and enforce it in a
		// validation of their own, so describe says nillable here too.
		referenceField("AccountId", "Account ID", "Account", "Account").childRel("Orders"),
		referenceField("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2").childRel("Orders"),
		referenceField("OriginalOrderId", "Original Order ID", "OriginalOrder", "Order").createOnly().childRel("Orders"),
		dateField("EffectiveDate", "Order Start Date").notNull(),
		dateField("EndDate", "Order End Date"),
		boolField("IsReductionOrder", "Reduction Order").createOnly(),
		picklistField("Status", "Status", true, "Draft", "Activated").notNull().defaultTo("Draft"),
		longTextArea("Description", "Description", 32000),
		referenceField("CustomerAuthorizedById", "Customer Authorized By ID", "CustomerAuthorizedBy", "Contact"),
		dateField("CustomerAuthorizedDate", "Customer Authorized Date"),
		referenceField("CompanyAuthorizedById", "Company Authorized By ID", "CompanyAuthorizedBy", "User"),
		dateField("CompanyAuthorizedDate", "Company Authorized Date"),
		picklistField("Type", "Order Type", false),
	)
	addAddress(o, "Billing", "Billing")
	addAddress(o, "Shipping", "Shipping")
	o.add(
		textField("Name", "Order Name", 80),
		dateField("PoDate", "PO Date"),
		textField("PoNumber", "PO Number", 80),
		textField("OrderReferenceNumber", "Order Reference Number", 80),
		referenceField("BillToContactId", "Bill To Contact ID", "BillToContact", "Contact"),
		referenceField("ShipToContactId", "Ship To Contact ID", "ShipToContact", "Contact"),
		dateTimeField("ActivatedDate", "Activated Date"),
		referenceField("ActivatedById", "Activated By ID", "ActivatedBy", "User"),
		picklistField("StatusCode", "Status Category", true, "Draft", "Activated", "Canceled", "Expired").
			readOnly().notNull().defaultTo("Draft"),
		textField("OrderNumber", "Order Number", 30).autoNumber().asName(),
		// A roll-up of the items: stored by the org, never written.
		currencyField("TotalAmount", "Order Amount", 18, 2).readOnly().notNull().defaultTo(0.0),
	)
	o.add(mruFields()...)
	return o
}

func orderItemObject() *Object {
	o := newObject("OrderItem", "Order Product", "Order Products", "802", false)
	o.ChangeEvent = true
	o.Searchable, o.MRUEnabled = false, false
	o.add(
		referenceField("Product2Id", "Product ID", "Product2", "Product2").createOnly(),
		referenceField("OrderId", "Order ID", "Order", "Order").notNull().createOnly().childRel("OrderItems").cascade(),
		referenceField("PricebookEntryId", "Price Book Entry ID", "PricebookEntry", "PricebookEntry").
			notNull().createOnly().childRel("OrderItems"),
		referenceField("OriginalOrderItemId", "Original Order Item ID", "OriginalOrderItem", "OrderItem").
			createOnly().childRel("ChildOrderItems"),
		doubleField("AvailableQuantity", "Available Quantity", 18, 2).readOnly(),
		doubleField("Quantity", "Quantity", 18, 2).notNull(),
		currencyField("UnitPrice", "Unit Price", 18, 2),
		currencyField("ListPrice", "List Price", 18, 2).readOnly(),
		formulaField("TotalPrice", "Total Price", TypeCurrency, "Quantity * UnitPrice", orderItemTotal),
		dateField("ServiceDate", "Start Date"),
		dateField("EndDate", "End Date"),
		textField("Description", "Line Description", 255),
		textField("OrderItemNumber", "Order Product Number", 10).autoNumber().asName(),
	)
	return o
}

// orderItemTotal is OrderItem.TotalPrice, the quantity at the unit price.
func orderItemTotal(get func(string) any) any {
	q, ok1 := get("Quantity").(float64)
	p, ok2 := get("UnitPrice").(float64)
	if !ok1 || !ok2 {
		return nil
	}
	return q * p
}

func product2Object() *Object {
	o := newObject("Product2", "Product", "Products", "01t", false)
	o.Feedenabled, o.ChangeEvent = true, true
	o.add(
		textField("Name", "Product Name", 255).asName(),
		textField("ProductCode", "Product Code", 255),
		longTextArea("Description", "Product Description", 4000),
		boolField("IsActive", "Active"),
		// New orgs ship Family with no values; admins add their own.
		picklistField("Family", "Product Family", false),
		textField("ExternalId", "External ID", 255),
		urlField("DisplayUrl", "Display URL"),
		picklistField("QuantityUnitOfMeasure", "Quantity Unit Of Measure", false, "Each"),
		boolField("IsArchived", "Archived").readOnly(),
		textField("StockKeepingUnit", "Product SKU", 180),
	)
	o.Field("DisplayUrl").Length = 1000
	o.add(mruFields()...)
	return o
}

func pricebook2Object() *Object {
	o := newObject("Pricebook2", "Price Book", "Price Books", "01s", false)
	o.add(
		textField("Name", "Price Book Name", 255).asName(),
		boolField("IsActive", "Active"),
		boolField("IsArchived", "Archived").readOnly(),
		textField("Description", "Description", 255),
		// The standard price book exists in every org and is not made
		// through the API.
		boolField("IsStandard", "Is Standard Price Book").readOnly(),
	)
	o.add(mruFields()...)
	return o
}

func pricebookEntryObject() *Object {
	o := newObject("PricebookEntry", "Price Book Entry", "Price Book Entries", "01u", false)
	o.Searchable, o.MRUEnabled = false, false
	o.add(
		// Copied from the product by the org.
		textField("Name", "Product Name", 255).readOnly().asName().defaulted(),
		referenceField("Pricebook2Id", "Price Book ID", "Pricebook2", "Pricebook2").
			notNull().createOnly().childRel("PricebookEntries"),
		referenceField("Product2Id", "Product ID", "Product2", "Product2").
			notNull().createOnly().childRel("PricebookEntries"),
		currencyField("UnitPrice", "List Price", 18, 2).notNull(),
		boolField("IsActive", "Active"),
		boolField("UseStandardPrice", "Use Standard Price"),
		textField("ProductCode", "Product Code", 255).readOnly(),
		boolField("IsArchived", "Archived").readOnly(),
	)
	return o
}
