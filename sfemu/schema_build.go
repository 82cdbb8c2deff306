package sfemu

import (
	"sort"
	"strings"
)

// This file holds the small vocabulary the catalogue (schema_*.go) uses to
// declare objects: one constructor per describe type, which sets the
// flags a real org reports for that type, and chainable modifiers for the
// exceptions. The flags matter: Airbyte and tap-salesforce pick their
// replication key and column types from them.

// newObject returns an object with the flags of an ordinary standard
// sObject and the system fields every record carries. owned objects also
// get OwnerId, defaulted to the creating user.
func newObject(name, label, labelPlural, keyPrefix string, owned bool) *Object {
	o := &Object{
		Name:          name,
		Label:         label,
		LabelPlural:   labelPlural,
		KeyPrefix:     keyPrefix,
		Createable:    true,
		Updateable:    true,
		Deletable:     true,
		Queryable:     true,
		Retrieveable:  true,
		Replicateable: true,
		Searchable:    true,
		Triggerable:   true,
		Undeletable:   true,
		Layoutable:    true,
		MRUEnabled:    true,
	}
	id := newField("Id", label+" ID", TypeID)
	id.Length = 18
	id.Nillable, id.Createable, id.Updateable = false, false, false
	id.DefaultedOnCreate, id.IDLookup = true, true
	o.addField(id)
	if owned {
		o.addField(ownerField("User"))
	}
	o.addField(boolField("IsDeleted", "Deleted").readOnly())
	o.addField(dateTimeField("CreatedDate", "Created Date").system())
	o.addField(referenceField("CreatedById", "Created By ID", "CreatedBy", "User").system())
	o.addField(dateTimeField("LastModifiedDate", "Last Modified Date").system())
	o.addField(referenceField("LastModifiedById", "Last Modified By ID", "LastModifiedBy", "User").system())
	o.addField(dateTimeField("SystemModstamp", "System Modstamp").system())
	return o
}

// ownerField is OwnerId: set to the creating user when not given, and
// polymorphic (a queue may own the record) when to names Group too.
func ownerField(to ...string) *Field {
	f := referenceField("OwnerId", "Owner ID", "Owner", to...).notNull().defaulted()
	return f
}

// add appends fields in order; it reads better than one addField per line.
func (o *Object) add(fields ...*Field) *Object {
	for _, f := range fields {
		o.addField(f)
	}
	return o
}

// dropField removes a field newObject added but the object does not have
// in a real org (User has no IsDeleted). Slots are renumbered, so it is
// only for objects that hold no records yet.
func (o *Object) dropField(name string) {
	kept := o.Fields[:0]
	o.slots = 0
	o.byName, o.byExact, o.byRel = nil, nil, nil
	old := append([]*Field(nil), o.Fields...)
	o.Fields = kept
	for _, f := range old {
		if !strings.EqualFold(f.Name, name) {
			o.addField(f)
		}
	}
}

// newField returns a nillable, writable field with the filter, sort and
// group flags real orgs report for its type.
func newField(name, label string, t FieldType) *Field {
	f := &Field{Name: name, Label: label, Type: t, Nillable: true, Createable: true, Updateable: true}
	switch t {
	case TypeTextArea, TypeMultiPicklist:
		f.Filterable = true
	case TypeDouble, TypeCurrency, TypePercent, TypeDateTime, TypeTime:
		// Fractional and instant values cannot be GROUP BY keys.
		f.Filterable, f.Sortable = true, true
	case TypeAddress, TypeLocation, TypeBase64, TypeAnyType:
		// Compound and binary values can be neither filtered nor sorted.
	default:
		f.Filterable, f.Sortable, f.Groupable = true, true, true
	}
	return f
}

// textField is a string field of at most length characters.
func textField(name, label string, length int) *Field {
	f := newField(name, label, TypeString)
	f.Length = length
	return f
}

// textArea is a short (at most 255 characters) text area; unlike long
// ones it can be filtered, sorted and grouped.
func textArea(name, label string, length int) *Field {
	f := newField(name, label, TypeTextArea)
	f.Length = length
	f.Sortable, f.Groupable = true, true
	return f
}

// longTextArea is a long text area (Description): filterable in no org,
// nor sortable nor groupable.
func longTextArea(name, label string, length int) *Field {
	f := newField(name, label, TypeTextArea)
	f.Length = length
	f.Filterable = false
	f.ExtraTypeInfo = "plaintextarea"
	return f
}

// picklistField is a single-select picklist; values are their own labels
// unless labelled says otherwise. restricted picklists refuse other values.
func picklistField(name, label string, restricted bool, values ...string) *Field {
	f := newField(name, label, TypePicklist)
	f.Length = 255
	f.RestrictedPicklist = restricted
	f.Picklist = picklistValues(values)
	return f
}

// comboboxField is a text field offering suggested values (Task.Subject).
func comboboxField(name, label string, length int, values ...string) *Field {
	f := newField(name, label, TypeCombobox)
	f.Length = length
	f.Picklist = picklistValues(values)
	return f
}

func picklistValues(values []string) []PicklistValue {
	pv := make([]PicklistValue, len(values))
	for i, v := range values {
		pv[i] = PicklistValue{Value: v, Label: v, Active: true}
	}
	return pv
}

// referenceField is a lookup to one object, or to several (WhoId) when to
// names more than one. relName is the name SOQL paths use (Account).
func referenceField(name, label, relName string, to ...string) *Field {
	f := newField(name, label, TypeReference)
	f.Length = 18
	f.RelationshipName = relName
	f.ReferenceTo = to
	return f
}

// boolField is a checkbox: never null, false unless set.
func boolField(name, label string) *Field {
	f := newField(name, label, TypeBoolean)
	f.Nillable = false
	f.DefaultedOnCreate = true
	f.DefaultValue = false
	return f
}

func dateField(name, label string) *Field     { return newField(name, label, TypeDate) }
func dateTimeField(name, label string) *Field { return newField(name, label, TypeDateTime) }

func currencyField(name, label string, precision, scale int) *Field {
	return numberField(name, label, TypeCurrency, precision, scale)
}

func doubleField(name, label string, precision, scale int) *Field {
	return numberField(name, label, TypeDouble, precision, scale)
}

func percentField(name, label string, precision, scale int) *Field {
	return numberField(name, label, TypePercent, precision, scale)
}

func numberField(name, label string, t FieldType, precision, scale int) *Field {
	f := newField(name, label, t)
	f.Precision, f.Scale = precision, scale
	return f
}

// intField is a whole number of at most digits digits.
func intField(name, label string, digits int) *Field {
	f := newField(name, label, TypeInt)
	f.Digits = digits
	return f
}

func phoneField(name, label string) *Field {
	f := newField(name, label, TypePhone)
	f.Length = 40
	return f
}

func emailField(name, label string) *Field {
	f := newField(name, label, TypeEmail)
	f.Length = 80
	return f
}

func urlField(name, label string) *Field {
	f := newField(name, label, TypeURL)
	f.Length = 255
	return f
}

// formulaField is a field computed on read by fn; formula is the text
// describe shows. Formulas cannot be grouped on, and never move
// SystemModstamp.
func formulaField(name, label string, t FieldType, formula string, fn func(get func(field string) any) any) *Field {
	f := newField(name, label, t)
	f.Createable, f.Updateable = false, false
	f.Calculated, f.CalculatedFormula, f.Formula = true, formula, fn
	f.Groupable = false
	switch t {
	case TypeCurrency, TypeDouble, TypePercent:
		f.Precision, f.Scale = 18, 2
	case TypeString:
		f.Length = 1300
	}
	return f
}

// Modifiers. Each changes the field and returns it, so declarations chain:
// textField("Name", "Account Name", 255).notNull().asName().

// notNull makes the field non-nillable; without a default, create then
// requires it (REQUIRED_FIELD_MISSING).
func (f *Field) notNull() *Field { f.Nillable = false; return f }

func (f *Field) unique() *Field { f.Unique = true; return f }

// externalID marks an external id: usable for upsert and idLookup.
func (f *Field) externalID() *Field { f.ExternalID, f.IDLookup = true, true; return f }

// idLookup marks a field usable to find records by value (Name, Email).
func (f *Field) idLookup() *Field { f.IDLookup = true; return f }

// asName marks the object's name field (the one lookups display); it is
// required and usable as an id lookup.
func (f *Field) asName() *Field {
	f.NameField, f.IDLookup, f.Nillable = true, true, false
	return f
}

// readOnly fields are set by the org, never by clients.
func (f *Field) readOnly() *Field { f.Createable, f.Updateable = false, false; return f }

// createOnly fields are written on create and fixed afterwards
// (OrderItem.OrderId).
func (f *Field) createOnly() *Field { f.Updateable = false; return f }

// system marks the audit fields: read-only, never null, set on create.
func (f *Field) system() *Field {
	f.Createable, f.Updateable, f.Nillable, f.DefaultedOnCreate = false, false, false, true
	return f
}

// defaulted fields get a value from the org when create leaves them out.
func (f *Field) defaulted() *Field { f.DefaultedOnCreate = true; return f }

// defaultTo stores v on create when the field is not given. A picklist's
// default is also flagged in its value list, where describe reports it.
func (f *Field) defaultTo(v any) *Field {
	f.DefaultValue, f.DefaultedOnCreate = v, true
	if s, ok := v.(string); ok {
		for i := range f.Picklist {
			f.Picklist[i].DefaultValue = f.Picklist[i].Value == s
		}
	}
	return f
}

// labelled gives a picklist value a label that differs from its API value.
func (f *Field) labelled(value, label string) *Field {
	for i := range f.Picklist {
		if f.Picklist[i].Value == value {
			f.Picklist[i].Label = label
		}
	}
	return f
}

// childRel names the relationship from the parent side (Contacts).
func (f *Field) childRel(name string) *Field { f.ChildRelationshipName = name; return f }

// cascade makes deleting the parent delete the children too.
func (f *Field) cascade() *Field { f.CascadeDelete = true; return f }

// autoNumber makes a read-only string the org numbers on create.
func (f *Field) autoNumber() *Field {
	f.AutoNumber = true
	f.Createable, f.Updateable, f.Nillable = false, false, false
	f.DefaultedOnCreate, f.IDLookup = true, true
	f.Groupable = false
	return f
}

// addAddress adds a compound address and its components: prefix is the
// API name prefix ("Billing", or "" for Lead's Street, City, ...) and
// label the label prefix ("Billing"). The compound itself has no storage
// and cannot be written; clients write the components.
func addAddress(o *Object, prefix, label string) {
	compound := prefix + "Address"
	lbl := func(s string) string { return strings.TrimSpace(label + " " + s) }
	part := func(f *Field) *Field { f.CompoundFieldName = compound; return f }
	o.add(
		part(textArea(prefix+"Street", lbl("Street"), 255)),
		part(textField(prefix+"City", lbl("City"), 40)),
		part(textField(prefix+"State", lbl("State/Province"), 80)),
		part(textField(prefix+"PostalCode", lbl("Zip/Postal Code"), 20)),
		part(textField(prefix+"Country", lbl("Country"), 80)),
		part(doubleField(prefix+"Latitude", lbl("Latitude"), 18, 15)),
		part(doubleField(prefix+"Longitude", lbl("Longitude"), 18, 15)),
		part(geocodeAccuracy(prefix+"GeocodeAccuracy", lbl("Geocode Accuracy"))),
	)
	addr := newField(compound, lbl("Address"), TypeAddress)
	addr.readOnly()
	o.addField(addr)
}

// geocodeAccuracy is the picklist data.com geocoding fills in.
func geocodeAccuracy(name, label string) *Field {
	f := picklistField(name, label, true,
		"Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip",
		"Neighborhood", "City", "County", "State", "Unknown").
		labelled("NearAddress", "Near Address").labelled("ExtendedZip", "Extended Zip")
	f.Length = 40
	return f
}

// addPersonName adds the name parts of a person (Contact, Lead, User) and
// the read-only Name the org composes from them.
func addPersonName(o *Object) {
	o.add(
		textField("LastName", "Last Name", 80).notNull(),
		textField("FirstName", "First Name", 40),
		picklistField("Salutation", "Salutation", false, "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."),
	)
	for _, n := range []string{"LastName", "FirstName", "Salutation"} {
		o.Field(n).CompoundFieldName = "Name"
	}
	name := textField("Name", "Full Name", 121).readOnly().asName()
	name.ExtraTypeInfo = "personname"
	o.addField(name)
}

// linkObjects computes every object's child relationships from the
// reference fields that point at it. It rebuilds them from scratch, so the
// org calls it again after a custom object or field is added.
func linkObjects(objs []*Object) {
	byName := make(map[string]*Object, len(objs))
	for _, o := range objs {
		byName[o.Name] = o
		o.children = nil
	}
	for _, child := range objs {
		for _, f := range child.Fields {
			if f.Type != TypeReference {
				continue
			}
			for _, to := range f.ReferenceTo {
				parent := byName[to]
				if parent == nil {
					continue
				}
				parent.children = append(parent.children, ChildRelationship{
					ChildSObject:     child.Name,
					Field:            f.Name,
					RelationshipName: f.ChildRelationshipName,
					CascadeDelete:    f.CascadeDelete,
					RestrictedDelete: f.RestrictedDelete,
				})
			}
		}
	}
	// Real orgs list child relationships by child object, then field.
	for _, o := range objs {
		sort.SliceStable(o.children, func(i, j int) bool {
			a, b := o.children[i], o.children[j]
			if a.ChildSObject != b.ChildSObject {
				return a.ChildSObject < b.ChildSObject
			}
			return a.Field < b.Field
		})
	}
}
