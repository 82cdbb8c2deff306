package sfemu

import (
	"sort"
	"strings"
)

// Describe results. The structs spell out every key a real org sends, in
// the order it sends them (alphabetical, as Salesforce serializes), so
// encoding/json reproduces the shape byte for byte, nulls included:
// clients such as simple-salesforce and the sf CLI index keys without
// checking that they exist.

// globalDescribe is the body of GET /sobjects.
type globalDescribe struct {
	Encoding     string          `json:"encoding"`
	MaxBatchSize int             `json:"maxBatchSize"`
	Sobjects     []globalSObject `json:"sobjects"`
}

// globalSObject is one object in describeGlobal (and objectDescribe of
// GET /sobjects/X).
type globalSObject struct {
	Activateable          bool       `json:"activateable"`
	AssociateEntityType   *string    `json:"associateEntityType"`
	AssociateParentEntity *string    `json:"associateParentEntity"`
	Createable            bool       `json:"createable"`
	Custom                bool       `json:"custom"`
	CustomSetting         bool       `json:"customSetting"`
	DeepCloneable         bool       `json:"deepCloneable"`
	Deletable             bool       `json:"deletable"`
	DeprecatedAndHidden   bool       `json:"deprecatedAndHidden"`
	FeedEnabled           bool       `json:"feedEnabled"`
	HasSubtypes           bool       `json:"hasSubtypes"`
	IsInterface           bool       `json:"isInterface"`
	IsSubtype             bool       `json:"isSubtype"`
	KeyPrefix             *string    `json:"keyPrefix"`
	Label                 string     `json:"label"`
	LabelPlural           string     `json:"labelPlural"`
	Layoutable            bool       `json:"layoutable"`
	Mergeable             bool       `json:"mergeable"`
	MRUEnabled            bool       `json:"mruEnabled"`
	Name                  string     `json:"name"`
	Queryable             bool       `json:"queryable"`
	Replicateable         bool       `json:"replicateable"`
	Retrieveable          bool       `json:"retrieveable"`
	Searchable            bool       `json:"searchable"`
	Triggerable           bool       `json:"triggerable"`
	Undeletable           bool       `json:"undeletable"`
	Updateable            bool       `json:"updateable"`
	URLs                  objectURLs `json:"urls"`
}

// objectURLs lists an object's resources; which ones appear depends on
// what the object supports, in the order real orgs list them.
type objectURLs struct {
	EventSchema     string `json:"eventSchema,omitempty"`
	CompactLayouts  string `json:"compactLayouts,omitempty"`
	RowTemplate     string `json:"rowTemplate"`
	ApprovalLayouts string `json:"approvalLayouts,omitempty"`
	DefaultValues   string `json:"defaultValues,omitempty"`
	Listviews       string `json:"listviews,omitempty"`
	Describe        string `json:"describe"`
	QuickActions    string `json:"quickActions,omitempty"`
	Layouts         string `json:"layouts,omitempty"`
	Sobject         string `json:"sobject"`
}

// describeResult is the body of GET /sobjects/X/describe.
type describeResult struct {
	ActionOverrides       []any            `json:"actionOverrides"`
	Activateable          bool             `json:"activateable"`
	AssociateEntityType   *string          `json:"associateEntityType"`
	AssociateParentEntity *string          `json:"associateParentEntity"`
	ChildRelationships    []describeChild  `json:"childRelationships"`
	CompactLayoutable     bool             `json:"compactLayoutable"`
	Createable            bool             `json:"createable"`
	Custom                bool             `json:"custom"`
	CustomSetting         bool             `json:"customSetting"`
	DeepCloneable         bool             `json:"deepCloneable"`
	DefaultImplementation *string          `json:"defaultImplementation"`
	Deletable             bool             `json:"deletable"`
	DeprecatedAndHidden   bool             `json:"deprecatedAndHidden"`
	ExtendedBy            *string          `json:"extendedBy"`
	ExtendsInterfaces     *string          `json:"extendsInterfaces"`
	FeedEnabled           bool             `json:"feedEnabled"`
	Fields                []describeField  `json:"fields"`
	HasSubtypes           bool             `json:"hasSubtypes"`
	ImplementedBy         *string          `json:"implementedBy"`
	ImplementsInterfaces  *string          `json:"implementsInterfaces"`
	IsInterface           bool             `json:"isInterface"`
	IsSubtype             bool             `json:"isSubtype"`
	KeyPrefix             *string          `json:"keyPrefix"`
	Label                 string           `json:"label"`
	LabelPlural           string           `json:"labelPlural"`
	Layoutable            bool             `json:"layoutable"`
	Listviewable          *bool            `json:"listviewable"`
	LookupLayoutable      *bool            `json:"lookupLayoutable"`
	Mergeable             bool             `json:"mergeable"`
	MRUEnabled            bool             `json:"mruEnabled"`
	Name                  string           `json:"name"`
	NamedLayoutInfos      []any            `json:"namedLayoutInfos"`
	NetworkScopeFieldName *string          `json:"networkScopeFieldName"`
	Queryable             bool             `json:"queryable"`
	RecordTypeInfos       []recordTypeInfo `json:"recordTypeInfos"`
	Replicateable         bool             `json:"replicateable"`
	Retrieveable          bool             `json:"retrieveable"`
	SearchLayoutable      bool             `json:"searchLayoutable"`
	Searchable            bool             `json:"searchable"`
	SobjectDescribeOption string           `json:"sobjectDescribeOption"`
	SupportedScopes       []describeScope  `json:"supportedScopes"`
	Triggerable           bool             `json:"triggerable"`
	Undeletable           bool             `json:"undeletable"`
	Updateable            bool             `json:"updateable"`
	URLs                  objectURLs       `json:"urls"`
}

// describeChild is one entry of childRelationships.
type describeChild struct {
	CascadeDelete       bool     `json:"cascadeDelete"`
	ChildSObject        string   `json:"childSObject"`
	DeprecatedAndHidden bool     `json:"deprecatedAndHidden"`
	Field               string   `json:"field"`
	JunctionIDListNames []string `json:"junctionIdListNames"`
	JunctionReferenceTo []string `json:"junctionReferenceTo"`
	RelationshipName    *string  `json:"relationshipName"`
	RestrictedDelete    bool     `json:"restrictedDelete"`
}

// recordTypeInfo is one entry of recordTypeInfos; objects without record
// types of their own still list Master.
type recordTypeInfo struct {
	Active                   bool              `json:"active"`
	Available                bool              `json:"available"`
	DefaultRecordTypeMapping bool              `json:"defaultRecordTypeMapping"`
	DeveloperName            string            `json:"developerName"`
	Master                   bool              `json:"master"`
	Name                     string            `json:"name"`
	RecordTypeID             string            `json:"recordTypeId"`
	URLs                     map[string]string `json:"urls"`
}

// masterRecordTypeID is the id every org gives the Master record type.
const masterRecordTypeID = "012000000000000AAA"

// describeScope is one of the list-view scopes (everything, mine, ...).
type describeScope struct {
	Label string `json:"label"`
	Name  string `json:"name"`
}

// describeField is one entry of fields.
type describeField struct {
	Aggregatable                 bool            `json:"aggregatable"`
	AIPredictionField            bool            `json:"aiPredictionField"`
	AutoNumber                   bool            `json:"autoNumber"`
	ByteLength                   int             `json:"byteLength"`
	Calculated                   bool            `json:"calculated"`
	CalculatedFormula            *string         `json:"calculatedFormula"`
	CascadeDelete                bool            `json:"cascadeDelete"`
	CaseSensitive                bool            `json:"caseSensitive"`
	CompoundFieldName            *string         `json:"compoundFieldName"`
	ControllerName               *string         `json:"controllerName"`
	Createable                   bool            `json:"createable"`
	Custom                       bool            `json:"custom"`
	DefaultValue                 any             `json:"defaultValue"`
	DefaultValueFormula          *string         `json:"defaultValueFormula"`
	DefaultedOnCreate            bool            `json:"defaultedOnCreate"`
	DependentPicklist            bool            `json:"dependentPicklist"`
	DeprecatedAndHidden          bool            `json:"deprecatedAndHidden"`
	Digits                       int             `json:"digits"`
	DisplayLocationInDecimal     bool            `json:"displayLocationInDecimal"`
	Encrypted                    bool            `json:"encrypted"`
	ExternalID                   bool            `json:"externalId"`
	ExtraTypeInfo                *string         `json:"extraTypeInfo"`
	Filterable                   bool            `json:"filterable"`
	FilteredLookupInfo           any             `json:"filteredLookupInfo"`
	FormulaTreatNullNumberAsZero bool            `json:"formulaTreatNullNumberAsZero"`
	Groupable                    bool            `json:"groupable"`
	HighScaleNumber              bool            `json:"highScaleNumber"`
	HTMLFormatted                bool            `json:"htmlFormatted"`
	IDLookup                     bool            `json:"idLookup"`
	InlineHelpText               *string         `json:"inlineHelpText"`
	Label                        string          `json:"label"`
	Length                       int             `json:"length"`
	Mask                         *string         `json:"mask"`
	MaskType                     *string         `json:"maskType"`
	Name                         string          `json:"name"`
	NameField                    bool            `json:"nameField"`
	NamePointing                 bool            `json:"namePointing"`
	Nillable                     bool            `json:"nillable"`
	Permissionable               bool            `json:"permissionable"`
	PicklistValues               []describeValue `json:"picklistValues"`
	PolymorphicForeignKey        bool            `json:"polymorphicForeignKey"`
	Precision                    int             `json:"precision"`
	QueryByDistance              bool            `json:"queryByDistance"`
	ReferenceTargetField         *string         `json:"referenceTargetField"`
	ReferenceTo                  []string        `json:"referenceTo"`
	RelationshipName             *string         `json:"relationshipName"`
	RelationshipOrder            *int            `json:"relationshipOrder"`
	RestrictedDelete             bool            `json:"restrictedDelete"`
	RestrictedPicklist           bool            `json:"restrictedPicklist"`
	Scale                        int             `json:"scale"`
	SearchPrefilterable          bool            `json:"searchPrefilterable"`
	SoapType                     string          `json:"soapType"`
	Sortable                     bool            `json:"sortable"`
	Type                         FieldType       `json:"type"`
	Unique                       bool            `json:"unique"`
	Updateable                   bool            `json:"updateable"`
	WriteRequiresMasterRead      bool            `json:"writeRequiresMasterRead"`
}

// describeValue is one picklist entry; validFor is only set on dependent
// picklists, which the emulator does not model.
type describeValue struct {
	Active       bool    `json:"active"`
	DefaultValue bool    `json:"defaultValue"`
	Label        string  `json:"label"`
	ValidFor     *string `json:"validFor"`
	Value        string  `json:"value"`
}

// soapTypes maps describe types to the XML schema type the SOAP API (and
// so describe) names; tap-salesforce types columns from it.
var soapTypes = map[FieldType]string{
	TypeID:            "tns:ID",
	TypeReference:     "tns:ID",
	TypeString:        "xsd:string",
	TypeTextArea:      "xsd:string",
	TypePicklist:      "xsd:string",
	TypeMultiPicklist: "xsd:string",
	TypeCombobox:      "xsd:string",
	TypeEmail:         "xsd:string",
	TypePhone:         "xsd:string",
	TypeURL:           "xsd:string",
	TypeBoolean:       "xsd:boolean",
	TypeInt:           "xsd:int",
	TypeDouble:        "xsd:double",
	TypeCurrency:      "xsd:double",
	TypePercent:       "xsd:double",
	TypeDate:          "xsd:date",
	TypeDateTime:      "xsd:dateTime",
	TypeTime:          "xsd:time",
	TypeBase64:        "xsd:base64Binary",
	TypeAddress:       "urn:address",
	TypeLocation:      "urn:location",
	TypeAnyType:       "xsd:anyType",
}

// recordTypeObjects are the standard objects that support record types;
// all custom objects do too. The rest report no recordTypeInfos at all.
var recordTypeObjects = map[string]bool{
	"Account": true, "Case": true, "Contact": true, "Contract": true,
	"Event": true, "Lead": true, "Opportunity": true, "Order": true,
	"Pricebook2": true, "Product2": true, "Task": true,
}

// sobjectURL is the base of an object's REST resources at version.
func sobjectURL(version, name string) string {
	return "/services/data/v" + version + "/sobjects/" + name
}

// describeSObject renders the full describe of o at API version (59.0).
func describeSObject(o *Object, version string) describeResult {
	base := sobjectURL(version, o.Name)
	d := describeResult{
		ActionOverrides:       []any{},
		ChildRelationships:    []describeChild{},
		CompactLayoutable:     o.Layoutable,
		Createable:            o.Createable,
		Custom:                o.Custom,
		Deletable:             o.Deletable,
		FeedEnabled:           o.Feedenabled,
		Fields:                make([]describeField, 0, len(o.Fields)),
		KeyPrefix:             nullable(o.KeyPrefix),
		Label:                 o.Label,
		LabelPlural:           o.LabelPlural,
		Layoutable:            o.Layoutable,
		Mergeable:             o.Mergeable,
		MRUEnabled:            o.MRUEnabled,
		Name:                  o.Name,
		NamedLayoutInfos:      []any{},
		Queryable:             o.Queryable,
		RecordTypeInfos:       []recordTypeInfo{},
		Replicateable:         o.Replicateable,
		Retrieveable:          o.Retrieveable,
		SearchLayoutable:      o.Searchable && o.Layoutable,
		Searchable:            o.Searchable,
		SobjectDescribeOption: "FULL",
		SupportedScopes:       supportedScopes(o),
		Triggerable:           o.Triggerable,
		Undeletable:           o.Undeletable,
		Updateable:            o.Updateable,
		URLs:                  describeURLs(o, version),
	}
	for _, c := range o.children {
		d.ChildRelationships = append(d.ChildRelationships, describeChild{
			CascadeDelete:       c.CascadeDelete,
			ChildSObject:        c.ChildSObject,
			DeprecatedAndHidden: c.DeprecatedAndHidden,
			Field:               c.Field,
			JunctionIDListNames: []string{},
			JunctionReferenceTo: []string{},
			RelationshipName:    nullable(c.RelationshipName),
			RestrictedDelete:    c.RestrictedDelete,
		})
	}
	for _, f := range o.Fields {
		d.Fields = append(d.Fields, describeFieldOf(f))
	}
	if o.Custom || recordTypeObjects[o.Name] {
		d.RecordTypeInfos = append(d.RecordTypeInfos, recordTypeInfo{
			Active:                   true,
			Available:                true,
			DefaultRecordTypeMapping: true,
			DeveloperName:            "Master",
			Master:                   true,
			Name:                     "Master",
			RecordTypeID:             masterRecordTypeID,
			URLs:                     map[string]string{"layout": base + "/describe/layouts/" + masterRecordTypeID},
		})
	}
	return d
}

// describeURLs lists the resources of o: layouts and list views only for
// objects with a user interface, defaultValues only where records can be
// created from one.
func describeURLs(o *Object, version string) objectURLs {
	base := sobjectURL(version, o.Name)
	u := objectURLs{RowTemplate: base + "/{ID}", Describe: base + "/describe", Sobject: base}
	if o.Layoutable {
		u.CompactLayouts = base + "/describe/compactLayouts"
		u.ApprovalLayouts = base + "/describe/approvalLayouts"
		u.Listviews = base + "/listviews"
		u.QuickActions = base + "/quickActions"
		u.Layouts = base + "/describe/layouts"
		if o.Createable {
			u.DefaultValues = base + "/defaultValues?recordTypeId&fields"
		}
	}
	return u
}

// supportedScopes are the list-view filters the object offers.
func supportedScopes(o *Object) []describeScope {
	if !o.Layoutable {
		return []describeScope{}
	}
	plural := strings.ToLower(o.LabelPlural)
	scopes := []describeScope{{Label: "All " + plural, Name: "everything"}}
	if o.Field("OwnerId") != nil {
		scopes = append(scopes,
			describeScope{Label: "My " + plural, Name: "mine"},
			describeScope{Label: "My team's " + plural, Name: "team"})
	}
	return scopes
}

// describeFieldOf renders one field. Flags that follow from the type
// (soapType, byteLength, aggregatable) are derived here so the catalogue
// cannot get them wrong.
func describeFieldOf(f *Field) describeField {
	d := describeField{
		Aggregatable:          aggregatable(f),
		AutoNumber:            f.AutoNumber,
		ByteLength:            byteLength(f),
		Calculated:            f.Calculated,
		CascadeDelete:         f.CascadeDelete,
		CaseSensitive:         f.CaseSensitive,
		CompoundFieldName:     nullable(f.CompoundFieldName),
		Createable:            f.Createable,
		Custom:                f.Custom,
		DefaultValueFormula:   nullable(f.DefaultValueFormula),
		DefaultedOnCreate:     f.DefaultedOnCreate,
		Digits:                f.Digits,
		ExternalID:            f.ExternalID,
		ExtraTypeInfo:         nullable(extraTypeInfo(f)),
		Filterable:            f.Filterable,
		Groupable:             f.Groupable,
		HTMLFormatted:         f.HTMLFormatted,
		IDLookup:              f.IDLookup,
		InlineHelpText:        nullable(f.InlineHelpText),
		Label:                 f.Label,
		Length:                f.Length,
		Name:                  f.Name,
		NameField:             f.NameField,
		NamePointing:          len(f.ReferenceTo) > 1,
		Nillable:              f.Nillable,
		Permissionable:        permissionable(f),
		PicklistValues:        make([]describeValue, 0, len(f.Picklist)),
		PolymorphicForeignKey: len(f.ReferenceTo) > 1,
		Precision:             f.Precision,
		QueryByDistance:       f.Type == TypeLocation,
		ReferenceTo:           append([]string{}, f.ReferenceTo...),
		RelationshipName:      nullable(f.RelationshipName),
		RestrictedDelete:      f.RestrictedDelete,
		RestrictedPicklist:    f.RestrictedPicklist,
		Scale:                 f.Scale,
		SoapType:              soapTypes[f.Type],
		Sortable:              f.Sortable,
		Type:                  f.Type,
		Unique:                f.Unique,
		Updateable:            f.Updateable,
	}
	if f.Calculated {
		d.CalculatedFormula = nullable(f.CalculatedFormula)
	}
	// Only checkboxes report their default here; a picklist's default is
	// flagged in its value list and a custom default is a formula.
	if f.Type == TypeBoolean && (f.Createable || f.Updateable) && f.DefaultValue != nil {
		d.DefaultValue = f.DefaultValue
	}
	for _, v := range f.Picklist {
		d.PicklistValues = append(d.PicklistValues, describeValue{
			Active: v.Active, DefaultValue: v.DefaultValue, Label: v.Label, Value: v.Value,
		})
	}
	return d
}

// byteLength is the storage size describe reports: three bytes per
// character of text, 18 for ids.
func byteLength(f *Field) int {
	switch f.Type {
	case TypeID, TypeReference:
		return 18
	case TypeString, TypeTextArea, TypePicklist, TypeMultiPicklist, TypeCombobox,
		TypeEmail, TypePhone, TypeURL:
		return f.Length * 3
	}
	return 0
}

// aggregatable reports whether COUNT/MIN/MAX accept the field: not
// checkboxes, long text, multi-select picklists or compounds.
func aggregatable(f *Field) bool {
	switch f.Type {
	case TypeBoolean, TypeMultiPicklist, TypeAddress, TypeLocation, TypeBase64:
		return false
	case TypeTextArea:
		return f.Filterable
	}
	return true
}

// permissionable reports whether field-level security can hide the field:
// only optional fields users can see and set, never audit fields, name
// fields or compounds.
func permissionable(f *Field) bool {
	if !f.Nillable || f.NameField || f.AutoNumber || f.Type == TypeAddress || f.Type == TypeLocation {
		return false
	}
	return f.Createable || f.Updateable || f.Calculated
}

// extraTypeInfo fills in what real orgs report for plain text areas when
// the catalogue did not say otherwise.
func extraTypeInfo(f *Field) string {
	if f.ExtraTypeInfo == "" && f.Type == TypeTextArea {
		return "plaintextarea"
	}
	return f.ExtraTypeInfo
}

// describeGlobal renders GET /sobjects: every object, plus the change
// event entity of each object that has Change Data Capture, sorted by
// name.
func describeGlobal(objs []*Object, version string) globalDescribe {
	g := globalDescribe{Encoding: "UTF-8", MaxBatchSize: 200, Sobjects: []globalSObject{}}
	for _, o := range objs {
		u := describeURLs(o, version)
		g.Sobjects = append(g.Sobjects, globalSObject{
			Createable:    o.Createable,
			Custom:        o.Custom,
			Deletable:     o.Deletable,
			FeedEnabled:   o.Feedenabled,
			KeyPrefix:     nullable(o.KeyPrefix),
			Label:         o.Label,
			LabelPlural:   o.LabelPlural,
			Layoutable:    o.Layoutable,
			Mergeable:     o.Mergeable,
			MRUEnabled:    o.MRUEnabled,
			Name:          o.Name,
			Queryable:     o.Queryable,
			Replicateable: o.Replicateable,
			Retrieveable:  o.Retrieveable,
			Searchable:    o.Searchable,
			Triggerable:   o.Triggerable,
			Undeletable:   o.Undeletable,
			Updateable:    o.Updateable,
			URLs: objectURLs{
				RowTemplate: u.RowTemplate, DefaultValues: u.DefaultValues,
				Describe: u.Describe, Sobject: u.Sobject,
			},
		})
		if o.ChangeEvent {
			g.Sobjects = append(g.Sobjects, changeEventEntry(o, version))
		}
	}
	sort.Slice(g.Sobjects, func(i, j int) bool { return g.Sobjects[i].Name < g.Sobjects[j].Name })
	return g
}

// changeEventName is the CDC entity of an object: AccountChangeEvent,
// and Foo__ChangeEvent for the custom object Foo__c.
func changeEventName(object string) string {
	if base, ok := strings.CutSuffix(object, "__c"); ok {
		return base + "__ChangeEvent"
	}
	return object + "ChangeEvent"
}

// changeEventEntry is the describeGlobal entry of o's change event: it can
// only be subscribed to (and have Apex triggers), never queried or
// written. All change events share the key prefix 1CE.
func changeEventEntry(o *Object, version string) globalSObject {
	name := changeEventName(o.Name)
	base := sobjectURL(version, name)
	kind, parent := "ChangeEvent", o.Name
	prefix := "1CE"
	return globalSObject{
		AssociateEntityType:   &kind,
		AssociateParentEntity: &parent,
		Custom:                o.Custom,
		KeyPrefix:             &prefix,
		Label:                 o.Label + " Change Event",
		LabelPlural:           o.Label + " Change Events",
		Name:                  name,
		Triggerable:           true,
		URLs: objectURLs{
			EventSchema: base + "/eventSchema",
			RowTemplate: base + "/{ID}",
			Describe:    base + "/describe",
			Sobject:     base,
		},
	}
}

// nullable renders an empty string as JSON null, as describe does for
// every absent text attribute.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
