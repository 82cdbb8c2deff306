package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/sfemu"
)

// emulatorConfig is the configuration of `sfbridge emulator`.
type emulatorConfig struct {
	// Listen is the TCP address to serve on; port 0 picks a free port.
	Listen string
	// Seed is the initial data set: empty or demo.
	Seed string
	// Contacts is how many generated Contacts to add after the seed.
	Contacts int
	// ReadyFile, when set, receives a JSON object with the instance URL
	// and credentials once the emulator accepts connections.
	ReadyFile string
	// SchemaFile adds custom objects and fields from a JSON file.
	SchemaFile string
	// DuplicateRules turns on the Lead/Contact-by-Email duplicate rules.
	DuplicateRules bool
	// ShutdownTimeout bounds how long in-flight requests may take to
	// finish after SIGINT or SIGTERM.
	ShutdownTimeout time.Duration

	// Org settings (see sfemu.Options).
	//
	// Edition is Developer, Professional or Enterprise.
	Edition string
	// DailyAPILimit overrides the edition's daily API allocation.
	DailyAPILimit int
	// APIDisabled starts the org with API access off.
	APIDisabled bool
	// TLSCert and TLSKey, when both set, serve HTTPS with that PEM
	// certificate and key (simple-salesforce, Airbyte and tap-salesforce
	// accept only https instance URLs).
	TLSCert string
	TLSKey  string

	// Logins (see sfemu.Options).
	//
	// SessionTimeout is how long an access token lives unused.
	SessionTimeout time.Duration
	// ApprovalCap is how many refresh tokens a user may hold per app;
	// negative means no cap.
	ApprovalCap int
	// CallbackURLs are registered on the demo app.
	CallbackURLs []string
	// ClientSecret and SecurityToken fix the demo app's secret and the
	// admin's security token; empty means random.
	ClientSecret  string
	SecurityToken string
	// SkipSecurityToken accepts API logins without the security token.
	SkipSecurityToken bool
	// JWTCertFile names a PEM certificate enabling JWT bearer logins on
	// the demo app; JWTCert is its content.
	JWTCertFile string
	JWTCert     string
}

// readyInfo is what the ready file holds.
type readyInfo struct {
	InstanceURL string `json:"instance_url"`
	sfemu.Credentials
	// AdminToken guards the emulator's admin API under /__sfemu/.
	AdminToken string `json:"admin_token"`
}

func parseEmulatorFlags(args []string, stderr io.Writer) (emulatorConfig, error) {
	cfg := emulatorConfig{Listen: "127.0.0.1:8443", Seed: "demo", ShutdownTimeout: 10 * time.Second}
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.Seed, "seed", cfg.Seed, "initial data: demo or empty")
	fs.IntVar(&cfg.Contacts, "contacts", 0, "add this many generated Contacts after the seed (load tests and benchmarks; at most 10,000,000)")
	fs.StringVar(&cfg.ReadyFile, "ready-file", "", "write instance URL and credentials as JSON to this file once serving")
	fs.StringVar(&cfg.SchemaFile, "schema", "", "JSON file of custom objects and fields to create (see sfemu.SchemaFile)")
	fs.BoolVar(&cfg.DuplicateRules, "duplicate-rules", false, "enable duplicate rules (Leads and Contacts matched by Email)")
	fs.StringVar(&cfg.Edition, "edition", "Developer", "org edition: Developer, Professional (hides Task.Type) or Enterprise")
	fs.IntVar(&cfg.DailyAPILimit, "daily-api-limit", 0, "daily API allocation (0: the edition's: 15,000, Enterprise 100,000)")
	fs.BoolVar(&cfg.APIDisabled, "api-disabled", false, "start with API access off (every call answers API_DISABLED_FOR_ORG)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate file: serve HTTPS (with --tls-key)")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long in-flight requests may finish after a stop signal")
	cfg.SessionTimeout, cfg.ApprovalCap = sfemu.DefaultSessionTimeout, sfemu.DefaultApprovalCap
	fs.DurationVar(&cfg.SessionTimeout, "session-timeout", cfg.SessionTimeout, "how long an access token lives without use")
	fs.IntVar(&cfg.ApprovalCap, "approval-cap", cfg.ApprovalCap, "refresh tokens a user may hold per connected app; the next revokes the oldest (negative: no cap)")
	fs.Func("callback-url", "a callback URL to register on the demo app (repeatable)", func(v string) error {
		cfg.CallbackURLs = append(cfg.CallbackURLs, v)
		return nil
	})
	fs.StringVar(&cfg.ClientSecret, "client-secret", "", "the demo app's client secret (default random)")
	fs.StringVar(&cfg.SecurityToken, "security-token", "", "the admin user's security token (default random)")
	fs.BoolVar(&cfg.SkipSecurityToken, "skip-security-token", false, "accept API logins with the bare password, as from a trusted IP range")
	fs.StringVar(&cfg.JWTCertFile, "jwt-cert", "", "PEM certificate file enabling JWT bearer logins on the demo app")
	if err := applyEnv(fs); err != nil {
		return cfg, err
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.Seed != "demo" && cfg.Seed != "empty" {
		return cfg, fmt.Errorf("--seed must be demo or empty, not %q", cfg.Seed)
	}
	switch strings.ToLower(cfg.Edition) {
	case "developer", "professional", "enterprise":
	default:
		return cfg, fmt.Errorf("--edition must be Developer, Professional or Enterprise, not %q", cfg.Edition)
	}
	if cfg.DailyAPILimit < 0 {
		return cfg, fmt.Errorf("--daily-api-limit must not be negative")
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return cfg, fmt.Errorf("--tls-cert and --tls-key go together: give both to serve HTTPS, or neither")
	}
	if _, _, err := net.SplitHostPort(cfg.Listen); err != nil {
		return cfg, fmt.Errorf("--listen %q is not host:port: %w", cfg.Listen, err)
	}
	if cfg.SessionTimeout <= 0 {
		return cfg, fmt.Errorf("--session-timeout must be positive, not %s", cfg.SessionTimeout)
	}
	for _, cb := range cfg.CallbackURLs {
		if u, err := url.Parse(cb); err != nil || !u.IsAbs() {
			return cfg, fmt.Errorf("--callback-url %q is not an absolute URL", cb)
		}
	}
	if cfg.JWTCertFile != "" {
		pem, err := os.ReadFile(cfg.JWTCertFile)
		if err != nil {
			return cfg, fmt.Errorf("--jwt-cert: %w", err)
		}
		cfg.JWTCert = string(pem)
	}
	return cfg, nil
}

// applyEnv sets flags from SFBRIDGE_* variables; command-line flags
// parsed afterwards override them.
func applyEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := "SFBRIDGE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, e)
			}
		}
	})
	return err
}

func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseEmulatorFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "sfbridge emulator: %v\n", err)
		return 2
	}
	opts := sfemu.Options{Seed: cfg.Seed, GenerateContacts: cfg.Contacts, SchemaFile: cfg.SchemaFile,
		SessionTimeout: cfg.SessionTimeout, ApprovalCap: cfg.ApprovalCap, CallbackURLs: cfg.CallbackURLs,
		DemoClientSecret: cfg.ClientSecret, SecurityToken: cfg.SecurityToken, SkipSecurityToken: cfg.SkipSecurityToken,
		DemoAppCertificate: cfg.JWTCert,
		Edition:            sfemu.Edition(cfg.Edition), DailyAPILimit: cfg.DailyAPILimit, APIDisabled: cfg.APIDisabled}
	if cfg.DuplicateRules {
		opts.DuplicateRules = sfemu.DefaultDuplicateRules()
	}
	start := time.Now()
	srv, err := sfemu.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge emulator: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge emulator: listening on %s: %v (is another process using the port? try --listen 127.0.0.1:0)\n", cfg.Listen, err)
		return 1
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "sfbridge emulator: loading the TLS certificate: %v\n", err)
			return 1
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	instanceURL := scheme + "://" + ln.Addr().String()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	creds := srv.Credentials()
	creds.LoginURL = instanceURL
	if cfg.ReadyFile != "" {
		if err := writeReadyFile(cfg.ReadyFile, readyInfo{InstanceURL: instanceURL, Credentials: creds, AdminToken: srv.AdminToken()}); err != nil {
			fmt.Fprintf(stderr, "sfbridge emulator: %v\n", err)
			_ = hs.Close()
			return 1
		}
	}
	fmt.Fprintf(stdout, `sfemu: an emulated Salesforce org (seed %q, ready in %s)

  instance URL    %s
  username        %s
  password        %s
  security token  %s
  access token    %s
  org id          %s

  OAuth (login URL %s)
  client id       %s
  client secret   %s
  redirect URI    %s

  admin API       %s/__sfemu (Authorization: Bearer %s)

  jsforce:  new jsforce.Connection({ instanceUrl: '%s', accessToken: '<token>' })
            new jsforce.Connection({ loginUrl: '%s' }).login('<username>', '<password><security token>')
  sf CLI:   echo '<token>' | sf org login access-token --instance-url %s --no-prompt

Press Ctrl+C to stop.
`, cfg.Seed, time.Since(start).Round(time.Millisecond), instanceURL, creds.Username, creds.Password, creds.SecurityToken,
		creds.AccessToken, creds.OrgID, creds.LoginURL, creds.ClientID, creds.ClientSecret, creds.RedirectURI,
		instanceURL, srv.AdminToken(), instanceURL, instanceURL, instanceURL)

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "sfbridge emulator: serving: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "sfemu: stopping; finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "sfbridge emulator: shutting down: %v\n", err)
		return 1
	}
	if cfg.ReadyFile != "" {
		_ = os.Remove(cfg.ReadyFile)
	}
	fmt.Fprintln(stdout, "sfemu: stopped")
	return 0
}

// writeReadyFile writes info as JSON atomically (temp file and rename),
// with mode 0600, so a reader polling for it never sees half of it.
func writeReadyFile(path string, info any) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the ready file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sfemu-ready-*")
	if err != nil {
		return fmt.Errorf("writing the ready file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the ready file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the ready file: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return fmt.Errorf("writing the ready file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the ready file: %w", err)
	}
	return nil
}
