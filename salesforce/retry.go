package salesforce

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// RetryPolicy bounds the retries of transient failures: 5xx answers,
// UNABLE_TO_LOCK_ROW, 429, connection resets, answers cut short and
// timeouts. The n-th retry waits a random time up to
// min(MaxDelay, BaseDelay*2^(n-1)) ("full jitter").
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries.
	MaxAttempts int
	BaseDelay   time.Duration
	MaxDelay    time.Duration
}

// DefaultRetryPolicy makes up to 4 attempts, waiting up to 0.5s, 1s, 2s.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}

// backoff is how long to wait before retry n (1-based).
func (c *Client) backoff(n int) time.Duration {
	p := c.cfg.Retry
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	return time.Duration(c.cfg.Jitter() * float64(d))
}

// transportError is a failure to send a request or read its answer.
type transportError struct {
	// sent is true once the whole request was written, so the server may
	// have acted on it.
	sent bool
	err  error
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// verdict says what to do after a failed attempt.
type verdict int

const (
	permanent verdict = iota
	retry
	unknownOutcome
)

// classify decides whether a failed attempt may be repeated. Idempotent
// calls repeat every transient failure; others only those where the
// server surely did nothing.
func classify(ctx context.Context, err error, idempotent bool) verdict {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.ErrorCode == "UNABLE_TO_LOCK_ROW",
			// Salesforce rolls back the transaction on an unhandled
			// exception and does not start one when unavailable.
			apiErr.StatusCode == http.StatusInternalServerError,
			apiErr.StatusCode == http.StatusServiceUnavailable,
			apiErr.StatusCode == http.StatusTooManyRequests:
			return retry
		case apiErr.StatusCode >= 500:
			// A gateway error (502, 504) leaves the outcome open.
			if idempotent {
				return retry
			}
			return unknownOutcome
		}
		return permanent
	}
	var te *transportError
	if !errors.As(err, &te) {
		return permanent
	}
	if ctx.Err() != nil {
		if te.sent && !idempotent {
			return unknownOutcome
		}
		return permanent
	}
	if !transient(te.err) {
		if te.sent && !idempotent {
			return unknownOutcome
		}
		return permanent
	}
	if te.sent && !idempotent {
		return unknownOutcome
	}
	return retry
}

// transient reports network failures worth another try.
func transient(err error) bool {
	var ne net.Error
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}
