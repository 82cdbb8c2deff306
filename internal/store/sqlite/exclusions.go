package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// exclusionRulePrefix starts the ids of exclusion rules.
const exclusionRulePrefix = "exr"

const exclusionRuleColumns = `id, connection_id, kind, name, vals, created_at`

// CreateExclusionRule stores r, generating its id and creation time
// when empty. An unknown connection is ErrNotFound; a rule Check refuses
// ErrInvalid.
func (s *Store) CreateExclusionRule(ctx context.Context, r store.ExclusionRule) (store.ExclusionRule, error) {
	if err := r.Check(); err != nil {
		return store.ExclusionRule{}, fmt.Errorf("creating exclusion rule: %w", err)
	}
	if r.ID == "" {
		r.ID = newid.New(exclusionRulePrefix)
	}
	r.CreatedAt = prep.TimeOr(r.CreatedAt, s.now())
	if len(r.Values) == 0 {
		r.Values = nil
	}
	vals, err := json.Marshal(r.Values)
	if err != nil {
		return store.ExclusionRule{}, fmt.Errorf("creating exclusion rule: %w", err)
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO exclusion_rules (`+exclusionRuleColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ID, r.ConnectionID, string(r.Kind), r.Name, string(vals), micros(r.CreatedAt))
	if err != nil {
		return store.ExclusionRule{}, fmt.Errorf("creating exclusion rule: %w", classify(err))
	}
	return r, nil
}

// ListExclusionRules returns the connection's rules in creation order,
// then id.
func (s *Store) ListExclusionRules(ctx context.Context, connectionID string) ([]store.ExclusionRule, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+exclusionRuleColumns+` FROM exclusion_rules
		WHERE connection_id = ? ORDER BY created_at, id`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing exclusion rules: %w", err)
	}
	out, err := collect(rows, scanExclusionRule)
	if err != nil {
		return nil, fmt.Errorf("listing exclusion rules: %w", err)
	}
	return out, nil
}

// GetExclusionRule returns one rule of the connection, or ErrNotFound.
func (s *Store) GetExclusionRule(ctx context.Context, connectionID, id string) (store.ExclusionRule, error) {
	r, err := scanExclusionRule(s.read.QueryRowContext(ctx, `SELECT `+exclusionRuleColumns+` FROM exclusion_rules
		WHERE connection_id = ? AND id = ?`, connectionID, id))
	if err != nil {
		return store.ExclusionRule{}, fmt.Errorf("getting exclusion rule %s: %w", id, notFound(err))
	}
	return r, nil
}

// DeleteExclusionRule removes one rule of the connection, or answers
// ErrNotFound.
func (s *Store) DeleteExclusionRule(ctx context.Context, connectionID, id string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM exclusion_rules WHERE connection_id = ? AND id = ?`, connectionID, id)
	if err != nil {
		return fmt.Errorf("deleting exclusion rule %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("deleting exclusion rule %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func scanExclusionRule(r scanner) (store.ExclusionRule, error) {
	var (
		x       store.ExclusionRule
		kind    string
		vals    string
		created int64
	)
	if err := r.Scan(&x.ID, &x.ConnectionID, &kind, &x.Name, &vals, &created); err != nil {
		return x, err
	}
	x.Kind, x.CreatedAt = store.ExclusionKind(kind), fromMicros(created)
	if err := json.Unmarshal([]byte(vals), &x.Values); err != nil {
		return x, fmt.Errorf("reading the values of exclusion rule %s: %w", x.ID, err)
	}
	return x, nil
}
