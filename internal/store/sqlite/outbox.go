package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// DueOutbox returns the due pending entries of (connection, object) with
// their records, links and create intents, in one query.
func (s *Store) DueOutbox(ctx context.Context, connectionID, object string, now time.Time, limit int) ([]store.OutboxItem, error) {
	if limit <= 0 {
		return []store.OutboxItem{}, nil
	}
	return s.dueItems(ctx, object, `WHERE o.connection_id = ? AND o.object = ? AND o.status = 'pending' AND o.next_attempt_at <= ?
		ORDER BY o.next_attempt_at, o.app_id LIMIT ?`, connectionID, object, micros(now), limit)
}

// dueItems reads the outbox items of object that the WHERE, ORDER BY and
// LIMIT in where pick.
func (s *Store) dueItems(ctx context.Context, object, where string, args ...any) ([]store.OutboxItem, error) {
	rows, err := s.read.QueryContext(ctx, outbox.ItemSelect+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reading due outbox of %s: %w", object, err)
	}
	items, err := collect(rows, scanOutboxItem)
	if err != nil {
		return nil, fmt.Errorf("reading due outbox of %s: %w", object, err)
	}
	return items, nil
}

func scanOutboxItem(r scanner) (store.OutboxItem, error) {
	var (
		e                             outboxRow
		recID, recType, recFields     sql.NullString
		recDeleted                    sql.NullBool
		recCreated, recUpdated        sql.NullInt64
		sfID, synced, appSynced       sql.NullString
		modstamp, linkUpdated         sql.NullInt64
		linkDeleted, linkAppDeleted   sql.NullBool
		sent                          sql.NullString
		intentStarted, intentAttempts sql.NullInt64
	)
	err := r.Scan(append(e.dest(),
		&recID, &recType, &recFields, &recDeleted, &recCreated, &recUpdated,
		&sfID, &synced, &appSynced, &modstamp, &linkDeleted, &linkAppDeleted, &linkUpdated,
		&sent, &intentStarted, &intentAttempts)...)
	if err != nil {
		return store.OutboxItem{}, err
	}
	var it store.OutboxItem
	if it.Entry, err = e.entry(); err != nil {
		return store.OutboxItem{}, err
	}
	if recID.Valid {
		rec := store.AppRecord{WorkspaceID: it.Entry.WorkspaceID, Type: recType.String, ID: recID.String,
			Deleted: recDeleted.Bool, CreatedAt: fromMicros(recCreated.Int64), UpdatedAt: fromMicros(recUpdated.Int64)}
		if err := json.Unmarshal([]byte(recFields.String), &rec.Fields); err != nil {
			return store.OutboxItem{}, fmt.Errorf("decoding fields of %s: %w", rec.ID, err)
		}
		it.Record = &rec
	}
	if sfID.Valid {
		l := store.RecordLink{ConnectionID: it.Entry.ConnectionID, Object: it.Entry.Object, AppID: it.Entry.AppID,
			SalesforceID: sfID.String, Deleted: linkDeleted.Bool, AppDeleted: linkAppDeleted.Bool,
			UpdatedAt: fromMicros(linkUpdated.Int64)}
		if modstamp.Valid {
			l.SystemModstamp = fromMicros(modstamp.Int64)
		}
		if l.Synced, err = outbox.DecodeValues(nullJSON(synced)); err != nil {
			return store.OutboxItem{}, fmt.Errorf("synced values of %s: %w", l.AppID, err)
		}
		if l.AppSynced, err = outbox.DecodeValues(nullJSON(appSynced)); err != nil {
			return store.OutboxItem{}, fmt.Errorf("app synced values of %s: %w", l.AppID, err)
		}
		it.Link = &l
	}
	if sent.Valid {
		in := store.CreateIntent{ConnectionID: it.Entry.ConnectionID, Object: it.Entry.Object, AppID: it.Entry.AppID,
			StartedAt: fromMicros(intentStarted.Int64), Attempts: int(intentAttempts.Int64)}
		if in.Sent, err = outbox.DecodeValues([]byte(sent.String)); err != nil {
			return store.OutboxItem{}, fmt.Errorf("intent of %s: %w", in.AppID, err)
		}
		it.Intent = &in
	}
	return it, nil
}

// outboxRow is an outbox row as scanned.
type outboxRow struct {
	e                      store.OutboxEntry
	changed                string
	next, created, updated int64
}

func (o *outboxRow) dest() []any {
	e := &o.e
	return []any{&e.WorkspaceID, &e.ConnectionID, &e.Object, &e.AppID, &e.Op, &o.changed, &e.Seq, &e.Status,
		&e.Attempts, &o.next, &e.ErrorCode, &e.ErrorMessage, &e.ErrorCause, &e.ErrorFix, &o.created, &o.updated}
}

func (o *outboxRow) entry() (store.OutboxEntry, error) {
	e := o.e
	var err error
	if e.Changed, err = outbox.DecodeChanged([]byte(o.changed)); err != nil {
		return store.OutboxEntry{}, fmt.Errorf("entry of %s: %w", e.AppID, err)
	}
	e.NextAttemptAt, e.CreatedAt, e.UpdatedAt = fromMicros(o.next), fromMicros(o.created), fromMicros(o.updated)
	return e, nil
}

func scanOutboxEntry(r scanner) (store.OutboxEntry, error) {
	var o outboxRow
	if err := r.Scan(o.dest()...); err != nil {
		return store.OutboxEntry{}, err
	}
	return o.entry()
}

// ListOutbox pages the connection's entries by object, then app id.
func (s *Store) ListOutbox(ctx context.Context, connectionID string, f store.OutboxFilter, p store.ListParams) (store.Page[store.OutboxEntry], error) {
	limit := pagecursor.Limit(p.Limit)
	var after pagecursor.Pair
	if p.After != "" {
		var err error
		if after, err = pagecursor.DecodePair(p.After); err != nil {
			return store.Page[store.OutboxEntry]{}, fmt.Errorf("listing outbox: %w: %w", store.ErrInvalidCursor, err)
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+outbox.EntryColumns+` FROM outbox o
		WHERE o.connection_id = ? AND (? = '' OR o.status = ?) AND (? = '' OR o.object = ?)
			AND (? = 0 OR (o.object, o.app_id) > (?, ?))
		ORDER BY o.object, o.app_id LIMIT ?`,
		connectionID, f.Status, f.Status, f.Object, f.Object, p.After != "", after.First, after.Second, limit+1)
	if err != nil {
		return store.Page[store.OutboxEntry]{}, fmt.Errorf("listing outbox: %w", err)
	}
	items, err := collect(rows, scanOutboxEntry)
	if err != nil {
		return store.Page[store.OutboxEntry]{}, fmt.Errorf("listing outbox: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(e store.OutboxEntry) string {
		return pagecursor.EncodePair(pagecursor.Pair{First: e.Object, Second: e.AppID})
	})
	return store.Page[store.OutboxEntry]{Items: items, Next: next}, nil
}

// CountOutbox counts the connection's entries by status; pending and
// failed are always there, zero or not.
func (s *Store) CountOutbox(ctx context.Context, connectionID string) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, count(*) FROM outbox WHERE connection_id = ? GROUP BY status`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("counting outbox: %w", err)
	}
	out := map[string]int{store.OutboxPending: 0, store.OutboxFailed: 0}
	_, err = collect(rows, func(r scanner) (struct{}, error) {
		var (
			status string
			n      int
		)
		err := r.Scan(&status, &n)
		out[status] = n
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("counting outbox: %w", err)
	}
	return out, nil
}

// RetryOutbox makes the connection's failed entries (of object, of
// appID, when set) pending, due now, with no attempts counted; the last
// error stays until the next attempt.
func (s *Store) RetryOutbox(ctx context.Context, connectionID, object, appID string, now time.Time) (int, error) {
	now = prep.TimeOr(now, s.now())
	res, err := s.write.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, updated_at = ?
		WHERE connection_id = ? AND status = 'failed' AND (? = '' OR object = ?) AND (? = '' OR app_id = ?)`,
		micros(now), micros(now), connectionID, object, object, appID, appID)
	if err != nil {
		return 0, fmt.Errorf("retrying outbox: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("retrying outbox: %w", err)
	}
	return int(n), nil
}
