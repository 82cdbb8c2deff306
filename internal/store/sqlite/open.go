package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/sfbridge/sfbridge/internal/store"
)

// busyTimeout is how long a connection waits for a lock held by another
// process (another sfbridge, a backup, the sqlite3 shell) before failing.
const busyTimeout = 10 * time.Second

// writerCacheKiB is the writer connection's page cache (SQLite's
// default is 2 MiB).
const writerCacheKiB = 64 << 10

// Store is a [store.Store] on one SQLite file. It is safe for concurrent
// use.
type Store struct {
	write *sql.DB // exactly one connection: all writes
	read  *sql.DB // query-only connections
	now   func() time.Time
}

var _ store.Store = (*Store)(nil)

// Option configures Open.
type Option func(*Store)

// WithClock makes the store take the time it fills into zero timestamps
// from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Open opens (creating if needed) the SQLite database at path and applies
// the migrations. path is a file name; an in-memory database is not
// supported because the read and write pools must share one database.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("opening sqlite: need a file path (in-memory databases are not supported)")
	}
	s := &Store{now: time.Now}
	for _, o := range opts {
		o(s)
	}
	var err error
	s.write, err = sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("opening sqlite %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetMaxIdleConns(1)
	s.write.SetConnMaxLifetime(0)
	s.write.SetConnMaxIdleTime(0)
	// The writer creates the file and switches it to WAL before any reader
	// opens it.
	if err := s.write.PingContext(ctx); err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("opening sqlite %s: %w", path, err)
	}
	s.read, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("opening sqlite %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	s.read.SetMaxOpenConns(n)
	s.read.SetMaxIdleConns(n)
	if err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// dsn is the driver's connection string for path: pragmas run on every
// new connection. Write connections begin transactions IMMEDIATE so a
// transaction never has to upgrade its lock midway.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// A larger page cache for the writer: an inbound batch touches
		// pages all over the records' and links' indexes.
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
		// Statement journals (a multi-row INSERT keeps one) in memory,
		// not in a temporary file written page by page.
		q.Add("_pragma", "temp_store(MEMORY)")
		// Checkpoint the WAL into the database every ~16 MiB rather than
		// every 4 MiB: inbound loads write in bursts, and each checkpoint
		// rewrites pages the next batch touches again.
		q.Add("_pragma", "wal_autocheckpoint(4000)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes both pools.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing sqlite: %w", err)
	}
	return nil
}
