package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockExclusionConn(ctx, tx, connectionID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM lead_statuses WHERE connection_id = $1`, connectionID); err != nil {
			return err
		}
		for _, st := range statuses {
			if _, err := tx.Exec(ctx, `INSERT INTO lead_statuses
				(connection_id, value, label, sort_order, converted, is_default, salesforce_id, pulled_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				connectionID, st.Value, st.Label, st.SortOrder, st.Converted, st.Default, st.SalesforceID,
				prep.TimeOr(st.PulledAt, now)); err != nil {
				return fmt.Errorf("lead status %q: %w", st.Value, classify(err))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storing lead statuses: %w", err)
	}
	return nil
}

// ListLeadStatuses returns the connection's lead statuses by SortOrder,
// then Value.
func (s *Store) ListLeadStatuses(ctx context.Context, connectionID string) ([]store.LeadStatus, error) {
	rows, err := s.pool.Query(ctx, `SELECT connection_id, value, label, sort_order, converted, is_default,
			salesforce_id, pulled_at
		FROM lead_statuses WHERE connection_id = $1 ORDER BY sort_order, value COLLATE "C"`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing lead statuses: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.LeadStatus, error) {
		var st store.LeadStatus
		err := r.Scan(&st.ConnectionID, &st.Value, &st.Label, &st.SortOrder, &st.Converted, &st.Default,
			&st.SalesforceID, &st.PulledAt)
		st.PulledAt = st.PulledAt.UTC()
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
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockExclusionConn(ctx, tx, connectionID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM lead_dispositions WHERE connection_id = $1`, connectionID); err != nil {
			return err
		}
		for _, d := range out {
			if _, err := tx.Exec(ctx, `INSERT INTO lead_dispositions (connection_id, name, status, position, updated_at)
				VALUES ($1, $2, $3, $4, $5)`, connectionID, d.Name, d.Status, d.Position, d.UpdatedAt); err != nil {
				return fmt.Errorf("disposition %q: %w", d.Name, classify(err))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storing dispositions: %w", err)
	}
	return out, nil
}

// ListDispositions returns the connection's dispositions in the order
// they were put.
func (s *Store) ListDispositions(ctx context.Context, connectionID string) ([]store.Disposition, error) {
	rows, err := s.pool.Query(ctx, `SELECT connection_id, name, status, position, updated_at
		FROM lead_dispositions WHERE connection_id = $1 ORDER BY position`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing dispositions: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.Disposition, error) {
		var d store.Disposition
		err := r.Scan(&d.ConnectionID, &d.Name, &d.Status, &d.Position, &d.UpdatedAt)
		d.UpdatedAt = d.UpdatedAt.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing dispositions: %w", err)
	}
	return out, nil
}

// lockExclusionConn locks the connection's row for the transaction, so
// two replacements of its lists run one after the other, and answers
// ErrNotFound for an unknown connection. FOR NO KEY UPDATE leaves
// foreign key checks of other tables' inserts unblocked.
func lockExclusionConn(ctx context.Context, tx pgx.Tx, connectionID string) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM connections WHERE id = $1 FOR NO KEY UPDATE`, connectionID).Scan(&one)
	if err != nil {
		return fmt.Errorf("connection %s: %w", connectionID, classify(err))
	}
	return nil
}
