package sfemu

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// update rewrites golden files instead of comparing against them:
// go test ./sfemu -run Describe -update
var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// linkedCatalog returns a fresh, linked copy of the standard objects.
func linkedCatalog(t *testing.T) []*Object {
	t.Helper()
	objs := standardObjects()
	linkObjects(objs)
	return objs
}

func findObject(t *testing.T, objs []*Object, name string) *Object {
	t.Helper()
	for _, o := range objs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no object %s in the catalogue", name)
	return nil
}

// checkGolden compares v, as indented JSON, with testdata/describe/name.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatalf("encoding %s: %v", name, err)
	}
	path := filepath.Join("testdata", "describe", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the golden file; run go test ./sfemu -run Describe -update and review the diff", path)
	}
}

func TestDescribeGolden(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	for _, name := range []string{"Account", "Contact", "Lead", "Opportunity", "Task"} {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name+".json", describeSObject(findObject(t, objs, name), "59.0"))
		})
	}
	t.Run("global", func(t *testing.T) {
		checkGolden(t, "global.json", describeGlobal(objs, "59.0"))
	})
}

// Clients read describe as untyped JSON; these keys must always be there,
// null or not.
func TestDescribeKeys(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	b, err := json.Marshal(describeSObject(findObject(t, objs, "Account"), "59.0"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"childRelationships", "fields", "recordTypeInfos", "urls", "keyPrefix", "name", "label", "labelPlural", "custom", "queryable", "replicateable"} {
		if _, ok := d[k]; !ok {
			t.Errorf("describe lacks %q", k)
		}
	}
	field := d["fields"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "label", "type", "length", "byteLength", "digits", "precision", "scale", "nillable", "createable", "updateable", "defaultedOnCreate", "calculated", "calculatedFormula", "externalId", "idLookup", "unique", "custom", "caseSensitive", "nameField", "referenceTo", "relationshipName", "relationshipOrder", "picklistValues", "restrictedPicklist", "compoundFieldName", "soapType", "filterable", "sortable", "groupable", "autoNumber", "defaultValue", "dependentPicklist", "htmlFormatted", "inlineHelpText"} {
		if _, ok := field[k]; !ok {
			t.Errorf("describe field lacks %q", k)
		}
	}
	urls := d["urls"].(map[string]any)
	if got := urls["rowTemplate"]; got != "/services/data/v59.0/sobjects/Account/{ID}" {
		t.Errorf("rowTemplate = %v", got)
	}
	rt := d["recordTypeInfos"].([]any)
	if len(rt) != 1 || rt[0].(map[string]any)["recordTypeId"] != masterRecordTypeID {
		t.Errorf("recordTypeInfos = %v, want the Master record type", rt)
	}
}

func TestDescribeGlobalChangeEvents(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	custom := newCustomObject("Invoice__c", "Invoice", "Invoices", "a01")
	custom.ChangeEvent = true
	objs = append(objs, custom)
	g := describeGlobal(objs, "59.0")

	byName := map[string]globalSObject{}
	for i, s := range g.Sobjects {
		byName[s.Name] = s
		if i > 0 && g.Sobjects[i-1].Name >= s.Name {
			t.Errorf("sobjects not sorted: %s before %s", g.Sobjects[i-1].Name, s.Name)
		}
	}
	for _, parent := range []string{"Account", "Contact", "Lead", "Opportunity", "Task", "Event", "Order", "OrderItem", "Product2", "Case", "User"} {
		ce, ok := byName[parent+"ChangeEvent"]
		if !ok {
			t.Errorf("no %sChangeEvent", parent)
			continue
		}
		if ce.Queryable || ce.Createable || ce.AssociateEntityType == nil || *ce.AssociateEntityType != "ChangeEvent" ||
			ce.AssociateParentEntity == nil || *ce.AssociateParentEntity != parent {
			t.Errorf("%sChangeEvent = %+v", parent, ce)
		}
	}
	if _, ok := byName["NoteChangeEvent"]; ok {
		t.Error("Note has no change events in real orgs")
	}
	if ce, ok := byName["Invoice__ChangeEvent"]; !ok || ce.Label != "Invoice Change Event" {
		t.Errorf("custom change event = %+v, %v", ce, ok)
	}
	if g.Encoding != "UTF-8" || g.MaxBatchSize != 200 {
		t.Errorf("envelope = %q %d", g.Encoding, g.MaxBatchSize)
	}
}

// allowedTypes are the describe types Airbyte and tap-salesforce accept.
var allowedTypes = map[FieldType]bool{
	TypeID: true, TypeString: true, TypeTextArea: true, TypePicklist: true,
	TypeMultiPicklist: true, TypeCombobox: true, TypeReference: true,
	TypeEmail: true, TypePhone: true, TypeURL: true, TypeBoolean: true,
	TypeInt: true, TypeDouble: true, TypeCurrency: true, TypePercent: true,
	TypeDate: true, TypeDateTime: true, TypeTime: true, TypeBase64: true,
	TypeAddress: true, TypeLocation: true, TypeAnyType: true,
}

func TestCatalogInvariants(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	byName := map[string]*Object{}
	prefixes := map[string]string{}
	for _, o := range objs {
		byName[o.Name] = o
		if len(o.KeyPrefix) != 3 {
			t.Errorf("%s: key prefix %q is not 3 characters", o.Name, o.KeyPrefix)
		}
		if other, dup := prefixes[o.KeyPrefix]; dup {
			t.Errorf("%s and %s share key prefix %s", o.Name, other, o.KeyPrefix)
		}
		prefixes[o.KeyPrefix] = o.Name
	}
	for _, o := range objs {
		t.Run(o.Name, func(t *testing.T) {
			checkObjectInvariants(t, o, byName)
		})
	}
}

func checkObjectInvariants(t *testing.T, o *Object, byName map[string]*Object) {
	if id := o.Field("Id"); id == nil || id.Type != TypeID || id.Length != 18 || id.Nillable || id.Createable {
		t.Errorf("Id field wrong: %+v", id)
	}
	for _, sys := range []string{"CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp"} {
		if f := o.Field(sys); f == nil || f.Createable || f.Updateable {
			t.Errorf("system field %s missing or writable", sys)
		}
	}
	names, nameFields, slots := map[string]bool{}, 0, map[int]bool{}
	for _, f := range o.Fields {
		key := strings.ToLower(f.Name)
		if names[key] {
			t.Errorf("%s declared twice", f.Name)
		}
		names[key] = true
		if f.NameField {
			nameFields++
		}
		if f.slot >= 0 {
			if slots[f.slot] || f.slot >= o.slots {
				t.Errorf("%s: slot %d reused or out of range", f.Name, f.slot)
			}
			slots[f.slot] = true
		}
		if !allowedTypes[f.Type] || soapTypes[f.Type] == "" {
			t.Errorf("%s: type %q is not a describe type", f.Name, f.Type)
		}
		if f.Label == "" {
			t.Errorf("%s has no label", f.Name)
		}
		switch f.Type {
		case TypeReference:
			if len(f.ReferenceTo) == 0 || f.RelationshipName == "" {
				t.Errorf("%s: reference without referenceTo or relationshipName", f.Name)
			}
			for _, to := range f.ReferenceTo {
				if byName[to] == nil {
					t.Errorf("%s refers to unknown object %s", f.Name, to)
				}
			}
		case TypeString, TypeTextArea, TypePicklist, TypeMultiPicklist, TypeCombobox, TypeEmail, TypePhone, TypeURL:
			if f.Length <= 0 {
				t.Errorf("%s: text field without length", f.Name)
			}
		case TypeBoolean:
			if f.Nillable {
				t.Errorf("%s: checkboxes are never null", f.Name)
			}
		case TypeCurrency, TypeDouble, TypePercent:
			if f.Precision <= 0 || f.Scale > f.Precision {
				t.Errorf("%s: precision %d scale %d", f.Name, f.Precision, f.Scale)
			}
		}
		if f.Type != TypeReference && (len(f.ReferenceTo) > 0 || f.RelationshipName != "") {
			t.Errorf("%s: relationship on a non-reference", f.Name)
		}
		if f.Calculated && (f.Formula == nil || f.Createable || f.Updateable) {
			t.Errorf("%s: calculated fields need a formula and are read-only", f.Name)
		}
		if f.CompoundFieldName != "" {
			c := o.Field(f.CompoundFieldName)
			if c == nil || !(c.Type == TypeAddress || c.Type == TypeLocation || c.Name == "Name") {
				t.Errorf("%s: compound %s is not a compound field", f.Name, f.CompoundFieldName)
			}
		}
		// A field nobody can write must be filled by the org, or be
		// allowed to stay empty.
		if o.Createable && !f.Nillable && !f.Createable && !f.DefaultedOnCreate && f.ExtraTypeInfo != "personname" {
			t.Errorf("%s: required but nothing can set it", f.Name)
		}
		if f.required() && !f.Createable {
			t.Errorf("%s: required on create but not createable", f.Name)
		}
		defaults := 0
		for _, v := range f.Picklist {
			if v.DefaultValue {
				defaults++
				if f.DefaultValue != v.Value {
					t.Errorf("%s: picklist default %q not stored as DefaultValue (%v)", f.Name, v.Value, f.DefaultValue)
				}
			}
		}
		if defaults > 1 {
			t.Errorf("%s: %d default picklist values", f.Name, defaults)
		}
		if f.RestrictedPicklist && len(f.Picklist) == 0 {
			t.Errorf("%s: restricted picklist without values", f.Name)
		}
	}
	if nameFields > 1 {
		t.Errorf("%d name fields", nameFields)
	}
	if (o.Field("OwnerId") != nil) != (o.Field("OwnerId") != nil && o.Field("OwnerId").RelationshipName == "Owner") {
		t.Error("OwnerId must have the relationship Owner")
	}
	rels := map[string]bool{}
	for _, c := range o.children {
		child := byName[c.ChildSObject]
		if child == nil {
			t.Errorf("child relationship to unknown object %s", c.ChildSObject)
			continue
		}
		f := child.Field(c.Field)
		if f == nil || f.Type != TypeReference || !slices.Contains(f.ReferenceTo, o.Name) {
			t.Errorf("child relationship %s.%s is not a reference to %s", c.ChildSObject, c.Field, o.Name)
		}
		if c.RelationshipName != "" {
			key := strings.ToLower(c.RelationshipName)
			if rels[key] {
				t.Errorf("child relationship name %s used twice", c.RelationshipName)
			}
			rels[key] = true
		}
	}
}

func TestCatalogChildRelationships(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	tests := []struct{ parent, rel, child, field string }{
		{"Account", "Contacts", "Contact", "AccountId"},
		{"Account", "Opportunities", "Opportunity", "AccountId"},
		{"Account", "Cases", "Case", "AccountId"},
		{"Account", "Orders", "Order", "AccountId"},
		{"Account", "ChildAccounts", "Account", "ParentId"},
		{"Account", "Tasks", "Task", "WhatId"},
		{"Account", "Events", "Event", "WhatId"},
		{"Account", "Notes", "Note", "ParentId"},
		{"Contact", "Tasks", "Task", "WhoId"},
		{"Lead", "Events", "Event", "WhoId"},
		{"Opportunity", "Tasks", "Task", "WhatId"},
		{"Order", "OrderItems", "OrderItem", "OrderId"},
		{"Case", "CaseComments", "CaseComment", "ParentId"},
		{"Pricebook2", "PricebookEntries", "PricebookEntry", "Pricebook2Id"},
		{"Profile", "Users", "User", "ProfileId"},
		{"User", "ManagedUsers", "User", "ManagerId"},
	}
	for _, tt := range tests {
		t.Run(tt.parent+"."+tt.rel, func(t *testing.T) {
			o := findObject(t, objs, tt.parent)
			for _, c := range o.ChildRelationships() {
				if c.RelationshipName == tt.rel {
					if c.ChildSObject != tt.child || c.Field != tt.field {
						t.Errorf("%s is %s.%s, want %s.%s", tt.rel, c.ChildSObject, c.Field, tt.child, tt.field)
					}
					return
				}
			}
			t.Errorf("%s has no child relationship %s", tt.parent, tt.rel)
		})
	}
}

// Orgs change their copies of the schema, so each call must build new ones.
func TestCatalogFreshCopies(t *testing.T) {
	t.Parallel()
	a, b := standardObjects(), standardObjects()
	a[0].Fields[0].Label = "changed"
	a[0].Field("Type").Picklist[0].Label = "changed"
	if b[0].Fields[0].Label == "changed" || b[0].Field("Type").Picklist[0].Label == "changed" {
		t.Error("standardObjects shares metadata between calls")
	}
}

// linkObjects runs again after a custom object or field arrives and must
// neither lose nor duplicate relationships.
func TestCatalogRelinkAfterCustomField(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	account := findObject(t, objs, "Account")
	before := len(account.ChildRelationships())

	inv := newCustomObject("Invoice__c", "Invoice", "Invoices", "a01")
	f, err := customFieldFromMetadata("Invoice__c.Account__c", map[string]any{
		"label": "Account", "type": "Lookup", "referenceTo": "Account", "relationshipName": "Invoices",
	})
	if err != nil {
		t.Fatal(err)
	}
	inv.addField(f)
	objs = append(objs, inv)
	linkObjects(objs)
	linkObjects(objs)

	named := 0
	for _, c := range account.ChildRelationships() {
		if c.RelationshipName == "Invoices__r" {
			named++
		}
	}
	if got := len(account.ChildRelationships()); got != before+1 || named != 1 {
		t.Errorf("Account has %d child relationships (%d Invoices__r) after relinking, had %d", got, named, before)
	}
	if inv.Relationship("Account__r") != f {
		t.Error("Invoice__c.Account__r does not resolve to the lookup")
	}
}

func TestSchemaCustomFieldFromMetadata(t *testing.T) {
	t.Parallel()
	picklist := map[string]any{
		"restricted": true,
		"valueSetDefinition": map[string]any{"value": []any{
			map[string]any{"fullName": "Gold", "label": "Gold", "default": true},
			map[string]any{"fullName": "Silver", "default": false},
		}},
	}
	tests := []struct {
		name      string
		fullName  string
		meta      map[string]any
		typ       FieldType
		length    int
		precision int
		scale     int
		check     func(t *testing.T, f *Field)
	}{
		{name: "text", fullName: "Account.Code__c", meta: map[string]any{"label": "Code", "type": "Text", "length": 20.0, "externalId": true, "unique": true},
			typ: TypeString, length: 20, check: func(t *testing.T, f *Field) {
				if !f.ExternalID || !f.IDLookup || !f.Unique || !f.Custom || !f.Filterable {
					t.Errorf("flags: %+v", f)
				}
			}},
		{name: "number is double even without decimals", fullName: "Score__c", meta: map[string]any{"label": "Score", "type": "Number", "precision": 10.0, "scale": 0.0},
			typ: TypeDouble, precision: 10},
		{name: "currency defaults scale 2", fullName: "Fee__c", meta: map[string]any{"label": "Fee", "type": "Currency", "precision": 16.0},
			typ: TypeCurrency, precision: 16, scale: 2},
		{name: "checkbox", fullName: "Vip__c", meta: map[string]any{"label": "VIP", "type": "Checkbox"},
			typ: TypeBoolean, check: func(t *testing.T, f *Field) {
				if f.DefaultValue != false || f.Nillable || !f.DefaultedOnCreate {
					t.Errorf("checkbox: default %v nillable %v", f.DefaultValue, f.Nillable)
				}
			}},
		{name: "long text", fullName: "Notes__c", meta: map[string]any{"label": "Notes", "type": "LongTextArea", "length": 32768.0, "visibleLines": 5.0},
			typ: TypeTextArea, length: 32768, check: func(t *testing.T, f *Field) {
				if f.Filterable || f.Sortable || f.Groupable {
					t.Error("long text areas cannot be filtered, sorted or grouped")
				}
			}},
		{name: "picklist", fullName: "Tier__c", meta: map[string]any{"label": "Tier", "type": "Picklist", "valueSet": picklist, "required": true},
			typ: TypePicklist, length: 255, check: func(t *testing.T, f *Field) {
				if !f.RestrictedPicklist || len(f.Picklist) != 2 || f.DefaultValue != "Gold" || f.Nillable || f.Picklist[1].Label != "Silver" {
					t.Errorf("picklist: %+v", f)
				}
			}},
		{name: "lookup", fullName: "Contact.Referrer__c", meta: map[string]any{"label": "Referrer", "type": "Lookup", "referenceTo": "Contact", "relationshipName": "Referrals"},
			typ: TypeReference, length: 18, check: func(t *testing.T, f *Field) {
				if f.RelationshipName != "Referrer__r" || f.ChildRelationshipName != "Referrals__r" || f.ReferenceTo[0] != "Contact" {
					t.Errorf("lookup: %+v", f)
				}
			}},
		{name: "text default", fullName: "Region__c", meta: map[string]any{"label": "Region", "type": "Text", "length": 10.0, "defaultValue": "\"EMEA\""},
			typ: TypeString, length: 10, check: func(t *testing.T, f *Field) {
				if f.DefaultValue != "EMEA" || f.DefaultValueFormula != "\"EMEA\"" {
					t.Errorf("default %v formula %q", f.DefaultValue, f.DefaultValueFormula)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := customFieldFromMetadata(tt.fullName, tt.meta)
			if err != nil {
				t.Fatal(err)
			}
			if f.Type != tt.typ || f.Length != tt.length || f.Precision != tt.precision || f.Scale != tt.scale {
				t.Errorf("got %s(%d) %d,%d; want %s(%d) %d,%d", f.Type, f.Length, f.Precision, f.Scale, tt.typ, tt.length, tt.precision, tt.scale)
			}
			if tt.check != nil {
				tt.check(t, f)
			}
		})
	}
}

func TestSchemaCustomFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fullName string
		meta     map[string]any
		code     string
	}{
		{"missing __c", "Account.Score", map[string]any{"label": "S", "type": "Text", "length": 5.0}, "FIELD_INTEGRITY_EXCEPTION"},
		{"double underscore", "Bad__Name__c", map[string]any{"label": "S", "type": "Text", "length": 5.0}, "FIELD_INTEGRITY_EXCEPTION"},
		{"no label", "Score__c", map[string]any{"type": "Text", "length": 5.0}, "REQUIRED_FIELD_MISSING"},
		{"no type", "Score__c", map[string]any{"label": "Score"}, "REQUIRED_FIELD_MISSING"},
		{"unknown type", "Score__c", map[string]any{"label": "Score", "type": "Hologram"}, "JSON_PARSER_ERROR"},
		{"text without length", "Score__c", map[string]any{"label": "Score", "type": "Text"}, "FIELD_INTEGRITY_EXCEPTION"},
		{"text too long", "Score__c", map[string]any{"label": "Score", "type": "Text", "length": 300.0}, "FIELD_INTEGRITY_EXCEPTION"},
		{"length not a number", "Score__c", map[string]any{"label": "Score", "type": "Text", "length": "long"}, "JSON_PARSER_ERROR"},
		{"scale above precision", "Score__c", map[string]any{"label": "Score", "type": "Number", "precision": 4.0, "scale": 6.0}, "FIELD_INTEGRITY_EXCEPTION"},
		{"picklist without values", "Tier__c", map[string]any{"label": "Tier", "type": "Picklist"}, "FIELD_INTEGRITY_EXCEPTION"},
		{"lookup without target", "Owner2__c", map[string]any{"label": "O", "type": "Lookup", "relationshipName": "Things"}, "FIELD_INTEGRITY_EXCEPTION"},
		{"lookup without relationship", "Owner2__c", map[string]any{"label": "O", "type": "Lookup", "referenceTo": "User"}, "FIELD_INTEGRITY_EXCEPTION"},
		{"external id on a date", "When__c", map[string]any{"label": "When", "type": "Date", "externalId": true}, "FIELD_INTEGRITY_EXCEPTION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := customFieldFromMetadata(tt.fullName, tt.meta)
			var apiErr *Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if apiErr.Code != tt.code || apiErr.Status != 400 {
				t.Errorf("got %d %s (%s), want 400 %s", apiErr.Status, apiErr.Code, apiErr.Message, tt.code)
			}
		})
	}
}

func TestSchemaFormulaAndSlots(t *testing.T) {
	t.Parallel()
	objs := linkedCatalog(t)
	opp := findObject(t, objs, "Opportunity")
	er := opp.Field("ExpectedRevenue")
	vals := map[string]any{"Amount": 1000.0, "Probability": 25.0}
	if got := er.Formula(func(n string) any { return vals[n] }); got != 250.0 {
		t.Errorf("ExpectedRevenue = %v, want 250", got)
	}
	if er.slot != -1 || opp.Field("BillingAddress") != nil {
		t.Error("calculated fields have no storage")
	}
	user := findObject(t, objs, "User")
	if user.Field("IsDeleted") != nil {
		t.Error("User has no IsDeleted in real orgs")
	}
	for i, f := range user.Fields {
		if f.slot >= user.slots {
			t.Errorf("field %d %s has slot %d of %d", i, f.Name, f.slot, user.slots)
		}
	}
	lead := findObject(t, objs, "Lead")
	if st := lead.Field("Status"); st.DefaultValue != "Open - Not Contacted" || st.required() {
		t.Errorf("Lead.Status default %v, required %v", st.DefaultValue, st.required())
	}
	if a := lead.Field("Address"); a == nil || a.Type != TypeAddress || lead.Field("City").CompoundFieldName != "Address" {
		t.Error("Lead's address compound is Address")
	}
}
