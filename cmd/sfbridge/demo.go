package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/api"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/internal/ui"
	"github.com/sfbridge/sfbridge/internal/webhook"
	"github.com/sfbridge/sfbridge/sfemu"
)

// demoConfig is the configuration of `sfbridge demo`.
type demoConfig struct {
	// DataDir holds the SQLite database and the demo's generated keys.
	DataDir string
	// Listen is the service's address; the OAuth callback is on it.
	Listen string
	// EmulatorListen is the emulated org's address.
	EmulatorListen string
	// Reset deletes the data folder first.
	Reset bool
	// ReadyFile, when set, receives a JSON description of the running
	// demo (demoReady) once everything is up: for scripts and tests.
	ReadyFile string
}

// demoReady is what --ready-file holds: where everything is and the keys
// to it. The file is written with mode 0600; it holds secrets.
type demoReady struct {
	APIURL       string `json:"api_url"`
	AdminAPIKey  string `json:"admin_api_key"`
	UIURL        string `json:"ui_url"`
	WorkspaceID  string `json:"workspace_id"`
	ConnectionID string `json:"connection_id"`
	Emulator     struct {
		InstanceURL string `json:"instance_url"`
		AdminToken  string `json:"admin_token"`
		Username    string `json:"username"`
		Password    string `json:"password"`
	} `json:"emulator"`
}

// demoSecrets are generated on the first run and kept in the data folder,
// so later runs can read the database they sealed.
type demoSecrets struct {
	EncryptionKeys string `json:"encryption_keys"`
	AdminAPIKey    string `json:"admin_api_key"`
}

const (
	demoWorkspaceKey  = "demo"
	demoConnection    = "Demo Salesforce org"
	demoSecretsFile   = "demo-secrets.json"
	demoDatabaseFile  = "sfbridge.db"
	demoShutdownGrace = 10 * time.Second
)

func parseDemoFlags(args []string, stderr io.Writer) (demoConfig, error) {
	cfg := demoConfig{DataDir: "sfbridge-data", Listen: "127.0.0.1:8080", EmulatorListen: "127.0.0.1:0"}
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "folder for the SQLite database and the demo's generated keys")
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address of the sfbridge service (port 0 picks a free one)")
	fs.StringVar(&cfg.EmulatorListen, "emulator-listen", cfg.EmulatorListen, "address of the emulated Salesforce org")
	fs.BoolVar(&cfg.Reset, "reset", false, "delete the data folder first and start over")
	fs.StringVar(&cfg.ReadyFile, "ready-file", "", "when set, write a JSON file with the URLs and keys of the running demo (for scripts and tests)")
	if err := applyEnv(fs); err != nil {
		return cfg, err
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, nil
}

// runDemo runs the whole product on one machine: an emulated org, the
// service on SQLite, a workspace connected through the real OAuth flow.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseDemoFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "sfbridge demo: %v\n", err)
		return 2
	}
	d := &demo{cfg: cfg, out: stdout, started: time.Now()}
	if err := d.run(ctx); err != nil {
		fmt.Fprintf(stderr, "sfbridge demo: %v\n", err)
		return 1
	}
	return 0
}

// demo is one run of the demo command.
type demo struct {
	cfg     demoConfig
	out     io.Writer
	started time.Time
	step    int
}

// progress prints a numbered step, so a person sees where the demo is.
func (d *demo) progress(format string, args ...any) {
	d.step++
	fmt.Fprintf(d.out, "[%d] %s (%s)\n", d.step, fmt.Sprintf(format, args...), time.Since(d.started).Round(time.Millisecond))
}

func (d *demo) run(ctx context.Context) error {
	if d.cfg.Reset {
		if err := os.RemoveAll(d.cfg.DataDir); err != nil {
			return fmt.Errorf("resetting %s: %w", d.cfg.DataDir, err)
		}
	}
	if err := os.MkdirAll(d.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("creating the data folder %s: %w", d.cfg.DataDir, err)
	}
	secrets, fresh, err := loadDemoSecrets(filepath.Join(d.cfg.DataDir, demoSecretsFile))
	if err != nil {
		return err
	}
	if fresh {
		d.progress("generated an encryption key and an admin API key in %s", filepath.Join(d.cfg.DataDir, demoSecretsFile))
	}
	ring, err := secret.ParseKeyring(secrets.EncryptionKeys)
	if err != nil {
		return fmt.Errorf("reading the demo's encryption key: %w (delete %s or run with --reset)", err, d.cfg.DataDir)
	}

	// The service listens first: the emulated org's connected app must
	// know its callback URL.
	svcLn, err := net.Listen("tcp", d.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w (is another sfbridge running? try --listen 127.0.0.1:0)", d.cfg.Listen, err)
	}
	publicURL := "http://" + svcLn.Addr().String()

	emu, err := sfemu.New(sfemu.Options{Seed: "demo", CallbackURLs: []string{publicURL + connection.CallbackPath}})
	if err != nil {
		svcLn.Close()
		return fmt.Errorf("starting the emulated org: %w", err)
	}
	emuLn, err := net.Listen("tcp", d.cfg.EmulatorListen)
	if err != nil {
		svcLn.Close()
		return fmt.Errorf("listening on %s for the emulated org: %w", d.cfg.EmulatorListen, err)
	}
	emuURL := "http://" + emuLn.Addr().String()
	emuSrv := &http.Server{Handler: emu, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = emuSrv.Serve(emuLn) }()
	defer shutdown(emuSrv)
	d.progress("emulated Salesforce org with demo data at %s", emuURL)

	dbPath := filepath.Join(d.cfg.DataDir, demoDatabaseFile)
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		svcLn.Close()
		return fmt.Errorf("opening the database %s: %w", dbPath, err)
	}
	defer st.Close()
	d.progress("database ready: %s (SQLite, migrations applied)", dbPath)

	creds := emu.Credentials()
	conns, err := connection.New(st, ring, connection.Config{
		PublicURL:           publicURL,
		DefaultClientID:     creds.ClientID,
		DefaultClientSecret: creds.ClientSecret,
		ProductionLoginURL:  emuURL,
		SandboxLoginURL:     emuURL,
	})
	if err != nil {
		svcLn.Close()
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine := syncer.New(st, conns, syncer.Config{})
	sched := schedule.New(st, engine, schedule.Config{Interval: time.Minute, Logger: logger, BeforeSync: syncUsersBeforeSync(st, conns)})
	runner, err := ops.New(ops.Config{Store: st, Connections: conns, Engine: engine, Locker: sched, Kinds: opsKinds(), Logger: logger})
	if err != nil {
		svcLn.Close()
		return err
	}
	dispatcher, err := webhook.NewDispatcher(webhook.Config{Store: st, Sealer: ring, Logger: logger})
	if err != nil {
		svcLn.Close()
		return err
	}
	admin, err := newUI(st, conns, runner, publicURL, secrets.AdminAPIKey, logger)
	if err != nil {
		svcLn.Close()
		return err
	}
	handler, err := api.New(api.Config{Store: st, Connections: conns, AdminKey: secrets.AdminAPIKey, Logger: logger,
		Engine: engine, Locker: sched, Sealer: ring, Operations: runner, UI: admin})
	if err != nil {
		svcLn.Close()
		return err
	}
	svcSrv := &http.Server{Handler: withUI(handler, admin), ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = svcSrv.Serve(svcLn) }()
	defer shutdown(svcSrv)
	d.progress("sfbridge API at %s", publicURL)

	ws, err := st.GetWorkspaceByExternalKey(ctx, demoWorkspaceKey)
	if errors.Is(err, store.ErrNotFound) {
		ws, err = st.CreateWorkspace(ctx, store.Workspace{ExternalKey: demoWorkspaceKey, Name: "Demo workspace"})
	}
	if err != nil {
		return fmt.Errorf("setting up the demo workspace: %w", err)
	}
	conn, err := findConnection(ctx, conns, ws.ID, demoConnection)
	if err != nil {
		return err
	}
	if conn.ID == "" {
		if conn, err = conns.Create(ctx, connection.CreateParams{WorkspaceID: ws.ID, Name: demoConnection}); err != nil {
			return fmt.Errorf("creating the demo connection: %w", err)
		}
	}
	d.progress("workspace %q with connection %q", ws.Name, conn.Name)

	// The real authorization-code flow: sfbridge's authorize URL, the
	// org's login and consent pages (approved as the demo user), and the
	// redirect back to sfbridge's own callback endpoint.
	authURL, err := conns.Authorize(ctx, ws.ID, conn.ID, "")
	if err != nil {
		return fmt.Errorf("starting the authorization: %w", err)
	}
	callback, err := sfemu.AuthorizeAs(ctx, nil, authURL, creds.Username, creds.Password)
	if err != nil {
		return err
	}
	if err := visitCallback(ctx, callback.String()); err != nil {
		return err
	}
	conn, err = conns.Get(ctx, ws.ID, conn.ID)
	if err != nil {
		return err
	}
	if conn.Status != store.StatusSynced {
		return fmt.Errorf("the demo connection is %s after authorizing: %s", conn.Status, conn.StatusMessage)
	}
	d.progress("connected through OAuth (login and consent as %s): %s", creds.Username, conn.StatusMessage)

	res, err := conns.Test(ctx, ws.ID, conn.ID)
	if err != nil {
		return fmt.Errorf("testing the connection: %w", err)
	}
	d.progress("Test Connection: %s (API calls today: %d of %d)", res.Message, res.APIUsed, res.APIMax)

	if err := mapDemoObjects(ctx, st, conns, ws, conn); err != nil {
		return err
	}
	d.progress("mapped %d Salesforce objects to app types with the default field mappings", len(demoObjects))
	for _, obj := range demoObjects {
		unlock, _ := sched.TryLock(conn.ID)
		run, err := engine.SyncObject(ctx, ws.ID, conn.ID, obj)
		unlock()
		if err != nil {
			return fmt.Errorf("syncing %s: %w", obj, err)
		}
		d.progress("%s %s: %d read, %d created, %d updated, %d unchanged, %d deleted (%d API calls)",
			strings.ReplaceAll(run.Kind, "_", " "), obj, run.Read, run.Created, run.Updated, run.Unchanged, run.Deleted, run.APICalls)
	}
	go func() { _ = sched.Run(ctx) }()
	go func() { _ = runner.Run(ctx) }()
	go func() { _ = dispatcher.Run(ctx, 5*time.Second) }()
	uiLink, _, err := admin.Mint(ws.ID, ui.MaxLinkTTL)
	if err != nil {
		return fmt.Errorf("minting the admin UI link: %w", err)
	}

	fmt.Fprintf(d.out, `
sfbridge demo is running.

  Admin UI       %[11]s
                 (a sign-in link for this workspace, valid 24 hours; mint more with POST /v1/workspaces/{ws}/ui-sessions)
  API            %[1]s/v1   (OpenAPI: %[1]s/v1/openapi.json)
  admin API key  %[2]s
  workspace      %[3]s (external key %[4]q)
  connection     %[5]s: %[6]s

  Try:
    curl -H 'Authorization: Bearer %[2]s' %[1]s/v1/workspaces/%[3]s/connections
    curl -X POST -H 'Authorization: Bearer %[2]s' %[1]s/v1/workspaces/%[3]s/connections/%[5]s/test
    curl -H 'Authorization: Bearer %[2]s' '%[1]s/v1/workspaces/%[3]s/records/contact?limit=3'
    curl -H 'Authorization: Bearer %[2]s' '%[1]s/v1/workspaces/%[3]s/events?limit=3'
    curl -X POST -H 'Authorization: Bearer %[2]s' -H 'Content-Type: application/json' %[1]s/v1/workspaces/%[3]s/records/contact \
      -d '{"fields":{"first_name":"Dana","last_name":"Demo","email":"dana@demo.test"}}'
    curl -X POST -H 'Authorization: Bearer %[2]s' %[1]s/v1/workspaces/%[3]s/connections/%[5]s/sync

  Emulated org   %[7]s  (user %[8]s, password %[9]s)
  Data folder    %[10]s

Sync runs both ways every minute (or at once with .../sync): records changed in
the emulated org arrive in the app's copy and its change feed, and records
written through the records API reach the org. The admin UI shows the
workspace's integrations: add, test, configure, reconnect, disconnect or delete one.
Press Ctrl+C to stop.
`, publicURL, secrets.AdminAPIKey, ws.ID, ws.ExternalKey, conn.ID, conn.Status, emuURL, creds.Username, creds.Password, d.cfg.DataDir, uiLink)

	if d.cfg.ReadyFile != "" {
		ready := demoReady{APIURL: publicURL, AdminAPIKey: secrets.AdminAPIKey, UIURL: uiLink, WorkspaceID: ws.ID, ConnectionID: conn.ID}
		ready.Emulator.InstanceURL, ready.Emulator.AdminToken = emuURL, emu.AdminToken()
		ready.Emulator.Username, ready.Emulator.Password = creds.Username, creds.Password
		if err := writeReadyFile(d.cfg.ReadyFile, ready); err != nil {
			return err
		}
	}

	<-ctx.Done()
	fmt.Fprintln(d.out, "sfbridge demo: stopping")
	return nil
}

// findConnection returns the workspace's connection of that name, or a
// zero Connection.
func findConnection(ctx context.Context, conns *connection.Service, workspaceID, name string) (store.Connection, error) {
	p := store.ListParams{Limit: 200}
	for {
		page, err := conns.List(ctx, workspaceID, p)
		if err != nil {
			return store.Connection{}, fmt.Errorf("listing the demo's connections: %w", err)
		}
		for _, c := range page.Items {
			if c.Name == name {
				return c, nil
			}
		}
		if page.Next == "" {
			return store.Connection{}, nil
		}
		p.After = page.Next
	}
}

// visitCallback follows the org's redirect to sfbridge's callback, as the
// person's browser would.
func visitCallback(ctx context.Context, callbackURL string) error {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, callbackURL, nil)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("visiting sfbridge's OAuth callback: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode >= 400 {
		return fmt.Errorf("sfbridge's OAuth callback answered %d: %s", res.StatusCode, body)
	}
	return nil
}

// loadDemoSecrets reads the demo's keys, generating them on first use.
func loadDemoSecrets(path string) (demoSecrets, bool, error) {
	var s demoSecrets
	data, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(data, &s); err != nil || s.EncryptionKeys == "" || s.AdminAPIKey == "" {
			return s, false, fmt.Errorf("reading %s: it is damaged; delete the data folder or run with --reset", path)
		}
		return s, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return s, false, fmt.Errorf("reading %s: %w", path, err)
	}
	key, err := secret.NewKey()
	if err != nil {
		return s, false, err
	}
	admin, err := secret.NewKey()
	if err != nil {
		return s, false, err
	}
	s = demoSecrets{EncryptionKeys: "demo1:" + key, AdminAPIKey: "sfb_admin_" + sanitizeKey(admin)}
	data, _ = json.MarshalIndent(s, "", "  ")
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return s, false, fmt.Errorf("writing %s: %w", path, err)
	}
	return s, true, nil
}

// sanitizeKey keeps the letters and digits of a base64 key, so the admin
// key is easy to paste into a shell.
func sanitizeKey(k string) string {
	out := make([]byte, 0, len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			out = append(out, c)
		}
	}
	return string(out)
}

// shutdown stops a server, letting requests in flight finish.
func shutdown(s *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), demoShutdownGrace)
	defer cancel()
	_ = s.Shutdown(ctx)
}

// demoObjects are the objects the demo syncs, parents before children.
var demoObjects = []string{"User", "Account", "Contact", "Lead", "Opportunity", "Product2", "Order", "Case", "Task", "Note"}

// demoUserType is the app's user type, so owners resolve to app users.
var demoUserType = store.AppType{Name: "user", Label: "User", Fields: []store.AppField{
	{Name: "name", Label: "Name", Type: store.AppText},
	{Name: "email", Label: "Email", Type: store.AppEmail},
	{Name: "username", Label: "Username", Type: store.AppText},
	{Name: "active", Label: "Active", Type: store.AppBoolean},
}}

// mapDemoObjects declares the app types and maps every demo object with
// the default mappings, once, and turns writing to the org on.
func mapDemoObjects(ctx context.Context, st store.Store, conns *connection.Service, ws store.Workspace, conn store.Connection) error {
	existing, err := st.ListObjectMappings(ctx, conn.ID)
	if err != nil {
		return fmt.Errorf("reading object mappings: %w", err)
	}
	if len(existing) > 0 {
		return nil
	}
	for _, obj := range demoObjects {
		if obj == "User" {
			var fms []store.FieldMapping
			for sf, app := range map[string]string{"Name": "name", "Email": "email", "Username": "username", "IsActive": "active"} {
				fms = append(fms, store.FieldMapping{Object: "User", SFField: sf, AppField: app, Direction: mapping.Inbound})
			}
			err = mapObject(ctx, st, ws.ID, conn.ID, "User", demoUserType, fms, false)
		} else {
			// Two-way: the demo's app changes are written to the org.
			typ, fms := mapping.Defaults(obj)
			err = mapObject(ctx, st, ws.ID, conn.ID, obj, typ, fms, true)
		}
		if err != nil {
			return err
		}
	}
	return enableWrites(ctx, conns, ws.ID, conn.ID)
}

// mapObject declares typ in the workspace and maps object to it with
// fms; twoWay maps creates and updates both ways (app deletes leave the
// Salesforce record), otherwise the object only comes in.
func mapObject(ctx context.Context, st store.Store, wsID, connID, object string, typ store.AppType, fms []store.FieldMapping, twoWay bool) error {
	typ.WorkspaceID = wsID
	if _, err := st.PutAppType(ctx, typ); err != nil {
		return fmt.Errorf("declaring app type %s: %w", typ.Name, err)
	}
	om := store.ObjectMapping{ConnectionID: connID, Object: object, AppType: typ.Name, DeletePolicy: "mark", Enabled: true}
	if twoWay {
		om.CreateDirection, om.UpdateDirection, om.OutboundDelete = store.DirectionBoth, store.DirectionBoth, store.OutboundDeleteLeave
	}
	if _, err := st.PutObjectMapping(ctx, om); err != nil {
		return fmt.Errorf("mapping %s: %w", object, err)
	}
	for _, fm := range fms {
		fm.ConnectionID = connID
		if _, err := st.CreateFieldMapping(ctx, fm); err != nil {
			return fmt.Errorf("mapping %s.%s: %w", object, fm.SFField, err)
		}
	}
	return nil
}

// enableWrites turns writing to Salesforce on, with the latest change
// winning a conflict.
func enableWrites(ctx context.Context, conns *connection.Service, wsID, connID string) error {
	on, latest := true, store.ConflictLatestWins
	if _, err := conns.SetWritePolicy(ctx, wsID, connID, &on, &latest); err != nil {
		return fmt.Errorf("turning writes on: %w", err)
	}
	return nil
}
