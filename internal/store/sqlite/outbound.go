package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// CompleteOutbound stores a push's results in one write transaction
// (package outbox plans them): it checks the connections are the
// workspace's, reads the links in chunked queries, then writes through
// statements prepared once.
func (s *Store) CompleteOutbound(ctx context.Context, workspaceID, runID string, results []store.OutboundResult, now time.Time) error {
	now = prep.TimeOr(now, s.now())
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("completing outbound: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	c := &completer{txStmts: txStmts{tx: tx}, workspaceID: workspaceID, now: micros(now)}
	defer c.close()
	if err := outbox.Complete(ctx, runID, results, now, c); err != nil {
		return fmt.Errorf("completing outbound: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("completing outbound: %w", err)
	}
	return nil
}

// completer stores one call's results inside its transaction.
type completer struct {
	txStmts
	workspaceID string
	now         int64
}

// CheckConnections makes sure every connection is the workspace's.
func (c *completer) CheckConnections(ctx context.Context, ids []string) error {
	args := make([]any, 0, len(ids)+1)
	args = append(args, c.workspaceID)
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	err := c.tx.QueryRowContext(ctx, `SELECT count(*) FROM connections
		WHERE workspace_id = ? AND id IN (`+marks(len(ids))+`)`, args...).Scan(&n)
	if err != nil {
		return fmt.Errorf("checking connections: %w", err)
	}
	if n != len(ids) {
		return fmt.Errorf("connections %v: %w", ids, store.ErrNotFound)
	}
	return nil
}

// Links reads the links of the groups' app records.
func (c *completer) Links(ctx context.Context, groups []outbox.Group) (map[outbox.Key]*outbox.Link, error) {
	out := map[outbox.Key]*outbox.Link{}
	for _, g := range groups {
		for part := range slices.Chunk(g.AppIDs, chunk) {
			args := make([]any, 0, len(part)+2)
			args = append(args, g.ConnectionID, g.Object)
			for _, id := range part {
				args = append(args, id)
			}
			rows, err := c.tx.QueryContext(ctx, `SELECT app_id, salesforce_id, synced, app_synced, system_modstamp,
					deleted, app_deleted
				FROM record_links WHERE connection_id = ? AND object = ? AND app_id IN (`+marks(len(part))+`)`, args...)
			if err != nil {
				return nil, fmt.Errorf("reading links: %w", err)
			}
			_, err = collect(rows, func(r scanner) (struct{}, error) {
				var (
					appID             string
					l                 outbox.Link
					synced, appSynced sql.NullString
					modstamp          sql.NullInt64
				)
				if err := r.Scan(&appID, &l.SalesforceID, &synced, &appSynced, &modstamp, &l.Deleted, &l.AppDeleted); err != nil {
					return struct{}{}, err
				}
				l.Synced, l.AppSynced = nullJSON(synced), nullJSON(appSynced)
				if modstamp.Valid {
					l.Modstamp = fromMicros(modstamp.Int64)
				}
				out[outbox.Key{ConnectionID: g.ConnectionID, Object: g.Object, AppID: appID}] = &l
				return struct{}{}, nil
			})
			if err != nil {
				return nil, fmt.Errorf("reading links: %w", err)
			}
		}
	}
	return out, nil
}

// completeSQL are the statements of the completion ops; RemoveEntry
// runs two. Parameters: see Run.
var completeSQL = [...][]string{
	outbox.InsertLink: {`INSERT INTO record_links (` + recordLinkColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	outbox.UpdateLink: {`UPDATE record_links SET salesforce_id = ?, synced = ?, app_synced = ?, system_modstamp = ?,
		deleted = ?, app_deleted = ?, updated_at = ? WHERE connection_id = ? AND object = ? AND app_id = ?`},
	outbox.DropIntent: {`DELETE FROM create_intents WHERE connection_id = ? AND object = ? AND app_id = ?`},
	outbox.RemoveEntry: {
		`DELETE FROM outbox WHERE connection_id = ? AND object = ? AND app_id = ? AND seq = ?`,
		`UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, error_code = '', error_message = '',
			error_cause = '', error_fix = '', updated_at = ? WHERE connection_id = ? AND object = ? AND app_id = ? AND seq <> ?`,
	},
	outbox.RetryEntry: {`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,
		error_code = coalesce(?, error_code), error_message = coalesce(?, error_message),
		error_cause = coalesce(?, error_cause), error_fix = coalesce(?, error_fix), updated_at = ?
		WHERE connection_id = ? AND object = ? AND app_id = ?`},
	outbox.FailEntry: {`UPDATE outbox SET status = 'failed', attempts = attempts + 1,
		error_code = coalesce(?, error_code), error_message = coalesce(?, error_message),
		error_cause = coalesce(?, error_cause), error_fix = coalesce(?, error_fix), updated_at = ?
		WHERE connection_id = ? AND object = ? AND app_id = ?`},
	outbox.AddError: {recordErrorInsert},
}

// Run executes ops in order.
func (c *completer) Run(ctx context.Context, ops []outbox.CompleteOp) error {
	for _, o := range ops {
		k := o.Key
		var args [][]any
		switch o.Kind {
		case outbox.InsertLink:
			l := o.Link
			args = [][]any{{k.ConnectionID, k.Object, k.AppID, l.SalesforceID, jsonText(l.Synced), jsonText(l.AppSynced),
				zeroNullMicros(l.Modstamp), l.Deleted, l.AppDeleted, c.now}}
		case outbox.UpdateLink:
			l := o.Link
			args = [][]any{{l.SalesforceID, jsonText(l.Synced), jsonText(l.AppSynced), zeroNullMicros(l.Modstamp),
				l.Deleted, l.AppDeleted, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.DropIntent:
			args = [][]any{{k.ConnectionID, k.Object, k.AppID}}
		case outbox.RemoveEntry:
			args = [][]any{
				{k.ConnectionID, k.Object, k.AppID, o.Seq},
				{c.now, c.now, k.ConnectionID, k.Object, k.AppID, o.Seq},
			}
		case outbox.RetryEntry:
			args = [][]any{{micros(o.NextAttemptAt), o.ErrorCode, o.ErrorMessage, o.ErrorCause, o.ErrorFix, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.FailEntry:
			args = [][]any{{o.ErrorCode, o.ErrorMessage, o.ErrorCause, o.ErrorFix, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.AddError:
			args = [][]any{recordErrorArgs(o.Error)}
		default:
			return fmt.Errorf("unknown completion op %d", o.Kind)
		}
		for i, q := range completeSQL[o.Kind] {
			if _, err := c.exec(ctx, q, args[i]...); err != nil {
				return fmt.Errorf("writing %s %s: %w", k.Object, k.AppID, classify(err))
			}
		}
	}
	return nil
}
