package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/migration"
	"github.com/sfbridge/sfbridge/internal/store/storetest"
)

// open returns a store on a fresh file in t's temporary directory.
func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "sfbridge.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Exercise(t, func(t *testing.T) store.Store { return open(t) })
}

func TestPragmas(t *testing.T) {
	t.Parallel()
	s := open(t)
	for _, tc := range []struct {
		name   string
		pragma string
		want   string
	}{
		{"WAL", "journal_mode", "wal"},
		{"foreign keys", "foreign_keys", "1"},
		{"synchronous NORMAL", "synchronous", "1"},
		{"busy timeout", "busy_timeout", "10000"},
		{"page size of a new database", "page_size", "8192"},
	} {
		for pool, db := range map[string]*sql.DB{"writer": s.write, "reader": s.read} {
			var got string
			if err := db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatalf("%s PRAGMA %s: %v", pool, tc.pragma, err)
			}
			if got != tc.want {
				t.Errorf("%s: %s %s = %q, want %q", tc.name, pool, tc.pragma, got, tc.want)
			}
		}
	}
	if n := s.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer MaxOpenConnections = %d, want 1", n)
	}
	if _, err := s.read.Exec(`DELETE FROM workspaces`); err == nil {
		t.Error("the read pool accepted a write")
	}
}

// TestOpenKeepsPageSize opens a database made with SQLite's default 4
// KiB pages, as stores before the larger page size were: it opens in
// WAL, keeps its pages and takes writes.
func TestOpenKeepsPageSize(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=page_size(4096)&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`CREATE TABLE before_upgrade (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer func() { _ = s.Close() }()
	var size int
	var mode string
	if err := s.write.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	if err := s.write.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if size != 4096 || mode != "wal" {
		t.Errorf("page size %d, journal mode %s; want 4096 and wal", size, mode)
	}
	if _, err := s.CreateWorkspace(t.Context(), store.Workspace{Name: "after"}); err != nil {
		t.Errorf("writing to the old database: %v", err)
	}
}

func TestMigrateIdempotent(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sfbridge.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	w, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening migrates again: nothing changes, data stays.
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s.Close()
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	all, err := migration.Load(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if n != len(all) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(all))
	}
	if _, err := s.GetWorkspace(t.Context(), w.ID); err != nil {
		t.Errorf("after reopening: %v", err)
	}
}

func TestClock(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 6789, time.UTC)
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "db"), WithClock(func() time.Time { return fixed }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if want := fixed.Truncate(time.Microsecond); !w.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v", w.CreatedAt, want)
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	t.Parallel()
	if _, err := Open(t.Context(), ":memory:"); err == nil {
		t.Error("Open(:memory:) succeeded")
	}
}
