package sfemu

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// org is the state of one emulated Salesforce org: schema, records and
// sessions. One RWMutex guards it all; queries take the read lock and
// writes the write lock, which keeps every request atomic, as a
// Salesforce transaction is.
type org struct {
	mu  sync.RWMutex
	now func() time.Time

	ids      idGenerator
	objects  map[string]*Object // lower-case name -> object
	byPrefix map[string]*Object
	tables   map[*Object]*table
	byID     map[string]*record // 15-char id -> current version

	orgID   string // 15-char
	adminID string // 15-char id of the admin user

	// schemaModified moves whenever any object's metadata changes;
	// describeGlobal answers If-Modified-Since from it.
	schemaModified time.Time

	duplicateRules []DuplicateRule
	// validationRules run on API saves, in this order.
	validationRules []*validationRule
	// assignmentRules are the Lead and Case assignment rules, in the
	// order they were added.
	assignmentRules []*assignmentRule
	settings        settings
	cursors         *cursorStore
	auth            *authStore // apps, credentials, tokens: own mutex, taken after mu
	limits          *apiLimits

	// tooling holds the Tooling API's records (CustomObject, CustomField,
	// EntityDefinition). It is guarded by this org's mu, not its own.
	tooling *org
	// customPrefixes counts key prefixes handed to custom objects.
	customPrefixes int
	// lastPurge is when the recycle bin was last emptied of expired records.
	lastPurge time.Time
	// toolingFields maps CustomField record ids to the fields they made.
	toolingFields map[string]toolingField
}

// table holds the rows of one object in creation (and so Id) order.
// Hard-deleted rows are nil.
type table struct {
	rows []*record
	live int // rows that exist and are not deleted
}

// newOrg returns an org with the standard objects and, beside it, the
// Tooling API's catalogue.
func newOrg(now func() time.Time) *org {
	o := newOrgWith(now, standardObjects())
	o.tooling = newOrgWith(now, toolingObjects())
	o.tooling.cursors = o.cursors
	o.toolingFields = map[string]toolingField{}
	return o
}

// newOrgWith returns an org holding the given objects and no records.
func newOrgWith(now func() time.Time, objects []*Object) *org {
	o := &org{
		now:      now,
		ids:      idGenerator{pod: "8d"},
		objects:  map[string]*Object{},
		byPrefix: map[string]*Object{},
		tables:   map[*Object]*table{},
		byID:     map[string]*record{},
		auth:     newAuthStore(now),
		cursors:  newCursorStore(now),
		limits:   newAPILimits(),
	}
	o.schemaModified = now().UTC().Truncate(time.Second)
	for _, obj := range objects {
		o.addObject(obj)
	}
	o.relink()
	return o
}

// addObject registers an object's metadata and an empty table for it.
func (o *org) addObject(obj *Object) {
	if obj.LastModified.IsZero() {
		obj.LastModified = o.schemaModified
	}
	o.objects[strings.ToLower(obj.Name)] = obj
	o.byPrefix[obj.KeyPrefix] = obj
	if o.tables[obj] == nil {
		o.tables[obj] = &table{}
	}
}

// relink recomputes child relationships after the schema changed.
func (o *org) relink() {
	linkObjects(o.objectList())
}

// touchSchema records a metadata change on obj.
func (o *org) touchSchema(obj *Object) {
	t := o.now().UTC().Truncate(time.Second)
	if !t.After(o.schemaModified) {
		t = o.schemaModified.Add(time.Second)
	}
	o.schemaModified = t
	obj.LastModified = t
}

// object returns the object of that name, case-insensitively.
func (o *org) object(name string) *Object {
	return o.objects[strings.ToLower(name)]
}

// objectList returns every object sorted by name.
func (o *org) objectList() []*Object {
	list := make([]*Object, 0, len(o.objects))
	for _, obj := range o.objects {
		list = append(list, obj)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list
}

// lookup returns the current version of a record by any valid id form,
// including deleted ones.
func (o *org) lookup(id string) *record {
	id15, ok := parseID(id)
	if !ok {
		return nil
	}
	return o.byID[id15]
}

// store puts a new version of a record in place (or appends a new record).
func (o *org) store(r *record) {
	t := o.tables[r.obj]
	prev := o.byID[r.id]
	if prev == nil {
		r.pos = len(t.rows)
		t.rows = append(t.rows, r)
	} else {
		r.pos = prev.pos
		t.rows[r.pos] = r
	}
	o.byID[r.id] = r
	switch {
	case (prev == nil || prev.deleted) && !r.deleted:
		t.live++
	case prev != nil && !prev.deleted && r.deleted:
		t.live--
	}
}

// purge removes a record for good (hard delete, or the recycle bin's
// retention ran out).
func (o *org) purge(r *record) {
	cur := o.byID[r.id]
	if cur == nil {
		return
	}
	t := o.tables[cur.obj]
	t.rows[cur.pos] = nil
	if !cur.deleted {
		t.live--
	}
	delete(o.byID, cur.id)
}

// restore puts back a version saved by an undo log: prev nil means the
// record did not exist.
func (o *org) restore(id string, prev *record) {
	if prev == nil {
		if cur := o.byID[id]; cur != nil {
			o.purge(cur)
		}
		return
	}
	cur := o.byID[id]
	if cur == nil {
		// It was purged; put it back in its old place.
		t := o.tables[prev.obj]
		t.rows[prev.pos] = prev
		o.byID[id] = prev
		if !prev.deleted {
			t.live++
		}
		return
	}
	o.store(prev)
}
