package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The headers of a delivery request.
const (
	SignatureHeader  = "Sfbridge-Signature"
	EventIDHeader    = "Sfbridge-Event-Id"
	EventTypeHeader  = "Sfbridge-Event-Type"
	DeliveryIDHeader = "Sfbridge-Delivery-Id"
	// UserAgent is the User-Agent of every delivery request.
	UserAgent = "sfbridge-webhooks/1"
)

// DefaultTolerance is how far [Verify] lets a signature's timestamp be
// from the receiver's clock when it is given no tolerance.
const DefaultTolerance = 5 * time.Minute

// Errors [Verify] returns, for errors.Is.
var (
	// ErrMalformedHeader: the header is not "t=<unix seconds>,v1=<hex>...".
	ErrMalformedHeader = errors.New("webhook: malformed signature header")
	// ErrNoSignature: the header has a timestamp but no v1 signature.
	ErrNoSignature = errors.New("webhook: no v1 signature in header")
	// ErrSignatureMismatch: no v1 signature matches the secret, the
	// timestamp and the body.
	ErrSignatureMismatch = errors.New("webhook: signature does not match")
	// ErrTimestampExpired: the signature is genuine but older than the
	// tolerance, as a replayed request would be.
	ErrTimestampExpired = errors.New("webhook: signature timestamp too old")
	// ErrTimestampFuture: the signature is genuine but its timestamp is
	// further ahead of the receiver's clock than the tolerance.
	ErrTimestampFuture = errors.New("webhook: signature timestamp in the future")
)

// Sign returns the [SignatureHeader] value for body sent at timestamp:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
func Sign(secret []byte, timestamp time.Time, body []byte) string {
	t := strconv.FormatInt(timestamp.Unix(), 10)
	return "t=" + t + ",v1=" + hex.EncodeToString(mac(secret, t, body))
}

func mac(secret []byte, t string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(t))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks that header (a [SignatureHeader] value) signs body with
// secret and that its timestamp is within tolerance of now, either way;
// a tolerance of zero or less means [DefaultTolerance]. It accepts the
// header if any of its v1 signatures matches, comparing in constant
// time, and ignores schemes it does not know. The signature is checked
// before the timestamp, so [ErrTimestampExpired] and [ErrTimestampFuture]
// mean a genuine request sent at the wrong time.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	t, sigs, err := parseHeader(header)
	if err != nil {
		return err
	}
	unix, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q is not a whole number", ErrMalformedHeader, t)
	}
	want := mac(secret, t, body)
	matched := false
	for _, s := range sigs {
		got, err := hex.DecodeString(s)
		if err != nil {
			continue // a malformed entry matches nothing; others may
		}
		if hmac.Equal(got, want) {
			matched = true
			break
		}
	}
	if !matched {
		return ErrSignatureMismatch
	}
	// Compare in whole seconds, the header's resolution, without
	// subtracting from the sender's value, which may be any int64.
	nowUnix, tol := now.Unix(), int64(tolerance/time.Second)
	switch {
	case unix < nowUnix-tol:
		return fmt.Errorf("%w: sent at %d, now %d, tolerance %s", ErrTimestampExpired, unix, nowUnix, tolerance)
	case unix > nowUnix+tol:
		return fmt.Errorf("%w: sent at %d, now %d, tolerance %s", ErrTimestampFuture, unix, nowUnix, tolerance)
	}
	return nil
}

// parseHeader splits "t=..,v1=..,v1=.." into the timestamp and the v1
// signatures. Exactly one t is required; other keys are skipped.
func parseHeader(header string) (t string, v1 []string, err error) {
	if header == "" {
		return "", nil, fmt.Errorf("%w: empty", ErrMalformedHeader)
	}
	seenT := false
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, fmt.Errorf("%w: element without '='", ErrMalformedHeader)
		}
		switch k {
		case "t":
			if seenT {
				return "", nil, fmt.Errorf("%w: more than one timestamp", ErrMalformedHeader)
			}
			seenT, t = true, v
		case "v1":
			v1 = append(v1, v)
		}
	}
	if !seenT {
		return "", nil, fmt.Errorf("%w: no timestamp", ErrMalformedHeader)
	}
	if len(v1) == 0 {
		return "", nil, ErrNoSignature
	}
	return t, v1, nil
}
