package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sfbridge/sfbridge/internal/config"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/store"
)

// doctorFlags are the doctor's own flags, besides the service settings.
type doctorFlags struct {
	workspace, connection, objects string
	json                           bool
}

const doctorUsage = `Usage: sfbridge doctor --workspace ID|KEY --connection ID|NAME [--objects A,B] [--json] [settings]

Checks that a connection's Salesforce user can do what sfbridge needs
(token, API access, daily API calls, approvals, and the fields sfbridge
and the connection's mappings read and write), and prints each check
with how to fix what fails. Exits 1 when a check fails. It reads the
same settings as serve, to open the same database and keys.

  --workspace ID|KEY      the workspace, by id or by the host's external key
  --connection ID|NAME    the connection, by id or by name
  --objects A,B           check only these Salesforce objects (before enabling one)
  --json                  print the report as JSON

Each can also be set with SFBRIDGE_WORKSPACE, SFBRIDGE_CONNECTION, ...

`

// runDoctor runs the doctor on one connection and prints its report.
func runDoctor(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f doctorFlags
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.workspace, "workspace", "", "workspace id or external key")
	fs.StringVar(&f.connection, "connection", "", "connection id or name")
	fs.StringVar(&f.objects, "objects", "", "comma-separated Salesforce objects to check")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	if err := applyEnv(fs); err != nil {
		fmt.Fprintf(stderr, "sfbridge doctor: %v\n", err)
		return 2
	}
	cfg, err := config.LoadFlags(fs, args, os.LookupEnv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, doctorUsage+config.Describe())
		return 0
	}
	if err == nil && (strings.TrimSpace(f.workspace) == "" || strings.TrimSpace(f.connection) == "") {
		err = errors.New("--workspace and --connection are required (sfbridge doctor -h)")
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge doctor: %v\n", err)
		return 2
	}
	rep, err := doctorReport(ctx, cfg, f)
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge doctor: %v\n", err)
		return 1
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "sfbridge doctor: %v\n", err)
			return 1
		}
	} else {
		printReport(stdout, rep)
	}
	if !rep.OK {
		return 1
	}
	return 0
}

// doctorReport opens the store and keys as serve does and runs the
// doctor on the connection the flags name.
func doctorReport(ctx context.Context, cfg config.Config, f doctorFlags) (doctor.Report, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return doctor.Report{}, err
	}
	defer st.Close()
	ring, err := cfg.Keyring()
	if err != nil {
		return doctor.Report{}, fmt.Errorf("reading the encryption keys: %w", err)
	}
	conns, err := connection.New(st, ring, connection.Config{
		PublicURL:           cfg.ResolvedPublicURL(),
		DefaultClientID:     cfg.DefaultClientID,
		DefaultClientSecret: cfg.DefaultClientSecret,
		ProductionLoginURL:  cfg.LoginURL,
		SandboxLoginURL:     cfg.SandboxLoginURL,
	})
	if err != nil {
		return doctor.Report{}, fmt.Errorf("configuring connections: %w", err)
	}
	ws, err := findWorkspace(ctx, st, strings.TrimSpace(f.workspace))
	if err != nil {
		return doctor.Report{}, err
	}
	c, err := findConnectionByIDOrName(ctx, conns, ws, strings.TrimSpace(f.connection))
	if err != nil {
		return doctor.Report{}, err
	}
	var objects []string
	for _, o := range strings.Split(f.objects, ",") {
		if o = strings.TrimSpace(o); o != "" {
			objects = append(objects, o)
		}
	}
	return doctor.Run(ctx, doctor.Deps{Store: st, Connections: conns}, ws.ID, c.ID, doctor.Options{Objects: objects})
}

// findWorkspace finds a workspace by id, else by external key.
func findWorkspace(ctx context.Context, st store.Store, arg string) (store.Workspace, error) {
	ws, err := st.GetWorkspace(ctx, arg)
	if errors.Is(err, store.ErrNotFound) {
		ws, err = st.GetWorkspaceByExternalKey(ctx, arg)
	}
	if errors.Is(err, store.ErrNotFound) {
		return ws, fmt.Errorf("no workspace has the id or external key %q", arg)
	}
	if err != nil {
		return ws, fmt.Errorf("reading workspace %q: %w", arg, err)
	}
	return ws, nil
}

// findConnectionByIDOrName finds a connection of ws by id, else by name.
func findConnectionByIDOrName(ctx context.Context, conns *connection.Service, ws store.Workspace, arg string) (store.Connection, error) {
	c, err := conns.Get(ctx, ws.ID, arg)
	if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	if c, err = findConnection(ctx, conns, ws.ID, arg); err != nil || c.ID != "" {
		return c, err
	}
	return c, fmt.Errorf("workspace %q has no connection with the id or name %q", ws.ExternalKey, arg)
}

// statusMarks are the marks printReport puts before each check.
var statusMarks = map[doctor.Status]string{doctor.Pass: "✓", doctor.Warn: "!", doctor.Fail: "✗"}

// printReport prints a check a line, the fix of one that did not pass
// indented under it, and a summary.
func printReport(w io.Writer, rep doctor.Report) {
	for _, c := range rep.Checks {
		fmt.Fprintf(w, "%s %s: %s\n", statusMarks[c.Status], c.Title, c.Message)
		if c.Fix != "" {
			fmt.Fprintf(w, "    %s\n", c.Fix)
		}
	}
	verdict := "all checks passed"
	if !rep.OK {
		verdict = "some checks failed"
	}
	fmt.Fprintf(w, "\n%s: %d passed, %d %s, %d failed (%d API %s)\n", verdict,
		rep.Summary.Pass, rep.Summary.Warn, pluralWord(rep.Summary.Warn, "warning"), rep.Summary.Fail, rep.APICalls, pluralWord(rep.APICalls, "call"))
}

// pluralWord is noun, with an s unless n is 1.
func pluralWord(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
