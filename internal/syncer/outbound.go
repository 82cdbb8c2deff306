package syncer

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// KindPush is the kind of an outbound run.
const KindPush = "push"

// PushObject drains the outbox of one object on a connection: due
// entries are written to Salesforce in sObject Collections of up to 200
// (creates, updates carrying only the changed fields, deletes), and each
// outcome is stored with the link's new merge base. From
// Config.BulkPushThreshold due entries on, the run writes all of them
// through Bulk API 2.0 ingest jobs instead, and its record says so
// (Run.API). It does nothing, and makes no API call, when writing to
// Salesforce is off or nothing is due; then the returned run has no ID.
//
// A create is never made twice: with an external id field it is an
// upsert on the app record's id; otherwise the create ledger records the
// intent first, and after an uncertain outcome (a lost answer, a crash)
// the next push looks for the record it may have made before creating.
func (e *Engine) PushObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error) {
	conn, err := e.conns.Get(ctx, workspaceID, connectionID)
	if err != nil {
		return store.Run{}, err
	}
	if !conn.WriteEnabled {
		return store.Run{}, nil
	}
	due, err := e.store.DueOutbox(ctx, conn.ID, object, e.now(), e.cfg.PushBatch)
	if err != nil {
		return store.Run{}, fmt.Errorf("reading the outbox: %w", err)
	}
	if len(due) == 0 {
		return store.Run{}, nil
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
	p, err := e.pushPlanFor(ctx, conn, object, describe)
	if err != nil {
		return store.Run{}, err
	}
	bulk, err := e.pushesInBulk(ctx, conn.ID, object, len(due))
	if err != nil {
		return store.Run{}, err
	}
	api := store.RunAPIREST
	if bulk {
		api = store.RunAPIBulk
	}
	run, err := e.store.CreateRun(ctx, store.Run{WorkspaceID: workspaceID, ConnectionID: connectionID, Object: object, Kind: KindPush, Status: store.RunRunning, StartedAt: e.now(), API: api})
	if err != nil {
		return store.Run{}, fmt.Errorf("recording the run: %w", err)
	}
	for _, pr := range p.problems {
		pr.RunID = run.ID
		if _, err := e.store.AddRecordError(ctx, pr); err != nil {
			return run, fmt.Errorf("recording a field problem: %w", err)
		}
	}
	w := &pusher{e: e, client: client, plan: p, run: &run, created: map[string]bool{}}
	var runErr error
	if bulk {
		runErr = w.bulk(ctx)
	} else {
		runErr = w.drain(ctx, due)
	}
	usage1, _ := client.Usage()
	run.APICalls = usage1.Used - usage0.Used + 1
	run.Status = store.RunSucceeded
	if runErr != nil {
		run.Status = store.RunFailed
		run.Error = runErr.Error()
		e.report(ctx, workspaceID, connectionID, runErr)
	}
	finished := e.now()
	run.FinishedAt = &finished
	done, err := e.store.FinishRun(context.WithoutCancel(ctx), run)
	if err != nil {
		return run, errors.Join(runErr, fmt.Errorf("recording the end of the run: %w", err))
	}
	return done, runErr
}

// pusher is one push run.
type pusher struct {
	e      *Engine
	client *salesforce.Client
	plan   *pushPlan
	run    *store.Run
	// created are the app records this run created in Salesforce.
	created map[string]bool
}

// maxBatches bounds the batches of one run, so records changed faster
// than they are written cannot keep a run going forever.
const maxBatches = 64

// drain pushes batches of due entries until none is due. An entry is
// attempted once per run: one that fails, or changes while it is
// written, waits for the next run.
func (w *pusher) drain(ctx context.Context, due []store.OutboxItem) error {
	tried := map[string]bool{}
	for i := 0; i < maxBatches; i++ {
		due = slices.DeleteFunc(due, func(it store.OutboxItem) bool { return tried[it.Entry.AppID] })
		if len(due) == 0 {
			return nil
		}
		for _, it := range due {
			tried[it.Entry.AppID] = true
		}
		if err := w.batch(ctx, due); err != nil {
			return err
		}
		var err error
		if due, err = w.e.store.DueOutbox(ctx, w.plan.conn.ID, w.plan.mapping.Object, w.e.now(), w.e.cfg.PushBatch); err != nil {
			return fmt.Errorf("reading the outbox: %w", err)
		}
	}
	return nil
}

// work is an entry on its way: the item and the payload built for it.
type work struct {
	item *store.OutboxItem
	pl   payload
}

// batch pushes one batch of due entries and stores the outcomes.
func (w *pusher) batch(ctx context.Context, items []store.OutboxItem) error {
	refs, err := w.references(ctx, items)
	if err != nil {
		return err
	}
	s := w.sort(items, refs)
	if err := w.lookupCreates(ctx, &s); err != nil {
		return err
	}
	results, callErr := w.send(ctx, s)
	// Entries not settled in this batch (a call failed before them) are
	// still due and are read again by the caller.
	return w.complete(ctx, results, callErr)
}

// sorted is a batch of due entries sorted by what each needs.
type sorted struct {
	// results are the entries settled without a call: skipped, refused
	// before sending, or with nothing to write.
	results []store.OutboundResult
	// creates are new records; lookups, creates whose earlier attempt may
	// have made the record.
	creates, lookups []work
	// updates carry each record's changed fields.
	updates []work
	// deletes are Salesforce records of app records deleted.
	deletes []*store.OutboxItem
}

// sort decides what each due entry needs, building the payloads.
func (w *pusher) sort(items []store.OutboxItem, refs refIDs) sorted {
	p := w.plan
	var s sorted
	for i := range items {
		it := &items[i]
		res := w.result(it)
		switch {
		case it.Entry.Op == store.OutboxDelete || it.Record == nil:
			if it.Link == nil {
				res.Outcome = store.OutboundSkipped
			} else if it.Link.Deleted || p.mapping.OutboundDelete != store.OutboundDeleteDelete {
				// Gone from Salesforce already, or to be left there: the
				// link stays as a tombstone so inbound leaves it alone.
				res.Outcome, res.AppDeleted = store.OutboundSkipped, true
			} else {
				s.deletes = append(s.deletes, it)
				continue
			}
		case it.Link != nil && it.Link.AppDeleted:
			res.Outcome = store.OutboundSkipped
		case it.Link != nil:
			if it.Link.Deleted || p.mapping.UpdateDirection != store.DirectionBoth {
				res.Outcome = store.OutboundSkipped
				break
			}
			pl := p.build(it.Record, it.Link, refs, false)
			if pl.failure != nil {
				s.results = append(s.results, w.failed(it, *pl.failure))
				continue
			}
			if len(pl.sf) == 0 {
				res.Outcome = store.OutboundPushed
				res = w.waitFor(it, pl, res, false)
				break
			}
			s.updates = append(s.updates, work{it, pl})
			continue
		default:
			if p.mapping.CreateDirection != store.DirectionBoth {
				res.Outcome = store.OutboundSkipped
				break
			}
			if p.noCreates {
				// The person is created as the priority object only.
				res.Outcome = store.OutboundSkipped
				w.run.Skipped++
				break
			}
			pl := p.build(it.Record, nil, refs, true)
			if pl.failure != nil {
				s.results = append(s.results, w.failed(it, *pl.failure))
				continue
			}
			if it.Intent != nil && p.mapping.ExternalIDField == "" {
				s.lookups = append(s.lookups, work{it, pl})
			} else {
				s.creates = append(s.creates, work{it, pl})
			}
			continue
		}
		s.results = append(s.results, res)
	}
	return s
}

// lookupCreates looks for the records that creates with an uncertain
// earlier attempt may have made: found ones are settled, the rest
// become creates.
func (w *pusher) lookupCreates(ctx context.Context, s *sorted) error {
	if len(s.lookups) == 0 {
		return nil
	}
	found, rest, err := w.lookup(ctx, s.lookups)
	if err != nil {
		return err
	}
	s.results = append(s.results, found...)
	s.creates = append(s.creates, rest...)
	s.lookups = nil
	return nil
}

// send writes a sorted batch's creates, updates and deletes in sObject
// Collections of 200 and returns every outcome, those settled before
// included. A call that fails as a whole stops it: the entries not
// written are left out, still due.
func (w *pusher) send(ctx context.Context, s sorted) ([]store.OutboundResult, error) {
	results := s.results
	for chunk := range slices.Chunk(s.creates, salesforce.CollectionSize) {
		out, err := w.create(ctx, chunk)
		results = append(results, out...)
		if err != nil {
			return results, err
		}
	}
	for chunk := range slices.Chunk(s.updates, salesforce.CollectionSize) {
		out, err := w.update(ctx, chunk)
		results = append(results, out...)
		if err != nil {
			return results, err
		}
	}
	for chunk := range slices.Chunk(s.deletes, salesforce.CollectionSize) {
		out, err := w.remove(ctx, chunk)
		results = append(results, out...)
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// complete counts and stores outcomes; callErr, the failure that cut the
// writes short, is returned with any failure to store them.
func (w *pusher) complete(ctx context.Context, results []store.OutboundResult, callErr error) error {
	w.count(results)
	if err := w.e.store.CompleteOutbound(context.WithoutCancel(ctx), w.plan.conn.WorkspaceID, w.run.ID, results, w.e.now()); err != nil {
		return errors.Join(callErr, fmt.Errorf("storing %d outcomes: %w", len(results), err))
	}
	return callErr
}

// result starts an item's result.
func (w *pusher) result(it *store.OutboxItem) store.OutboundResult {
	r := store.OutboundResult{ConnectionID: it.Entry.ConnectionID, Object: it.Entry.Object, AppID: it.Entry.AppID, Seq: it.Entry.Seq}
	if it.Link != nil {
		r.SalesforceID = it.Link.SalesforceID
	}
	return r
}

// waitFor marks a pushed result whose references wait for parents not
// in Salesforce yet: the entry stays, due again after a backoff, until
// the retry budget runs out (then it fails, for updates; a created
// record is linked in any case).
func (w *pusher) waitFor(it *store.OutboxItem, pl payload, r store.OutboundResult, created bool) store.OutboundResult {
	if len(pl.waiting) == 0 {
		return r
	}
	f := WriteFailure{Code: "reference_waiting", Fields: pl.waiting, Transient: true,
		Cause:  fmt.Sprintf("App field %q points to a record that is not in Salesforce yet, so it cannot be written.", pl.waiting[0]),
		Fix:    "sfbridge writes it once that record is in Salesforce; if its object is not written to Salesforce (create direction into the app only), change that or clear the reference.",
		Object: w.plan.mapping.Object}
	if !created && it.Entry.Attempts+1 >= w.e.cfg.PushMaxAttempts {
		fr := w.failure(it, f, r.SalesforceID)
		fr.Synced, fr.AppSynced = r.Synced, r.AppSynced
		return fr
	}
	r.Requeue = true
	r.NextAttemptAt = w.e.now().Add(w.e.pushBackoff(it.Entry.Attempts + 1))
	r.Error = &store.RecordError{ConnectionID: it.Entry.ConnectionID, RunID: w.run.ID, Object: it.Entry.Object, AppID: it.Entry.AppID,
		SalesforceID: r.SalesforceID, Field: pl.waiting[0], Code: f.Code, Message: f.Message(), Cause: f.Cause, Fix: f.Fix}
	return r
}

// failed is a permanent failure's (or a transient one's) result.
func (w *pusher) failed(it *store.OutboxItem, f WriteFailure) store.OutboundResult {
	sfID := ""
	if it.Link != nil {
		sfID = it.Link.SalesforceID
	}
	return w.failure(it, f, sfID)
}

// failure makes the result of a refused write: a transient refusal is
// retried with backoff until the budget runs out; then, and for
// permanent ones, the entry waits as failed.
func (w *pusher) failure(it *store.OutboxItem, f WriteFailure, sfID string) store.OutboundResult {
	if f.Object == "" {
		f.Object = w.plan.mapping.Object
	}
	r := w.result(it)
	if sfID != "" {
		r.SalesforceID = sfID
	}
	field := ""
	if len(f.Fields) > 0 {
		field = f.Fields[0]
	}
	r.Error = &store.RecordError{ConnectionID: it.Entry.ConnectionID, RunID: w.run.ID, Object: it.Entry.Object, AppID: it.Entry.AppID,
		SalesforceID: r.SalesforceID, Field: field, Code: f.Code, Message: f.Message(), Cause: f.Cause, Fix: f.Fix}
	// A create's earlier attempt may still have made the record: its
	// intent stays until a lookup or a definite answer settles it.
	r.KeepIntent = it.Intent != nil && it.Link == nil
	if f.Transient && it.Entry.Attempts+1 < w.e.cfg.PushMaxAttempts {
		r.Outcome = store.OutboundRetry
		r.NextAttemptAt = w.e.now().Add(w.e.pushBackoff(it.Entry.Attempts + 1))
		return r
	}
	if f.Transient {
		r.Error.Message = fmt.Sprintf("%s (gave up after %d attempts: retry it over the API once the cause is fixed)", r.Error.Message, it.Entry.Attempts+1)
	}
	r.Outcome = store.OutboundFailed
	return r
}

// pushBackoff is how long the n-th retry of an entry waits: exponential
// from Config.PushRetryBase up to an hour, with jitter.
func (e *Engine) pushBackoff(n int) time.Duration {
	d := e.cfg.PushRetryBase
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// callFailed settles every entry of a call that failed as a whole. A
// failure that says something about the connection (a refused token,
// the daily limit) stops the run and leaves the entries due, since no
// attempt of theirs was at fault; other failures count as an attempt.
func (w *pusher) callFailed(chunk []work, err error, keepIntent bool) ([]store.OutboundResult, error) {
	if connectionLevel(err) {
		return nil, err
	}
	f := explainWrite(w.context("", nil), err)
	f.Transient = true
	out := make([]store.OutboundResult, 0, len(chunk))
	for _, wk := range chunk {
		r := w.failed(wk.item, f)
		r.KeepIntent = keepIntent || r.KeepIntent
		out = append(out, r)
	}
	return out, nil
}

// connectionLevel reports a failure that is the connection's, not a
// record's.
func connectionLevel(err error) bool {
	var reauth *salesforce.ReauthorizationError
	return errors.As(err, &reauth) || errors.Is(err, salesforce.ErrSessionInvalid) || errors.Is(err, salesforce.ErrRequestLimit) ||
		errors.Is(err, salesforce.ErrInsufficientAccess) || isAPIDisabled(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func (w *pusher) context(op string, sent map[string]any) WriteContext {
	return WriteContext{Object: w.plan.mapping.Object, Describe: w.plan.describe, Op: op, Sent: sent, Mapped: w.plan.mapped}
}

// create writes up to 200 new records: upserts on the external id field
// when there is one, else creates recorded in the ledger first.
func (w *pusher) create(ctx context.Context, chunk []work) ([]store.OutboundResult, error) {
	p := w.plan
	records := make([]map[string]any, len(chunk))
	for i, wk := range chunk {
		records[i] = w.createValues(wk.pl.sf)
	}
	var (
		saved []salesforce.SaveResult
		err   error
		op    = "create"
	)
	opts := w.assignOptions()
	if ext := p.mapping.ExternalIDField; ext != "" {
		op = "upsert"
		for i, wk := range chunk {
			rec := make(map[string]any, len(records[i])+1)
			for k, v := range records[i] {
				rec[k] = v
			}
			rec[ext] = wk.item.Entry.AppID
			records[i] = rec
		}
		saved, err = w.client.UpsertRecords(ctx, p.mapping.Object, ext, records, opts...)
	} else {
		intents := make([]store.CreateIntent, len(chunk))
		for i, wk := range chunk {
			intents[i] = store.CreateIntent{ConnectionID: p.conn.ID, Object: p.mapping.Object, AppID: wk.item.Entry.AppID, Sent: wk.pl.sf, StartedAt: w.e.now()}
		}
		if err := w.e.store.PutCreateIntents(ctx, intents); err != nil {
			return nil, fmt.Errorf("recording create intents: %w", err)
		}
		for i, wk := range chunk {
			if wk.item.Intent == nil {
				wk.item.Intent = &intents[i]
			}
		}
		saved, err = w.client.CreateRecords(ctx, p.mapping.Object, records, opts...)
	}
	if err != nil {
		// A create's outcome may be unknown: the intent stays, and the
		// next attempt looks before it creates.
		return w.callFailed(chunk, err, op == "create")
	}
	out := make([]store.OutboundResult, 0, len(chunk))
	for i, wk := range chunk {
		s := saved[i]
		if !s.Success {
			out = append(out, w.refused(wk, op, s.Err()))
			continue
		}
		r := w.result(wk.item)
		r.Outcome, r.SalesforceID = store.OutboundPushed, s.ID
		r.Synced, r.AppSynced = w.createBase(wk)
		w.created[r.AppID] = true
		out = append(out, w.waitFor(wk.item, wk.pl, r, true))
	}
	return out, nil
}

// createValues are the values a create sends: the payload, with the
// owner the connection's owner policy sets.
func (w *pusher) createValues(sf map[string]any) map[string]any {
	switch w.plan.conn.OwnerPolicy {
	case store.OwnerFixed:
		if w.plan.describe.Field("OwnerId") == nil {
			break // an object without owners (a detail of a master-detail)
		}
		return withField(sf, "OwnerId", w.plan.conn.FixedOwnerID)
	case store.OwnerAssignmentRules:
		// Salesforce's active assignment rule picks the owner.
		return withoutField(sf, "OwnerId")
	}
	return sf
}

// createBase is the merge base after a create: the values sent, and
// null on both sides for the mapped fields that were empty (Salesforce
// holds none either, unless it fills in a default, which inbound then
// brings to the app).
func (w *pusher) createBase(wk work) (synced, app map[string]any) {
	synced = make(map[string]any, len(w.plan.fields))
	app = make(map[string]any, len(w.plan.fields))
	for _, f := range w.plan.fields {
		if v, ok := wk.pl.app[f.app.Name]; ok {
			app[f.app.Name], synced[f.sf.Name] = v, wk.pl.sf[f.sf.Name]
			continue
		}
		if !f.sf.Createable || slices.Contains(wk.pl.waiting, f.app.Name) {
			continue
		}
		if v, ok := wk.item.Record.Fields[f.app.Name]; !ok || v == nil {
			app[f.app.Name], synced[f.sf.Name] = nil, nil
		}
	}
	return synced, app
}

// update writes up to 200 changed records, each with only its changed
// fields.
func (w *pusher) update(ctx context.Context, chunk []work) ([]store.OutboundResult, error) {
	records := make([]map[string]any, len(chunk))
	for i, wk := range chunk {
		rec := make(map[string]any, len(wk.pl.sf)+1)
		for k, v := range wk.pl.sf {
			rec[k] = v
		}
		rec["Id"] = wk.item.Link.SalesforceID
		records[i] = rec
	}
	// The values in flight are remembered first: if the answer is lost,
	// or the service dies before storing it, inbound recognises them as
	// sfbridge's own when it reads them back.
	intents := make([]store.CreateIntent, len(chunk))
	for i, wk := range chunk {
		intents[i] = store.CreateIntent{ConnectionID: w.plan.conn.ID, Object: w.plan.mapping.Object, AppID: wk.item.Entry.AppID, Sent: wk.pl.sf, StartedAt: w.e.now()}
	}
	if err := w.e.store.PutCreateIntents(ctx, intents); err != nil {
		return nil, fmt.Errorf("recording the values in flight: %w", err)
	}
	// Updates never run assignment rules: the owner is chosen at create.
	saved, err := w.client.UpdateRecords(ctx, w.plan.mapping.Object, records, salesforce.WithAutoAssign(false))
	if err != nil {
		return w.callFailed(chunk, err, true)
	}
	out := make([]store.OutboundResult, 0, len(chunk))
	for i, wk := range chunk {
		s := saved[i]
		if !s.Success {
			if errors.Is(s.Err(), salesforce.ErrEntityDeleted) {
				// Deleted in Salesforce meanwhile: inbound brings the
				// delete; there is nothing to write.
				r := w.result(wk.item)
				r.Outcome = store.OutboundSkipped
				out = append(out, r)
				continue
			}
			out = append(out, w.refused(wk, "update", s.Err()))
			continue
		}
		r := w.result(wk.item)
		r.Outcome, r.Synced, r.AppSynced = store.OutboundPushed, wk.pl.sf, wk.pl.app
		out = append(out, w.waitFor(wk.item, wk.pl, r, false))
	}
	return out, nil
}

// remove deletes up to 200 Salesforce records of app records deleted in
// the app. One already gone counts as deleted.
func (w *pusher) remove(ctx context.Context, chunk []*store.OutboxItem) ([]store.OutboundResult, error) {
	ids := make([]string, len(chunk))
	for i, it := range chunk {
		ids[i] = it.Link.SalesforceID
	}
	saved, err := w.client.DeleteRecords(ctx, ids)
	if err != nil {
		works := make([]work, len(chunk))
		for i, it := range chunk {
			works[i] = work{item: it}
		}
		return w.callFailed(works, err, false)
	}
	out := make([]store.OutboundResult, 0, len(chunk))
	for i, it := range chunk {
		s := saved[i]
		if s.Success || errors.Is(s.Err(), salesforce.ErrEntityDeleted) || errors.Is(s.Err(), salesforce.ErrNotFound) || isCode(s.Err(), "INVALID_CROSS_REFERENCE_KEY") {
			r := w.result(it)
			r.Outcome, r.Deleted, r.AppDeleted = store.OutboundPushed, true, true
			out = append(out, r)
			continue
		}
		out = append(out, w.refused(work{item: it}, "delete", s.Err()))
	}
	return out, nil
}

func isCode(err error, code string) bool {
	var api *salesforce.APIError
	return errors.As(err, &api) && api.ErrorCode == code
}

// refused explains a record Salesforce refused.
func (w *pusher) refused(wk work, op string, err error) store.OutboundResult {
	f := explainWrite(w.context(op, wk.pl.sf), err)
	r := w.failed(wk.item, f)
	// Refused means not written: nothing to look for or recognise later.
	r.KeepIntent = false
	return r
}

// references maps the app ids the items' reference fields hold to
// Salesforce ids, per referenced object.
func (w *pusher) references(ctx context.Context, items []store.OutboxItem) (refIDs, error) {
	wanted := map[string][]string{}
	for _, f := range w.plan.fields {
		if f.app.Type != store.AppReference {
			continue
		}
		for _, it := range items {
			if it.Record == nil {
				continue
			}
			if id, _ := it.Record.Fields[f.app.Name].(string); id != "" {
				for _, obj := range f.refObjects {
					wanted[obj] = append(wanted[obj], id)
				}
			}
		}
	}
	out := refIDs{}
	for obj, ids := range wanted {
		found, err := w.e.store.LookupSalesforceIDs(ctx, w.plan.conn.ID, obj, ids)
		if err != nil {
			return nil, fmt.Errorf("resolving references to %s: %w", obj, err)
		}
		out[obj] = found
	}
	return out, nil
}

// lookup looks, for creates whose earlier attempt may have succeeded,
// for the records the integration user created: a record holding every
// value that was sent, and linked to no app record, is the one. Found
// ones are linked; the rest are created.
func (w *pusher) lookup(ctx context.Context, items []work) (found []store.OutboundResult, rest []work, err error) {
	for chunk := range slices.Chunk(items, lookupChunk) {
		f, r, err := w.lookupChunk(ctx, chunk)
		if err != nil {
			return nil, nil, err
		}
		found, rest = append(found, f...), append(rest, r...)
	}
	return found, rest, nil
}

// lookupChunk is how many intents one lookup query serves.
const lookupChunk = 200

func (w *pusher) lookupChunk(ctx context.Context, items []work) (found []store.OutboundResult, rest []work, err error) {
	p := w.plan
	since := items[0].item.Intent.StartedAt
	fieldSet := map[string]bool{"Id": true}
	for _, wk := range items {
		if wk.item.Intent.StartedAt.Before(since) {
			since = wk.item.Intent.StartedAt
		}
		for k := range wk.item.Intent.Sent {
			if p.describe.Field(k) != nil {
				fieldSet[k] = true
			}
		}
	}
	fields := make([]string, 0, len(fieldSet))
	for k := range fieldSet {
		fields = append(fields, k)
	}
	slices.Sort(fields)
	// Every record the integration user created since the first intent,
	// with an hour's margin as Salesforce's clock is not ours; matched
	// below by the values sent.
	conds := []soql.Condition{soql.Eq("CreatedById", p.conn.UserID), soql.Ge("CreatedDate", since.Add(-time.Hour))}
	q, err := soql.Select(fields...).From(p.mapping.Object).Where(conds...).
		OrderBy("CreatedDate", soql.Asc).OrderBy("Id", soql.Asc).Build()
	if err != nil {
		return nil, nil, fmt.Errorf("building the lookup query: %w", err)
	}
	var candidates []salesforce.Record
	for rec, err := range w.client.Query(ctx, q) {
		if err != nil {
			if connectionLevel(err) {
				return nil, nil, err
			}
			// The lookup failed: try again next time rather than risk a
			// second record.
			for _, wk := range items {
				r, _ := w.callFailed([]work{wk}, err, true)
				found = append(found, r...)
			}
			return found, nil, nil
		}
		candidates = append(candidates, rec)
	}
	ids := make([]string, len(candidates))
	for i, c := range candidates {
		ids[i] = c.ID()
	}
	linked, err := w.e.store.LookupLinks(ctx, p.conn.ID, p.mapping.Object, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("reading links: %w", err)
	}
	used := map[string]bool{}
	for id := range linked {
		used[id] = true
	}
	slices.SortStableFunc(items, func(a, b work) int { return a.item.Intent.StartedAt.Compare(b.item.Intent.StartedAt) })
	for _, wk := range items {
		// The unlinked record the integration user created that holds
		// the most of the values sent: someone may have edited some of
		// them since.
		match, best := "", 0
		for _, c := range candidates {
			if used[c.ID()] {
				continue
			}
			if n := matching(c, wk.item.Intent.Sent); n > best {
				match, best = c.ID(), n
			}
		}
		if match == "" {
			rest = append(rest, wk)
			continue
		}
		used[match] = true
		w.created[wk.item.Entry.AppID] = true
		r := w.result(wk.item)
		r.Outcome, r.SalesforceID = store.OutboundPushed, match
		// The base is what was sent; app fields whose value still
		// converts to it are in step, the others are written next time.
		// The base is what was sent, on both sides: the app's side is the
		// app value each sent value stands for. An app value changed
		// since then differs from it, so it counts as the app's change
		// (against a Salesforce edit of the same field, the conflict
		// policy decides) and is written next as an update.
		r.Synced = wk.item.Intent.Sent
		r.AppSynced = map[string]any{}
		moved := false
		for _, f := range p.fields {
			sent, ok := wk.item.Intent.Sent[f.sf.Name]
			if !ok {
				continue
			}
			cur, has := wk.pl.app[f.app.Name]
			if has && jsonEqual(wk.pl.sf[f.sf.Name], sent) {
				r.AppSynced[f.app.Name] = cur
				continue
			}
			moved = true
			if f.conv == nil {
				continue // a reference: its base stays unknown
			}
			if v, err := f.conv.ToApp(sent); err == nil {
				r.AppSynced[f.app.Name] = v
			}
		}
		if moved {
			r.Requeue, r.NextAttemptAt = true, w.e.now()
		}
		found = append(found, r)
	}
	return found, rest, nil
}

// matching counts the values sent that a record holds.
func matching(rec salesforce.Record, sent map[string]any) int {
	n := 0
	for k, v := range sent {
		if got, ok := rec[k]; ok && jsonEqual(got, v) {
			n++
		}
	}
	return n
}

// count adds the outcomes to the run.
func (w *pusher) count(results []store.OutboundResult) {
	for _, r := range results {
		w.run.Read++
		switch r.Outcome {
		case store.OutboundPushed:
			switch {
			case r.Deleted:
				w.run.Deleted++
			case w.created[r.AppID]:
				w.run.Created++
			default:
				w.run.Updated++
			}
		case store.OutboundSkipped:
			w.run.Unchanged++
		case store.OutboundFailed, store.OutboundRetry:
			w.run.Failed++
		}
	}
}

// settleIntents links the records that creates with an unknown outcome
// made, before inbound reads the object: otherwise inbound would take
// such a record for a new one and import it as a second app record. The
// outbox entries stay; the next push writes whatever the app changed
// since as an update.
func (e *Engine) settleIntents(ctx context.Context, client *salesforce.Client, conn store.Connection, object string, describe *salesforce.SObjectDescribe) error {
	intents, err := e.store.ListCreateIntents(ctx, conn.ID, object)
	if err != nil || len(intents) == 0 {
		return err
	}
	p, err := e.pushPlanFor(ctx, conn, object, describe)
	if err != nil {
		return err
	}
	if p.mapping.ExternalIDField != "" {
		return nil
	}
	w := &pusher{e: e, client: client, plan: p, run: &store.Run{}, created: map[string]bool{}}
	appIDs := make([]string, len(intents))
	for i, in := range intents {
		appIDs[i] = in.AppID
	}
	// Intents of linked records are updates in flight, not creates.
	inFlight, err := e.store.LookupSalesforceIDs(ctx, conn.ID, object, appIDs)
	if err != nil {
		return fmt.Errorf("reading links: %w", err)
	}
	var items []work
	for i := range intents {
		in := &intents[i]
		if _, ok := inFlight[in.AppID]; ok {
			continue
		}
		rec, err := e.store.GetAppRecord(ctx, conn.WorkspaceID, p.mapping.AppType, in.AppID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading app record %s: %w", in.AppID, err)
		}
		// Seq -1 never matches: the entry is kept.
		it := &store.OutboxItem{Entry: store.OutboxEntry{ConnectionID: conn.ID, Object: p.mapping.Object, AppID: in.AppID, Seq: -1}, Record: &rec, Intent: in}
		items = append(items, work{item: it, pl: p.build(&rec, nil, nil, true)})
	}
	if len(items) == 0 {
		return nil
	}
	found, _, err := w.lookup(ctx, items)
	if err != nil {
		return err
	}
	var linked []store.OutboundResult
	for _, r := range found {
		if r.Outcome == store.OutboundPushed {
			r.Requeue, r.NextAttemptAt = false, time.Time{}
			linked = append(linked, r)
		}
	}
	if len(linked) == 0 {
		return nil
	}
	if err := e.store.CompleteOutbound(context.WithoutCancel(ctx), conn.WorkspaceID, "", linked, e.now()); err != nil {
		return fmt.Errorf("linking records created before: %w", err)
	}
	return nil
}

// withField returns a copy of rec with field set to v (when the object
// has it: the caller checks).
func withField(rec map[string]any, field string, v any) map[string]any {
	out := make(map[string]any, len(rec)+1)
	for k, x := range rec {
		out[k] = x
	}
	out[field] = v
	return out
}

// withoutField returns a copy of rec without field.
func withoutField(rec map[string]any, field string) map[string]any {
	out := make(map[string]any, len(rec))
	for k, x := range rec {
		if k != field {
			out[k] = x
		}
	}
	return out
}

// assignOptions sets Sforce-Auto-Assign on creates. Without the header
// Salesforce's REST API runs the active assignment rule on every create
// and update of a Lead or Case (and Account territory rules), which
// would override the owner sfbridge sets: so it is TRUE only under the
// assignment rules owner policy and FALSE otherwise.
func (w *pusher) assignOptions() []salesforce.Option {
	return []salesforce.Option{salesforce.WithAutoAssign(w.plan.conn.OwnerPolicy == store.OwnerAssignmentRules)}
}
