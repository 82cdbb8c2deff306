package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEmulatorLoginFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero session timeout", []string{"--session-timeout", "0s"}, "--session-timeout must be positive"},
		{"relative callback", []string{"--callback-url", "/cb"}, `--callback-url "/cb" is not an absolute URL`},
		{"missing certificate", []string{"--jwt-cert", filepath.Join(t.TempDir(), "none.pem")}, "--jwt-cert"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var errOut syncBuffer
			if _, err := parseEmulatorFlags(tc.args, &errOut); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	var errOut syncBuffer
	cfg, err := parseEmulatorFlags([]string{"--callback-url", "http://a.example/cb", "--callback-url", "http://b.example/cb", "--approval-cap", "4"}, &errOut)
	if err != nil || len(cfg.CallbackURLs) != 2 || cfg.ApprovalCap != 4 || cfg.SessionTimeout != 2*time.Hour {
		t.Fatalf("cfg %+v, err %v", cfg, err)
	}
}

// TestEmulatorReadyFileLogins checks that the ready file's OAuth values
// log in: the password grant of the demo app at login_url.
func TestEmulatorReadyFileLogins(t *testing.T) {
	t.Parallel()
	ready := filepath.Join(t.TempDir(), "ready.json")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"emulator", "--listen", "127.0.0.1:0", "--seed", "empty", "--ready-file", ready,
			"--callback-url", "http://127.0.0.1:3000/cb", "--security-token", "TOKEN123"}, &out, &errOut)
	}()
	defer func() {
		cancel()
		<-done
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
	if info.LoginURL != info.InstanceURL || info.ClientID == "" || info.ClientSecret == "" ||
		info.RedirectURI != "http://127.0.0.1:3000/cb" || info.SecurityToken != "TOKEN123" {
		t.Fatalf("ready file %+v", info)
	}
	form := url.Values{"grant_type": {"password"}, "client_id": {info.ClientID}, "client_secret": {info.ClientSecret},
		"username": {info.Username}, "password": {info.Password + info.SecurityToken}}
	res, err := http.PostForm(info.LoginURL+"/services/oauth2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok map[string]string
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || res.StatusCode != 200 || tok["instance_url"] != info.InstanceURL {
		t.Fatalf("password grant: %d %v %v", res.StatusCode, tok, err)
	}
	if !strings.Contains(out.String(), info.ClientSecret) {
		t.Errorf("banner lacks the client secret: %s", out.String())
	}
}
