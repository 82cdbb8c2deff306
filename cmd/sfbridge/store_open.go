package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sfbridge/sfbridge/internal/config"
	"github.com/sfbridge/sfbridge/internal/store/postgres"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
)

// openStore opens the configured database and applies its migrations.
func openStore(ctx context.Context, cfg config.Config) (migrator, error) {
	dialect, dsn, err := cfg.Database()
	if err != nil {
		return nil, err
	}
	switch dialect {
	case config.DialectSQLite:
		if dir := filepath.Dir(dsn); dir != "." && dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("creating the database folder %s: %w", dir, err)
			}
		}
		st, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("opening SQLite database %s: %w", dsn, err)
		}
		return st, nil
	case config.DialectPostgres:
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("opening the PostgreSQL database: %w", err)
		}
		return st, nil
	}
	return nil, fmt.Errorf("unsupported database %q", dialect)
}
