package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const oauthStateColumns = `state, workspace_id, connection_id, verifier_sealed, return_url,
	created_at, expires_at, consumed_at`

// CreateOAuthState stores a pending authorization. A taken state is
// ErrDuplicate; a connection not in the workspace ErrNotFound.
func (s *Store) CreateOAuthState(ctx context.Context, st store.OAuthState) error {
	st = prep.OAuthState(st, s.now())
	_, err := s.pool.Exec(ctx, `INSERT INTO oauth_states (`+oauthStateColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		st.State, st.WorkspaceID, st.ConnectionID, st.VerifierSealed, st.ReturnURL,
		st.CreatedAt, st.ExpiresAt, st.ConsumedAt)
	if err != nil {
		return fmt.Errorf("creating oauth state: %w", classify(err))
	}
	return nil
}

// ConsumeOAuthState marks the state consumed at now (the store's clock
// when zero) and returns it, in one UPDATE whose condition PostgreSQL
// re-checks after a concurrent consumer commits, so exactly one of them
// succeeds. A state is expired from its ExpiresAt on. An unknown state is
// ErrNotFound, a consumed one ErrStateUsed (even if also expired), an
// expired one ErrStateExpired.
func (s *Store) ConsumeOAuthState(ctx context.Context, state string, now time.Time) (store.OAuthState, error) {
	now = prep.TimeOr(now, s.now())
	row := s.pool.QueryRow(ctx, `UPDATE oauth_states SET consumed_at = $1
		WHERE state = $2 AND consumed_at IS NULL AND expires_at > $1
		RETURNING `+oauthStateColumns, now, state)
	st, err := scanOAuthState(row)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.whyNotConsumed(ctx, state)
	}
	if err != nil {
		return store.OAuthState{}, fmt.Errorf("consuming oauth state: %w", classify(err))
	}
	return st, nil
}

// whyNotConsumed tells an unknown state from a used or expired one. The
// answer is final: a used state stays used, an expired one expired.
func (s *Store) whyNotConsumed(ctx context.Context, state string) error {
	var consumed *time.Time
	err := s.pool.QueryRow(ctx, `SELECT consumed_at FROM oauth_states WHERE state = $1`, state).Scan(&consumed)
	switch {
	case err != nil:
		return err
	case consumed != nil:
		return store.ErrStateUsed
	}
	return store.ErrStateExpired
}

func scanOAuthState(r scanner) (store.OAuthState, error) {
	var st store.OAuthState
	err := r.Scan(&st.State, &st.WorkspaceID, &st.ConnectionID, &st.VerifierSealed, &st.ReturnURL,
		&st.CreatedAt, &st.ExpiresAt, &st.ConsumedAt)
	if err != nil {
		return store.OAuthState{}, err
	}
	st.CreatedAt, st.ExpiresAt, st.ConsumedAt = st.CreatedAt.UTC(), st.ExpiresAt.UTC(), utcPtr(st.ConsumedAt)
	return st, nil
}
