package sqlite

import (
	"context"
	"embed"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store/internal/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrate applies the embedded migrations the database has not seen, in
// version order, each in its own transaction with its schema_migrations
// row. It is idempotent: a second call changes nothing. Open calls it.
func (s *Store) Migrate(ctx context.Context) error {
	all, err := migration.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range all {
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs m unless its version is recorded. The write transaction
// begins IMMEDIATE, so another process migrating the same file waits and
// then sees the version recorded.
func (s *Store) apply(ctx context.Context, m migration.Migration) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("applying migration %d: %w", m.Version, err)
	}
	defer func() { _ = tx.Rollback() }()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
		return fmt.Errorf("applying migration %d: %w", m.Version, err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("applying migration %d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, s.now().UnixMicro()); err != nil {
		return fmt.Errorf("recording migration %d: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("applying migration %d: %w", m.Version, err)
	}
	return nil
}
