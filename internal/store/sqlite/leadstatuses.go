package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// ReplaceLeadStatuses makes statuses the connection's lead statuses in
// one transaction; PulledAt is now when zero.
func (s *Store) ReplaceLeadStatuses(ctx context.Context, connectionID string, statuses []store.LeadStatus) error {
	now := s.now()
	for _, st := range statuses {
		if st.Value == "" {
			return fmt.Errorf("storing lead statuses: %w: a lead status without a value", store.ErrInvalid)
		}
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storing lead statuses: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := exclusionConnExists(ctx, tx, connectionID); err != nil {
		return fmt.Errorf("storing lead statuses: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM lead_statuses WHERE connection_id = ?`, connectionID); err != nil {
		return fmt.Errorf("storing lead statuses: %w", err)
	}
	ts := &txStmts{tx: tx}
	defer ts.close()
	for _, st := range statuses {
		if _, err := ts.exec(ctx, `INSERT INTO lead_statuses
			(connection_id, value, label, sort_order, converted, is_default, salesforce_id, pulled_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			connectionID, st.Value, st.Label, st.SortOrder, st.Converted, st.Default, st.SalesforceID,
			micros(prep.TimeOr(st.PulledAt, now))); err != nil {
			return fmt.Errorf("storing lead status %q: %w", st.Value, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storing lead statuses: %w", err)
	}
	return nil
}

// ListLeadStatuses returns the connection's lead statuses by SortOrder,
// then Value.
func (s *Store) ListLeadStatuses(ctx context.Context, connectionID string) ([]store.LeadStatus, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT connection_id, value, label, sort_order, converted, is_default,
			salesforce_id, pulled_at
		FROM lead_statuses WHERE connection_id = ? ORDER BY sort_order, value`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing lead statuses: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.LeadStatus, error) {
		var (
			st     store.LeadStatus
			pulled int64
		)
		err := r.Scan(&st.ConnectionID, &st.Value, &st.Label, &st.SortOrder, &st.Converted, &st.Default,
			&st.SalesforceID, &pulled)
		st.PulledAt = fromMicros(pulled)
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing lead statuses: %w", err)
	}
	return out, nil
}

// PutDispositions replaces the connection's dispositions in one
// transaction; Position follows their order and UpdatedAt is now when
// zero.
func (s *Store) PutDispositions(ctx context.Context, connectionID string, ds []store.Disposition) ([]store.Disposition, error) {
	now := s.now()
	out := make([]store.Disposition, len(ds))
	for i, d := range ds {
		if d.Name == "" {
			return nil, fmt.Errorf("storing dispositions: %w: a disposition without a name", store.ErrInvalid)
		}
		d.ConnectionID, d.Position, d.UpdatedAt = connectionID, i, prep.TimeOr(d.UpdatedAt, now)
		out[i] = d
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storing dispositions: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := exclusionConnExists(ctx, tx, connectionID); err != nil {
		return nil, fmt.Errorf("storing dispositions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM lead_dispositions WHERE connection_id = ?`, connectionID); err != nil {
		return nil, fmt.Errorf("storing dispositions: %w", err)
	}
	ts := &txStmts{tx: tx}
	defer ts.close()
	for _, d := range out {
		if _, err := ts.exec(ctx, `INSERT INTO lead_dispositions (connection_id, name, status, position, updated_at)
			VALUES (?, ?, ?, ?, ?)`, connectionID, d.Name, d.Status, d.Position, micros(d.UpdatedAt)); err != nil {
			return nil, fmt.Errorf("storing disposition %q: %w", d.Name, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storing dispositions: %w", err)
	}
	return out, nil
}

// ListDispositions returns the connection's dispositions in the order
// they were put.
func (s *Store) ListDispositions(ctx context.Context, connectionID string) ([]store.Disposition, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT connection_id, name, status, position, updated_at
		FROM lead_dispositions WHERE connection_id = ? ORDER BY position`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing dispositions: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.Disposition, error) {
		var (
			d       store.Disposition
			updated int64
		)
		err := r.Scan(&d.ConnectionID, &d.Name, &d.Status, &d.Position, &updated)
		d.UpdatedAt = fromMicros(updated)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing dispositions: %w", err)
	}
	return out, nil
}

// exclusionConnExists answers ErrNotFound unless the connection exists.
func exclusionConnExists(ctx context.Context, tx *sql.Tx, connectionID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM connections WHERE id = ?`, connectionID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("connection %s: %w", connectionID, store.ErrNotFound)
	}
	return nil
}
