package syncer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Run kinds.
const (
	KindFirstLoad = "first_load"
	KindIncrement = "increment"
)

// SyncObject runs one inbound run of one object on one connection and
// returns its record. A run that fails part way keeps what it applied:
// each page is stored with the cursor after it, so the next run goes on
// from there.
func (e *Engine) SyncObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error) {
	conn, err := e.conns.Get(ctx, workspaceID, connectionID)
	if err != nil {
		return store.Run{}, err
	}
	client, err := e.conns.Client(ctx, workspaceID, connectionID)
	if err != nil {
		return store.Run{}, err
	}
	describe, err := client.Describe(ctx, object)
	if err != nil {
		e.report(ctx, workspaceID, connectionID, err)
		return store.Run{}, fmt.Errorf("describing %s: %w", object, err)
	}
	usage0, _ := client.Usage()
	if conn.WriteEnabled {
		if err := e.settleIntents(ctx, client, conn, object, describe); err != nil {
			e.report(ctx, workspaceID, connectionID, err)
			return store.Run{}, fmt.Errorf("looking for records created before: %w", err)
		}
	}
	p, err := e.plan(ctx, conn, object, describe)
	if err != nil {
		return store.Run{}, err
	}
	if p.polymorphic() {
		// Only references that may point at several objects need the
		// org's key prefixes: one more API call, so not on every run.
		if p.prefixes, err = keyPrefixes(ctx, client); err != nil {
			e.report(ctx, workspaceID, connectionID, err)
			return store.Run{}, err
		}
	}
	p.sources, p.push = p.fieldSources(), p.pushable()
	if p.people, err = e.newPeopleFilter(ctx, p); err != nil {
		return store.Run{}, err
	}
	if err := e.loadOwners(ctx, p); err != nil {
		return store.Run{}, err
	}
	if p.dispositions, err = e.loadDispositions(ctx, conn, object); err != nil {
		return store.Run{}, err
	}
	if err := e.loadExclusions(ctx, client, p); err != nil {
		e.report(ctx, workspaceID, connectionID, err)
		return store.Run{}, err
	}
	cursor, err := e.cursor(ctx, conn.ID, object)
	if err != nil {
		return store.Run{}, err
	}
	kind := KindIncrement
	if cursor == nil {
		kind = KindFirstLoad
	}
	run, err := e.store.CreateRun(ctx, store.Run{WorkspaceID: workspaceID, ConnectionID: connectionID, Object: object, Kind: kind, Status: store.RunRunning, StartedAt: e.now()})
	if err != nil {
		return store.Run{}, fmt.Errorf("recording the run: %w", err)
	}
	for _, pr := range p.problems {
		pr.RunID = run.ID
		if _, err := e.store.AddRecordError(ctx, pr); err != nil {
			return run, fmt.Errorf("recording a field problem: %w", err)
		}
	}
	runErr := e.read(ctx, client, p, run, cursor, kind)
	usage1, _ := client.Usage()
	// The describe call is the first one counted in usage0.
	run.APICalls = usage1.Used - usage0.Used + 1
	run.Skipped = p.skipped
	if p.bulk {
		run.API = store.RunAPIBulk
	}
	run.Status = store.RunSucceeded
	if runErr != nil {
		run.Status = store.RunFailed
		run.Error = runErr.Error()
		e.report(ctx, workspaceID, connectionID, runErr)
	}
	finished := e.now()
	run.FinishedAt = &finished
	// The run's end is recorded even when the caller gave up (a client
	// that disconnected from a manual sync), so no run stays "running".
	done, err := e.store.FinishRun(context.WithoutCancel(ctx), run)
	if err != nil {
		return run, errors.Join(runErr, fmt.Errorf("recording the end of the run: %w", err))
	}
	return done, runErr
}

// report passes a failure that says something about the connection (a
// refused token, the daily limit, disabled API access, a missing
// permission) to the connection's status. Other failures, such as an
// object the org does not have, are the run's alone.
func (e *Engine) report(ctx context.Context, workspaceID, connectionID string, err error) {
	var reauth *salesforce.ReauthorizationError
	if errors.As(err, &reauth) || errors.Is(err, salesforce.ErrSessionInvalid) || errors.Is(err, salesforce.ErrRequestLimit) ||
		errors.Is(err, salesforce.ErrInsufficientAccess) || isAPIDisabled(err) {
		_, _ = e.conns.ReportFailure(context.WithoutCancel(ctx), workspaceID, connectionID, err)
	}
}

func isAPIDisabled(err error) bool {
	var api *salesforce.APIError
	return errors.As(err, &api) && api.ErrorCode == "API_DISABLED_FOR_ORG"
}

// cursor returns the stored cursor of object, nil before the first load.
func (e *Engine) cursor(ctx context.Context, connectionID, object string) (*store.Cursor, error) {
	cursors, err := e.store.ListCursors(ctx, connectionID)
	if err != nil {
		return nil, fmt.Errorf("reading cursors: %w", err)
	}
	for _, c := range cursors {
		if c.Object == object {
			return &c, nil
		}
	}
	return nil, nil
}

// read queries the object from the cursor (less the lookback) in cursor
// order and applies it a page at a time.
func (e *Engine) read(ctx context.Context, client *salesforce.Client, p *objectPlan, run store.Run, cursor *store.Cursor, kind string) error {
	q := soql.Select(p.selectFields()...).From(p.mapping.Object)
	if cursor != nil {
		q = q.Where(soql.Ge(p.cursorField, cursor.Watermark.Add(-e.cfg.Lookback)))
	}
	records := client.Query
	if kind == KindIncrement && p.hasIsDeleted {
		// queryAll also answers records deleted since, with IsDeleted set.
		records = client.QueryAll
	}
	if kind == KindFirstLoad {
		bulk, err := e.useBulk(ctx, client, p)
		if err != nil {
			return err
		}
		if bulk {
			// Bulk API 2.0 results come in no order (ORDER BY would
			// disable its chunking), so the cursor is stored once, at
			// the end: a load cut short starts over, which applying
			// idempotently makes harmless.
			records = bulkRecords(client, p.describe)
			p.bulk = true
		}
	}
	if !p.bulk {
		q = q.OrderBy(p.cursorField, soql.Asc).OrderBy("Id", soql.Asc)
	}
	text, err := q.Build()
	if err != nil {
		return fmt.Errorf("building the query: %w", err)
	}
	// The next page is read (and converted, when that does not depend on
	// this one being applied) while the store applies this one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ahead := !p.selfReferencing()
	pages := make(chan inPage, 1)
	var readErr error // why the reader stopped; read once pages is closed
	go func() {
		defer close(pages)
		readErr = e.readPages(ctx, p, run, records(ctx, text, salesforce.WithBatchSize(e.cfg.PageSize)), ahead, pages)
	}()
	var applyErr error
	for pg := range pages {
		if applyErr != nil {
			continue // the reader is stopping; let it finish
		}
		b := pg.batch
		var err error
		if !ahead {
			b, err = e.convert(ctx, p, run, pg.records)
		}
		if err == nil {
			err = e.apply(ctx, p, b)
		}
		if err != nil {
			applyErr = err
			cancel()
		}
	}
	if applyErr != nil {
		return applyErr
	}
	if readErr != nil {
		return readErr
	}
	if p.bulk && !p.bulkLast.IsZero() {
		if err := e.store.PutCursor(ctx, store.Cursor{ConnectionID: p.conn.ID, Object: p.mapping.Object, Watermark: p.bulkLast}); err != nil {
			return fmt.Errorf("storing the cursor after the bulk load: %w", err)
		}
	}
	return nil
}

// inPage is one page on its way from the reader to the store: the
// records read, or the batch converted from them when the reader
// converts.
type inPage struct {
	records []salesforce.Record
	batch   store.InboundBatch
}

// readPages reads records into pages of Config.PageSize, converting them
// when convert is set, and sends them on pages until the records end; it
// returns why it stopped early: a failed read or conversion, or ctx done.
// At most one page waits while the next one is read, so memory stays a
// few pages.
func (e *Engine) readPages(ctx context.Context, p *objectPlan, run store.Run, records iter.Seq2[salesforce.Record, error], convert bool, pages chan<- inPage) error {
	send := func(page []salesforce.Record) error {
		pg := inPage{records: page}
		if convert {
			b, err := e.convert(ctx, p, run, page)
			if err != nil {
				return err
			}
			pg = inPage{batch: b}
		}
		select {
		case pages <- pg:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("reading %s: %w", p.mapping.Object, ctx.Err())
		}
	}
	page := make([]salesforce.Record, 0, e.cfg.PageSize)
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("reading %s: %w", p.mapping.Object, err)
		}
		page = append(page, rec)
		if len(page) == e.cfg.PageSize {
			if err := send(page); err != nil {
				return err
			}
			page = make([]salesforce.Record, 0, e.cfg.PageSize)
		}
	}
	if len(page) > 0 {
		return send(page)
	}
	return nil
}

// selfReferencing says a mapped reference may point at the object
// itself (Account.ParentId): converting a page then depends on the
// links the pages before it create, so pages are converted in order,
// each after the one before is applied.
func (p *objectPlan) selfReferencing() bool {
	for _, f := range p.fields {
		for _, obj := range f.refObjects {
			if strings.EqualFold(obj, p.mapping.Object) {
				return true
			}
		}
	}
	return false
}

// convert converts one page into a batch with the cursor after it (a
// bulk load's cursor is kept in p until the end).
func (e *Engine) convert(ctx context.Context, p *objectPlan, run store.Run, page []salesforce.Record) (store.InboundBatch, error) {
	links, err := e.resolveReferences(ctx, p, page)
	if err != nil {
		return store.InboundBatch{}, err
	}
	b := store.InboundBatch{
		WorkspaceID: p.conn.WorkspaceID, ConnectionID: p.conn.ID, Object: p.mapping.Object,
		AppType: p.mapping.AppType, DeletePolicy: p.mapping.DeletePolicy, RunID: run.ID,
		FieldSources: p.sources, Pushable: p.push, ConflictPolicy: p.conn.ConflictPolicy,
		Changes: make([]store.InboundChange, 0, len(page)),
	}
	var last time.Time
	for _, rec := range page {
		change, ok, err := e.change(ctx, p, run, rec, links)
		if err != nil {
			return store.InboundBatch{}, err
		}
		ts := change.SystemModstamp
		if p.cursorField != "SystemModstamp" {
			ts, err = salesforce.ParseDateTime(rec.String(p.cursorField))
		}
		if err == nil && ts.After(last) {
			last = ts
		}
		if ok && p.people != nil && !change.Deleted && p.people.matches(rec) {
			// A person the app keeps as a record of the priority object.
			p.skipped++
			continue
		}
		if ok {
			b.Changes = append(b.Changes, change)
		}
	}
	if p.bulk {
		if last.After(p.bulkLast) {
			p.bulkLast = last
		}
	} else if !last.IsZero() {
		b.Cursor = &store.Cursor{ConnectionID: p.conn.ID, Object: p.mapping.Object, Watermark: last}
	}
	return b, nil
}

// apply applies one converted page.
func (e *Engine) apply(ctx context.Context, p *objectPlan, b store.InboundBatch) error {
	if _, err := e.store.ApplyInbound(ctx, b); err != nil {
		return fmt.Errorf("applying %d %s records: %w", len(b.Changes), p.mapping.Object, err)
	}
	return nil
}

// change converts one Salesforce record. A value that cannot be converted
// is recorded as a record error and left out, so the app keeps its value
// rather than getting NULL.
func (e *Engine) change(ctx context.Context, p *objectPlan, run store.Run, rec salesforce.Record, links map[string]map[string]string) (store.InboundChange, bool, error) {
	id := rec.ID()
	stamp, err := salesforce.ParseDateTime(rec.String("SystemModstamp"))
	if err != nil {
		return store.InboundChange{}, false, fmt.Errorf("reading SystemModstamp of %s: %w", id, err)
	}
	// One more field for the exclusion flag.
	c := store.InboundChange{SalesforceID: id, SystemModstamp: stamp, Fields: make(map[string]any, len(p.fields)+1), Synced: make(map[string]any, len(p.fields))}
	if deleted, _ := rec["IsDeleted"].(bool); deleted {
		c.Deleted = true
		return c, true, nil
	}
	if p.flagExclusions {
		// The flag follows the rules on every pull: set while one
		// matches, cleared once none does (or the rules are gone).
		if rule, ok := p.exclusions.Excluded(p.mapping.Object, rec); ok && p.exclusions != nil {
			c.Fields[ExcludedField] = rule
		} else {
			c.Fields[ExcludedField] = nil
		}
	}
	for _, f := range p.fields {
		raw := rec[f.sf.Name]
		c.Synced[f.sf.Name] = raw
		if f.app.Type == store.AppReference {
			ref, _ := raw.(string)
			if ref == "" {
				c.Fields[f.app.Name] = nil
				continue
			}
			if isOwner(f.sf) {
				if appUser, ok := p.ownerApps[ref]; ok {
					c.Fields[f.app.Name] = appUser
					continue
				}
				if len(f.refObjects) == 0 {
					// Owned by a user no app user is mapped to (or a queue).
					c.Fields[f.app.Name] = nil
					continue
				}
			}
			if appID, obj := lookupRef(links, p.prefixes, f, ref); appID != "" {
				c.Fields[f.app.Name] = appID
			} else {
				c.Fields[f.app.Name] = nil
				c.PendingRefs = append(c.PendingRefs, store.PendingRef{Field: f.app.Name, Object: obj, SalesforceID: ref})
			}
			continue
		}
		if s, ok := raw.(string); ok && p.dispositions != nil && isLeadStatus(p.mapping.Object, f.sf) {
			// The host's disposition for this status (the status itself
			// when none maps to it).
			if d, ok := p.dispositions.ToApp(s); ok {
				raw = d
			}
		}
		v, err := f.conv.ToApp(raw)
		if err != nil {
			re := fieldProblem(p.conn, p.mapping.Object, f.sf.Name, "conversion_failed",
				fmt.Sprintf("The value of Salesforce field %s.%s cannot be taken into app field %q: %v.", p.mapping.Object, f.sf.Name, f.app.Name, err),
				"Correct the value in Salesforce, or change the field mapping so the app field's type fits the Salesforce field. "+
					"The next sync reads the record again once it changes in Salesforce; a pull all reads every record again.")
			re.RunID, re.SalesforceID = run.ID, id
			if _, aerr := e.store.AddRecordError(ctx, re); aerr != nil {
				return c, false, fmt.Errorf("recording a conversion error: %w", aerr)
			}
			delete(c.Synced, f.sf.Name)
			continue
		}
		c.Fields[f.app.Name] = v
	}
	return c, true, nil
}

// resolveReferences looks up, for every reference field, the links of the
// ids the page points at: object -> Salesforce id -> app id.
func (e *Engine) resolveReferences(ctx context.Context, p *objectPlan, page []salesforce.Record) (map[string]map[string]string, error) {
	wanted := map[string][]string{}
	for _, f := range p.fields {
		if f.app.Type != store.AppReference {
			continue
		}
		for _, rec := range page {
			if ref := rec.String(f.sf.Name); ref != "" {
				for _, obj := range f.refObjects {
					wanted[obj] = append(wanted[obj], ref)
				}
			}
		}
	}
	out := map[string]map[string]string{}
	for obj, ids := range wanted {
		found, err := e.store.LookupLinks(ctx, p.conn.ID, obj, ids)
		if err != nil {
			return nil, fmt.Errorf("resolving references to %s: %w", obj, err)
		}
		out[obj] = found
	}
	return out, nil
}

// lookupRef finds a reference's app id among the candidate objects. When
// none has it yet, it names the object to wait for: the one the id's key
// prefix names (a WhoId may be a Contact or a Lead), else the first.
func lookupRef(links map[string]map[string]string, prefixes map[string]string, f fieldPlan, ref string) (appID, object string) {
	for _, obj := range f.refObjects {
		if id, ok := links[obj][ref]; ok {
			return id, obj
		}
	}
	if len(ref) >= 3 {
		if obj, ok := prefixes[ref[:3]]; ok {
			for _, candidate := range f.refObjects {
				if strings.EqualFold(candidate, obj) {
					return "", candidate
				}
			}
		}
	}
	return "", f.refObjects[0]
}

// keyPrefixes maps key prefixes to object names from describeGlobal
// (cached by the client).
func keyPrefixes(ctx context.Context, client *salesforce.Client) (map[string]string, error) {
	g, err := client.DescribeGlobal(ctx)
	if err != nil {
		return nil, fmt.Errorf("describing the org: %w", err)
	}
	out := make(map[string]string, len(g.SObjects))
	for _, o := range g.SObjects {
		if o.KeyPrefix != "" {
			out[o.KeyPrefix] = o.Name
		}
	}
	return out, nil
}
