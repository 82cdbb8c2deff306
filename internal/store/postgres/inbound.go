package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/inbound"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// ApplyInbound applies b in one transaction: it reads the links of the
// batch's Salesforce ids (and their records and pending references) in
// two queries, plans the changes (package inbound) and sends the writes
// as pipelined batches. It holds the workspace's event lock throughout,
// so event ids become visible in order and two batches of a workspace
// never race to link the same record. A connection not in b's
// workspace, or an unknown run, is ErrNotFound and nothing is written.
func (s *Store) ApplyInbound(ctx context.Context, b store.InboundBatch) (store.ApplyResult, error) {
	var res store.ApplyResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		a := &applier{tx: tx, b: b, now: prep.Time(s.now())}
		var err error
		res, err = a.apply(ctx)
		return err
	})
	if err != nil {
		return store.ApplyResult{}, fmt.Errorf("applying %s batch: %w", b.Object, err)
	}
	return res, nil
}

// applier runs one batch inside tx.
type applier struct {
	tx  pgx.Tx
	b   store.InboundBatch
	now time.Time
}

func (a *applier) apply(ctx context.Context) (store.ApplyResult, error) {
	return inbound.Apply(ctx, a.b, a)
}

// CheckConnection takes the workspace's events lock (so event ids commit
// in order) and makes sure the batch's connection is in its workspace.
func (a *applier) CheckConnection(ctx context.Context) error {
	if _, err := a.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockEvents, a.b.WorkspaceID); err != nil {
		return fmt.Errorf("locking: %w", err)
	}
	var one int
	err := a.tx.QueryRow(ctx, `SELECT 1 FROM connections WHERE id = $1 AND workspace_id = $2`,
		a.b.ConnectionID, a.b.WorkspaceID).Scan(&one)
	if err != nil {
		return fmt.Errorf("connection %s: %w", a.b.ConnectionID, classify(err))
	}
	return nil
}

// Links reads the existing links of the batch's Salesforce ids, with
// their records, those records' pending references and outbox entries.
func (a *applier) Links(ctx context.Context) (map[string]*inbound.Link, error) {
	ids := make([]string, 0, len(a.b.Changes))
	for _, c := range a.b.Changes {
		ids = append(ids, c.SalesforceID)
	}
	links := make(map[string]*inbound.Link, len(ids))
	// An unnamed statement, planned for these arguments and the tables as
	// they are now: a cached one let the server settle on a generic plan
	// made while a first load's tables were nearly empty, which scanned
	// every record for each batch (100,000 records loaded at ~1,200 a
	// second). The reads below that join the growing tables do the same.
	rows, err := a.tx.Query(ctx, `SELECT l.salesforce_id, l.app_id, l.system_modstamp, l.deleted,
			r.id IS NOT NULL, coalesce(r.deleted, false), r.fields,
			l.synced, l.app_synced, l.app_deleted OR coalesce(o.op = 'delete', false), o.changed, ci.sent
		FROM record_links l LEFT JOIN app_records r ON r.id = l.app_id AND r.workspace_id = $1
		LEFT JOIN outbox o ON o.connection_id = l.connection_id AND o.object = l.object AND o.app_id = l.app_id
		LEFT JOIN create_intents ci ON ci.connection_id = l.connection_id AND ci.object = l.object AND ci.app_id = l.app_id
		WHERE l.connection_id = $2 AND l.object = $3 AND l.salesforce_id = ANY($4)`,
		pgx.QueryExecModeExec, a.b.WorkspaceID, a.b.ConnectionID, a.b.Object, ids)
	if err != nil {
		return nil, fmt.Errorf("reading links: %w", err)
	}
	var apps []string
	byApp := map[string]*inbound.Link{}
	_, err = collect(rows, func(r scanner) (struct{}, error) {
		var (
			sfID     string
			l        inbound.Link
			modstamp *time.Time
		)
		if err := r.Scan(&sfID, &l.AppID, &modstamp, &l.Deleted, &l.HasRecord, &l.RecordDeleted, &l.Fields,
			&l.Synced, &l.AppSynced, &l.AppDeleted, &l.AppChanged, &l.Sending); err != nil {
			return struct{}{}, err
		}
		if modstamp != nil {
			l.Modstamp = modstamp.UTC()
		}
		links[sfID] = &l
		if l.HasRecord {
			byApp[l.AppID] = &l
			apps = append(apps, l.AppID)
		}
		return struct{}{}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading links: %w", err)
	}
	if len(apps) == 0 {
		return links, nil
	}
	rows, err = a.tx.Query(ctx, `SELECT app_id, field, object, salesforce_id FROM pending_refs
		WHERE connection_id = $1 AND app_id = ANY($2)`, pgx.QueryExecModeExec, a.b.ConnectionID, apps)
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
	return links, nil
}

// Resolve fills the pending references waiting for targets that are
// linked now, one object at a time: each object's rows are planned and
// written before the next is read, so a record waiting on several
// parents sees its own update.
func (a *applier) Resolve(ctx context.Context, targets []inbound.Target) error {
	objects, byObject := inbound.GroupTargets(targets)
	for _, object := range objects {
		rows, err := a.tx.Query(ctx, `SELECT p.app_id, r.type, p.from_object, p.from_salesforce_id,
				r.deleted, r.fields, p.field, l.app_id, w.app_synced
			FROM pending_refs p
			JOIN record_links l ON l.connection_id = p.connection_id AND l.object = p.object
				AND l.salesforce_id = p.salesforce_id AND NOT l.deleted
			JOIN app_records r ON r.id = p.app_id
			LEFT JOIN record_links w ON w.connection_id = p.connection_id AND w.object = p.from_object
				AND w.app_id = p.app_id
			WHERE p.connection_id = $1 AND p.object = $2 AND p.salesforce_id = ANY($3)
			ORDER BY p.app_id, p.field`, pgx.QueryExecModeExec, a.b.ConnectionID, object, byObject[object])
		if err != nil {
			return fmt.Errorf("reading pending references: %w", err)
		}
		waiting, err := collect(rows, func(r scanner) (inbound.Waiting, error) {
			var w inbound.Waiting
			err := r.Scan(&w.AppID, &w.Type, &w.Object, &w.SalesforceID, &w.RecordDeleted, &w.Fields, &w.Field, &w.ParentID, &w.AppSynced)
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
	return nil
}

// sqls are the statements of the op kinds. Parameters: see run.
var sqls = [...]string{
	inbound.InsertRecord: `INSERT INTO app_records (id, workspace_id, type, fields, deleted, created_at, updated_at)
		VALUES ($1, $2, $3, $4, false, $5, $5)`,
	inbound.UpdateRecord: `UPDATE app_records SET fields = $1, deleted = $2, updated_at = $3 WHERE id = $4`,
	inbound.DeleteRecord: `DELETE FROM app_records WHERE id = $1`,
	inbound.InsertLink: `INSERT INTO record_links
		(connection_id, object, app_id, salesforce_id, updated_at, synced, app_synced, system_modstamp, deleted)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false)`,
	inbound.UpdateLink: `UPDATE record_links SET synced = $1, app_synced = $2, system_modstamp = $3, deleted = false,
		updated_at = $4 WHERE connection_id = $5 AND object = $6 AND salesforce_id = $7`,
	inbound.DeleteLink: `UPDATE record_links SET system_modstamp = $1, deleted = true, updated_at = $2
		WHERE connection_id = $3 AND object = $4 AND salesforce_id = $5`,
	inbound.PutPending: `INSERT INTO pending_refs
		(connection_id, app_id, field, from_object, from_salesforce_id, object, salesforce_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (connection_id, app_id, field) DO UPDATE SET
			from_object = excluded.from_object, from_salesforce_id = excluded.from_salesforce_id,
			object = excluded.object, salesforce_id = excluded.salesforce_id`,
	inbound.DropPending: `DELETE FROM pending_refs WHERE connection_id = $1 AND app_id = $2 AND field = $3`,
	inbound.AddEvent: `INSERT INTO events (workspace_id, connection_id, type, data, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
	inbound.SetAppSynced: `UPDATE record_links SET app_synced = $1, updated_at = $2
		WHERE connection_id = $3 AND object = $4 AND app_id = $5`,
	inbound.AddConflict: `INSERT INTO conflicts (id, workspace_id, connection_id, object, app_id, salesforce_id,
		field, app_field, app_value, salesforce_value, base_value, policy, winner, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
}

// Run sends ops in order, as one pipelined batch. Record, link and event
// inserts go as multi-row INSERTs of up to insertRows rows (one statement
// a row made a first load ~5x slower): they touch different tables, and
// every other op sends the buffered ones first, so no statement sees a
// table without an insert planned before it; events keep their order.
func (a *applier) Run(ctx context.Context, ops []inbound.Op) error {
	if len(ops) == 0 {
		return nil
	}
	b := &a.b
	batch := &pgx.Batch{}
	var sent []string // per queued statement, the Salesforce id its error names
	var bufs [inbound.AddEvent + 1]*multiRow
	queue := func(m *multiRow) {
		if m == nil || m.rows == 0 {
			return
		}
		batch.Queue(m.sql(), m.args...)
		sent = append(sent, m.first)
		// The batch keeps the queued arguments until it is sent.
		m.args, m.rows, m.first = make([]any, 0, len(m.args)), 0, ""
	}
	add := func(o *inbound.Op, args ...any) {
		m := bufs[o.Kind]
		if m == nil {
			m = &multiRow{head: multiInserts[o.Kind].head, row: multiInserts[o.Kind].row, width: len(args)}
			bufs[o.Kind] = m
		}
		if m.rows == 0 {
			m.first = o.SalesforceID
		}
		m.args = append(m.args, args...)
		m.rows++
		if m.rows == insertRows {
			queue(m)
		}
	}
	for i := range ops {
		o := &ops[i]
		switch o.Kind {
		case inbound.InsertRecord:
			add(o, o.AppID, b.WorkspaceID, b.AppType, o.Fields, a.now)
			continue
		case inbound.InsertLink:
			add(o, b.ConnectionID, b.Object, o.AppID, o.SalesforceID, a.now, textOrNull(o.Synced), textOrNull(o.AppSynced), o.Modstamp)
			continue
		case inbound.AddEvent:
			add(o, b.WorkspaceID, b.ConnectionID, o.EventType, o.Data, a.now)
			continue
		}
		for _, m := range bufs {
			queue(m)
		}
		var args []any
		switch o.Kind {
		case inbound.UpdateRecord:
			args = []any{o.Fields, o.Deleted, a.now, o.AppID}
		case inbound.DeleteRecord:
			args = []any{o.AppID}
		case inbound.UpdateLink:
			args = []any{textOrNull(o.Synced), textOrNull(o.AppSynced), o.Modstamp, a.now, b.ConnectionID, b.Object, o.SalesforceID}
		case inbound.DeleteLink:
			args = []any{o.Modstamp, a.now, b.ConnectionID, b.Object, o.SalesforceID}
		case inbound.PutPending:
			args = []any{b.ConnectionID, o.AppID, o.Field, b.Object, o.SalesforceID, o.Target.Object, o.Target.SalesforceID}
		case inbound.DropPending:
			args = []any{b.ConnectionID, o.AppID, o.Field}
		case inbound.SetAppSynced:
			args = []any{textOrNull(o.AppSynced), a.now, b.ConnectionID, o.Object, o.AppID}
		case inbound.AddConflict:
			if o.Conflict == nil {
				return fmt.Errorf("conflict op of %s without a conflict", o.AppID)
			}
			c, vals, err := outbox.ConflictRow(*o.Conflict, a.b, a.now)
			if err != nil {
				return err
			}
			args = []any{c.ID, c.WorkspaceID, c.ConnectionID, c.Object, c.AppID, c.SalesforceID, c.Field, c.AppField,
				vals[0], vals[1], vals[2], c.Policy, c.Winner, c.CreatedAt}
		default:
			return fmt.Errorf("unknown op %d", o.Kind)
		}
		batch.Queue(sqls[o.Kind], args...)
		sent = append(sent, o.SalesforceID)
	}
	for _, m := range bufs {
		queue(m)
	}
	br := a.tx.SendBatch(ctx, batch)
	for _, sfID := range sent {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return fmt.Errorf("writing %s: %w", sfID, classify(err))
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("writing: %w", classify(err))
	}
	return nil
}

// insertRows is how many rows one multi-row INSERT carries at most.
const insertRows = 64

// multiInserts are the op kinds written as multi-row INSERTs: the
// statement's head and one row's placeholders, numbered from 1.
var multiInserts = map[inbound.OpKind]struct{ head, row string }{
	inbound.InsertRecord: {`INSERT INTO app_records (id, workspace_id, type, fields, deleted, created_at, updated_at) VALUES `,
		`($1, $2, $3, $4, false, $5, $5)`},
	inbound.InsertLink: {`INSERT INTO record_links
		(connection_id, object, app_id, salesforce_id, updated_at, synced, app_synced, system_modstamp, deleted) VALUES `,
		`($1, $2, $3, $4, $5, $6, $7, $8, false)`},
	inbound.AddEvent: {`INSERT INTO events (workspace_id, connection_id, type, data, created_at) VALUES `,
		`($1, $2, $3, $4, $5)`},
}

// multiRow is the rows buffered for one multi-row INSERT.
type multiRow struct {
	head, row string // from multiInserts
	width     int    // parameters a row
	args      []any
	rows      int
	first     string // the first row's Salesforce id, for errors
}

// multiSQL caches the statements sql builds, by op kind and row count:
// a load sends the same few thousands of times.
var multiSQL sync.Map // multiKey -> string

type multiKey struct {
	head string
	rows int
}

// sql is the INSERT of the buffered rows: the row's placeholders
// renumbered for each row.
func (m *multiRow) sql() string {
	key := multiKey{m.head, m.rows}
	if q, ok := multiSQL.Load(key); ok {
		return q.(string)
	}
	var sb strings.Builder
	sb.WriteString(m.head)
	for r := 0; r < m.rows; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		row := m.row
		// Highest first, so $1 is not rewritten inside $10.
		for p := m.width; p >= 1; p-- {
			row = strings.ReplaceAll(row, "$"+strconv.Itoa(p), "$\x00"+strconv.Itoa(r*m.width+p))
		}
		sb.WriteString(strings.ReplaceAll(row, "$\x00", "$"))
	}
	q := sb.String()
	multiSQL.Store(key, q)
	return q
}

// PutCursor stores the batch's cursor in the transaction.
func (a *applier) PutCursor(ctx context.Context, c store.Cursor) error {
	if c.ConnectionID == "" {
		c.ConnectionID = a.b.ConnectionID
	}
	if c.Object == "" {
		c.Object = a.b.Object
	}
	c = prep.Cursor(c, a.now)
	_, err := a.tx.Exec(ctx, `INSERT INTO cursors (connection_id, object, watermark, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			watermark = excluded.watermark, updated_at = excluded.updated_at`,
		c.ConnectionID, c.Object, c.Watermark, c.UpdatedAt)
	if err != nil {
		return fmt.Errorf("putting cursor: %w", classify(err))
	}
	return nil
}

// Count adds the batch's counts to its run.
func (a *applier) Count(ctx context.Context, r store.ApplyResult) error {
	tag, err := a.tx.Exec(ctx, `UPDATE runs SET n_read = n_read + $1, n_created = n_created + $2,
		n_updated = n_updated + $3, n_deleted = n_deleted + $4, n_unchanged = n_unchanged + $5
		WHERE id = $6 AND connection_id = $7`,
		len(a.b.Changes), r.Created, r.Updated, r.Deleted, r.Unchanged, a.b.RunID, a.b.ConnectionID)
	if err != nil {
		return fmt.Errorf("counting run %s: %w", a.b.RunID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("counting run %s: %w", a.b.RunID, store.ErrNotFound)
	}
	return nil
}

// textOrNull passes JSON text as it is, NULL for "".
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
