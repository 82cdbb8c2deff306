package sfemu

import (
	"net/http"
	"slices"
	"strings"
)

// toolingObjects is the part of the Tooling API's catalogue the emulator
// keeps: enough for clients to create custom objects and fields and to
// look them up. Everything else answers INVALID_TYPE, as an org answers
// for entities it does not have.
func toolingObjects() []*Object {
	customObject := newObject("CustomObject", "Custom Object", "Custom Objects", "01I", false)
	customObject.add(
		textField("DeveloperName", "Developer Name", 40).readOnly(),
		textField("NamespacePrefix", "Namespace Prefix", 15).readOnly(),
		textField("FullName", "Full Name", 255).readOnly(),
		textArea("Description", "Description", 255).readOnly(),
		textField("SharingModel", "Sharing Model", 40).readOnly(),
	)
	customField := newObject("CustomField", "Custom Field", "Custom Fields", "00N", false)
	customField.add(
		textField("DeveloperName", "Developer Name", 40).readOnly(),
		textField("NamespacePrefix", "Namespace Prefix", 15).readOnly(),
		textField("TableEnumOrId", "Table Enum or ID", 40).readOnly(),
		textField("FullName", "Full Name", 255).readOnly(),
		intField("Length", "Length", 9).readOnly(),
		textArea("Description", "Description", 255).readOnly(),
		textArea("InlineHelpText", "Help Text", 255).readOnly(),
	)
	entity := newObject("EntityDefinition", "Entity Definition", "Entity Definitions", "4ie", false)
	entity.add(
		textField("DurableId", "Durable ID", 255).readOnly(),
		textField("QualifiedApiName", "Qualified API Name", 250).readOnly(),
		textField("DeveloperName", "Developer Name", 40).readOnly(),
		textField("NamespacePrefix", "Namespace Prefix", 15).readOnly(),
		textField("MasterLabel", "Master Label", 255).readOnly(),
		textField("Label", "Label", 255).readOnly(),
		textField("PluralLabel", "Plural Label", 255).readOnly(),
		textField("KeyPrefix", "Key Prefix", 3).readOnly(),
		boolField("IsCustomizable", "Customizable").readOnly(),
		boolField("IsQueryable", "Queryable").readOnly(),
		boolField("IsCustomSetting", "Custom Setting").readOnly(),
	)
	for _, o := range []*Object{customObject, customField, entity} {
		o.Createable, o.Updateable, o.Deletable, o.Replicateable, o.Searchable, o.Triggerable = false, false, false, false, false, false
	}
	return []*Object{customObject, customField, entity}
}

// addEntityDefinition records an object in the tooling catalogue. The
// caller holds o.mu.
func (o *org) addEntityDefinition(obj *Object, durableID string) {
	t := o.tooling
	dev := strings.TrimSuffix(obj.Name, "__c")
	if _, err := t.begin().create(t.object("EntityDefinition"), map[string]any{
		"DurableId":        durableID,
		"QualifiedApiName": obj.Name,
		"DeveloperName":    dev,
		"MasterLabel":      obj.Label,
		"Label":            obj.Label,
		"PluralLabel":      obj.LabelPlural,
		"KeyPrefix":        obj.KeyPrefix,
		"IsCustomizable":   obj.Layoutable,
		"IsQueryable":      obj.Queryable,
		"IsCustomSetting":  false,
	}, writeOptions{system: true, userID: o.adminID}); err != nil {
		panic("sfemu: recording EntityDefinition " + obj.Name + ": " + err.Error())
	}
}

// nextCustomPrefix hands out a0 prefixes as real orgs do: a00, a01, ...
func (o *org) nextCustomPrefix() string {
	for {
		n := o.customPrefixes
		o.customPrefixes++
		p := "a" + string(base62[(n/62)%62]) + string(base62[n%62])
		if o.byPrefix[p] == nil {
			return p
		}
	}
}

// createCustomObject adds a custom object from Tooling API metadata.
func (o *org) createCustomObject(fullName string, meta map[string]any, userID string) (*record, *Error) {
	if !strings.HasSuffix(fullName, "__c") || checkIdentifier("FullName", strings.TrimSuffix(fullName, "__c")) != nil {
		return nil, errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "FullName: invalid custom object name %q: use letters, digits and single underscores, starting with a letter, ending in __c", fullName)
	}
	if o.object(fullName) != nil {
		return nil, errorf(http.StatusBadRequest, "DUPLICATE_DEVELOPER_NAME", "There is already an object named %s.", fullName)
	}
	label, _ := meta["label"].(string)
	plural, _ := meta["pluralLabel"].(string)
	var missing []string
	if label == "" {
		missing = append(missing, "label")
	}
	if plural == "" {
		missing = append(missing, "pluralLabel")
	}
	if len(missing) > 0 {
		return nil, errRequiredMissing(missing)
	}
	obj := newCustomObject(fullName, label, plural, o.nextCustomPrefix())
	obj.ChangeEvent = true
	if nf, ok := meta["nameField"].(map[string]any); ok {
		if l, _ := nf["label"].(string); l != "" {
			obj.Field("Name").Label = l
		}
	}
	sharing, _ := meta["sharingModel"].(string)
	if sharing == "" {
		sharing = "ReadWrite"
	}
	desc, _ := meta["description"].(string)
	t := o.tooling
	r, err := t.begin().create(t.object("CustomObject"), map[string]any{
		"DeveloperName": strings.TrimSuffix(fullName, "__c"),
		"FullName":      fullName,
		"Description":   desc,
		"SharingModel":  sharing,
	}, writeOptions{system: true, userID: userID})
	if err != nil {
		return nil, err
	}
	o.addObject(obj)
	o.touchSchema(obj)
	// New custom objects allow activities and notes, so they join the
	// polymorphic parents of Task, Event and Note.
	for _, ref := range []struct{ object, field string }{{"Task", "WhatId"}, {"Event", "WhatId"}, {"Note", "ParentId"}} {
		if parent := o.object(ref.object); parent != nil {
			if f := parent.Field(ref.field); f != nil {
				f.ReferenceTo = append(slices.Clip(f.ReferenceTo), obj.Name)
				o.touchSchema(parent)
			}
		}
	}
	o.relink()
	o.addEntityDefinition(obj, id18(r.id))
	return r, nil
}

// createCustomField adds a custom field from Tooling API metadata.
func (o *org) createCustomField(fullName string, meta map[string]any, userID string) (*record, *Error) {
	objName, fieldName, ok := strings.Cut(fullName, ".")
	if !ok {
		return nil, errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "FullName: must be Object.Field__c, not %q", fullName)
	}
	obj := o.object(objName)
	if obj == nil {
		return nil, errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "FullName: no object named %s; create the object first", objName)
	}
	if obj.Field(fieldName) != nil {
		return nil, errorf(http.StatusBadRequest, "DUPLICATE_DEVELOPER_NAME", "There is already a field named %s on %s.", strings.TrimSuffix(fieldName, "__c"), obj.Name)
	}
	f, ferr := customFieldFromMetadata(fullName, meta)
	if ferr != nil {
		return nil, asAPIError(ferr)
	}
	for _, target := range f.ReferenceTo {
		if o.object(target) == nil {
			return nil, errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "referenceTo: no object named %s", target)
		}
	}
	table := obj.Name
	if obj.Custom {
		table = o.customObjectID(obj.Name)
	}
	t := o.tooling
	r, err := t.begin().create(t.object("CustomField"), map[string]any{
		"DeveloperName":  strings.TrimSuffix(f.Name, "__c"),
		"TableEnumOrId":  table,
		"FullName":       obj.Name + "." + f.Name,
		"Length":         f.Length,
		"Description":    meta["description"],
		"InlineHelpText": meta["inlineHelpText"],
	}, writeOptions{system: true, userID: userID})
	if err != nil {
		return nil, err
	}
	obj.addField(f)
	// Existing records get the field's default (a checkbox is false).
	if f.DefaultValue != nil {
		for _, rec := range o.tables[obj].rows {
			if rec != nil {
				rec.set(f, f.DefaultValue)
			}
		}
	}
	o.touchSchema(obj)
	o.relink()
	o.toolingFields[r.id] = toolingField{object: obj, field: f, meta: meta}
	return r, nil
}

// toolingField remembers what a CustomField record describes.
type toolingField struct {
	object *Object
	field  *Field
	meta   map[string]any
}

// updateCustomField changes a custom field's metadata (PATCH), e.g. adds
// picklist values or changes the label. The field keeps its storage.
func (o *org) updateCustomField(id string, meta map[string]any) *Error {
	id15, ok := parseID(id)
	if !ok {
		return errMalformedID(id)
	}
	tf, ok := o.toolingFields[id15]
	if !ok {
		return errNotFound()
	}
	merged := make(map[string]any, len(tf.meta)+len(meta))
	for k, v := range tf.meta {
		merged[k] = v
	}
	for k, v := range meta {
		merged[k] = v
	}
	nf, err := customFieldFromMetadata(tf.object.Name+"."+tf.field.Name, merged)
	if err != nil {
		return asAPIError(err)
	}
	if nf.Type != tf.field.Type {
		return errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "type: changing %s from %s to %s is not supported", tf.field.Name, tf.field.Type, nf.Type)
	}
	nf.slot = tf.field.slot
	*tf.field = *nf
	tf.meta = merged
	o.toolingFields[id15] = tf
	o.touchSchema(tf.object)
	o.relink()
	return nil
}

// deleteCustomField removes a custom field and its data.
func (o *org) deleteCustomField(id string) *Error {
	id15, ok := parseID(id)
	if !ok {
		return errMalformedID(id)
	}
	tf, ok := o.toolingFields[id15]
	if !ok {
		return errNotFound()
	}
	obj := tf.object
	kept := obj.Fields[:0]
	for _, f := range obj.Fields {
		if f != tf.field {
			kept = append(kept, f)
		}
	}
	obj.Fields = kept
	delete(obj.byName, strings.ToLower(tf.field.Name))
	delete(obj.byExact, tf.field.Name)
	if tf.field.RelationshipName != "" {
		delete(obj.byRel, strings.ToLower(tf.field.RelationshipName))
	}
	for _, rec := range o.tables[obj].rows {
		if rec != nil {
			rec.set(tf.field, nil)
		}
	}
	delete(o.toolingFields, id15)
	if cur := o.tooling.byID[id15]; cur != nil {
		o.tooling.purge(cur)
	}
	o.touchSchema(obj)
	o.relink()
	return nil
}

// customObjectID returns the tooling id of a custom object.
func (o *org) customObjectID(name string) string {
	co := o.tooling.object("CustomObject")
	fullName := co.Field("FullName")
	for _, r := range o.tooling.tables[co].rows {
		if r != nil && !r.deleted && strings.EqualFold(r.get(fullName).(string), name) {
			return id18(r.id)
		}
	}
	return name
}

// asAPIError turns a metadata error into the 400 the handler sends.
func asAPIError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "%v", err)
}
