package postgres

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sfbridge/sfbridge/internal/store"
)

// SQLSTATE codes of the constraint violations classify knows.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// classify adds the store sentinel an error stands for: no rows is
// ErrNotFound, a unique violation ErrDuplicate, a foreign key violation
// (the workspace or connection referred to does not exist, or belongs to
// another workspace) ErrNotFound. Other errors pass as they are.
func classify(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case uniqueViolation:
		return fmt.Errorf("%w: %w", store.ErrDuplicate, err)
	case foreignKeyViolation:
		return fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	return err
}

// nullString stores an empty string as NULL, for optional references.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// utcPtr returns *t in UTC, or nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// zeroNull stores a zero time as NULL.
func zeroNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
