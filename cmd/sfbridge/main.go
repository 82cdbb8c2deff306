// Command sfbridge is the sfbridge service in one binary. Subcommands:
//
//	sfbridge demo       an emulated org, the service on SQLite, a connected workspace
//	sfbridge emulator   run an emulated Salesforce org (see package sfemu)
//	sfbridge serve      run the service (settings: sfbridge serve -h)
//	sfbridge migrate    bring the database schema up to date
//	sfbridge doctor     check that a connection's Salesforce user can do what sfbridge needs
//	sfbridge ops        run, list and cancel one-time operations through the API
//	sfbridge bench      measure a first load, an incremental run and a push against an emulated org
//
// Every flag can also be set with an SFBRIDGE_* environment variable named
// after it (--ready-file is SFBRIDGE_READY_FILE).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "emulator":
		return runEmulator(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args[1:], stdout, stderr)
	case "ops":
		return runOps(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "sfbridge: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: sfbridge <command> [flags]

Commands:
  demo       run everything on this machine: an emulated org, the service on
             SQLite, and a workspace connected through the real OAuth flow
  emulator   run an emulated Salesforce org for demos and tests
  serve      run the sfbridge service (settings: sfbridge serve -h)
  migrate    bring the database schema up to date and exit
  doctor     check that a connection's Salesforce user can read and write
             what sfbridge needs, with the fix for what it cannot
  ops        one-time operations (pull all, push all, full resync): run one
             with a progress bar, list them, cancel one (sfbridge ops -h)
  bench      measure a first load of 1,000,000 Contacts, an incremental run
             and a push of 100,000 updates against an emulated org

Run 'sfbridge <command> -h' for the flags of a command.
`)
}
