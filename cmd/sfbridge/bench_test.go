package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for sfbridge when a test starts
// it as a child process (the bench starts its emulator that way).
func TestMain(m *testing.M) {
	if os.Getenv("SFBRIDGE_TEST_RUN_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBenchPrintsEveryPhase(t *testing.T) {
	t.Setenv("SFBRIDGE_TEST_RUN_MAIN", "1")
	var out, errOut syncBuffer
	code := run(t.Context(), []string{"bench", "--contacts", "3000", "--changed-percent", "10", "--push", "500", "--sf", "-"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`first load\s+3,000\s+[\d.]+\s+[\d,]+\s+\d+\s+\d+ MB`),
		regexp.MustCompile(`incremental \(10% changed\)\s+[\d,]+\s`),
		regexp.MustCompile(`push app updates\s+500\s`),
		regexp.MustCompile(`first load calls: .*describe 1`),
	} {
		if !want.MatchString(text) {
			t.Errorf("the bench's output lacks %s:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "sf CLI comparison skipped: --sf -") {
		t.Errorf("--sf - did not skip the CLI for its own reason:\n%s", text)
	}
}

func TestBenchRefusesBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"bench", "--contacts", "0"},
		{"bench", "--changed-percent", "101"},
		{"bench", "--contacts", "10", "--push", "11"},
		{"bench", "extra"},
	} {
		var out, errOut syncBuffer
		if code := run(t.Context(), args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "sfbridge bench:") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}
