package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// CompleteOutbound stores a push's results in one transaction (package
// outbox plans them): it checks the connections are the workspace's,
// reads the links (one query per connection and object), then sends the
// writes as one pipelined batch, holding the workspace's lock as inbound
// batches do.
func (s *Store) CompleteOutbound(ctx context.Context, workspaceID, runID string, results []store.OutboundResult, now time.Time) error {
	now = prep.TimeOr(now, s.now())
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, workspaceID); err != nil {
			return err
		}
		return outbox.Complete(ctx, runID, results, now, &completer{tx: tx, workspaceID: workspaceID, now: now})
	})
	if err != nil {
		return fmt.Errorf("completing outbound: %w", err)
	}
	return nil
}

// completer stores one call's results inside tx.
type completer struct {
	tx          pgx.Tx
	workspaceID string
	now         time.Time
}

// CheckConnections makes sure every connection is the workspace's.
func (c *completer) CheckConnections(ctx context.Context, ids []string) error {
	var n int
	err := c.tx.QueryRow(ctx, `SELECT count(*) FROM connections WHERE workspace_id = $1 AND id = ANY($2)`,
		c.workspaceID, ids).Scan(&n)
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
		rows, err := c.tx.Query(ctx, `SELECT app_id, salesforce_id, synced, app_synced, system_modstamp, deleted, app_deleted
			FROM record_links WHERE connection_id = $1 AND object = $2 AND app_id = ANY($3)`, g.ConnectionID, g.Object, g.AppIDs)
		if err != nil {
			return nil, fmt.Errorf("reading links: %w", err)
		}
		_, err = collect(rows, func(r scanner) (struct{}, error) {
			var (
				appID    string
				l        outbox.Link
				modstamp *time.Time
			)
			if err := r.Scan(&appID, &l.SalesforceID, &l.Synced, &l.AppSynced, &modstamp, &l.Deleted, &l.AppDeleted); err != nil {
				return struct{}{}, err
			}
			if modstamp != nil {
				l.Modstamp = modstamp.UTC()
			}
			out[outbox.Key{ConnectionID: g.ConnectionID, Object: g.Object, AppID: appID}] = &l
			return struct{}{}, nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading links: %w", err)
		}
	}
	return out, nil
}

// completeSQL are the statements of the completion ops; RemoveEntry
// runs two. Parameters: see Run.
var completeSQL = [...][]string{
	outbox.InsertLink: {`INSERT INTO record_links (` + recordLinkColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`},
	outbox.UpdateLink: {`UPDATE record_links SET salesforce_id = $1, synced = $2, app_synced = $3, system_modstamp = $4,
		deleted = $5, app_deleted = $6, updated_at = $7 WHERE connection_id = $8 AND object = $9 AND app_id = $10`},
	outbox.DropIntent: {`DELETE FROM create_intents WHERE connection_id = $1 AND object = $2 AND app_id = $3`},
	outbox.RemoveEntry: {
		`DELETE FROM outbox WHERE connection_id = $1 AND object = $2 AND app_id = $3 AND seq = $4`,
		`UPDATE outbox SET status = 'pending', next_attempt_at = $1, attempts = 0, error_code = '', error_message = '',
			error_cause = '', error_fix = '', updated_at = $1 WHERE connection_id = $2 AND object = $3 AND app_id = $4 AND seq <> $5`,
	},
	outbox.RetryEntry: {`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1,
		error_code = coalesce($2, error_code), error_message = coalesce($3, error_message),
		error_cause = coalesce($4, error_cause), error_fix = coalesce($5, error_fix), updated_at = $6
		WHERE connection_id = $7 AND object = $8 AND app_id = $9`},
	outbox.FailEntry: {`UPDATE outbox SET status = 'failed', attempts = attempts + 1,
		error_code = coalesce($1, error_code), error_message = coalesce($2, error_message),
		error_cause = coalesce($3, error_cause), error_fix = coalesce($4, error_fix), updated_at = $5
		WHERE connection_id = $6 AND object = $7 AND app_id = $8`},
	outbox.AddError: {recordErrorInsert},
}

// Run sends ops in order, as one pipelined batch.
func (c *completer) Run(ctx context.Context, ops []outbox.CompleteOp) error {
	if len(ops) == 0 {
		return nil
	}
	batch := &pgx.Batch{}
	var keys []outbox.Key // of each queued statement
	for _, o := range ops {
		k := o.Key
		var args [][]any
		switch o.Kind {
		case outbox.InsertLink:
			l := o.Link
			args = [][]any{{k.ConnectionID, k.Object, k.AppID, l.SalesforceID, l.Synced, l.AppSynced,
				zeroNull(l.Modstamp), l.Deleted, l.AppDeleted, c.now}}
		case outbox.UpdateLink:
			l := o.Link
			args = [][]any{{l.SalesforceID, l.Synced, l.AppSynced, zeroNull(l.Modstamp),
				l.Deleted, l.AppDeleted, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.DropIntent:
			args = [][]any{{k.ConnectionID, k.Object, k.AppID}}
		case outbox.RemoveEntry:
			args = [][]any{
				{k.ConnectionID, k.Object, k.AppID, o.Seq},
				{c.now, k.ConnectionID, k.Object, k.AppID, o.Seq},
			}
		case outbox.RetryEntry:
			args = [][]any{{o.NextAttemptAt, o.ErrorCode, o.ErrorMessage, o.ErrorCause, o.ErrorFix, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.FailEntry:
			args = [][]any{{o.ErrorCode, o.ErrorMessage, o.ErrorCause, o.ErrorFix, c.now, k.ConnectionID, k.Object, k.AppID}}
		case outbox.AddError:
			args = [][]any{recordErrorArgs(o.Error)}
		default:
			return fmt.Errorf("unknown completion op %d", o.Kind)
		}
		for i, q := range completeSQL[o.Kind] {
			batch.Queue(q, args[i]...)
			keys = append(keys, k)
		}
	}
	br := c.tx.SendBatch(ctx, batch)
	for _, k := range keys {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return fmt.Errorf("writing %s %s: %w", k.Object, k.AppID, classify(err))
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("writing: %w", classify(err))
	}
	return nil
}
