package outbox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/inbound"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// Target is an enabled object mapping of a connection of the workspace:
// records of its app type get outbox entries on (ConnectionID, Object).
type Target struct {
	ConnectionID string
	Object       string
	// Pushed are the app fields a field mapping of the object writes to
	// Salesforce (direction both or outbound).
	Pushed map[string]bool
}

// AddTarget adds a row of a targets query, read in (connection, object)
// order: the target t with one pushed app field (empty for none), to
// targets.
func AddTarget(targets []Target, t Target, appField string) []Target {
	if n := len(targets); n == 0 || targets[n-1].ConnectionID != t.ConnectionID || targets[n-1].Object != t.Object {
		t.Pushed = map[string]bool{}
		targets = append(targets, t)
	}
	if appField != "" {
		targets[len(targets)-1].Pushed[appField] = true
	}
	return targets
}

// WriteSteps are what a store does, in its own SQL and transaction, to
// apply a batch of app writes.
type WriteSteps interface {
	// Records reads the records of the workspace with the given ids,
	// of any type, by id; ids without a record are absent.
	Records(ctx context.Context, ids []string) (map[string]store.AppRecord, error)
	// Targets reads the targets of the given app types, by type.
	Targets(ctx context.Context, types []string) (map[string][]Target, error)
	// Run executes ops in order. An error of an op is returned as a
	// *store.AppWriteError naming its Write.
	Run(ctx context.Context, ops []WriteOp) error
}

// WriteOpKind says what a [WriteOp] writes.
type WriteOpKind int

// The writes of an app write batch. Records belong to the batch's
// workspace; times are the batch's now.
const (
	// InsertRecord creates record AppID of Type with Fields, created and
	// updated now.
	InsertRecord WriteOpKind = iota
	// UpdateRecord sets record AppID's Fields, updated now.
	UpdateRecord
	// DeleteRecord removes record AppID.
	DeleteRecord
	// Fold folds a change of record AppID into the outbox entry of
	// (ConnectionID, Object, AppID): inserted with Seq 1, or updated
	// with Op, Changed merged into its changed fields and Seq+1; either
	// way pending, due now, no attempts, no error.
	Fold
)

// WriteOp is one write.
type WriteOp struct {
	Kind WriteOpKind
	// Write is the index of the write the op belongs to.
	Write        int
	AppID        string
	Type         string
	Fields       []byte
	ConnectionID string
	Object       string
	Op           string
	// Changed is the changed JSON to merge ([EncodeChanged]).
	Changed []byte
}

// Write applies writes with a store's steps: it checks and plans them
// all, then runs the ops, and returns the records written in input order
// (a deleted one as it was, Deleted set). A refused write is a
// *store.AppWriteError and nothing is run.
func Write(ctx context.Context, workspaceID string, writes []store.AppWrite, now time.Time, s WriteSteps) ([]store.AppRecord, error) {
	now = prep.Time(now)
	if len(writes) == 0 {
		return []store.AppRecord{}, nil
	}
	var ids, types []string
	for i, w := range writes {
		if err := check(w); err != nil {
			return nil, &store.AppWriteError{Index: i, Err: err}
		}
		if w.ID != "" {
			ids = append(ids, w.ID)
		}
		if !slices.Contains(types, w.Type) {
			types = append(types, w.Type)
		}
	}
	stored, err := s.Records(ctx, uniq(ids))
	if err != nil {
		return nil, err
	}
	targets, err := s.Targets(ctx, types)
	if err != nil {
		return nil, err
	}
	p := writePlan{workspaceID: workspaceID, now: now, records: map[string]*store.AppRecord{}, targets: targets}
	for id, r := range stored {
		p.records[id] = &r
	}
	out := make([]store.AppRecord, len(writes))
	for i, w := range writes {
		r, err := p.write(i, w)
		if err != nil {
			return nil, &store.AppWriteError{Index: i, Err: err}
		}
		out[i] = r
	}
	if err := s.Run(ctx, p.ops); err != nil {
		return nil, err
	}
	return out, nil
}

func check(w store.AppWrite) error {
	switch w.Op {
	case store.AppCreate, store.AppUpdate, store.AppDelete:
	default:
		return fmt.Errorf("%w: unknown op %q", store.ErrInvalid, w.Op)
	}
	if w.Type == "" {
		return fmt.Errorf("%w: no record type", store.ErrInvalid)
	}
	return nil
}

// writePlan tracks the records as the writes before change them.
type writePlan struct {
	workspaceID string
	now         time.Time
	records     map[string]*store.AppRecord // nil: none (deleted in the batch)
	targets     map[string][]Target
	ops         []WriteOp
}

func (p *writePlan) write(i int, w store.AppWrite) (store.AppRecord, error) {
	if w.Op == store.AppCreate {
		return p.create(i, w)
	}
	r := p.records[w.ID]
	if r == nil || r.Type != w.Type {
		return store.AppRecord{}, fmt.Errorf("%s %s: %w", w.Type, w.ID, store.ErrNotFound)
	}
	if w.Op == store.AppDelete {
		p.ops = append(p.ops, WriteOp{Kind: DeleteRecord, Write: i, AppID: r.ID})
		p.records[r.ID] = nil
		p.fold(i, r, store.OutboxDelete, nil)
		gone := *r
		gone.Deleted = true
		return gone, nil
	}
	return p.update(i, w, r)
}

func (p *writePlan) create(i int, w store.AppWrite) (store.AppRecord, error) {
	id := w.ID
	if id == "" {
		id = newid.New(newid.AppRecord)
	} else if p.records[id] != nil {
		return store.AppRecord{}, fmt.Errorf("%s %s: %w", w.Type, id, store.ErrDuplicate)
	}
	fields := make(map[string]any, len(w.Fields))
	for k, v := range w.Fields {
		n, err := inbound.Normalize(v)
		if err != nil {
			return store.AppRecord{}, fmt.Errorf("%w: field %s: %w", store.ErrInvalid, k, err)
		}
		fields[k] = n
	}
	b, err := inbound.EncodeMap(fields)
	if err != nil {
		return store.AppRecord{}, fmt.Errorf("%w: encoding fields: %w", store.ErrInvalid, err)
	}
	r := &store.AppRecord{WorkspaceID: p.workspaceID, ID: id, Type: w.Type, Fields: fields, CreatedAt: p.now, UpdatedAt: p.now}
	p.ops = append(p.ops, WriteOp{Kind: InsertRecord, Write: i, AppID: id, Type: w.Type, Fields: b})
	p.records[id] = r
	p.fold(i, r, store.OutboxUpsert, sortedKeys(fields))
	return *r, nil
}

func (p *writePlan) update(i int, w store.AppWrite, r *store.AppRecord) (store.AppRecord, error) {
	merged := maps.Clone(r.Fields)
	if merged == nil {
		merged = map[string]any{}
	}
	var changed []string
	for k, v := range w.Fields {
		n, err := inbound.Normalize(v)
		if err != nil {
			return store.AppRecord{}, fmt.Errorf("%w: field %s: %w", store.ErrInvalid, k, err)
		}
		if old, ok := merged[k]; !ok || !reflect.DeepEqual(old, n) {
			changed = append(changed, k)
			merged[k] = n
		}
	}
	if len(changed) == 0 {
		return *r, nil
	}
	slices.Sort(changed)
	b, err := inbound.EncodeMap(merged)
	if err != nil {
		return store.AppRecord{}, fmt.Errorf("%w: encoding fields: %w", store.ErrInvalid, err)
	}
	next := *r
	next.Fields, next.UpdatedAt = merged, p.now
	p.ops = append(p.ops, WriteOp{Kind: UpdateRecord, Write: i, AppID: r.ID, Fields: b})
	p.records[r.ID] = &next
	p.fold(i, &next, store.OutboxUpsert, changed)
	return next, nil
}

// fold adds the outbox entries of a change: for a delete on every
// target of the record's type, for a create or update on those that
// push one of the changed fields.
func (p *writePlan) fold(i int, r *store.AppRecord, op string, changed []string) {
	for _, t := range p.targets[r.Type] {
		if op != store.OutboxDelete && !slices.ContainsFunc(changed, func(f string) bool { return t.Pushed[f] }) {
			continue
		}
		p.ops = append(p.ops, WriteOp{Kind: Fold, Write: i, AppID: r.ID, ConnectionID: t.ConnectionID,
			Object: t.Object, Op: op, Changed: EncodeChanged(changed, p.now)})
	}
}

// RunError is the error of op as Run returns it.
func RunError(op WriteOp, err error) error {
	var we *store.AppWriteError
	if errors.As(err, &we) {
		return err
	}
	return &store.AppWriteError{Index: op.Write, Err: err}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func uniq(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
