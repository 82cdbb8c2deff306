// Command sfbridge is the sfbridge service in one binary. Subcommands:
//
//	sfbridge emulator   run an emulated Salesforce org (see package sfemu)
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
  emulator   run an emulated Salesforce org for demos and tests

Run 'sfbridge <command> -h' for the flags of a command.
`)
}
