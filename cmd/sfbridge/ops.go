package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sfbridge/sfbridge/internal/config"
)

const opsUsage = `Usage: sfbridge ops <command> [flags]

One-time operations on a connection, through the API of a running
sfbridge serve (or demo):

  sfbridge ops run <kind> --workspace ID|KEY [--connection ID|NAME] [--estimate-only]
      start an operation, show its progress and its result; kinds:
      pull_all, push_all, full_resync (and pull_lead_statuses,
      sync_users where the service has them). Ctrl+C stops watching;
      the operation goes on.
  sfbridge ops list --workspace ID|KEY [--connection ID|NAME]
      the operations of a connection (or of every connection), newest first
  sfbridge ops show <id> --workspace ID|KEY [--connection ID|NAME]
      one operation's progress or result
  sfbridge ops cancel <id> --workspace ID|KEY [--connection ID|NAME]
      cancel an operation: a queued one at once, a running one within a
      page or batch

Flags (each also read from SFBRIDGE_<NAME>, such as SFBRIDGE_WORKSPACE):

  --workspace ID|KEY    the workspace, by id or by the host's external key
  --connection ID|NAME  the connection, by id or name; may be left out when
                        the workspace has one
  --api-url URL         the service (default SFBRIDGE_PUBLIC_URL, else
                        http://SFBRIDGE_LISTEN, else http://127.0.0.1:8080)
  --api-key KEY         an API key (default SFBRIDGE_ADMIN_API_KEY)
  --interval D          how often the progress is read (default 500ms on a
                        terminal, 2s otherwise)
  --estimate-only       run: print the estimate and start nothing
  --limit N             list: operations per connection (default 20)
`

// opsFlags are the flags of every ops command.
type opsFlags struct {
	apiURL, apiKey        string
	workspace, connection string
	interval              time.Duration
	estimateOnly          bool
	limit                 int
}

// apiOperation is an operation as the API answers it.
type apiOperation struct {
	ID              string          `json:"id"`
	ConnectionID    string          `json:"connection_id"`
	Kind            string          `json:"kind"`
	Status          string          `json:"status"`
	Step            string          `json:"step"`
	Done            int             `json:"done"`
	Total           int             `json:"total"`
	Percent         int             `json:"percent"`
	APICalls        int             `json:"api_calls"`
	EstimatedCalls  int             `json:"estimated_calls"`
	Result          json.RawMessage `json:"result"`
	Error           string          `json:"error"`
	CancelRequested bool            `json:"cancel_requested"`
	Attempt         int             `json:"attempt"`
	CreatedAt       time.Time       `json:"created_at"`
	StartedAt       *time.Time      `json:"started_at"`
	FinishedAt      *time.Time      `json:"finished_at"`
	Estimate        *apiEstimate    `json:"estimate"`
}

func (op apiOperation) finished() bool {
	return op.Status == "succeeded" || op.Status == "failed" || op.Status == "cancelled"
}

// apiEstimate is an operation's estimate as the API answers it.
type apiEstimate struct {
	Kind     string `json:"kind"`
	APICalls int    `json:"api_calls"`
	Records  int    `json:"records"`
	Objects  []struct {
		Object    string `json:"object"`
		Direction string `json:"direction"`
		Records   int    `json:"records"`
		APICalls  int    `json:"api_calls"`
	} `json:"objects"`
	CountingCalls int    `json:"counting_calls"`
	Unknown       bool   `json:"unknown"`
	Note          string `json:"note"`
}

// runOps runs an ops command.
func runOps(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, opsUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub := args[0]
	f, pos, err := parseOpsFlags(sub, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, opsUsage)
		return 0
	}
	if err == nil {
		err = checkOpsArgs(sub, f, pos)
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge ops %s: %v\n", sub, err)
		return 2
	}
	o := &opsCommand{f: f, api: newAPIClient(f.apiURL, f.apiKey), out: stdout, tty: isTerminal(stdout)}
	if o.f.interval <= 0 {
		o.f.interval = 2 * time.Second
		if o.tty {
			o.f.interval = 500 * time.Millisecond
		}
	}
	var code int
	switch sub {
	case "run":
		code, err = o.run(ctx, pos[0])
	case "list":
		code, err = o.list(ctx)
	case "show":
		code, err = o.show(ctx, pos[0])
	case "cancel":
		code, err = o.cancel(ctx, pos[0])
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfbridge ops %s: %v\n", sub, err)
		return 1
	}
	return code
}

// parseOpsFlags reads the flags, which may come before or after the
// positional arguments, and returns those.
func parseOpsFlags(sub string, args []string) (opsFlags, []string, error) {
	var f opsFlags
	fs := flag.NewFlagSet("ops "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.apiURL, "api-url", "", "the service's URL")
	fs.StringVar(&f.apiKey, "api-key", "", "an API key")
	fs.StringVar(&f.workspace, "workspace", "", "workspace id or external key")
	fs.StringVar(&f.connection, "connection", "", "connection id or name")
	fs.DurationVar(&f.interval, "interval", 0, "how often the progress is read")
	fs.BoolVar(&f.estimateOnly, "estimate-only", false, "print the estimate and start nothing")
	fs.IntVar(&f.limit, "limit", 20, "operations per connection")
	if err := applyEnv(fs); err != nil {
		return f, nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return f, nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if f.apiURL == "" {
		c := config.Default()
		if v := os.Getenv("SFBRIDGE_LISTEN"); v != "" {
			c.Listen = v
		}
		c.PublicURL = os.Getenv("SFBRIDGE_PUBLIC_URL")
		f.apiURL = c.ResolvedPublicURL()
	}
	if f.apiKey == "" {
		f.apiKey = os.Getenv("SFBRIDGE_ADMIN_API_KEY")
	}
	f.workspace, f.connection = strings.TrimSpace(f.workspace), strings.TrimSpace(f.connection)
	return f, pos, nil
}

func checkOpsArgs(sub string, f opsFlags, pos []string) error {
	want := map[string]string{"run": "a kind", "show": "an operation id", "cancel": "an operation id", "list": ""}
	what, ok := want[sub]
	switch {
	case !ok:
		return fmt.Errorf("unknown command %q: run, list, show or cancel (sfbridge ops -h)", sub)
	case what == "" && len(pos) > 0:
		return fmt.Errorf("unexpected argument %q", pos[0])
	case what != "" && len(pos) != 1:
		return fmt.Errorf("give %s (sfbridge ops -h)", what)
	case f.workspace == "":
		return errors.New("--workspace is required (sfbridge ops -h)")
	case f.apiKey == "":
		return errors.New("no API key: pass --api-key, or set SFBRIDGE_API_KEY or SFBRIDGE_ADMIN_API_KEY")
	case f.apiURL == "":
		return errors.New("no API URL: pass --api-url")
	}
	return nil
}

// isTerminal reports whether w is a terminal, where the progress bar
// is redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// opsCommand is one ops command's API client and output.
type opsCommand struct {
	f   opsFlags
	api *apiClient
	out io.Writer
	tty bool
}

// target resolves the workspace and the connection the flags name.
func (o *opsCommand) target(ctx context.Context) (apiWorkspace, apiConnection, error) {
	ws, err := o.api.workspace(ctx, o.f.workspace)
	if err != nil {
		return ws, apiConnection{}, err
	}
	c, err := o.api.connection(ctx, ws, o.f.connection)
	return ws, c, err
}

func opsPath(ws apiWorkspace, c apiConnection) string {
	return "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/operations"
}

// run starts an operation (or only estimates it) and follows it to its
// end: exit 0 when it succeeded, 1 otherwise.
func (o *opsCommand) run(ctx context.Context, kind string) (int, error) {
	ws, c, err := o.target(ctx)
	if err != nil {
		return 1, err
	}
	path := opsPath(ws, c)
	if o.f.estimateOnly {
		var est apiEstimate
		if err := o.api.do(ctx, "POST", path, map[string]any{"kind": kind, "estimate_only": true}, &est); err != nil {
			return 1, err
		}
		printEstimate(o.out, est)
		return 0, nil
	}
	var op apiOperation
	if err := o.api.do(ctx, "POST", path, map[string]any{"kind": kind}, &op); err != nil {
		return 1, err
	}
	if op.Estimate != nil {
		printEstimate(o.out, *op.Estimate)
	}
	fmt.Fprintf(o.out, "Started %s on connection %s (%s): operation %s\n", op.Kind, c.Name, c.ID, op.ID)
	op, err = o.watch(ctx, path+"/"+op.ID, op)
	if ctx.Err() != nil {
		fmt.Fprintf(o.out, "Stopped watching; operation %s goes on. Follow it with: sfbridge ops show %s --workspace %s --connection %s\n"+
			"Cancel it with: sfbridge ops cancel %[2]s --workspace %[3]s --connection %[4]s\n", op.ID, op.ID, ws.ID, c.ID)
		return 1, nil
	}
	if err != nil {
		return 1, err
	}
	printOperation(o.out, op)
	if op.Status != "succeeded" {
		return 1, nil
	}
	return 0, nil
}

// watch reads the operation every interval, drawing its progress, until
// it has finished or ctx ends.
func (o *opsCommand) watch(ctx context.Context, path string, op apiOperation) (apiOperation, error) {
	p := &progress{w: o.out, tty: o.tty}
	defer p.end()
	ticker := time.NewTicker(o.f.interval)
	defer ticker.Stop()
	for {
		p.show(op)
		if op.finished() {
			return op, nil
		}
		select {
		case <-ctx.Done():
			return op, ctx.Err()
		case <-ticker.C:
		}
		var next apiOperation
		if err := o.api.do(ctx, "GET", path, nil, &next); err != nil {
			if ctx.Err() != nil {
				return op, ctx.Err()
			}
			return op, err
		}
		op = next
	}
}

// list prints the operations of the connection, or of every connection
// of the workspace.
func (o *opsCommand) list(ctx context.Context) (int, error) {
	ws, err := o.api.workspace(ctx, o.f.workspace)
	if err != nil {
		return 1, err
	}
	var conns []apiConnection
	if o.f.connection != "" {
		c, err := o.api.connection(ctx, ws, o.f.connection)
		if err != nil {
			return 1, err
		}
		conns = []apiConnection{c}
	} else if conns, err = o.api.connections(ctx, ws); err != nil {
		return 1, err
	}
	tw := tabwriter.NewWriter(o.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCONNECTION\tKIND\tSTATUS\tPROGRESS\tAPI CALLS\tCREATED")
	n := 0
	for _, c := range conns {
		var page struct {
			Data []apiOperation `json:"data"`
		}
		if err := o.api.do(ctx, "GET", fmt.Sprintf("%s?limit=%d", opsPath(ws, c), min(max(o.f.limit, 1), 200)), nil, &page); err != nil {
			return 1, err
		}
		for _, op := range page.Data {
			n++
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d (%d%%)\t%d\t%s\n", op.ID, c.Name, op.Kind, op.Status, op.Done, op.Total, op.Percent,
				op.APICalls, op.CreatedAt.Local().Format(time.DateTime))
		}
	}
	if err := tw.Flush(); err != nil {
		return 1, err
	}
	if n == 0 {
		fmt.Fprintln(o.out, "No operations yet.")
	}
	return 0, nil
}

// find reads an operation by id: on the connection the flags name, or
// on whichever connection of the workspace has it.
func (o *opsCommand) find(ctx context.Context, id string) (apiWorkspace, apiConnection, apiOperation, error) {
	ws, err := o.api.workspace(ctx, o.f.workspace)
	if err != nil {
		return ws, apiConnection{}, apiOperation{}, err
	}
	var conns []apiConnection
	if o.f.connection != "" {
		c, err := o.api.connection(ctx, ws, o.f.connection)
		if err != nil {
			return ws, c, apiOperation{}, err
		}
		conns = []apiConnection{c}
	} else if conns, err = o.api.connections(ctx, ws); err != nil {
		return ws, apiConnection{}, apiOperation{}, err
	}
	for _, c := range conns {
		var op apiOperation
		err := o.api.do(ctx, "GET", opsPath(ws, c)+"/"+id, nil, &op)
		if err == nil {
			return ws, c, op, nil
		}
		if !isStatus(err, http.StatusNotFound) {
			return ws, c, op, err
		}
	}
	return ws, apiConnection{}, apiOperation{}, fmt.Errorf("workspace %q has no operation %q", ws.ExternalKey, id)
}

// show prints one operation.
func (o *opsCommand) show(ctx context.Context, id string) (int, error) {
	_, _, op, err := o.find(ctx, id)
	if err != nil {
		return 1, err
	}
	printOperation(o.out, op)
	return 0, nil
}

// cancel cancels an operation.
func (o *opsCommand) cancel(ctx context.Context, id string) (int, error) {
	ws, c, op, err := o.find(ctx, id)
	if err != nil {
		return 1, err
	}
	if op.finished() {
		fmt.Fprintf(o.out, "Operation %s has finished already (%s); nothing to cancel.\n", op.ID, op.Status)
		return 1, nil
	}
	if err := o.api.do(ctx, "POST", opsPath(ws, c)+"/"+id+"/cancel", nil, &op); err != nil {
		return 1, err
	}
	if op.Status == "cancelled" {
		fmt.Fprintf(o.out, "Cancelled operation %s before it started.\n", op.ID)
	} else {
		fmt.Fprintf(o.out, "Cancelling operation %s: it stops within a page or batch, keeping what it did.\n", op.ID)
	}
	return 0, nil
}
