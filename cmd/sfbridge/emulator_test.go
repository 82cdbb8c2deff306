package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
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
		{"certificate without key", []string{"--tls-cert", "c.pem"}, "--tls-cert and --tls-key go together"},
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

func TestEmulatorServesHTTPS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	pool := writeSelfSignedCert(t, certFile, keyFile)
	ready := filepath.Join(dir, "ready.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"emulator", "--listen", "127.0.0.1:0", "--seed", "empty", "--ready-file", ready, "--tls-cert", certFile, "--tls-key", keyFile}, &out, &errOut)
	}()
	var info readyInfo
	for deadline := time.Now().Add(20 * time.Second); ; {
		if data, err := os.ReadFile(ready); err == nil && json.Unmarshal(data, &info) == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ready file: %s", errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.HasPrefix(info.InstanceURL, "https://127.0.0.1:") {
		t.Fatalf("instance URL %q", info.InstanceURL)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("GET", info.InstanceURL+"/services/data/v59.0", nil)
	req.Header.Set("Authorization", "Bearer "+info.AccessToken)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"identity":"https://127.0.0.1:`) {
		t.Fatalf("over HTTPS: %d %s", res.StatusCode, body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// writeSelfSignedCert writes a certificate for 127.0.0.1 and its key, and
// returns a pool that trusts it.
func writeSelfSignedCert(t *testing.T, certFile, keyFile string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sfemu test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}
