// Package inbound decides what an inbound batch does to the store, the
// same way for every dialect: given what is linked already, [Build]
// turns a [store.InboundBatch] into an ordered list of writes ([Op]) and
// the batch's counts; after those writes, [Resolve] turns the pending
// references that can now be filled into more writes. The dialects only
// read the state and execute the ops, inside one transaction.
package inbound

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// Target is a Salesforce record a pending reference waits for.
type Target struct {
	Object       string
	SalesforceID string
}

// Link is what the store holds for one linked Salesforce record of the
// batch's object: the link, the app record it points to, and that
// record's pending references.
type Link struct {
	AppID string
	// Modstamp is the SystemModstamp last applied; zero when unknown.
	Modstamp time.Time
	// Deleted says the Salesforce record was deleted.
	Deleted bool
	// HasRecord says the app record exists; RecordDeleted that it is
	// marked deleted; Fields is its fields JSON.
	HasRecord     bool
	RecordDeleted bool
	Fields        []byte
	// Pending are the record's unresolved references by field.
	Pending map[string]Target
	// Synced and AppSynced are the link's merge bases (JSON objects, nil
	// when NULL): the Salesforce values last synced by Salesforce field
	// and the app values by app field.
	Synced    []byte
	AppSynced []byte
	// AppDeleted says the app deleted the record: the link is a
	// tombstone, or an outbox entry of op delete waits on it. Inbound
	// then leaves the record alone.
	AppDeleted bool
	// Sending are the Salesforce values of a write in flight (the create
	// ledger's Sent): a write whose outcome is not known yet, or whose
	// result was lost in a crash. Reading them back is an echo too.
	Sending []byte
	// AppChanged is the changed column of the record's outbox entry on
	// this connection and object (JSON: app field -> RFC 3339 time), nil
	// when there is none.
	AppChanged []byte

	fields map[string]any // Fields decoded, once
}

// OpKind says what an [Op] writes.
type OpKind int

// The writes of an inbound batch. Records and events belong to the
// batch's workspace (and connection); links and pending references to
// its connection and object.
const (
	// InsertRecord creates app record AppID of the batch's type with Fields.
	InsertRecord OpKind = iota
	// UpdateRecord sets record AppID's Fields and Deleted.
	UpdateRecord
	// DeleteRecord removes record AppID (its pending references go with it).
	DeleteRecord
	// InsertLink links SalesforceID to AppID with Synced, AppSynced and
	// Modstamp.
	InsertLink
	// UpdateLink sets the link of SalesforceID's Synced, AppSynced,
	// Modstamp and Deleted (false).
	UpdateLink
	// DeleteLink marks the link of SalesforceID deleted at Modstamp.
	DeleteLink
	// PutPending makes record AppID's Field wait for Target; SalesforceID
	// is the waiting record's.
	PutPending
	// DropPending removes record AppID's pending reference of Field.
	DropPending
	// AddEvent appends an event of EventType with Data.
	AddEvent
	// SetAppSynced sets the AppSynced of the link of app record AppID on
	// Object (which may differ from the batch's: a resolved reference's
	// waiting record).
	SetAppSynced
	// AddConflict records Conflict (ID, connection and times filled in by
	// the store).
	AddConflict
)

// Op is one write. Its JSON is text, made once by the planner: the
// store binds it as it is, without a copy on the writer's side.
type Op struct {
	Kind         OpKind
	AppID        string
	SalesforceID string
	Fields       string // JSON, as the JSON fields below
	Deleted      bool
	Synced       string // "" is NULL
	AppSynced    string // "" is NULL
	Object       string
	Conflict     *store.Conflict
	Modstamp     time.Time
	Field        string
	Target       Target
	EventType    string
	Data         string
}

// Plan is what a batch does.
type Plan struct {
	Ops    []Op
	Result store.ApplyResult
	// Targets are the records whose pending references may resolve now:
	// those that got a live link, and those new references wait for.
	Targets []Target
}

// Build plans b. links holds the existing links of b's Salesforce ids,
// by id; Build updates it as it goes, so an id that appears twice in a
// batch is applied twice in order.
func Build(b store.InboundBatch, links map[string]*Link) (Plan, error) {
	p, err := newPlanner(b, links)
	if err != nil {
		return Plan{}, err
	}
	p.plan.Ops = make([]Op, 0, opsPerChange*len(b.Changes))
	if err := p.changes(0, len(b.Changes)); err != nil {
		return Plan{}, err
	}
	return p.plan, nil
}

// opsPerChange is how many ops a new record takes: its record, its link
// and its event.
const opsPerChange = 3

type planner struct {
	b     store.InboundBatch
	links map[string]*Link
	plan  Plan
	seen  map[Target]bool
	// The key orders of the app's fields and of the Salesforce values.
	appKeys, sfKeys keyOrder
}

func newPlanner(b store.InboundBatch, links map[string]*Link) (*planner, error) {
	switch b.DeletePolicy {
	case "", store.DeletePolicyMark, store.DeletePolicyDelete:
	default:
		return nil, fmt.Errorf("unknown delete policy %q", b.DeletePolicy)
	}
	p := &planner{b: b, links: links, seen: make(map[Target]bool, len(b.Changes))}
	p.plan.Targets = make([]Target, 0, len(b.Changes))
	return p, nil
}

// changes plans b.Changes[lo:hi], adding to p.plan.
func (p *planner) changes(lo, hi int) error {
	for i := lo; i < hi; i++ {
		if err := p.change(&p.b.Changes[i]); err != nil {
			return fmt.Errorf("change %d (%s): %w", i, p.b.Changes[i].SalesforceID, err)
		}
	}
	return nil
}

func (p *planner) op(o Op) { p.plan.Ops = append(p.plan.Ops, o) }

func (p *planner) target(t Target) {
	if !p.seen[t] {
		p.seen[t] = true
		p.plan.Targets = append(p.plan.Targets, t)
	}
}

func (p *planner) change(c *store.InboundChange) error {
	ms := prep.Time(c.SystemModstamp)
	l := p.links[c.SalesforceID]
	if l != nil && l.AppDeleted {
		// The app deleted the record: Salesforce's copy is left alone.
		p.plan.Result.Unchanged++
		return nil
	}
	if c.Deleted {
		return p.remove(c, l, ms)
	}
	switch {
	case l == nil:
		return p.create(c, ms)
	case l.Deleted && !l.Modstamp.IsZero() && !ms.After(l.Modstamp):
		// An older copy read after the delete: the delete stands.
		p.plan.Result.Unchanged++
		return nil
	case !l.HasRecord:
		return p.recreate(c, l, ms)
	}
	return p.update(c, l, ms)
}

// create links a record seen for the first time.
func (p *planner) create(c *store.InboundChange, ms time.Time) error {
	l := &Link{AppID: newRecordID()}
	p.links[c.SalesforceID] = l
	return p.insert(c, l, ms, InsertLink)
}

// recreate writes the record of a link whose record is gone (deleted by
// the delete policy, or never written), keeping its app id.
func (p *planner) recreate(c *store.InboundChange, l *Link, ms time.Time) error {
	return p.insert(c, l, ms, UpdateLink)
}

func (p *planner) insert(c *store.InboundChange, l *Link, ms time.Time, linkOp OpKind) error {
	fields, err := p.encodeFields(c.Fields)
	if err != nil {
		return err
	}
	synced, err := p.encodeSynced(c.Synced)
	if err != nil {
		return err
	}
	fieldsText := text(fields)
	p.op(Op{Kind: InsertRecord, AppID: l.AppID, Fields: fieldsText})
	// The app's base is what it now holds: the record as Salesforce has it.
	p.op(Op{Kind: linkOp, AppID: l.AppID, SalesforceID: c.SalesforceID, Synced: text(synced), AppSynced: fieldsText, Modstamp: ms})
	if err := p.event(store.EventRecordCreated, l.AppID, c.SalesforceID, p.b.Object, fields); err != nil {
		return err
	}
	*l = Link{AppID: l.AppID, Modstamp: ms, HasRecord: true, Fields: fields, Pending: l.Pending, Synced: synced, AppSynced: fields}
	p.target(Target{Object: p.b.Object, SalesforceID: c.SalesforceID})
	p.plan.Result.Created++
	p.pending(c, l)
	return nil
}

// update merges a change into a record that exists, field by field
// against the link's bases: a field Salesforce did not change since the
// last sync keeps the app's value (which may be waiting to be written
// to Salesforce); a field only Salesforce changed takes its value; a
// field both sides changed to different values is a conflict, decided by
// the batch's policy and recorded. Nothing changed, nothing is written
// but the link's bookkeeping, and no event is emitted: reading back what
// sfbridge wrote is a no-op.
func (p *planner) update(c *store.InboundChange, l *Link, ms time.Time) error {
	stored, err := l.decoded()
	if err != nil {
		return err
	}
	base, err := decodeObject(l.Synced)
	if err != nil {
		return fmt.Errorf("decoding the Salesforce base: %w", err)
	}
	appBase, err := decodeObject(l.AppSynced)
	if err != nil {
		return fmt.Errorf("decoding the app base: %w", err)
	}
	sending, err := decodeObject(l.Sending)
	if err != nil {
		return fmt.Errorf("decoding the values in flight: %w", err)
	}
	var appTimes map[string]time.Time
	if len(l.AppChanged) > 0 {
		if err := json.Unmarshal(l.AppChanged, &appTimes); err != nil {
			return fmt.Errorf("decoding the outbox's change times: %w", err)
		}
	}
	changed := map[string]any{}
	newAppBase := maps.Clone(appBase)
	if newAppBase == nil {
		newAppBase = map[string]any{}
	}
	for k, v := range c.Fields {
		n, err := normalize(v)
		if err != nil {
			return fmt.Errorf("field %s: %w", k, err)
		}
		old, has := stored[k]
		src := p.b.FieldSources[k]
		if src != "" && has {
			b, known := base[src]
			sfRaw, err := normalize(c.Synced[src])
			if err != nil {
				return fmt.Errorf("field %s: %w", src, err)
			}
			inFlight, sent := sending[src]
			if known && reflect.DeepEqual(sfRaw, b) || sent && reflect.DeepEqual(sfRaw, inFlight) {
				// Salesforce still holds what was last synced, or what
				// sfbridge is writing: no change of Salesforce's.
				if reflect.DeepEqual(old, n) {
					newAppBase[k] = n
				}
				continue
			}
			ab, abKnown := appBase[k]
			appChanged := abKnown && !reflect.DeepEqual(old, ab)
			if appChanged && p.b.Pushable[k] && !reflect.DeepEqual(old, n) {
				winner := p.decide(appTimes[k], c.SystemModstamp)
				if err := p.conflict(c, l, k, src, old, sfRaw, b, winner); err != nil {
					return err
				}
				if winner == WinnerApp {
					// The app's value stays and is written to Salesforce
					// next; the Salesforce base moves on (below) so this
					// change is not seen again.
					continue
				}
			}
		}
		newAppBase[k] = n
		// A field the app record lacks holds nothing: null is no change.
		if !has && n != nil || has && !reflect.DeepEqual(old, n) {
			changed[k] = n
		}
	}
	mergedSynced := maps.Clone(base)
	if mergedSynced == nil {
		mergedSynced = map[string]any{}
	}
	for k, v := range c.Synced {
		n, err := normalize(v)
		if err != nil {
			return fmt.Errorf("field %s: %w", k, err)
		}
		mergedSynced[k] = n
	}
	synced, err := p.encodeSynced(mergedSynced)
	if err != nil {
		return err
	}
	appSynced, err := p.encodeSynced(newAppBase)
	if err != nil {
		return err
	}
	modstamp := later(ms, l.Modstamp)
	revived := l.Deleted || l.RecordDeleted
	if len(changed) == 0 && !revived {
		p.plan.Result.Unchanged++
		if !modstamp.Equal(l.Modstamp) || !bytes.Equal(synced, l.Synced) || !bytes.Equal(appSynced, l.AppSynced) {
			p.op(Op{Kind: UpdateLink, AppID: l.AppID, SalesforceID: c.SalesforceID, Synced: text(synced), AppSynced: text(appSynced), Modstamp: modstamp})
			l.Modstamp, l.Synced, l.AppSynced = modstamp, synced, appSynced
		}
		p.pending(c, l)
		return nil
	}
	merged := maps.Clone(stored)
	maps.Copy(merged, changed)
	fields, err := p.appKeys.encode(merged)
	if err != nil {
		return fmt.Errorf("encoding fields: %w", err)
	}
	diff, err := encodeMap(changed)
	if err != nil {
		return fmt.Errorf("encoding fields: %w", err)
	}
	p.op(Op{Kind: UpdateRecord, AppID: l.AppID, Fields: text(fields)})
	p.op(Op{Kind: UpdateLink, AppID: l.AppID, SalesforceID: c.SalesforceID, Synced: text(synced), AppSynced: text(appSynced), Modstamp: modstamp})
	if err := p.event(store.EventRecordUpdated, l.AppID, c.SalesforceID, p.b.Object, diff); err != nil {
		return err
	}
	if revived {
		p.target(Target{Object: p.b.Object, SalesforceID: c.SalesforceID})
	}
	l.Modstamp, l.Deleted, l.RecordDeleted = modstamp, false, false
	l.Fields, l.fields = fields, merged
	l.Synced, l.AppSynced = synced, appSynced
	p.plan.Result.Updated++
	p.pending(c, l)
	return nil
}

// The winners of a conflict.
const (
	WinnerApp        = "app"
	WinnerSalesforce = "salesforce"
)

// decide applies the batch's conflict policy to a field changed on both
// sides: appChanged is when the app changed it (zero when unknown),
// modstamp the Salesforce record's SystemModstamp.
func (p *planner) decide(appChanged, modstamp time.Time) string {
	switch p.b.ConflictPolicy {
	case store.ConflictAppWins:
		return WinnerApp
	case store.ConflictSalesforceWins:
		return WinnerSalesforce
	}
	if !appChanged.IsZero() && appChanged.After(modstamp) {
		return WinnerApp
	}
	return WinnerSalesforce
}

// conflict records a conflict and its event.
func (p *planner) conflict(c *store.InboundChange, l *Link, appField, sfField string, appValue, sfValue, base any, winner string) error {
	policy := p.b.ConflictPolicy
	if policy == "" {
		policy = store.ConflictLatestWins
	}
	cf := &store.Conflict{
		WorkspaceID: p.b.WorkspaceID, ConnectionID: p.b.ConnectionID, Object: p.b.Object,
		AppID: l.AppID, SalesforceID: c.SalesforceID, Field: sfField, AppField: appField,
		AppValue: appValue, SalesforceValue: sfValue, BaseValue: base, Policy: policy, Winner: winner,
	}
	p.op(Op{Kind: AddConflict, Conflict: cf})
	ev := ConflictEventData(*cf)
	ev.Type = p.b.AppType
	data, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encoding a conflict: %w", err)
	}
	p.op(Op{Kind: AddEvent, EventType: store.EventRecordConflict, Data: text(data)})
	p.plan.Result.Conflicts++
	return nil
}

// ConflictEvent is the data of a record.conflict event.
type ConflictEvent struct {
	Type            string `json:"type,omitempty"`
	ID              string `json:"id"`
	SalesforceID    string `json:"salesforce_id"`
	Object          string `json:"object"`
	Field           string `json:"field"`
	AppField        string `json:"app_field"`
	AppValue        any    `json:"app_value"`
	SalesforceValue any    `json:"salesforce_value"`
	BaseValue       any    `json:"base_value"`
	Policy          string `json:"policy"`
	Winner          string `json:"winner"`
}

// ConflictEventData is the event data of a conflict.
func ConflictEventData(c store.Conflict) ConflictEvent {
	return ConflictEvent{ID: c.AppID, SalesforceID: c.SalesforceID, Object: c.Object, Field: c.Field, AppField: c.AppField,
		AppValue: c.AppValue, SalesforceValue: c.SalesforceValue, BaseValue: c.BaseValue, Policy: string(c.Policy), Winner: c.Winner}
}

// decodeObject decodes a JSON object, nil for none.
func decodeObject(b []byte) (map[string]any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// remove applies a delete.
func (p *planner) remove(c *store.InboundChange, l *Link, ms time.Time) error {
	if l == nil || l.Deleted {
		p.plan.Result.Unchanged++
		return nil
	}
	if l.HasRecord {
		if p.b.DeletePolicy == store.DeletePolicyDelete {
			p.op(Op{Kind: DeleteRecord, AppID: l.AppID})
			l.HasRecord, l.Fields, l.fields, l.Pending = false, nil, nil, nil
		} else {
			p.op(Op{Kind: UpdateRecord, AppID: l.AppID, Fields: string(l.Fields), Deleted: true})
			l.RecordDeleted = true
		}
	}
	p.op(Op{Kind: DeleteLink, AppID: l.AppID, SalesforceID: c.SalesforceID, Modstamp: later(ms, l.Modstamp)})
	if err := p.event(store.EventRecordDeleted, l.AppID, c.SalesforceID, p.b.Object, nil); err != nil {
		return err
	}
	l.Deleted, l.Modstamp = true, later(ms, l.Modstamp)
	p.plan.Result.Deleted++
	return nil
}

// pending brings the record's waiting references in line with c: a
// field c now sets stops waiting, a reference c names waits.
func (p *planner) pending(c *store.InboundChange, l *Link) {
	named := make(map[string]bool, len(c.PendingRefs))
	for _, r := range c.PendingRefs {
		named[r.Field] = true
	}
	for f := range l.Pending {
		if _, set := c.Fields[f]; set && !named[f] {
			p.op(Op{Kind: DropPending, AppID: l.AppID, Field: f})
			delete(l.Pending, f)
		}
	}
	for _, r := range c.PendingRefs {
		t := Target{Object: r.Object, SalesforceID: r.SalesforceID}
		if old, ok := l.Pending[r.Field]; ok && old == t {
			continue
		}
		p.op(Op{Kind: PutPending, AppID: l.AppID, SalesforceID: c.SalesforceID, Field: r.Field, Target: t})
		if l.Pending == nil {
			l.Pending = map[string]Target{}
		}
		l.Pending[r.Field] = t
		p.target(t)
	}
}

func (p *planner) event(typ, appID, sfID, object string, fields []byte) error {
	data, err := EventData(p.b.AppType, appID, sfID, object, fields)
	if err != nil {
		return err
	}
	p.op(Op{Kind: AddEvent, EventType: typ, Data: data})
	return nil
}

// EventData encodes a [store.RecordEventData] whose fields are already
// JSON (nil leaves them out).
func EventData(typ, appID, sfID, object string, fields []byte) (string, error) {
	buf := make([]byte, 0, 80+len(typ)+len(appID)+len(sfID)+len(object)+len(fields))
	buf = append(buf, `{"type":`...)
	buf = appendString(buf, typ)
	buf = append(buf, `,"id":`...)
	buf = appendString(buf, appID)
	buf = append(buf, `,"salesforce_id":`...)
	buf = appendString(buf, sfID)
	buf = append(buf, `,"object":`...)
	buf = appendString(buf, object)
	if fields != nil {
		buf = append(buf, `,"fields":`...)
		buf = append(buf, fields...)
	}
	return text(append(buf, '}')), nil
}

func (l *Link) decoded() (map[string]any, error) {
	if l.fields != nil {
		return l.fields, nil
	}
	l.fields = map[string]any{}
	if len(l.Fields) > 0 {
		if err := json.Unmarshal(l.Fields, &l.fields); err != nil {
			return nil, fmt.Errorf("decoding stored fields: %w", err)
		}
		if l.fields == nil {
			l.fields = map[string]any{}
		}
	}
	return l.fields, nil
}

// encodeFields is the JSON of fields, {} for none.
func (p *planner) encodeFields(fields map[string]any) ([]byte, error) {
	if fields == nil {
		return []byte("{}"), nil
	}
	b, err := p.appKeys.encode(fields)
	if err != nil {
		return nil, fmt.Errorf("encoding fields: %w", err)
	}
	return b, nil
}

// encodeSynced is the JSON of synced, nil (NULL) for none.
func (p *planner) encodeSynced(synced map[string]any) ([]byte, error) {
	if synced == nil {
		return nil, nil
	}
	b, err := p.sfKeys.encode(synced)
	if err != nil {
		return nil, fmt.Errorf("encoding synced values: %w", err)
	}
	return b, nil
}

// normalize returns v as it reads back from JSON, so a new value
// compares equal to the stored one it would be written as.
func normalize(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, float64:
		return x, nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// AddPending records a pending reference read back from the store on the
// link of the waiting record; links of other records are ignored.
func AddPending(byApp map[string]*Link, appID, field string, t Target) {
	l := byApp[appID]
	if l == nil {
		return
	}
	if l.Pending == nil {
		l.Pending = map[string]Target{}
	}
	l.Pending[field] = t
}

// GroupTargets groups targets by object, keeping the objects in the order
// they first appear, so stores resolve them in a deterministic order.
func GroupTargets(targets []Target) (objects []string, byObject map[string][]string) {
	byObject = map[string][]string{}
	for _, t := range targets {
		if _, ok := byObject[t.Object]; !ok {
			objects = append(objects, t.Object)
		}
		byObject[t.Object] = append(byObject[t.Object], t.SalesforceID)
	}
	return objects, byObject
}
