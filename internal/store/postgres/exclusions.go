package postgres

import (
	"context"
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
	vals := r.Values
	if len(vals) == 0 {
		r.Values, vals = nil, []string{}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO exclusion_rules (`+exclusionRuleColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		r.ID, r.ConnectionID, string(r.Kind), r.Name, vals, r.CreatedAt)
	if err != nil {
		return store.ExclusionRule{}, fmt.Errorf("creating exclusion rule: %w", classify(err))
	}
	return r, nil
}

// ListExclusionRules returns the connection's rules in creation order,
// then id.
func (s *Store) ListExclusionRules(ctx context.Context, connectionID string) ([]store.ExclusionRule, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+exclusionRuleColumns+` FROM exclusion_rules
		WHERE connection_id = $1 ORDER BY created_at, id COLLATE "C"`, connectionID)
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
	r, err := scanExclusionRule(s.pool.QueryRow(ctx, `SELECT `+exclusionRuleColumns+` FROM exclusion_rules
		WHERE connection_id = $1 AND id = $2`, connectionID, id))
	if err != nil {
		return store.ExclusionRule{}, fmt.Errorf("getting exclusion rule %s: %w", id, classify(err))
	}
	return r, nil
}

// DeleteExclusionRule removes one rule of the connection, or answers
// ErrNotFound.
func (s *Store) DeleteExclusionRule(ctx context.Context, connectionID, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM exclusion_rules WHERE connection_id = $1 AND id = $2`, connectionID, id)
	if err != nil {
		return fmt.Errorf("deleting exclusion rule %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("deleting exclusion rule %s: %w", id, store.ErrNotFound)
	}
	return nil
}

func scanExclusionRule(r scanner) (store.ExclusionRule, error) {
	var (
		x    store.ExclusionRule
		kind string
	)
	if err := r.Scan(&x.ID, &x.ConnectionID, &kind, &x.Name, &x.Values, &x.CreatedAt); err != nil {
		return x, err
	}
	x.Kind, x.CreatedAt = store.ExclusionKind(kind), x.CreatedAt.UTC()
	if len(x.Values) == 0 {
		x.Values = nil
	}
	return x, nil
}
