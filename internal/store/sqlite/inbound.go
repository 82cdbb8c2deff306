package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/inbound"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// ApplyInbound applies b in one write transaction: it reads the links of
// the batch's Salesforce ids (and their records and pending references)
// in a few chunked queries, plans the changes (package inbound) and runs
// the writes through statements prepared once per batch. A connection
// not in b's workspace, or an unknown run, is ErrNotFound and nothing is
// written.
func (s *Store) ApplyInbound(ctx context.Context, b store.InboundBatch) (store.ApplyResult, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return store.ApplyResult{}, fmt.Errorf("applying %s batch: %w", b.Object, err)
	}
	defer func() { _ = tx.Rollback() }()
	now := micros(s.now())
	a := &applier{tx: tx, b: b, now: now,
		// Boxed once: each boxing of a string or an int64 allocates.
		consts: batchArgs{workspace: b.WorkspaceID, conn: b.ConnectionID, object: b.Object, typ: b.AppType, now: now}}
	defer a.close()
	res, err := a.apply(ctx)
	if err != nil {
		return store.ApplyResult{}, fmt.Errorf("applying %s batch: %w", b.Object, err)
	}
	if err := tx.Commit(); err != nil {
		return store.ApplyResult{}, fmt.Errorf("applying %s batch: %w", b.Object, err)
	}
	if len(b.Changes) >= checkpointBatch {
		s.ckpt.soon()
	}
	return res, nil
}

// checkpointBatch is how many changes make a batch large enough to have
// the checkpointer copy the WAL at once, beside the next batch.
const checkpointBatch = 500

// applier runs one batch inside tx.
type applier struct {
	tx     *sql.Tx
	b      store.InboundBatch
	now    int64
	stmts  map[string]*sql.Stmt
	rows   [inbound.AddEvent + 1]*rows
	consts batchArgs
}

func (a *applier) apply(ctx context.Context) (store.ApplyResult, error) {
	return inbound.Apply(ctx, a.b, a)
}

// CheckConnection makes sure the batch's connection is in its workspace.
func (a *applier) CheckConnection(ctx context.Context) error {
	var one int
	err := a.tx.QueryRowContext(ctx, `SELECT 1 FROM connections WHERE id = ? AND workspace_id = ?`,
		a.b.ConnectionID, a.b.WorkspaceID).Scan(&one)
	if err != nil {
		return fmt.Errorf("connection %s: %w", a.b.ConnectionID, notFound(err))
	}
	return nil
}

// Links reads the existing links of the batch's Salesforce ids, with
// their records, those records' pending references and outbox entries.
// When no link of the object falls in the range of the batch's ids (a
// first load's pages, read in id order), one probe of the index says
// so and nothing else is read; a load cut short and started again finds
// its links and reads them.
func (a *applier) Links(ctx context.Context) (map[string]*inbound.Link, error) {
	ids := make([]string, 0, len(a.b.Changes))
	seen := make(map[string]bool, len(a.b.Changes))
	for _, c := range a.b.Changes {
		if !seen[c.SalesforceID] {
			seen[c.SalesforceID] = true
			ids = append(ids, c.SalesforceID)
		}
	}
	if len(ids) == 0 {
		return map[string]*inbound.Link{}, nil
	}
	var linked int
	err := a.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM record_links
		WHERE connection_id = ? AND object = ? AND salesforce_id BETWEEN ? AND ?)`,
		a.b.ConnectionID, a.b.Object, slices.Min(ids), slices.Max(ids)).Scan(&linked)
	if err != nil {
		return nil, fmt.Errorf("reading links: %w", err)
	}
	if linked == 0 {
		return make(map[string]*inbound.Link, len(ids)), nil
	}
	links := make(map[string]*inbound.Link, len(ids))
	byApp := map[string]*inbound.Link{}
	for part := range slices.Chunk(ids, chunk) {
		args := make([]any, 0, len(part)+3)
		args = append(args, a.b.WorkspaceID, a.b.ConnectionID, a.b.Object)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := a.tx.QueryContext(ctx, `SELECT l.salesforce_id, l.app_id, l.system_modstamp, l.deleted,
				r.id IS NOT NULL, coalesce(r.deleted, 0), r.fields,
				l.synced, l.app_synced, l.app_deleted OR coalesce(o.op = 'delete', 0), o.changed, ci.sent
			FROM record_links l LEFT JOIN app_records r ON r.id = l.app_id AND r.workspace_id = ?
			LEFT JOIN outbox o ON o.connection_id = l.connection_id AND o.object = l.object AND o.app_id = l.app_id
			LEFT JOIN create_intents ci ON ci.connection_id = l.connection_id AND ci.object = l.object AND ci.app_id = l.app_id
			WHERE l.connection_id = ? AND l.object = ? AND l.salesforce_id IN (`+marks(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("reading links: %w", err)
		}
		_, err = collect(rows, func(r scanner) (struct{}, error) {
			var (
				sfID                               string
				l                                  inbound.Link
				modstamp                           sql.NullInt64
				fields, synced, appSynced, changed sql.NullString
				sending                            sql.NullString
			)
			if err := r.Scan(&sfID, &l.AppID, &modstamp, &l.Deleted, &l.HasRecord, &l.RecordDeleted, &fields,
				&synced, &appSynced, &l.AppDeleted, &changed, &sending); err != nil {
				return struct{}{}, err
			}
			if modstamp.Valid {
				l.Modstamp = fromMicros(modstamp.Int64)
			}
			l.Fields, l.Synced, l.AppSynced, l.AppChanged = nullJSON(fields), nullJSON(synced), nullJSON(appSynced), nullJSON(changed)
			l.Sending = nullJSON(sending)
			links[sfID] = &l
			if l.HasRecord {
				byApp[l.AppID] = &l
			}
			return struct{}{}, nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading links: %w", err)
		}
	}
	if len(byApp) == 0 {
		return links, nil
	}
	apps := make([]string, 0, len(byApp))
	for id := range byApp {
		apps = append(apps, id)
	}
	for part := range slices.Chunk(apps, chunk) {
		args := make([]any, 0, len(part)+1)
		args = append(args, a.b.ConnectionID)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := a.tx.QueryContext(ctx, `SELECT app_id, field, object, salesforce_id FROM pending_refs
			WHERE connection_id = ? AND app_id IN (`+marks(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("reading pending references: %w", err)
		}
		_, err = collect(rows, func(r scanner) (struct{}, error) {
			var (
				appID, field string
				t            inbound.Target
			)
			if err := r.Scan(&appID, &field, &t.Object, &t.SalesforceID); err != nil {
				return struct{}{}, err
			}
			inbound.AddPending(byApp, appID, field, t)
			return struct{}{}, nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading pending references: %w", err)
		}
	}
	return links, nil
}

// Resolve fills the pending references waiting for targets that are
// linked now.
func (a *applier) Resolve(ctx context.Context, targets []inbound.Target) error {
	if len(targets) == 0 {
		return nil
	}
	objects, byObject := inbound.GroupTargets(targets)
	for _, object := range objects {
		var waiting int
		err := a.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pending_refs WHERE connection_id = ? AND object = ?)`,
			a.b.ConnectionID, object).Scan(&waiting)
		if err != nil {
			return fmt.Errorf("reading pending references: %w", err)
		}
		if waiting == 0 {
			// Nothing waits for this object: a first load of one whose
			// records nothing references yet.
			continue
		}
		for part := range slices.Chunk(byObject[object], chunk) {
			args := make([]any, 0, len(part)+2)
			args = append(args, a.b.ConnectionID, object)
			for _, id := range part {
				args = append(args, id)
			}
			// Each chunk is planned and written before the next is read,
			// so a record waiting on several parents sees its own update.
			rows, err := a.tx.QueryContext(ctx, `SELECT p.app_id, r.type, p.from_object, p.from_salesforce_id,
					r.deleted, r.fields, p.field, l.app_id, w.app_synced
				FROM pending_refs p
				JOIN record_links l ON l.connection_id = p.connection_id AND l.object = p.object
					AND l.salesforce_id = p.salesforce_id AND l.deleted = 0
				JOIN app_records r ON r.id = p.app_id
				LEFT JOIN record_links w ON w.connection_id = p.connection_id AND w.object = p.from_object
					AND w.app_id = p.app_id
				WHERE p.connection_id = ? AND p.object = ? AND p.salesforce_id IN (`+marks(len(part))+`)
				ORDER BY p.app_id, p.field`, args...)
			if err != nil {
				return fmt.Errorf("reading pending references: %w", err)
			}
			waiting, err := collect(rows, func(r scanner) (inbound.Waiting, error) {
				var (
					w         inbound.Waiting
					fields    string
					appSynced sql.NullString
				)
				err := r.Scan(&w.AppID, &w.Type, &w.Object, &w.SalesforceID, &w.RecordDeleted, &fields, &w.Field, &w.ParentID, &appSynced)
				w.Fields, w.AppSynced = []byte(fields), nullJSON(appSynced)
				return w, err
			})
			if err != nil {
				return fmt.Errorf("reading pending references: %w", err)
			}
			ops, err := inbound.Resolve(waiting)
			if err != nil {
				return err
			}
			if err := a.Run(ctx, ops); err != nil {
				return err
			}
		}
	}
	return nil
}

// sqls are the statements of the op kinds that run one at a time.
// Parameters: see run.
var sqls = [...]string{
	inbound.UpdateRecord: `UPDATE app_records SET fields = ?, deleted = ?, updated_at = ? WHERE id = ?`,
	inbound.DeleteRecord: `DELETE FROM app_records WHERE id = ?`,
	inbound.UpdateLink: `UPDATE record_links SET synced = ?, app_synced = ?, system_modstamp = ?, deleted = 0, updated_at = ?
		WHERE connection_id = ? AND object = ? AND salesforce_id = ?`,
	inbound.DeleteLink: `UPDATE record_links SET system_modstamp = ?, deleted = 1, updated_at = ?
		WHERE connection_id = ? AND object = ? AND salesforce_id = ?`,
	inbound.PutPending: `INSERT INTO pending_refs
		(connection_id, app_id, field, from_object, from_salesforce_id, object, salesforce_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (connection_id, app_id, field) DO UPDATE SET
			from_object = excluded.from_object, from_salesforce_id = excluded.from_salesforce_id,
			object = excluded.object, salesforce_id = excluded.salesforce_id`,
	inbound.DropPending: `DELETE FROM pending_refs WHERE connection_id = ? AND app_id = ? AND field = ?`,
	inbound.AddEvent:    "",
	inbound.SetAppSynced: `UPDATE record_links SET app_synced = ?, updated_at = ?
		WHERE connection_id = ? AND object = ? AND app_id = ?`,
	inbound.AddConflict: `INSERT INTO conflicts (id, workspace_id, connection_id, object, app_id, salesforce_id,
		field, app_field, app_value, salesforce_value, base_value, policy, winner, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
}

// inserts are the op kinds written as multi-row INSERTs, which saves a
// statement step per row. Buffering them is safe because they touch
// different tables and every other op flushes them first, so no write
// sees a table without an insert planned before it; events keep their
// order within their own buffer.
var inserts = map[inbound.OpKind]struct {
	head, row string
}{
	inbound.InsertRecord: {`INSERT INTO app_records (id, workspace_id, type, fields, deleted, created_at, updated_at) VALUES `,
		`(?, ?, ?, ?, 0, ?, ?)`},
	inbound.InsertLink: {`INSERT INTO record_links
		(connection_id, object, app_id, salesforce_id, updated_at, synced, app_synced, system_modstamp, deleted) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, 0)`},
	inbound.AddEvent: {`INSERT INTO events (workspace_id, connection_id, type, data, created_at) VALUES `,
		`(?, ?, ?, ?, ?)`},
}

// insertRows is how many rows one multi-row INSERT carries at most.
const insertRows = 64

// Run executes ops in order.
func (a *applier) Run(ctx context.Context, ops []inbound.Op) error {
	b := &a.b
	k := &a.consts
	for i := range ops {
		o := &ops[i]
		switch o.Kind {
		case inbound.InsertRecord:
			if err := a.buffer(ctx, o.Kind, o.AppID, k.workspace, k.typ, o.Fields, k.now, k.now); err != nil {
				return err
			}
			continue
		case inbound.InsertLink:
			if err := a.buffer(ctx, o.Kind, k.conn, k.object, o.AppID, o.SalesforceID, k.now,
				textOrNull(o.Synced), textOrNull(o.AppSynced), micros(o.Modstamp)); err != nil {
				return err
			}
			continue
		case inbound.AddEvent:
			if err := a.buffer(ctx, o.Kind, k.workspace, k.conn, o.EventType, o.Data, k.now); err != nil {
				return err
			}
			continue
		}
		var args []any
		switch o.Kind {
		case inbound.UpdateRecord:
			args = []any{o.Fields, o.Deleted, a.now, o.AppID}
		case inbound.DeleteRecord:
			args = []any{o.AppID}
		case inbound.UpdateLink:
			args = []any{textOrNull(o.Synced), textOrNull(o.AppSynced), micros(o.Modstamp), a.now, b.ConnectionID, b.Object, o.SalesforceID}
		case inbound.DeleteLink:
			args = []any{micros(o.Modstamp), a.now, b.ConnectionID, b.Object, o.SalesforceID}
		case inbound.PutPending:
			args = []any{b.ConnectionID, o.AppID, o.Field, b.Object, o.SalesforceID, o.Target.Object, o.Target.SalesforceID}
		case inbound.DropPending:
			args = []any{b.ConnectionID, o.AppID, o.Field}
		case inbound.SetAppSynced:
			args = []any{textOrNull(o.AppSynced), a.now, b.ConnectionID, o.Object, o.AppID}
		case inbound.AddConflict:
			var err error
			if args, err = a.conflictArgs(o); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown op %d", o.Kind)
		}
		if err := a.flush(ctx); err != nil {
			return err
		}
		st, err := a.stmt(ctx, sqls[o.Kind])
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("writing %s: %w", o.SalesforceID, classify(err))
		}
	}
	return a.flush(ctx)
}

// conflictArgs are the parameters of an AddConflict op.
func (a *applier) conflictArgs(o *inbound.Op) ([]any, error) {
	if o.Conflict == nil {
		return nil, fmt.Errorf("conflict op of %s without a conflict", o.AppID)
	}
	c, vals, err := outbox.ConflictRow(*o.Conflict, a.b, fromMicros(a.now))
	if err != nil {
		return nil, err
	}
	return []any{c.ID, c.WorkspaceID, c.ConnectionID, c.Object, c.AppID, c.SalesforceID, c.Field, c.AppField,
		string(vals[0]), string(vals[1]), string(vals[2]), c.Policy, c.Winner, micros(c.CreatedAt)}, nil
}

// buffer adds a row to the multi-row INSERT of kind, writing it when full.
func (a *applier) buffer(ctx context.Context, kind inbound.OpKind, args ...any) error {
	buf := a.rows[kind]
	if buf == nil {
		buf = &rows{width: len(args)}
		a.rows[kind] = buf
	}
	buf.args = append(buf.args, args...)
	if len(buf.args)/buf.width >= insertRows {
		return a.write(ctx, kind, buf)
	}
	return nil
}

// flush writes the buffered rows.
func (a *applier) flush(ctx context.Context) error {
	for _, kind := range []inbound.OpKind{inbound.InsertRecord, inbound.InsertLink, inbound.AddEvent} {
		if buf := a.rows[kind]; buf != nil && len(buf.args) > 0 {
			if err := a.write(ctx, kind, buf); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *applier) write(ctx context.Context, kind inbound.OpKind, buf *rows) error {
	n := len(buf.args) / buf.width
	ins := inserts[kind]
	q := ins.head + strings.TrimSuffix(strings.Repeat(ins.row+",", n), ",")
	st, err := a.stmt(ctx, q)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, buf.args...); err != nil {
		return fmt.Errorf("writing: %w", classify(err))
	}
	buf.args = buf.args[:0]
	return nil
}

// rows are the buffered arguments of a multi-row INSERT.
type rows struct {
	width int
	args  []any
}

// stmt prepares q on first use.
func (a *applier) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := a.stmts[q]; ok {
		return st, nil
	}
	st, err := a.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("preparing: %w", err)
	}
	if a.stmts == nil {
		a.stmts = map[string]*sql.Stmt{}
	}
	a.stmts[q] = st
	return st, nil
}

func (a *applier) close() {
	for _, st := range a.stmts {
		if st != nil {
			_ = st.Close()
		}
	}
}

// PutCursor stores the batch's cursor in the transaction.
func (a *applier) PutCursor(ctx context.Context, c store.Cursor) error {
	if c.ConnectionID == "" {
		c.ConnectionID = a.b.ConnectionID
	}
	if c.Object == "" {
		c.Object = a.b.Object
	}
	c = prep.Cursor(c, fromMicros(a.now))
	_, err := a.tx.ExecContext(ctx, `INSERT INTO cursors (connection_id, object, watermark, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			watermark = excluded.watermark, updated_at = excluded.updated_at`,
		c.ConnectionID, c.Object, micros(c.Watermark), micros(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("putting cursor: %w", classify(err))
	}
	return nil
}

// Count adds the batch's counts to its run.
func (a *applier) Count(ctx context.Context, r store.ApplyResult) error {
	res, err := a.tx.ExecContext(ctx, `UPDATE runs SET n_read = n_read + ?, n_created = n_created + ?,
		n_updated = n_updated + ?, n_deleted = n_deleted + ?, n_unchanged = n_unchanged + ?
		WHERE id = ? AND connection_id = ?`,
		len(a.b.Changes), r.Created, r.Updated, r.Deleted, r.Unchanged, a.b.RunID, a.b.ConnectionID)
	if err != nil {
		return fmt.Errorf("counting run %s: %w", a.b.RunID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("counting run %s: %w", a.b.RunID, store.ErrNotFound)
	}
	return nil
}

// jsonText stores JSON as TEXT, NULL for none.
func jsonText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// textOrNull stores s as TEXT, NULL for "".
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// batchArgs are the arguments every row of a batch repeats, boxed once.
type batchArgs struct {
	workspace, conn, object, typ, now any
}
