package webhook

import (
	"errors"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var (
	testSecret = []byte("whsec_test")
	testTime   = time.Unix(1700000000, 0)
	testBody   = []byte(`{"id":1}`)
)

func TestSignKnownAnswer(t *testing.T) {
	t.Parallel()
	// Computed independently: HMAC-SHA256("whsec_test", `1700000000.{"id":1}`).
	const want = "t=1700000000,v1=2f441ba4b3b2d50d28a9ab9d9fd8880376ecd1eb5d0435401553f5d8d0a5dcf8"
	if got := Sign(testSecret, testTime, testBody); got != want {
		t.Errorf("Sign = %q\nwant   %q", got, want)
	}
}

func TestSignFormat(t *testing.T) {
	t.Parallel()
	// Sub-second precision is dropped: the header carries whole seconds.
	got := Sign([]byte("k"), time.Unix(1712345678, 999_000_000), nil)
	if !regexp.MustCompile(`^t=1712345678,v1=[0-9a-f]{64}$`).MatchString(got) {
		t.Errorf("Sign = %q, want t=1712345678,v1=<64 hex digits>", got)
	}
}

func TestVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	for _, body := range [][]byte{nil, {}, testBody, []byte("not json at all \x00\xff")} {
		h := Sign(testSecret, testTime, body)
		if err := Verify(testSecret, h, body, testTime, 0); err != nil {
			t.Errorf("Verify(Sign(%q)) = %v", body, err)
		}
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	t.Parallel()
	h := Sign(testSecret, testTime, testBody)
	later := strconv.FormatInt(testTime.Unix()+1, 10)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
	}{
		{"body", testSecret, h, []byte(`{"id":2}`)},
		{"body extended", testSecret, h, []byte(`{"id":1} `)},
		{"empty body", testSecret, h, nil},
		{"timestamp", testSecret, "t=" + later + h[len("t=1700000000"):], testBody},
		{"secret", []byte("whsec_other"), h, testBody},
		{"empty secret", nil, h, testBody},
		{"signature digit", testSecret, h[:len(h)-1] + flip(h[len(h)-1]), testBody},
		{"signature truncated", testSecret, h[:len(h)-2], testBody},
		{"signature not hex", testSecret, "t=1700000000,v1=zz", testBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Verify(tt.secret, tt.header, tt.body, testTime, 0)
			if !errors.Is(err, ErrSignatureMismatch) {
				t.Errorf("Verify = %v, want ErrSignatureMismatch", err)
			}
		})
	}
}

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func TestVerifyTolerance(t *testing.T) {
	t.Parallel()
	h := Sign(testSecret, testTime, testBody)
	tests := []struct {
		name      string
		now       time.Time
		tolerance time.Duration
		want      error
	}{
		{"same second", testTime, 0, nil},
		{"default tolerance, oldest accepted", testTime.Add(5 * time.Minute), 0, nil},
		{"default tolerance, one second too old", testTime.Add(5*time.Minute + time.Second), 0, ErrTimestampExpired},
		{"an hour old", testTime.Add(time.Hour), 0, ErrTimestampExpired},
		{"default tolerance, furthest ahead accepted", testTime.Add(-5 * time.Minute), 0, nil},
		{"default tolerance, one second too far ahead", testTime.Add(-5*time.Minute - time.Second), 0, ErrTimestampFuture},
		{"negative tolerance means default", testTime.Add(4 * time.Minute), -time.Second, nil},
		{"custom tolerance", testTime.Add(30 * time.Second), 30 * time.Second, nil},
		{"custom tolerance exceeded", testTime.Add(31 * time.Second), 30 * time.Second, ErrTimestampExpired},
		{"custom tolerance ahead", testTime.Add(-31 * time.Second), 30 * time.Second, ErrTimestampFuture},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Verify(testSecret, h, testBody, tt.now, tt.tolerance)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyChecksSignatureBeforeTime(t *testing.T) {
	t.Parallel()
	// A forged, stale header is a mismatch, not "expired": only a
	// genuine request learns that its timing was the problem.
	h := Sign([]byte("wrong"), testTime, testBody)
	if err := Verify(testSecret, h, testBody, testTime.Add(time.Hour), 0); !errors.Is(err, ErrSignatureMismatch) {
		t.Errorf("Verify = %v, want ErrSignatureMismatch", err)
	}
}

func TestVerifyRotation(t *testing.T) {
	t.Parallel()
	oldSecret, newSecret := []byte("whsec_old"), []byte("whsec_new")
	sigOld := Sign(oldSecret, testTime, testBody)
	sigNew := Sign(newSecret, testTime, testBody)
	both := sigOld + ",v1=" + sigNew[len("t=1700000000,v1="):]
	withOthers := "t=1700000000, v0=abcdef, v1=nothex, v1=" + sigNew[len("t=1700000000,v1="):] + ", v2=whatever"

	tests := []struct {
		name   string
		secret []byte
		header string
		want   error
	}{
		{"old secret, both signatures", oldSecret, both, nil},
		{"new secret, both signatures", newSecret, both, nil},
		{"third secret, both signatures", []byte("whsec_third"), both, ErrSignatureMismatch},
		{"unknown schemes and bad entries skipped", newSecret, withOthers, nil},
		{"old secret, only new signature", oldSecret, withOthers, ErrSignatureMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Verify(tt.secret, tt.header, testBody, testTime, 0)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyMalformedHeader(t *testing.T) {
	t.Parallel()
	sig := Sign(testSecret, testTime, testBody)[len("t=1700000000,"):]
	tests := []struct {
		name   string
		header string
		want   error
	}{
		{"empty", "", ErrMalformedHeader},
		{"no equals", "garbage", ErrMalformedHeader},
		{"no timestamp", sig, ErrMalformedHeader},
		{"timestamp not a number", "t=soon," + sig, ErrMalformedHeader},
		{"timestamp too large", "t=99999999999999999999," + sig, ErrMalformedHeader},
		{"two timestamps", "t=1700000000,t=1700000001," + sig, ErrMalformedHeader},
		{"trailing comma", "t=1700000000," + sig + ",", ErrMalformedHeader},
		{"no v1", "t=1700000000", ErrNoSignature},
		{"only other schemes", "t=1700000000,v0=abc", ErrNoSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Verify(testSecret, tt.header, testBody, testTime, 0); !errors.Is(err, tt.want) {
				t.Errorf("Verify(%q) = %v, want %v", tt.header, err, tt.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte("whsec_test"), Sign(testSecret, testTime, testBody), testBody, int64(1700000000))
	f.Add([]byte(""), "t=1,v1=00", []byte{}, int64(0))
	f.Add([]byte("k"), "t=-9223372036854775808,v1=", []byte("x"), int64(9223372036))
	f.Fuzz(func(t *testing.T, secret []byte, header string, body []byte, unix int64) {
		now := time.Unix(unix%(1<<40), 0)
		// Arbitrary headers never panic, and nothing but a MAC made with
		// the secret is accepted.
		if err := Verify(secret, header, body, now, 0); err == nil {
			if Verify(append(secret, 'x'), header, body, now, 0) == nil && Verify(secret, header, append(body, 'x'), now, 0) == nil {
				t.Errorf("header %q verifies for two secrets and two bodies", header)
			}
		}
		// What Sign makes, Verify accepts.
		if err := Verify(secret, Sign(secret, now, body), body, now, 0); err != nil {
			t.Errorf("Verify(Sign) = %v", err)
		}
	})
}
