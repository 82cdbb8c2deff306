package syncer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// DefaultBulkPushThreshold is how many due outbox entries an object must
// have for a push to go through Bulk API 2.0: a few calls whatever the
// number of records, where sObject Collections take one call per 200.
const DefaultBulkPushThreshold = 10_000

// pushesInBulk decides whether a push of object goes through Bulk API
// 2.0: n entries are due in the first batch read, and only a full batch
// may hide more, so only then are they counted.
func (e *Engine) pushesInBulk(ctx context.Context, connectionID, object string, n int) (bool, error) {
	t := e.cfg.BulkPushThreshold
	if t < 0 {
		return false, nil
	}
	if n < t && n >= e.cfg.PushBatch {
		var err error
		if n, err = e.store.CountDueOutbox(ctx, connectionID, object, e.now()); err != nil {
			return false, fmt.Errorf("counting the outbox: %w", err)
		}
	}
	return n >= t, nil
}

// bulk pushes every entry due when it starts in one run through Bulk API
// 2.0 ingest: the entries are read in pages (in app id order, so that
// settling some does not move the pages to come) and sorted by the same
// planner as a REST push, then written in one ingest per operation (one
// job per 100 MB of CSV):
//
//   - updates in one update job whose columns are Id and every mapped
//     field the integration user may update. Each row fills only the
//     record's changed fields: an empty cell leaves a field alone in
//     Bulk API 2.0, as a field left out of a REST update does, and a
//     value cleared is written #N/A, which sets it to null. One job
//     serves records that changed different fields.
//   - deletes in one delete job.
//   - creates, when the mapping has an external id field, in one upsert
//     job on it, keyed by the app record's id as the REST upsert is, so
//     a lost answer never makes a second record. Without one (or under
//     the assignment rules owner policy, which Bulk API 2.0 would not
//     run without a rule id) creates go through the REST path and its
//     create ledger, page by page: Bulk API 2.0 returns results in no
//     guaranteed order, so an insert's new id could not be told apart
//     from another's, and the ledger's lookup needs the values matched
//     to one create.
//
// Result rows are matched to entries by the column that keys them (Id,
// or the external id field), never by position. A row Salesforce
// refused (failedResults) is explained from its sf__Error exactly as a
// REST refusal is, and retried or failed alike. When every job completed
// and processed every row, the rows not refused succeeded, so an update
// or delete reads no successfulResults. Rows of a job that failed or was
// aborted, whose outcome is not known, stay due.
func (w *pusher) bulk(ctx context.Context) error {
	p := w.plan
	now := w.e.now()
	ops := w.bulkWrites()
	after := ""
	for {
		page, err := w.e.store.DueOutboxAfter(ctx, p.conn.ID, p.mapping.Object, now, after, w.e.cfg.PushBatch)
		if err != nil {
			return fmt.Errorf("reading the outbox: %w", err)
		}
		if len(page) == 0 {
			break
		}
		after = page[len(page)-1].Entry.AppID
		if err := w.bulkPage(ctx, page, ops); err != nil {
			return err
		}
	}
	var errs []error
	jobs := 0
	for _, b := range []*bulkWrite{ops.upserts, ops.updates, ops.deletes} {
		if b == nil || len(b.entries) == 0 {
			continue
		}
		jobs++
		err := w.ingest(ctx, b)
		b.entries, b.index = nil, nil // settled, or due again: not needed
		if err != nil {
			errs = append(errs, err)
			if connectionLevel(err) {
				break
			}
		}
	}
	if jobs == 0 {
		// Every entry was settled without Bulk API 2.0 (creates without
		// an external id, skips, nothing to write).
		w.run.API = store.RunAPIREST
	}
	return errors.Join(errs...)
}

// bulkOps are a bulk push's writes by operation; upserts is nil when
// creates go through REST.
type bulkOps struct {
	upserts, updates, deletes *bulkWrite
}

// bulkWrite is one operation's entries of a bulk push, written in one
// ingest.
type bulkWrite struct {
	// op is the Bulk API 2.0 operation: update, upsert or delete.
	op string
	// columns are the CSV columns, key first.
	columns []string
	// key is the column that matches a result row to its entry: Id, or
	// the external id field of an upsert.
	key     string
	entries []bulkEntry
	// index maps a key to its entry.
	index map[string]int
}

// bulkEntry is an entry on its way through Bulk API 2.0: what its row
// and its outcome need, and no more (not the app record, the link's
// bases or the entry's last error), its maps kept as pairs, so that a
// push of 100,000 entries holds a few hundred bytes for each.
type bulkEntry struct {
	// key is the row's key: the Salesforce id, or for an upsert the app
	// id.
	key      string
	appID    string
	seq      int64
	attempts int
	intent   *store.CreateIntent
	// sf and app are the payload: the values sent and the app values
	// they stand for. base and appBase are a create's merge base (an
	// update's is its payload).
	sf, app, base, appBase pairs
	waiting                []string
}

// pairs is a small map kept as a slice: a map's table costs hundreds of
// bytes even for one key.
type pairs []pair

type pair struct {
	k string
	v any
}

func pairsOf(m map[string]any) pairs {
	if m == nil {
		return nil
	}
	out := make(pairs, 0, len(m))
	for k, v := range m {
		out = append(out, pair{k, v})
	}
	return out
}

// m is the map again; nil stays nil.
func (p pairs) m() map[string]any {
	if p == nil {
		return nil
	}
	out := make(map[string]any, len(p))
	for _, x := range p {
		out[x.k] = x.v
	}
	return out
}

// queue keeps wk for the ingest; false when its key is queued already
// (two app records linked to one Salesforce record), which the REST path
// takes instead.
func (b *bulkWrite) queue(wk work, key string, base, appBase map[string]any) bool {
	k := b.norm(key)
	if _, dup := b.index[k]; dup {
		return false
	}
	b.index[k] = len(b.entries)
	b.entries = append(b.entries, bulkEntry{key: key, appID: wk.item.Entry.AppID, seq: wk.item.Entry.Seq, attempts: wk.item.Entry.Attempts,
		intent: wk.item.Intent, sf: pairsOf(wk.pl.sf), app: pairsOf(wk.pl.app), base: pairsOf(base), appBase: pairsOf(appBase), waiting: wk.pl.waiting})
	return true
}

// norm is the form a key is matched in: a record id in its 18-character
// form, an external id as it is.
func (b *bulkWrite) norm(key string) string {
	if b.key != "Id" {
		return key
	}
	if id, err := salesforce.ID18(key); err == nil {
		return id
	}
	return key
}

// work rebuilds entry i as the REST path has it, for its outcome.
func (w *pusher) work(b *bulkWrite, i int) work {
	e := &b.entries[i]
	it := &store.OutboxItem{Entry: store.OutboxEntry{ConnectionID: w.plan.conn.ID, Object: w.plan.mapping.Object,
		AppID: e.appID, Seq: e.seq, Attempts: e.attempts}, Intent: e.intent}
	if b.op != "upsert" {
		it.Link = &store.RecordLink{ConnectionID: w.plan.conn.ID, Object: w.plan.mapping.Object, AppID: e.appID, SalesforceID: e.key}
	}
	return work{item: it, pl: payload{sf: e.sf.m(), app: e.app.m(), waiting: e.waiting}}
}

// bulkWrites prepares the writes of a bulk push with their columns.
func (w *pusher) bulkWrites() bulkOps {
	p := w.plan
	fields := func(keep func(*salesforce.Field) bool, first ...string) []string {
		cols := slices.Clone(first)
		for _, f := range p.fields {
			if keep(f.sf) && !slices.Contains(cols, f.sf.Name) {
				cols = append(cols, f.sf.Name)
			}
		}
		return cols
	}
	ops := bulkOps{
		updates: &bulkWrite{op: "update", key: "Id", index: map[string]int{},
			columns: fields(func(f *salesforce.Field) bool { return f.Updateable }, "Id")},
		deletes: &bulkWrite{op: "delete", key: "Id", index: map[string]int{}, columns: []string{"Id"}},
	}
	if ext := p.mapping.ExternalIDField; ext != "" && p.conn.OwnerPolicy != store.OwnerAssignmentRules {
		cols := fields(func(f *salesforce.Field) bool { return f.Createable }, ext)
		if p.conn.OwnerPolicy == store.OwnerFixed && p.describe.Field("OwnerId") != nil && !slices.Contains(cols, "OwnerId") {
			cols = append(cols, "OwnerId")
		}
		ops.upserts = &bulkWrite{op: "upsert", key: ext, index: map[string]int{}, columns: cols}
	}
	return ops
}

// bulkPage sorts one page of due entries: what Bulk API 2.0 writes is
// queued (updates with their values in flight recorded first, as a REST
// update does), the rest is written through REST and settled at once.
func (w *pusher) bulkPage(ctx context.Context, page []store.OutboxItem, ops bulkOps) error {
	p := w.plan
	refs, err := w.references(ctx, page)
	if err != nil {
		return err
	}
	s := w.sort(page, refs)
	rest := sorted{results: s.results, lookups: s.lookups}
	var inFlight []store.CreateIntent
	for _, wk := range s.updates {
		if !ops.updates.queue(wk, wk.item.Link.SalesforceID, nil, nil) {
			rest.updates = append(rest.updates, wk)
			continue
		}
		inFlight = append(inFlight, store.CreateIntent{ConnectionID: p.conn.ID, Object: p.mapping.Object, AppID: wk.item.Entry.AppID, Sent: wk.pl.sf, StartedAt: w.e.now()})
	}
	for _, it := range s.deletes {
		if !ops.deletes.queue(work{item: it}, it.Link.SalesforceID, nil, nil) {
			rest.deletes = append(rest.deletes, it)
		}
	}
	for _, wk := range s.creates {
		if ops.upserts == nil {
			rest.creates = append(rest.creates, wk)
			continue
		}
		base, appBase := w.createBase(wk)
		if !ops.upserts.queue(wk, wk.item.Entry.AppID, base, appBase) {
			rest.creates = append(rest.creates, wk)
		}
	}
	// The values in flight are remembered first: if the job's outcome is
	// lost, or the service dies before storing it, inbound recognises
	// them as sfbridge's own when it reads them back.
	if len(inFlight) > 0 {
		if err := w.e.store.PutCreateIntents(ctx, inFlight); err != nil {
			return fmt.Errorf("recording the values in flight: %w", err)
		}
	}
	if err := w.lookupCreates(ctx, &rest); err != nil {
		return err
	}
	results, callErr := w.send(ctx, rest)
	return w.complete(ctx, results, callErr)
}

// row is the CSV row of entry i: its key and the values it writes.
func (w *pusher) row(b *bulkWrite, i int) map[string]any {
	e := &b.entries[i]
	if b.op == "delete" {
		return map[string]any{"Id": e.key}
	}
	vals := e.sf.m()
	if b.op == "upsert" {
		vals = w.createValues(vals)
	}
	rec := make(map[string]any, len(vals)+1)
	for k, v := range vals {
		if s, ok := v.(string); ok && s == "" {
			// An empty cell would leave the field alone: a value the app
			// cleared is written as null, as REST writes "".
			v = nil
		}
		rec[k] = v
	}
	rec[b.key] = e.key
	return rec
}

// ingest writes one operation's entries and stores their outcomes.
func (w *pusher) ingest(ctx context.Context, b *bulkWrite) error {
	p := w.plan
	spec := salesforce.BulkIngestSpec{Object: p.mapping.Object, Operation: b.op, Columns: b.columns}
	if b.op == "upsert" {
		spec.ExternalIDField = b.key
	}
	rows := func(yield func(map[string]any) bool) {
		for i := range b.entries {
			if !yield(w.row(b, i)) {
				return
			}
		}
	}
	res, ingestErr := w.client.BulkIngest(ctx, spec, rows, salesforce.BulkIngestOptions{})
	if ingestErr != nil {
		ingestErr = fmt.Errorf("bulk %s of %d %s records: %w", b.op, len(b.entries), p.mapping.Object, ingestErr)
		if connectionLevel(ingestErr) || res == nil {
			return ingestErr
		}
	}
	// Every row was processed: those not refused were written.
	allDone := ingestErr == nil && res.Processed == len(b.entries)
	settled := make([]bool, len(b.entries))
	var (
		results           []store.OutboundResult
		readErr, storeErr error
	)
	// Outcomes are stored a batch at a time as they are known.
	settle := func(i int, r store.OutboundResult) {
		settled[i] = true
		results = append(results, r)
		if len(results) >= w.e.cfg.PushBatch && storeErr == nil {
			storeErr = w.complete(ctx, results, nil)
			results = results[:0]
		}
	}
	read := func(rows iter.Seq2[salesforce.BulkRow, error], outcome func(i int, row salesforce.BulkRow) store.OutboundResult) {
		for row, err := range rows {
			if err != nil {
				readErr = errors.Join(readErr, err)
				return
			}
			i, ok := b.match(row)
			if !ok || settled[i] || (b.op == "upsert" && row["sf__Id"] == "" && row["sf__Error"] == "") {
				continue // not ours, or an upsert's success without its id: still due
			}
			settle(i, outcome(i, row))
		}
	}
	for _, job := range res.Jobs {
		if job.State != salesforce.BulkJobComplete && job.State != salesforce.BulkJobFailed {
			continue // never processed: created, or aborted, before its upload was closed
		}
		if !allDone || job.NumberRecordsFailed > 0 {
			read(w.client.BulkFailedResults(ctx, job.ID), func(i int, row salesforce.BulkRow) store.OutboundResult {
				return w.bulkRefused(b, i, salesforce.ParseBulkError(row["sf__Error"]))
			})
		}
		if !allDone || b.op == "upsert" {
			read(w.client.BulkSuccessfulResults(ctx, job.ID), func(i int, row salesforce.BulkRow) store.OutboundResult {
				return w.bulkSaved(b, i, row)
			})
		}
	}
	// An upsert's outcome needs the id of its row: none is inferred.
	if allDone && readErr == nil && b.op != "upsert" {
		for i := range b.entries {
			if !settled[i] {
				settle(i, w.bulkSaved(b, i, nil))
			}
		}
	}
	// Entries left unsettled (a job that did not finish, results that
	// could not be read) stay due for the next push.
	if len(results) > 0 && storeErr == nil {
		storeErr = w.complete(ctx, results, nil)
	}
	if readErr != nil {
		readErr = fmt.Errorf("reading the results of the bulk %s: %w", b.op, readErr)
	}
	return errors.Join(ingestErr, readErr, storeErr)
}

// match finds the entry of a result row by its key column, or by sf__Id
// when the key is the record id.
func (b *bulkWrite) match(row salesforce.BulkRow) (int, bool) {
	if i, ok := b.index[b.norm(row[b.key])]; ok {
		return i, true
	}
	if b.key == "Id" {
		i, ok := b.index[b.norm(row["sf__Id"])]
		return i, ok
	}
	return 0, false
}

// bulkSaved is the outcome of a row Salesforce wrote; row is nil when
// its success is known from the job's counts.
func (w *pusher) bulkSaved(b *bulkWrite, i int, row salesforce.BulkRow) store.OutboundResult {
	wk := w.work(b, i)
	r := w.result(wk.item)
	r.Outcome = store.OutboundPushed
	switch b.op {
	case "delete":
		r.Deleted, r.AppDeleted = true, true
		return r
	case "upsert":
		e := &b.entries[i]
		r.SalesforceID = row["sf__Id"]
		if id, err := salesforce.ID18(r.SalesforceID); err == nil {
			r.SalesforceID = id
		}
		r.Synced, r.AppSynced = e.base.m(), e.appBase.m()
		w.created[r.AppID] = true
		return w.waitFor(wk.item, wk.pl, r, true)
	}
	r.Synced, r.AppSynced = wk.pl.sf, wk.pl.app
	return w.waitFor(wk.item, wk.pl, r, false)
}

// bulkRefused is the outcome of a row Salesforce refused, decided as for
// the same refusal of a REST write.
func (w *pusher) bulkRefused(b *bulkWrite, i int, err *salesforce.APIError) store.OutboundResult {
	wk := w.work(b, i)
	switch b.op {
	case "update":
		if errors.Is(err, salesforce.ErrEntityDeleted) {
			// Deleted in Salesforce meanwhile: inbound brings the delete.
			r := w.result(wk.item)
			r.Outcome = store.OutboundSkipped
			return r
		}
	case "delete":
		if errors.Is(err, salesforce.ErrEntityDeleted) || errors.Is(err, salesforce.ErrNotFound) || err.ErrorCode == "INVALID_CROSS_REFERENCE_KEY" {
			// Gone already: as good as deleted.
			return w.bulkSaved(b, i, nil)
		}
	}
	return w.refused(wk, b.op, err)
}
