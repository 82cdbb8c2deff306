package sfemu

import (
	"strings"
	"time"
)

// FieldType is a describe field type as Salesforce reports it.
type FieldType string

// The describe field types the emulator produces. These are the only values
// real clients (Airbyte, tap-salesforce) accept.
const (
	TypeID            FieldType = "id"
	TypeString        FieldType = "string"
	TypeTextArea      FieldType = "textarea"
	TypePicklist      FieldType = "picklist"
	TypeMultiPicklist FieldType = "multipicklist"
	TypeCombobox      FieldType = "combobox"
	TypeReference     FieldType = "reference"
	TypeEmail         FieldType = "email"
	TypePhone         FieldType = "phone"
	TypeURL           FieldType = "url"
	TypeBoolean       FieldType = "boolean"
	TypeInt           FieldType = "int"
	TypeDouble        FieldType = "double"
	TypeCurrency      FieldType = "currency"
	TypePercent       FieldType = "percent"
	TypeDate          FieldType = "date"
	TypeDateTime      FieldType = "datetime"
	TypeTime          FieldType = "time"
	TypeBase64        FieldType = "base64"
	TypeAddress       FieldType = "address"
	TypeLocation      FieldType = "location"
	TypeAnyType       FieldType = "anyType"
)

// PicklistValue is one entry of a picklist field's value list.
type PicklistValue struct {
	Value        string
	Label        string
	Active       bool
	DefaultValue bool
}

// Field is the metadata of one field of an object.
type Field struct {
	Name  string
	Label string
	Type  FieldType
	// Length is the maximum character length of text fields (0 otherwise).
	Length int
	// Precision and Scale describe numeric fields.
	Precision int
	Scale     int
	// Digits is the digit count of int fields.
	Digits int

	Nillable          bool
	Createable        bool
	Updateable        bool
	DefaultedOnCreate bool
	Filterable        bool
	Sortable          bool
	Groupable         bool
	Unique            bool
	ExternalID        bool
	IDLookup          bool
	Custom            bool
	NameField         bool
	CaseSensitive     bool

	// Calculated fields are computed on read by Formula; CalculatedFormula is
	// the formula text describe reports.
	Calculated        bool
	CalculatedFormula string
	Formula           func(get func(field string) any) any

	// ReferenceTo lists the objects a reference field may point to, and
	// RelationshipName is the name used in SOQL paths (Owner, Account).
	ReferenceTo      []string
	RelationshipName string

	Picklist           []PicklistValue
	RestrictedPicklist bool

	// CompoundFieldName names the compound field (BillingAddress, Name) a
	// component field belongs to.
	CompoundFieldName string

	// DefaultValue, when non-nil, is stored on create when the field is
	// not given.
	DefaultValue any
	// DefaultValueFormula is the formula text describe reports for a
	// custom field's default (DefaultValue holds its evaluated value).
	DefaultValueFormula string

	// ChildRelationshipName names this reference field's relationship as
	// seen from the parent (Contacts for Contact.AccountId); empty means
	// describe lists the child relationship with a null name, which SOQL
	// subqueries cannot use. CascadeDelete and RestrictedDelete say what
	// deleting the parent does to the children.
	ChildRelationshipName string
	CascadeDelete         bool
	RestrictedDelete      bool

	// AutoNumber fields (CaseNumber, OrderNumber) are filled by the org on
	// create and never written by clients.
	AutoNumber bool
	// ExtraTypeInfo refines the type for clients: "plaintextarea" and
	// "richtextarea" for long text, "personname" for people's Name,
	// "imageurl", "externallookup".
	ExtraTypeInfo string
	HTMLFormatted bool
	// InlineHelpText is the field-level help an admin wrote.
	InlineHelpText string

	// slot is the field's position in a record's value slice; compound
	// and calculated fields have no slot (-1).
	slot int
}

// required reports whether create must be given the field: not nillable,
// createable, and not defaulted on create.
func (f *Field) required() bool {
	return !f.Nillable && f.Createable && !f.DefaultedOnCreate && f.Type != TypeBoolean
}

// ChildRelationship is one entry of describe's childRelationships: the
// child object, the reference field on it, and the name used in subqueries.
type ChildRelationship struct {
	ChildSObject        string
	Field               string
	RelationshipName    string
	CascadeDelete       bool
	RestrictedDelete    bool
	DeprecatedAndHidden bool
}

// Object is the metadata of one sObject type plus its field list.
type Object struct {
	Name        string
	Label       string
	LabelPlural string
	KeyPrefix   string
	Custom      bool

	Createable    bool
	Updateable    bool
	Deletable     bool
	Queryable     bool
	Retrieveable  bool
	Replicateable bool
	Searchable    bool
	Triggerable   bool
	Undeletable   bool
	Mergeable     bool
	Layoutable    bool
	Feedenabled   bool
	// MRUEnabled reports whether the object keeps a most-recently-used
	// list (and so LastViewedDate/LastReferencedDate).
	MRUEnabled bool
	// ChangeEvent reports whether describeGlobal lists a NameChangeEvent
	// entry for this object.
	ChangeEvent bool

	Fields []*Field

	// LastModified moves when the object's metadata changes; describe uses
	// it for If-Modified-Since.
	LastModified time.Time

	byExact  map[string]*Field // name as defined -> field (the common case)
	byName   map[string]*Field // lower-case name -> field
	byRel    map[string]*Field // lower-case relationship name -> reference field
	children []ChildRelationship
	slots    int
}

// Field returns the field with the given name, matched case-insensitively.
func (o *Object) Field(name string) *Field {
	if f, ok := o.byExact[name]; ok {
		return f
	}
	return o.byName[strings.ToLower(name)]
}

// Relationship returns the reference field whose relationship name matches,
// case-insensitively.
func (o *Object) Relationship(name string) *Field {
	return o.byRel[strings.ToLower(name)]
}

// ChildRelationships returns the object's child relationships.
func (o *Object) ChildRelationships() []ChildRelationship { return o.children }

// addField appends a field and indexes it, giving it a storage slot unless
// it is compound or calculated.
func (o *Object) addField(f *Field) {
	if o.byName == nil {
		o.byName = map[string]*Field{}
		o.byExact = map[string]*Field{}
		o.byRel = map[string]*Field{}
	}
	f.slot = -1
	if !f.Calculated && f.Type != TypeAddress && f.Type != TypeLocation {
		f.slot = o.slots
		o.slots++
	}
	o.Fields = append(o.Fields, f)
	o.byName[strings.ToLower(f.Name)] = f
	o.byExact[f.Name] = f
	if f.RelationshipName != "" {
		o.byRel[strings.ToLower(f.RelationshipName)] = f
	}
}
