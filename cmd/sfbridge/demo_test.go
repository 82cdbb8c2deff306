package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runUntil runs a command in the background until its output matches
// ready, then cancels it and returns the output and exit code.
func runUntil(t *testing.T, args []string, ready *regexp.Regexp, check func(out string)) (string, int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &out, &errOut) }()
	deadline := time.Now().Add(60 * time.Second)
	for !ready.MatchString(out.String()) {
		select {
		case code := <-done:
			t.Fatalf("exited %d before it was ready; stdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in time; stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if check != nil {
		check(out.String())
	}
	cancel()
	select {
	case code := <-done:
		return out.String() + errOut.String(), code
	case <-time.After(20 * time.Second):
		t.Fatal("did not stop")
	}
	return "", -1
}

func TestDemoConnectsAWorkspace(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	args := []string{"demo", "--data-dir", dir, "--listen", "127.0.0.1:0"}
	ready := regexp.MustCompile(`Press Ctrl\+C to stop`)
	api := regexp.MustCompile(`API +(http://\S+)/v1`)
	key := regexp.MustCompile(`admin API key +(sfb_\S+)`)
	out, code := runUntil(t, args, ready, func(out string) {
		base, admin := api.FindStringSubmatch(out)[1], key.FindStringSubmatch(out)[1]
		req, _ := http.NewRequest("GET", base+"/v1/workspaces", nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Errorf("the printed API and key do not work: %v %v", res, err)
		}
		if res != nil {
			res.Body.Close()
		}
	})
	if code != 0 || !strings.Contains(out, "connected through OAuth") || !strings.Contains(out, ": synced") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// A second run reuses the data folder and connects again; its ready
	// file says where everything is.
	readyFile := filepath.Join(t.TempDir(), "ready.json")
	out, code = runUntil(t, append(args, "--ready-file", readyFile), ready, func(string) {
		data, err := os.ReadFile(readyFile)
		if err != nil {
			t.Fatalf("ready file: %v", err)
		}
		var r demoReady
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if r.APIURL == "" || r.AdminAPIKey == "" || r.WorkspaceID == "" || r.ConnectionID == "" || r.Emulator.AdminToken == "" || r.Emulator.Password == "" {
			t.Errorf("ready file lacks something: %s", data)
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Get(r.UIURL)
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Errorf("the ready file's UI link: %v %v", res, err)
		}
		if res != nil {
			res.Body.Close()
		}
		if fi, err := os.Stat(readyFile); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("ready file mode: %v %v", fi, err)
		}
	})
	if code != 0 || strings.Contains(out, "generated an encryption key") || !strings.Contains(out, ": synced") {
		t.Fatalf("second run, exit %d:\n%s", code, out)
	}
}

func TestServeAndMigrate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "db", "sfbridge.db")
	keys := "--encryption-keys=k1:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="
	admin := "--admin-api-key=" + strings.Repeat("a", 40)

	var out, errOut syncBuffer
	if code := run(context.Background(), []string{"migrate", "--database-url", db, keys, admin}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Fatalf("migrate: %d %s %s", code, out.String(), errOut.String())
	}
	errOut = syncBuffer{}
	if code := run(context.Background(), []string{"serve", "--database-url", db}, &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "SFBRIDGE_ADMIN_API_KEY") {
		t.Fatalf("serve without required settings: %d %s", code, errOut.String())
	}
	addr := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--public-url", "http://sfbridge.test", "--database-url", db, keys, admin}, &out, &logs)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "msg=serving") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := addr.FindStringSubmatch(logs.String()[strings.Index(logs.String(), "msg=serving"):])
	if m == nil {
		t.Fatalf("no address in the log: %s", logs.String())
	}
	res, err := http.Get("http://" + m[1] + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	if strings.Contains(logs.String(), strings.Repeat("a", 40)) || strings.Contains(logs.String(), "MDEyMzQ1") {
		t.Errorf("a secret reached the log: %s", logs.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exit %d: %s", code, logs.String())
	}
}
