package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const oauthStateColumns = `state, workspace_id, connection_id, verifier_sealed, return_url,
	created_at, expires_at, consumed_at`

// CreateOAuthState stores a pending authorization. A taken state is
// ErrDuplicate; a connection not in the workspace ErrNotFound.
func (s *Store) CreateOAuthState(ctx context.Context, st store.OAuthState) error {
	st = prep.OAuthState(st, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO oauth_states (`+oauthStateColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		st.State, st.WorkspaceID, st.ConnectionID, nullBytes(st.VerifierSealed), st.ReturnURL,
		micros(st.CreatedAt), micros(st.ExpiresAt), nullMicros(st.ConsumedAt))
	if err != nil {
		return fmt.Errorf("creating oauth state: %w", classify(err))
	}
	return nil
}

// ConsumeOAuthState marks the state consumed at now (the store's clock
// when zero) and returns it, in one statement on the single writer, so of
// concurrent callers exactly one succeeds. A state is expired from its
// ExpiresAt on. An unknown state is ErrNotFound, a consumed one
// ErrStateUsed (even if also expired), an expired one ErrStateExpired.
func (s *Store) ConsumeOAuthState(ctx context.Context, state string, now time.Time) (store.OAuthState, error) {
	now = prep.TimeOr(now, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE oauth_states SET consumed_at = ?
		WHERE state = ? AND consumed_at IS NULL AND expires_at > ?
		RETURNING `+oauthStateColumns, micros(now), state, micros(now))
	st, err := scanOAuthState(row)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.whyNotConsumed(ctx, state)
	}
	if err != nil {
		return store.OAuthState{}, fmt.Errorf("consuming oauth state: %w", err)
	}
	return st, nil
}

// whyNotConsumed tells an unknown state from a used or expired one. The
// answer is final: a used state stays used, an expired one expired.
func (s *Store) whyNotConsumed(ctx context.Context, state string) error {
	var consumed sql.NullInt64
	err := s.write.QueryRowContext(ctx, `SELECT consumed_at FROM oauth_states WHERE state = ?`, state).Scan(&consumed)
	switch {
	case err != nil:
		return notFound(err)
	case consumed.Valid:
		return store.ErrStateUsed
	}
	return store.ErrStateExpired
}

func scanOAuthState(r scanner) (store.OAuthState, error) {
	var (
		st               store.OAuthState
		created, expires int64
		consumed         sql.NullInt64
	)
	err := r.Scan(&st.State, &st.WorkspaceID, &st.ConnectionID, &st.VerifierSealed, &st.ReturnURL,
		&created, &expires, &consumed)
	if err != nil {
		return store.OAuthState{}, err
	}
	st.CreatedAt, st.ExpiresAt, st.ConsumedAt = fromMicros(created), fromMicros(expires), timePtr(consumed)
	return st, nil
}
