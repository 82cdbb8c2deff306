package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the command's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestEmulatorFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown seed", []string{"--seed", "huge"}, "--seed must be demo or empty"},
		{"bad listen address", []string{"--listen", "nowhere"}, "--listen \"nowhere\" is not host:port"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
		{"unknown flag", []string{"--colour"}, "flag provided but not defined"},
		{"unknown edition", []string{"--edition", "Platinum"}, "--edition must be Developer, Professional or Enterprise"},
		{"negative limit", []string{"--daily-api-limit", "-1"}, "--daily-api-limit must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut syncBuffer
			code := run(context.Background(), append([]string{"emulator"}, tc.args...), &out, &errOut)
			if code != 2 || !strings.Contains(errOut.String(), tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut.String(), tc.want)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	var out, errOut syncBuffer
	if code := run(context.Background(), []string{"frobnicate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestEmulatorEnvironment(t *testing.T) {
	t.Setenv("SFBRIDGE_SEED", "nonsense")
	var errOut syncBuffer
	if _, err := parseEmulatorFlags(nil, &errOut); err == nil || !strings.Contains(err.Error(), "nonsense") {
		t.Fatalf("SFBRIDGE_SEED not applied: %v", err)
	}
	cfg, err := parseEmulatorFlags([]string{"--seed", "empty"}, &errOut)
	if err != nil || cfg.Seed != "empty" {
		t.Fatalf("flag does not override env: %+v %v", cfg, err)
	}
}

func TestEmulatorServesAndStops(t *testing.T) {
	t.Parallel()
	ready := filepath.Join(t.TempDir(), "ready.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"emulator", "--listen", "127.0.0.1:0", "--seed", "empty", "--ready-file", ready}, &out, &errOut)
	}()

	var info readyInfo
	deadline := time.Now().Add(20 * time.Second)
	for {
		data, err := os.ReadFile(ready)
		if err == nil && json.Unmarshal(data, &info) == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ready file; stderr %s", errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.HasPrefix(info.AdminToken, "sfemu_admin_") {
		t.Errorf("ready file lacks the admin token: %+v", info)
	}
	if !strings.HasPrefix(info.InstanceURL, "http://127.0.0.1:") || !strings.HasPrefix(info.AccessToken, info.OrgID[:15]+"!") ||
		info.Username == "" || info.Password == "" || !strings.HasPrefix(info.UserID, "005") {
		t.Fatalf("ready file %+v", info)
	}
	if st, err := os.Stat(ready); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("ready file mode: %v %v", st.Mode(), err)
	}
	req, _ := http.NewRequest("GET", info.InstanceURL+"/services/data/v59.0/query?q=SELECT+Username+FROM+User", nil)
	req.Header.Set("Authorization", "Bearer "+info.AccessToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("query: %d", res.StatusCode)
	}
	if !strings.Contains(out.String(), info.InstanceURL) {
		t.Errorf("banner lacks the instance URL: %s", out.String())
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d; stderr %s", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("emulator did not stop")
	}
	if _, err := os.Stat(ready); !os.IsNotExist(err) {
		t.Errorf("ready file left behind: %v", err)
	}
}
