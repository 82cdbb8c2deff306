package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// benchConfig is what `sfbridge bench` measures.
type benchConfig struct {
	// Contacts is how many Contacts the emulated org holds.
	Contacts int
	// ChangedPercent of them change in Salesforce before the
	// incremental run.
	ChangedPercent float64
	// Push is how many app records are updated and pushed.
	Push int
	// SF is the sf CLI to compare with; empty looks for sf on PATH, "-"
	// skips the comparison.
	SF string
	// Keep keeps the scratch folder (database, emulator log).
	Keep bool
	// CPUProfile, when set, receives a CPU profile of the first load.
	CPUProfile string
	// MemProfile, when set, receives the allocations of the first load.
	MemProfile string
}

func parseBenchFlags(args []string, stderr io.Writer) (benchConfig, error) {
	cfg := benchConfig{Contacts: 1_000_000, ChangedPercent: 1, Push: 100_000}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.Contacts, "contacts", cfg.Contacts, "Contacts in the emulated org, all read by the first load")
	fs.Float64Var(&cfg.ChangedPercent, "changed-percent", cfg.ChangedPercent, "percent of the Contacts changed in Salesforce before the incremental run")
	fs.IntVar(&cfg.Push, "push", cfg.Push, "app records updated and pushed to Salesforce (0 skips the push)")
	fs.StringVar(&cfg.SF, "sf", "", "the sf CLI to compare the first load with (sf data export bulk); default: sf on PATH if there is one; - skips it")
	fs.BoolVar(&cfg.Keep, "keep", false, "keep the scratch folder (SQLite database, emulator log)")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the first load to this file (go tool pprof)")
	fs.StringVar(&cfg.MemProfile, "memprofile", "", "write the first load's allocations to this file (go tool pprof -sample_index=alloc_space)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.Contacts < 1 || cfg.Contacts > 10_000_000:
		return cfg, fmt.Errorf("--contacts is %d; use 1 to 10,000,000", cfg.Contacts)
	case cfg.ChangedPercent < 0 || cfg.ChangedPercent > 100:
		return cfg, fmt.Errorf("--changed-percent is %g; use 0 to 100", cfg.ChangedPercent)
	case cfg.Push < 0 || cfg.Push > cfg.Contacts:
		return cfg, fmt.Errorf("--push is %d; use 0 to --contacts (%d)", cfg.Push, cfg.Contacts)
	}
	return cfg, nil
}

// runBench measures sfbridge against an emulated org in another process:
// a first load, an incremental run and a push, printed as a table.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseBenchFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "sfbridge bench: %v\n", err)
		return 2
	}
	b := &bench{cfg: cfg, out: stdout, started: time.Now()}
	if err := b.run(ctx); err != nil {
		fmt.Fprintf(stderr, "sfbridge bench: %v\n", err)
		return 1
	}
	return 0
}

// bench is one run of the benchmark.
type bench struct {
	cfg     benchConfig
	out     io.Writer
	started time.Time
	dir     string
	org     benchOrg
	st      *sqlite.Store
	conns   *connection.Service
	engine  *syncer.Engine
	ws      store.Workspace
	conn    store.Connection
	rows    []benchRow
}

// benchOrg is the emulator's ready file, as far as the bench reads it.
type benchOrg struct {
	InstanceURL  string `json:"instance_url"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	AccessToken  string `json:"access_token"`
	AdminToken   string `json:"admin_token"`
}

// benchRow is one line of the table.
type benchRow struct {
	Phase    string
	Records  int
	Elapsed  time.Duration
	APICalls int64
	// Calls says what the calls were, by kind.
	Calls string
	// PeakRSS is the process's peak resident memory during the phase, in
	// bytes; 0 when not measured.
	PeakRSS int64
	// CPU is the processor time (user and system) this process spent in
	// the phase; 0 when not measured. Steadier than the elapsed time on
	// a shared machine, and it shows what a phase costs beside the
	// emulator, which runs in its own process.
	CPU time.Duration
}

// benchCallbackURL is the OAuth callback the bench registers: it is
// never visited, the bench hands the code to the connection service.
const benchCallbackURL = "http://127.0.0.1:9/v1/oauth/callback"

func (b *bench) say(format string, args ...any) {
	fmt.Fprintf(b.out, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func (b *bench) run(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "sfbridge-bench-")
	if err != nil {
		return err
	}
	b.dir = dir
	if b.cfg.Keep {
		defer b.say("kept %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	stop, err := b.startOrg(ctx)
	if err != nil {
		return err
	}
	defer stop()
	if err := b.setUp(ctx); err != nil {
		return err
	}
	defer b.st.Close()
	if err := b.firstLoad(ctx); err != nil {
		return err
	}
	if err := b.incremental(ctx); err != nil {
		return err
	}
	if b.cfg.Push > 0 {
		if err := b.push(ctx); err != nil {
			return err
		}
	}
	if err := b.compareCLI(ctx); err != nil {
		b.say("sf CLI comparison skipped: %v", err)
	}
	b.table()
	return nil
}

// startOrg runs `sfbridge emulator` with the generated Contacts in a
// child process, so the bench's own memory is sfbridge's alone.
func (b *bench) startOrg(ctx context.Context) (stop func(), err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program to start the emulator: %w", err)
	}
	ready := filepath.Join(b.dir, "emulator-ready.json")
	logFile, err := os.Create(filepath.Join(b.dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "emulator", "--listen", "127.0.0.1:0", "--seed", "empty",
		"--contacts", strconv.Itoa(b.cfg.Contacts), "--edition", "Enterprise", "--daily-api-limit", "5000000",
		"--callback-url", benchCallbackURL, "--ready-file", ready)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	b.say("starting an emulated org with %s generated Contacts", thousands(int64(b.cfg.Contacts)))
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := time.Now()
	for {
		if data, err := os.ReadFile(ready); err == nil && len(data) > 0 {
			if err := json.Unmarshal(data, &b.org); err != nil {
				stop()
				return nil, fmt.Errorf("reading the emulator's ready file: %w", err)
			}
			b.say("emulated org ready at %s", b.org.InstanceURL)
			return stop, nil
		}
		select {
		case err := <-exited:
			logFile.Close()
			log, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("the emulator exited before it was ready (%v): %s", err, strings.TrimSpace(string(log)))
		case <-ctx.Done():
			stop()
			return nil, ctx.Err()
		case <-tick.C:
			if time.Since(last) >= 5*time.Second {
				last = time.Now()
				b.say("still generating Contacts...")
			}
		}
	}
}

// setUp opens a fresh SQLite store, connects a workspace to the org
// through the real authorization-code flow, and maps Contact two-way.
func (b *bench) setUp(ctx context.Context) error {
	st, err := sqlite.Open(ctx, filepath.Join(b.dir, "bench.db"))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	b.st = st
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	ring, err := secret.NewKeyring(secret.Key{ID: "bench", Secret: key})
	if err != nil {
		return err
	}
	b.conns, err = connection.New(st, ring, connection.Config{
		PublicURL:           strings.TrimSuffix(benchCallbackURL, connection.CallbackPath),
		DefaultClientID:     b.org.ClientID,
		DefaultClientSecret: b.org.ClientSecret,
		ProductionLoginURL:  b.org.InstanceURL,
		SandboxLoginURL:     b.org.InstanceURL,
	})
	if err != nil {
		return err
	}
	if b.ws, err = st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "bench", Name: "Bench"}); err != nil {
		return err
	}
	if b.conn, err = b.conns.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Bench org"}); err != nil {
		return err
	}
	authURL, err := b.conns.Authorize(ctx, b.ws.ID, b.conn.ID, "")
	if err != nil {
		return err
	}
	back, err := sfemu.AuthorizeAs(ctx, nil, authURL, b.org.Username, b.org.Password)
	if err != nil {
		return err
	}
	if b.conn, _, err = b.conns.Callback(ctx, back.Query()); err != nil {
		return fmt.Errorf("completing the authorization: %w", err)
	}
	typ, fms := mapping.Defaults("Contact")
	if err := mapObject(ctx, st, b.ws.ID, b.conn.ID, "Contact", typ, fms, true); err != nil {
		return err
	}
	if err := enableWrites(ctx, b.conns, b.ws.ID, b.conn.ID); err != nil {
		return err
	}
	b.engine = syncer.New(st, b.conns, syncer.Config{})
	b.say("workspace connected through OAuth; Contact mapped both ways with %d fields", len(fms))
	return nil
}

// measure runs one phase: it zeroes the org's request counts and this
// process's peak memory, runs f, and records the row. inProcess says the
// phase's work runs in this process, so its peak memory is the phase's.
func (b *bench) measure(ctx context.Context, phase string, inProcess bool, f func() (int, error)) error {
	if err := b.orgAdmin(ctx, http.MethodPost, "/stats/reset", nil); err != nil {
		return err
	}
	rssMeasured := resetPeakRSS()
	cpuStart := processCPU()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				b.say("%s: running for %s", phase, time.Since(start).Round(time.Second))
			}
		}
	}()
	n, err := f()
	elapsed := time.Since(start)
	cpu := processCPU() - cpuStart
	close(done)
	if err != nil {
		return fmt.Errorf("%s: %w", phase, err)
	}
	var stats sfemu.Stats
	if err := b.orgAdmin(ctx, http.MethodGet, "/stats", &stats); err != nil {
		return err
	}
	row := benchRow{Phase: phase, Records: n, Elapsed: elapsed}
	var kinds []string
	for _, kind := range slices.Sorted(maps.Keys(stats.Requests)) {
		count := stats.Requests[kind]
		// Token requests do not count against Salesforce's API allocation.
		if count == 0 || kind == "oauth_token" {
			continue
		}
		row.APICalls += count
		kinds = append(kinds, fmt.Sprintf("%s %d", kind, count))
	}
	row.Calls = strings.Join(kinds, ", ")
	if rssMeasured && inProcess {
		row.PeakRSS = peakRSS()
	}
	if inProcess && cpuStart > 0 {
		row.CPU = cpu
	}
	b.rows = append(b.rows, row)
	b.say("%s: %s records in %s (%s records/s), %d API calls (%s)", phase, thousands(int64(n)), elapsed.Round(time.Millisecond),
		thousands(int64(float64(n)/elapsed.Seconds())), row.APICalls, row.Calls)
	return nil
}

func (b *bench) firstLoad(ctx context.Context) error {
	if b.cfg.CPUProfile != "" {
		f, err := os.Create(b.cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if b.cfg.MemProfile != "" {
		// The allocation profile counts from the start of the process;
		// the set-up before the load is small beside it.
		defer func() {
			if err := writeHeapProfile(b.cfg.MemProfile); err != nil {
				b.say("memory profile: %v", err)
			}
		}()
	}
	return b.measure(ctx, "first load", true, func() (int, error) {
		run, err := b.engine.SyncObject(ctx, b.ws.ID, b.conn.ID, "Contact")
		if err != nil {
			return 0, err
		}
		if run.Status != store.RunSucceeded || run.Created != b.cfg.Contacts {
			return 0, fmt.Errorf("the first load ended %s with %d of %d records created: %s", run.Status, run.Created, b.cfg.Contacts, run.Error)
		}
		return run.Read, nil
	})
}

// incremental changes a share of the Contacts in the org (not measured),
// then measures the run that brings them in.
func (b *bench) incremental(ctx context.Context) error {
	n := int(float64(b.cfg.Contacts) * b.cfg.ChangedPercent / 100)
	if n > 0 {
		client, err := b.conns.Client(ctx, b.ws.ID, b.conn.ID)
		if err != nil {
			return err
		}
		var ids []string
		for row, err := range client.BulkQuery(ctx, "SELECT Id FROM Contact", salesforce.BulkQueryOptions{}) {
			if err != nil {
				return fmt.Errorf("reading Contact ids to change: %w", err)
			}
			ids = append(ids, row["Id"])
			if len(ids) == n {
				break
			}
		}
		records := func(yield func(map[string]any) bool) {
			for i, id := range ids {
				if !yield(map[string]any{"Id": id, "Title": "Changed " + strconv.Itoa(i)}) {
					return
				}
			}
		}
		if _, err := client.BulkIngest(ctx, salesforce.BulkIngestSpec{Object: "Contact", Operation: "update", Columns: []string{"Id", "Title"}}, records, salesforce.BulkIngestOptions{}); err != nil {
			return fmt.Errorf("changing %d Contacts in the org: %w", n, err)
		}
		b.say("changed %s Contacts in the org", thousands(int64(n)))
	}
	return b.measure(ctx, fmt.Sprintf("incremental (%g%% changed)", b.cfg.ChangedPercent), true, func() (int, error) {
		run, err := b.engine.SyncObject(ctx, b.ws.ID, b.conn.ID, "Contact")
		if err != nil {
			return 0, err
		}
		if run.Status != store.RunSucceeded || run.Updated < n {
			return 0, fmt.Errorf("the incremental run ended %s with %d updated, want %d: %s", run.Status, run.Updated, n, run.Error)
		}
		return run.Read, nil
	})
}

// push updates app records through the store as the host would (not
// measured), then measures pushing them to the org.
func (b *bench) push(ctx context.Context) error {
	typ, _ := mapping.Defaults("Contact")
	written := 0
	p := store.ListParams{Limit: store.MaxLimit}
	now := time.Now().UTC()
	for written < b.cfg.Push {
		page, err := b.st.ListAppRecords(ctx, b.ws.ID, typ.Name, p)
		if err != nil {
			return err
		}
		writes := make([]store.AppWrite, 0, len(page.Items))
		for _, r := range page.Items {
			if written+len(writes) == b.cfg.Push {
				break
			}
			writes = append(writes, store.AppWrite{Op: store.AppUpdate, Type: typ.Name, ID: r.ID,
				Fields: map[string]any{"title": "Pushed " + strconv.Itoa(written+len(writes))}})
		}
		if len(writes) == 0 {
			return fmt.Errorf("the store holds only %d Contacts to update", written)
		}
		if _, err := b.st.WriteAppRecords(ctx, b.ws.ID, writes, now); err != nil {
			return fmt.Errorf("updating app records: %w", err)
		}
		written += len(writes)
		if page.Next == "" {
			break
		}
		p.After = page.Next
	}
	b.say("updated %s app records (each now waits in the outbox)", thousands(int64(written)))
	return b.measure(ctx, "push app updates", true, func() (int, error) {
		pushed := 0
		for {
			run, err := b.engine.PushObject(ctx, b.ws.ID, b.conn.ID, "Contact")
			if err != nil {
				return pushed, err
			}
			if run.ID == "" {
				break // nothing was due
			}
			if run.Failed > 0 {
				return pushed, fmt.Errorf("%d records failed to push: %s", run.Failed, run.Error)
			}
			pushed += run.Updated + run.Created
		}
		if pushed != written {
			return pushed, fmt.Errorf("pushed %d of %d updates", pushed, written)
		}
		return pushed, nil
	})
}

// compareCLI runs the same first load through the sf CLI's
// `sf data export bulk`, when the CLI is there.
func (b *bench) compareCLI(ctx context.Context) error {
	sf := b.cfg.SF
	if sf == "-" {
		return errors.New("--sf -")
	}
	if sf == "" {
		path, err := exec.LookPath("sf")
		if err != nil {
			return errors.New("no sf on PATH (install @salesforce/cli, or pass --sf)")
		}
		sf = path
	}
	home := filepath.Join(b.dir, "sf-home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	env := append(os.Environ(), "HOME="+home, "SF_HOME="+home, "SF_DISABLE_TELEMETRY=true", "SF_AUTOUPDATE_DISABLE=true",
		"SF_USE_GENERIC_UNIX_KEYCHAIN=true", "SF_ACCESS_TOKEN="+b.org.AccessToken)
	login := exec.CommandContext(ctx, sf, "org", "login", "access-token", "--instance-url", b.org.InstanceURL, "--alias", "bench", "--no-prompt")
	login.Env = env
	if out, err := login.CombinedOutput(); err != nil {
		return fmt.Errorf("sf org login access-token: %v: %s", err, strings.TrimSpace(string(out)))
	}
	_, fms := mapping.Defaults("Contact")
	fields := []string{"Id", "SystemModstamp"}
	for _, fm := range fms {
		fields = append(fields, fm.SFField)
	}
	outFile := filepath.Join(b.dir, "sf-export.csv")
	var exported int
	err := b.measure(ctx, "sf data export bulk", false, func() (int, error) {
		cmd := exec.CommandContext(ctx, sf, "data", "export", "bulk", "--query", "SELECT "+strings.Join(fields, ", ")+" FROM Contact",
			"--output-file", outFile, "--wait", "60", "--target-org", "bench", "--json")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
		}
		var res struct {
			Result struct {
				TotalSize int `json:"totalSize"`
			} `json:"result"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			return 0, fmt.Errorf("reading its answer: %w", err)
		}
		exported = res.Result.TotalSize
		return exported, nil
	})
	if err != nil {
		return err
	}
	if exported != b.cfg.Contacts {
		return fmt.Errorf("sf exported %d of %d Contacts", exported, b.cfg.Contacts)
	}
	return nil
}

// table prints the rows.
func (b *bench) table() {
	fmt.Fprintln(b.out)
	w := tabwriter.NewWriter(b.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "phase\trecords\tseconds\trecords/s\tAPI calls\tpeak RSS\tCPU s\t")
	for _, r := range b.rows {
		rss, cpu := "-", "-"
		if r.PeakRSS > 0 {
			rss = fmt.Sprintf("%d MB", r.PeakRSS>>20)
		}
		if r.CPU > 0 {
			cpu = fmt.Sprintf("%.1f", r.CPU.Seconds())
		}
		fmt.Fprintf(w, "%s\t%s\t%.1f\t%s\t%d\t%s\t%s\t\n", r.Phase, thousands(int64(r.Records)), r.Elapsed.Seconds(),
			thousands(int64(float64(r.Records)/r.Elapsed.Seconds())), r.APICalls, rss, cpu)
	}
	w.Flush()
	fmt.Fprintln(b.out)
	for _, r := range b.rows {
		fmt.Fprintf(b.out, "%s calls: %s\n", r.Phase, r.Calls)
	}
	var first, cli *benchRow
	for i := range b.rows {
		switch b.rows[i].Phase {
		case "first load":
			first = &b.rows[i]
		case "sf data export bulk":
			cli = &b.rows[i]
		}
	}
	if first != nil && cli != nil {
		fmt.Fprintf(b.out, "\nfirst load into sfbridge's store vs sf data export bulk to a CSV file: %.2fx the CLI's speed\n",
			cli.Elapsed.Seconds()/first.Elapsed.Seconds())
	}
}

// orgAdmin calls the emulator's admin API; out, when not nil, receives
// the JSON answer.
func (b *bench) orgAdmin(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, b.org.InstanceURL+"/__sfemu"+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+b.org.AdminToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the emulator's admin API: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
		return fmt.Errorf("the emulator's admin API %s %s: %d %s", method, path, res.StatusCode, body)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// resetPeakRSS zeroes the kernel's record of this process's peak
// resident memory (Linux: writing 5 to /proc/self/clear_refs), and says
// whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS is this process's peak resident memory since the last reset,
// in bytes (VmHWM in /proc/self/status); 0 when unknown.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// thousands writes n with comma separators: 1,000,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeHeapProfile writes the heap profile (with every allocation since
// the process started) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
