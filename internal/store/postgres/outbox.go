package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// DueOutbox returns the due pending entries of (connection, object) with
// their records, links and create intents, in one query. App ids order
// bytewise, as in SQLite.
func (s *Store) DueOutbox(ctx context.Context, connectionID, object string, now time.Time, limit int) ([]store.OutboxItem, error) {
	if limit <= 0 {
		return []store.OutboxItem{}, nil
	}
	return s.dueItems(ctx, object, `WHERE o.connection_id = $1 AND o.object = $2 AND o.status = 'pending' AND o.next_attempt_at <= $3
		ORDER BY o.next_attempt_at, o.app_id COLLATE "C" LIMIT $4`, connectionID, object, now, limit)
}

// dueItems reads the outbox items of object that the WHERE, ORDER BY and
// LIMIT in where pick.
func (s *Store) dueItems(ctx context.Context, object, where string, args ...any) ([]store.OutboxItem, error) {
	rows, err := s.pool.Query(ctx, outbox.ItemSelect+where, args...)
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
		e                           outboxRow
		recID, recType              *string
		recFields                   []byte
		recDeleted                  *bool
		recCreated, recUpdated      *time.Time
		sfID                        *string
		synced, appSynced           []byte
		modstamp, linkUpdated       *time.Time
		linkDeleted, linkAppDeleted *bool
		sent                        []byte
		intentStarted               *time.Time
		intentAttempts              *int
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
	if recID != nil {
		rec := store.AppRecord{WorkspaceID: it.Entry.WorkspaceID, Type: *recType, ID: *recID,
			Deleted: *recDeleted, CreatedAt: recCreated.UTC(), UpdatedAt: recUpdated.UTC()}
		if err := json.Unmarshal(recFields, &rec.Fields); err != nil {
			return store.OutboxItem{}, fmt.Errorf("decoding fields of %s: %w", rec.ID, err)
		}
		it.Record = &rec
	}
	if sfID != nil {
		l := store.RecordLink{ConnectionID: it.Entry.ConnectionID, Object: it.Entry.Object, AppID: it.Entry.AppID,
			SalesforceID: *sfID, Deleted: *linkDeleted, AppDeleted: *linkAppDeleted, UpdatedAt: linkUpdated.UTC()}
		if modstamp != nil {
			l.SystemModstamp = modstamp.UTC()
		}
		if l.Synced, err = outbox.DecodeValues(synced); err != nil {
			return store.OutboxItem{}, fmt.Errorf("synced values of %s: %w", l.AppID, err)
		}
		if l.AppSynced, err = outbox.DecodeValues(appSynced); err != nil {
			return store.OutboxItem{}, fmt.Errorf("app synced values of %s: %w", l.AppID, err)
		}
		it.Link = &l
	}
	if sent != nil {
		in := store.CreateIntent{ConnectionID: it.Entry.ConnectionID, Object: it.Entry.Object, AppID: it.Entry.AppID,
			StartedAt: intentStarted.UTC(), Attempts: *intentAttempts}
		if in.Sent, err = outbox.DecodeValues(sent); err != nil {
			return store.OutboxItem{}, fmt.Errorf("intent of %s: %w", in.AppID, err)
		}
		it.Intent = &in
	}
	return it, nil
}

// outboxRow is an outbox row as scanned.
type outboxRow struct {
	e       store.OutboxEntry
	changed []byte
}

func (o *outboxRow) dest() []any {
	e := &o.e
	return []any{&e.WorkspaceID, &e.ConnectionID, &e.Object, &e.AppID, &e.Op, &o.changed, &e.Seq, &e.Status,
		&e.Attempts, &e.NextAttemptAt, &e.ErrorCode, &e.ErrorMessage, &e.ErrorCause, &e.ErrorFix, &e.CreatedAt, &e.UpdatedAt}
}

func (o *outboxRow) entry() (store.OutboxEntry, error) {
	e := o.e
	var err error
	if e.Changed, err = outbox.DecodeChanged(o.changed); err != nil {
		return store.OutboxEntry{}, fmt.Errorf("entry of %s: %w", e.AppID, err)
	}
	e.NextAttemptAt, e.CreatedAt, e.UpdatedAt = e.NextAttemptAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func scanOutboxEntry(r scanner) (store.OutboxEntry, error) {
	var o outboxRow
	if err := r.Scan(o.dest()...); err != nil {
		return store.OutboxEntry{}, err
	}
	return o.entry()
}

// ListOutbox pages the connection's entries by object, then app id,
// both bytewise as in SQLite.
func (s *Store) ListOutbox(ctx context.Context, connectionID string, f store.OutboxFilter, p store.ListParams) (store.Page[store.OutboxEntry], error) {
	limit := pagecursor.Limit(p.Limit)
	var after pagecursor.Pair
	if p.After != "" {
		var err error
		if after, err = pagecursor.DecodePair(p.After); err != nil {
			return store.Page[store.OutboxEntry]{}, fmt.Errorf("listing outbox: %w: %w", store.ErrInvalidCursor, err)
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT `+outbox.EntryColumns+` FROM outbox o
		WHERE o.connection_id = $1 AND ($2 = '' OR o.status = $2) AND ($3 = '' OR o.object = $3)
			AND (NOT $4 OR (o.object COLLATE "C", o.app_id COLLATE "C") > ($5, $6))
		ORDER BY o.object COLLATE "C", o.app_id COLLATE "C" LIMIT $7`,
		connectionID, f.Status, f.Object, p.After != "", after.First, after.Second, limit+1)
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
	rows, err := s.pool.Query(ctx, `SELECT status, count(*) FROM outbox WHERE connection_id = $1 GROUP BY status`, connectionID)
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
	tag, err := s.pool.Exec(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = $1, attempts = 0, updated_at = $1
		WHERE connection_id = $2 AND status = 'failed' AND ($3 = '' OR object = $3) AND ($4 = '' OR app_id = $4)`,
		now, connectionID, object, appID)
	if err != nil {
		return 0, fmt.Errorf("retrying outbox: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
