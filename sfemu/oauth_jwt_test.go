package sfemu

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"
)

// jwtKey is a key pair with a self-signed certificate, as `openssl req
// -x509` makes for a connected app.
type jwtKey struct {
	key     *rsa.PrivateKey
	certPEM string
}

func newJWTKey(t *testing.T) jwtKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "sfemu test"},
		NotBefore:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return jwtKey{key: key, certPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
}

// sign makes a compact RS256 JWT of claims.
func (k jwtKey) sign(t *testing.T, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signed := enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestJWTBearer(t *testing.T) {
	t.Parallel()
	key, other := newJWTKey(t), newJWTKey(t)
	b := setup(t, Options{DemoAppCertificate: key.certPEM})
	creds := b.srv.Credentials()
	if err := b.srv.AddConnectedApp(t.Context(), ConnectedApp{ClientID: "no-cert", ClientSecret: "x"}); err != nil {
		t.Fatal(err)
	}
	now := b.clock.t.Unix()
	claims := func(set map[string]any) map[string]any {
		c := map[string]any{"iss": DemoClientID, "sub": creds.Username, "aud": b.http.URL, "exp": now + 300}
		for k, v := range set {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	grant := func(assertion string) url.Values {
		return url.Values{"grant_type": {jwtBearerGrant}, "assertion": {assertion}}
	}

	ok := []struct {
		name   string
		claims map[string]any
	}{
		{"the emulator's URL as audience (the sf CLI's first try)", claims(nil)},
		{"with a trailing slash", claims(map[string]any{"aud": b.http.URL + "/"})},
		{"login.salesforce.com", claims(map[string]any{"aud": "https://login.salesforce.com"})},
		{"test.salesforce.com in a list", claims(map[string]any{"aud": []string{"https://test.salesforce.com"}})},
		{"exp in milliseconds, as the sf CLI sends it", claims(map[string]any{"exp": b.clock.t.UnixMilli() + 300})},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			b.checkToken(t, b.tokenOK(t, grant(key.sign(t, tc.claims))), creds.ClientSecret, false)
		})
	}

	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: "off@sfemu.example", Inactive: true}); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name      string
		assertion string
		err, desc string
	}{
		{"signed by another key", other.sign(t, claims(nil)), "invalid_grant", "invalid assertion"},
		{"tampered", key.sign(t, claims(nil))[1:], "invalid_grant", "invalid assertion"},
		{"not a JWT", "nonsense", "invalid_grant", "invalid assertion"},
		{"wrong audience", key.sign(t, claims(map[string]any{"aud": "https://elsewhere.example"})), "invalid_grant", "audience is invalid"},
		{"expired", key.sign(t, claims(map[string]any{"exp": now - 1})), "invalid_grant", "expired authorization code"},
		{"no exp", key.sign(t, claims(map[string]any{"exp": nil})), "invalid_grant", "invalid assertion"},
		{"unknown issuer", key.sign(t, claims(map[string]any{"iss": "nobody"})), "invalid_client_id", "client identifier invalid"},
		{"app without certificate", key.sign(t, claims(map[string]any{"iss": "no-cert"})), "invalid_grant", "invalid assertion"},
		{"unknown subject", key.sign(t, claims(map[string]any{"sub": "nobody@sfemu.example"})), "invalid_grant", "invalid assertion"},
		{"inactive subject", key.sign(t, claims(map[string]any{"sub": "off@sfemu.example"})), "invalid_grant", "inactive user"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			wantOAuthError(t, b.tokenCall(t, grant(tc.assertion)), tc.err, tc.desc)
		})
	}
}

// FuzzParseJWT feeds the assertion parser arbitrary input: it must never
// panic, and what it accepts must split into three segments.
func FuzzParseJWT(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4IiwiZXhwIjoxfQ.c2ln")
	f.Add("a.b.c")
	f.Add("...")
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsieCJdfQ==.")
	f.Fuzz(func(t *testing.T, token string) {
		_, signed, _, ok := parseJWT(token)
		if ok && strings.Count(token, ".") != 2 {
			t.Fatalf("accepted %q", token)
		}
		if ok && !strings.HasPrefix(token, signed+".") {
			t.Fatalf("signed part %q of %q", signed, token)
		}
	})
}
