package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/sfbridge/sfbridge/internal/api"
	"github.com/sfbridge/sfbridge/internal/config"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/internal/ui"
	"github.com/sfbridge/sfbridge/internal/webhook"
)

// loadConfig reads and validates the service configuration of a command,
// printing the settings for -h.
func loadConfig(command string, args []string, stdout, stderr io.Writer) (config.Config, int, bool) {
	cfg, err := config.LoadFor(command, args, os.LookupEnv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "Usage: sfbridge %s [flags]\n\n%s", command, config.Describe())
		return cfg, 0, false
	}
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge %s: %v\n", command, err)
		return cfg, 2, false
	}
	return cfg, 0, true
}

// runServe runs the sfbridge service until SIGINT or SIGTERM.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := loadConfig("serve", args, stdout, stderr)
	if !ok {
		return code
	}
	log := cfg.NewLogger(stderr)
	log.Info("starting", "config", cfg)
	st, err := openStore(ctx, cfg)
	if err != nil {
		log.Error("opening the database", "err", err)
		return 1
	}
	defer st.Close()
	ring, err := cfg.Keyring()
	if err != nil {
		log.Error("reading the encryption keys", "err", err)
		return 1
	}
	conns, err := connection.New(st, ring, connection.Config{
		PublicURL:           cfg.ResolvedPublicURL(),
		DefaultClientID:     cfg.DefaultClientID,
		DefaultClientSecret: cfg.DefaultClientSecret,
		ProductionLoginURL:  cfg.LoginURL,
		SandboxLoginURL:     cfg.SandboxLoginURL,
	})
	if err != nil {
		log.Error("configuring connections", "err", err)
		return 1
	}
	bulkRead, bulkPush := cfg.BulkThresholds()
	engine := syncer.New(st, conns, syncer.Config{BulkThreshold: bulkRead, BulkPushThreshold: bulkPush})
	sched := schedule.New(st, engine, schedule.Config{Logger: log, BeforeSync: syncUsersBeforeSync(st, conns)})
	runner, err := ops.New(ops.Config{Store: st, Connections: conns, Engine: engine, Locker: sched, Kinds: opsKinds(), Logger: log})
	if err != nil {
		log.Error("configuring operations", "err", err)
		return 1
	}
	dispatcher, err := webhook.NewDispatcher(webhook.Config{Store: st, Sealer: ring, Logger: log})
	if err != nil {
		log.Error("configuring webhooks", "err", err)
		return 1
	}
	admin, err := newUI(st, conns, runner, cfg.ResolvedPublicURL(), cfg.AdminAPIKey, log)
	if err != nil {
		log.Error("configuring the admin UI", "err", err)
		return 1
	}
	apiHandler, err := api.New(api.Config{Store: st, Connections: conns, AdminKey: cfg.AdminAPIKey, Logger: log,
		Engine: engine, Locker: sched, Sealer: ring, Operations: runner, UI: admin})
	if err != nil {
		log.Error("configuring the API", "err", err)
		return 1
	}
	handler := withUI(apiHandler, admin)
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		log.Error("listening", "addr", cfg.Listen, "err", err, "hint", "is another process using the port? set --listen")
		return 1
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.ResolvedPublicURL(), "oauth_callback", cfg.CallbackURL())
	// Inbound sync on a schedule, and webhook deliveries, until stopped.
	go func() { _ = sched.Run(ctx) }()
	// One-time operations, resuming those a stopped process left.
	go func() { _ = runner.Run(ctx) }()
	go func() { _ = dispatcher.Run(ctx, 5*time.Second) }()
	select {
	case err := <-served:
		log.Error("serving", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("stopping; finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutting down", "err", err)
		return 1
	}
	return 0
}

// newUI builds the admin UI, signing its links with a key derived from
// the admin API key, so links and sessions survive a restart.
func newUI(st store.Store, conns *connection.Service, runner *ops.Runner, publicURL, adminKey string, log *slog.Logger) (*ui.Handler, error) {
	key, err := ui.DeriveKey(adminKey)
	if err != nil {
		return nil, err
	}
	return ui.New(ui.Config{Store: st, Connections: conns, Operations: runner, PublicURL: publicURL, Key: key, Logger: log})
}

// withUI serves the admin UI under /ui/ and everything else through the
// API, on one server.
func withUI(apiHandler, admin http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", apiHandler)
	mux.Handle("/ui/", admin)
	mux.Handle("/ui", admin)
	return mux
}

// runMigrate brings the database's schema up to date and exits.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := loadConfig("migrate", args, stdout, stderr)
	if !ok {
		return code
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge migrate: %v\n", err)
		return 1
	}
	defer st.Close()
	dialect, _, _ := cfg.Database()
	fmt.Fprintf(stdout, "sfbridge migrate: the %s database is up to date\n", dialect)
	return 0
}

// migrator is a store that can bring its schema up to date.
type migrator interface {
	store.Store
	Migrate(ctx context.Context) error
}
