package postgres

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/migration"
	"github.com/sfbridge/sfbridge/internal/store/storetest"
)

// defaultURL is the local server CI provides: trust auth, user postgres.
const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// baseURL is SFBRIDGE_TEST_POSTGRES_URL, or defaultURL.
func baseURL() string {
	if u := os.Getenv("SFBRIDGE_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return defaultURL
}

// reachable checks the server once per test binary.
var reachable = sync.OnceValue(func() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, baseURL())
	if err != nil {
		return err
	}
	return conn.Close(ctx)
})

// requireServer skips t when PostgreSQL is not reachable, or fails it
// when CI=true, where the server is part of the job.
func requireServer(t testing.TB) {
	t.Helper()
	err := reachable()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("PostgreSQL is not reachable at %s (CI=true, so this is a failure): %v", redacted(), err)
	}
	t.Skipf("PostgreSQL is not reachable at %s: %v; start one (user postgres, trust auth) on 127.0.0.1:5432 or set SFBRIDGE_TEST_POSTGRES_URL", redacted(), err)
}

// redacted is baseURL without a password.
func redacted() string {
	u, err := url.Parse(baseURL())
	if err != nil {
		return "the configured URL"
	}
	return u.Redacted()
}

// exec runs one statement on a short-lived connection to the base URL.
func exec(t testing.TB, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, baseURL())
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// freshSchema creates an empty schema, dropped when t ends, and returns a
// URL whose search_path is that schema.
func freshSchema(t testing.TB) string {
	t.Helper()
	requireServer(t)
	schema := "test_" + strings.ToLower(rand.Text()[:16])
	exec(t, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { exec(t, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(baseURL())
	if err != nil {
		t.Fatalf("SFBRIDGE_TEST_POSTGRES_URL must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", "4")
	u.RawQuery = q.Encode()
	return u.String()
}

// open returns a store on a fresh schema.
func open(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), freshSchema(t))
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
	requireServer(t)
	storetest.Exercise(t, func(t *testing.T) store.Store { return open(t) })
}

func TestMigrateIdempotent(t *testing.T) {
	t.Parallel()
	u := freshSchema(t)
	// Processes starting together: the advisory lock lets one migrate.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := Open(t.Context(), u)
			if err == nil {
				err = s.Migrate(t.Context())
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent Open: %v", err)
		}
	}
	s, err := Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.pool.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	all, err := migration.Load(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if n != len(all) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(all))
	}
}

func TestClock(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 6789, time.UTC)
	s, err := Open(t.Context(), freshSchema(t), WithClock(func() time.Time { return fixed }))
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

func TestOpenBadURL(t *testing.T) {
	t.Parallel()
	_, err := Open(t.Context(), "postgres://user:s3cret@[::1")
	if err == nil {
		t.Fatal("Open succeeded on a malformed URL")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q quotes the password", err)
	}
}
