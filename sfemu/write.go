package sfemu

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// writeOptions carries what a write request says about how to write.
type writeOptions struct {
	// userID is the acting user (15-char id).
	userID string
	// version is the request's API version, for URLs in error bodies;
	// empty means the latest.
	version string
	// allowDuplicates is set by Sforce-Duplicate-Rule-Header allowSave=true.
	allowDuplicates bool
	// assign is the Sforce-Auto-Assign header's choice of assignment rule.
	assign autoAssign
	// system writes (seeding, the Go API's Insert) may set read-only fields.
	system bool
	// access applies field-level security (hidden and read-only fields);
	// nil sees and edits everything.
	access fieldAccess
	// presetID gives a system create its id (the admin user's id must be
	// known before the first record names it as creator).
	presetID string
}

// tx is one write transaction. Every change it makes is undone by rollback,
// which is what allOrNone and Composite need. The caller holds o.mu.
type tx struct {
	o    *org
	undo []undoEntry
}

type undoEntry struct {
	id   string
	prev *record
}

func (o *org) begin() *tx {
	o.emptyRecycleBin()
	return &tx{o: o}
}

// recycleBinRetention is how long a deleted record stays in queryAll and
// /deleted before Salesforce purges it.
const recycleBinRetention = 15 * 24 * time.Hour

// emptyRecycleBin purges records deleted more than the retention ago. It
// runs at the start of writes, at most once a minute of org time.
func (o *org) emptyRecycleBin() {
	now := o.now()
	if now.Sub(o.lastPurge) < time.Minute {
		return
	}
	o.lastPurge = now
	cutoff := toDateTime(now.Add(-recycleBinRetention))
	for obj, t := range o.tables {
		stamp := obj.Field("SystemModstamp")
		if stamp == nil || t.live == len(t.rows) {
			continue
		}
		for _, r := range t.rows {
			if r != nil && r.deleted {
				if ts, ok := r.get(stamp).(dateTime); ok && ts < cutoff {
					o.purge(r)
				}
			}
		}
	}
}

// rollback undoes the transaction's writes, newest first.
func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.o.restore(t.undo[i].id, t.undo[i].prev)
	}
	t.undo = nil
}

// put stores a version, remembering what it replaced.
func (t *tx) put(r *record) {
	t.undo = append(t.undo, undoEntry{id: r.id, prev: t.o.byID[r.id]})
	t.o.store(r)
}

// create inserts a record from request fields.
func (t *tx) create(obj *Object, in map[string]any, opt writeOptions) (*record, *Error) {
	if !obj.Createable && !opt.system {
		return nil, errorf(http.StatusBadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type %s does not support insert", obj.Name)
	}
	if opt.assign.err != nil && !opt.system {
		return nil, opt.assign.err
	}
	o := t.o
	r := &record{obj: obj, vals: make([]any, obj.slots)}
	if err := o.applyFields(r, in, true, opt); err != nil {
		return nil, err
	}
	for _, f := range obj.Fields {
		if f.slot >= 0 && r.vals[f.slot] == nil && f.DefaultValue != nil {
			r.vals[f.slot] = f.DefaultValue
		}
	}
	r.id = opt.presetID
	if r.id == "" {
		r.id = o.ids.next(obj.KeyPrefix)
	}
	now := toDateTime(o.now())
	user := opt.userID
	if user == "" {
		user = o.adminID
	}
	o.setSystem(r, "Id", r.id)
	o.setSystem(r, "IsDeleted", false)
	// A system write (a data load with audit fields) may give its own.
	for _, audit := range []struct {
		name  string
		value any
	}{
		{"CreatedDate", now}, {"CreatedById", user}, {"LastModifiedDate", now},
		{"LastModifiedById", user}, {"SystemModstamp", now},
	} {
		if f := obj.Field(audit.name); f != nil && (!opt.system || r.get(f) == nil) {
			r.set(f, audit.value)
		}
	}
	if f := obj.Field("OwnerId"); f != nil && r.get(f) == nil {
		r.set(f, user)
	}
	return t.save(r, nil, nil, opt)
}

// save derives computed fields, runs the checks that need the whole
// record (required fields, validation rules, unique fields, duplicate
// rules, in Salesforce's order of execution), runs the assignment rule
// and stores it. prev is the version an update replaces and touched the
// fields it set; both are nil on create.
func (t *tx) save(r, prev *record, touched map[string]any, opt writeOptions) (*record, *Error) {
	o := t.o
	o.derive(r, prev)
	if err := checkRequired(r, touched); err != nil {
		return nil, err
	}
	if !opt.system && len(o.validationRules) > 0 {
		if err := o.checkValidationRules(r); err != nil {
			return nil, err
		}
	}
	if err := o.checkUnique(r); err != nil {
		return nil, err
	}
	if err := o.checkDuplicates(r, opt); err != nil {
		return nil, err
	}
	if !opt.system && len(o.assignmentRules) > 0 {
		o.assign(r, opt.assign)
	}
	t.put(r)
	t.rollUp(r)
	return r, nil
}

// update changes fields of an existing record. obj may be nil when the
// caller knows only the id (sObject Collections).
func (t *tx) update(obj *Object, id string, in map[string]any, opt writeOptions) (*record, *Error) {
	o := t.o
	if opt.assign.err != nil && !opt.system {
		return nil, opt.assign.err
	}
	cur, err := o.writable(obj, id)
	if err != nil {
		return nil, err
	}
	if !cur.obj.Updateable && !opt.system {
		return nil, errorf(http.StatusBadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type %s does not support update", cur.obj.Name)
	}
	r := cur.clone()
	if err := o.applyFields(r, in, false, opt); err != nil {
		return nil, err
	}
	now := toDateTime(o.now())
	user := opt.userID
	if user == "" {
		user = o.adminID
	}
	o.setSystem(r, "LastModifiedDate", now)
	o.setSystem(r, "LastModifiedById", user)
	o.setSystem(r, "SystemModstamp", now)
	return t.save(r, cur, in, opt)
}

// remove moves a record to the recycle bin.
func (t *tx) remove(obj *Object, id string, opt writeOptions) (*record, *Error) {
	o := t.o
	cur, err := o.writable(obj, id)
	if err != nil {
		return nil, err
	}
	if !cur.obj.Deletable && !opt.system {
		return nil, errorf(http.StatusBadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type %s does not support delete", cur.obj.Name)
	}
	r := cur.clone()
	r.deleted = true
	now := toDateTime(o.now())
	o.setSystem(r, "IsDeleted", true)
	o.setSystem(r, "SystemModstamp", now)
	if opt.userID != "" {
		o.setSystem(r, "LastModifiedById", opt.userID)
	}
	o.setSystem(r, "LastModifiedDate", now)
	t.put(r)
	t.rollUp(r)
	return r, nil
}

// writable finds the current, non-deleted version of a record, checking
// that it is of type obj when obj is given.
func (o *org) writable(obj *Object, id string) (*record, *Error) {
	id15, ok := parseID(id)
	if !ok {
		return nil, errMalformedID(id)
	}
	cur := o.byID[id15]
	if obj != nil && id15[:3] != obj.KeyPrefix {
		return nil, errMalformedID(id)
	}
	if cur == nil {
		if o.byPrefix[id15[:3]] == nil {
			return nil, errMalformedID(id)
		}
		return nil, errorf(http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: %s", id)
	}
	if cur.deleted {
		return nil, errEntityDeleted()
	}
	return cur, nil
}

// setSystem sets a system field if the object has it.
func (o *org) setSystem(r *record, name string, v any) {
	if f := r.obj.Field(name); f != nil {
		r.set(f, v)
	}
}

// applyFields validates request fields and stores them on r. Unknown
// and hidden fields fail first, then read-only ones (by the schema or by
// field-level security, all named in one error), then
// values one by one in name order so errors are deterministic.
func (o *org) applyFields(r *record, in map[string]any, create bool, opt writeOptions) *Error {
	names := make([]string, 0, len(in))
	for k := range in {
		if strings.EqualFold(k, "attributes") {
			continue
		}
		if !create && strings.EqualFold(k, "Id") {
			// Collections carry the id in the body; it names the target.
			continue
		}
		names = append(names, k)
	}
	sort.Strings(names)
	var readOnly []string
	for _, k := range names {
		f := r.obj.Field(k)
		if !opt.access.visible(f) {
			return errInvalidField(k, r.obj.Name)
		}
		if opt.system && f.slot >= 0 {
			continue
		}
		if f.slot < 0 || (create && !f.Createable) || (!create && !f.Updateable) || opt.access.readOnly(f) {
			readOnly = append(readOnly, f.Name)
		}
	}
	if len(readOnly) > 0 {
		e := errorf(http.StatusBadRequest, "INVALID_FIELD_FOR_INSERT_UPDATE",
			"Unable to create/update fields: %s. Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
			strings.Join(readOnly, ", "))
		e.Fields = readOnly
		return e
	}
	for _, k := range names {
		f := r.obj.Field(k)
		v, err := o.convertValue(f, in[k])
		if err != nil {
			return err
		}
		if f.Type == TypeBoolean && v == nil {
			v = false
		}
		r.set(f, v)
	}
	return nil
}

// checkRequired reports required fields left null. On update only the
// fields the request touched are checked, as Salesforce does.
func checkRequired(r *record, touched map[string]any) *Error {
	var missing []string
	for _, f := range r.obj.Fields {
		if f.slot < 0 || !f.required() || r.vals[f.slot] != nil {
			continue
		}
		if touched != nil && !hasKeyFold(touched, f.Name) {
			continue
		}
		missing = append(missing, f.Name)
	}
	if len(missing) > 0 {
		return errRequiredMissing(missing)
	}
	return nil
}

func hasKeyFold(m map[string]any, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// checkUnique enforces unique fields (case-insensitive unless the field is
// case sensitive) among live records.
func (o *org) checkUnique(r *record) *Error {
	for _, f := range r.obj.Fields {
		if !f.Unique || f.slot < 0 {
			continue
		}
		v, ok := r.vals[f.slot].(string)
		if !ok {
			continue
		}
		for _, other := range o.tables[r.obj].rows {
			if other == nil || other.deleted || other.id == r.id {
				continue
			}
			if ov, ok := other.getSlot(f.slot).(string); ok && (ov == v || !f.CaseSensitive && strings.EqualFold(ov, v)) {
				e := fieldError("DUPLICATE_VALUE", f, "duplicate value found: %s duplicates value on record with id: %s", f.Name, id18(other.id))
				return e
			}
		}
	}
	return nil
}
