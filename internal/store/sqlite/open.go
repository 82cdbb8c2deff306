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
// default is 2 MiB). A cached page takes about twice its size of the
// process's memory in the pure-Go SQLite, and a large load fills the
// cache: 64 MiB made a million-record load peak above 200 MB. Inbound
// record ids sort by creation time, so a load appends to its indexes and
// needs few pages at hand; the operating system caches the file besides.
const writerCacheKiB = 16 << 10

// Store is a [store.Store] on one SQLite file. It is safe for concurrent
// use.
type Store struct {
	write *sql.DB // exactly one connection: all writes
	read  *sql.DB // query-only connections
	ckpt  *checkpointer
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
	s.write, err = sql.Open("sqlite", dsn(path, roleWrite))
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
	s.read, err = sql.Open("sqlite", dsn(path, roleRead))
	if err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("opening sqlite %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	s.read.SetMaxOpenConns(n)
	s.read.SetMaxIdleConns(n)
	ckpt, err := sql.Open("sqlite", dsn(path, roleCheckpoint))
	if err != nil {
		_ = s.read.Close()
		_ = s.write.Close()
		return nil, fmt.Errorf("opening sqlite %s for checkpoints: %w", path, err)
	}
	s.ckpt = newCheckpointer(ckpt)
	if err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// role is what a pool's connections do.
type role int

const (
	roleWrite role = iota
	roleRead
	roleCheckpoint
)

// dsn is the driver's connection string for path: pragmas run on every
// new connection. Write connections begin transactions IMMEDIATE so a
// transaction never has to upgrade its lock midway.
func dsn(path string, r role) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	switch r {
	case roleRead:
		q.Add("_pragma", "query_only(1)")
	case roleCheckpoint:
		// Only checkpoints: no transactions, no page cache to speak of.
	case roleWrite:
		// The page size only takes on a new database, before its first
		// write; the driver runs every _pragma (sorted by name) before
		// _journal_mode, whose switch to WAL is that first write. An
		// existing database keeps the page size it was made with.
		q.Add("_pragma", fmt.Sprintf("page_size(%d)", pageSize))
		q.Set("_journal_mode", "WAL")
		// A larger page cache for the writer: an increment touches pages
		// all over the records' and links' indexes.
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
		// Statement journals (a multi-row INSERT keeps one) in memory,
		// not in a temporary file written page by page.
		q.Add("_pragma", "temp_store(MEMORY)")
		// The writer checkpoints the WAL into the database itself only
		// once it holds ~64 MiB: after large inbound batches the
		// checkpointer copies it beside the writer, and other writes
		// come in bursts, each checkpoint rewriting pages the next burst
		// touches again. When the writer starts the WAL over, a file
		// grown larger than that is cut back.
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walAutocheckpoint))
		q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walAutocheckpoint*pageSize))
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// pageSize is the page size of a new database. SQLite's default is 4
// KiB; a large load writes every page three times (to the WAL, then read
// back and copied into the database by the checkpoint), one system call
// per page each time, and those calls were a fifth of a million-record
// first load's time. Measured with `sfbridge bench` (1M Contacts): 4 KiB
// 39,000 records/s at 115 MB; 8 KiB 45,000-49,000 at 135 MB; 16 KiB
// about the same speed at 180 MB; 32 KiB 46,000 at 300 MB (the pure-Go
// SQLite's memory grows with the page). Small writes of scattered
// records (an increment, a push) write whole pages, another reason to
// stay small.
const pageSize = 8192

// walAutocheckpoint is how many WAL pages make the writer checkpoint at
// the end of a transaction: 64 MiB of pages of pageSize (a database made
// with smaller pages checkpoints sooner).
const walAutocheckpoint = 64 << 20 / pageSize

// checkpointer copies the WAL into the database on a connection of its
// own while the writer goes on, so a large load does not stop every few
// batches to copy and fsync megabytes. A passive checkpoint never waits
// for the writer or readers, and durability stays as it was: the WAL is
// synced before the database is written, the database after.
type checkpointer struct {
	db     *sql.DB
	ctx    context.Context // the checkpointer's lifetime
	cancel context.CancelFunc
	kick   chan struct{}
	done   chan struct{}
}

func newCheckpointer(db *sql.DB) *checkpointer {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{db: db, ctx: ctx, cancel: cancel, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c
}

// soon asks for a checkpoint; one already asked for covers it.
func (c *checkpointer) soon() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.kick:
		}
		// A checkpoint that fails (the writer's own holds the lock)
		// leaves its frames to the next one.
		_, _ = c.db.ExecContext(c.ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}
}

func (c *checkpointer) close() error {
	c.cancel()
	<-c.done
	return c.db.Close()
}

// Close stops the checkpointer and closes the pools.
func (s *Store) Close() error {
	var errs []error
	if s.ckpt != nil {
		errs = append(errs, s.ckpt.close())
	}
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing sqlite: %w", err)
	}
	return nil
}
