package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store/internal/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Advisory lock classes (the first key of the two-key advisory locks), so
// the store's locks never collide with each other or with River's.
const (
	lockMigrate = 0x5fb0001
	lockEvents  = 0x5fb0002
)

// Migrate applies the embedded migrations the database has not seen, in
// version order, in one transaction that holds an advisory lock on the
// target schema: processes starting together wait for each other, and a
// second call changes nothing. Open calls it.
func (s *Store) Migrate(ctx context.Context) error {
	all, err := migration.Load(migrationFS, "migrations")
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, lockMigrate); err != nil {
			return fmt.Errorf("locking: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL
		)`); err != nil {
			return fmt.Errorf("creating schema_migrations: %w", err)
		}
		applied := map[int]bool{}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("reading schema_migrations: %w", err)
		}
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			return fmt.Errorf("reading schema_migrations: %w", err)
		}
		for _, v := range versions {
			applied[int(v)] = true
		}
		for _, m := range all {
			if applied[m.Version] {
				continue
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("applying migration %d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, s.now()); err != nil {
				return fmt.Errorf("recording migration %d: %w", m.Version, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrating postgres: %w", err)
	}
	return nil
}
