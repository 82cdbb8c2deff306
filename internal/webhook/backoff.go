package webhook

import (
	"math/rand/v2"
	"time"
)

// The defaults of [Backoff]'s zero fields.
const (
	DefaultBackoffBase  = 30 * time.Second
	DefaultBackoffMax   = 6 * time.Hour
	DefaultMaxAttempts  = 12
	defaultJitterFactor = 10 // default jitter adds up to 1/10 of the delay
)

// Backoff says when a failed delivery is tried again: Base after the
// first failure, doubling after each further one, capped at Max, until
// MaxAttempts attempts have failed and the delivery is marked failed.
// With the defaults the retries come after 30s, 1m, 2m, ... 4h16m, then
// 6h, and the twelfth failure, about 14.5 hours after the first, is final.
type Backoff struct {
	// Base is the delay after the first failed attempt; default
	// [DefaultBackoffBase].
	Base time.Duration
	// Max caps the delay; default [DefaultBackoffMax].
	Max time.Duration
	// MaxAttempts is how many attempts a delivery gets; default
	// [DefaultMaxAttempts].
	MaxAttempts int
	// Jitter turns a delay into the one used, so that deliveries that
	// failed together do not all retry in the same second. Nil adds a
	// random 0 to 10%. Tests pass the identity for exact delays. A
	// result of zero or less is replaced by the delay itself.
	Jitter func(time.Duration) time.Duration
}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = DefaultBackoffBase
	}
	if b.Max <= 0 {
		b.Max = DefaultBackoffMax
	}
	if b.Max < b.Base {
		b.Max = b.Base
	}
	if b.MaxAttempts <= 0 {
		b.MaxAttempts = DefaultMaxAttempts
	}
	if b.Jitter == nil {
		b.Jitter = defaultJitter
	}
	return b
}

func defaultJitter(d time.Duration) time.Duration {
	if d < defaultJitterFactor {
		return d
	}
	return d + rand.N(d/defaultJitterFactor)
}

// Delay returns the wait, before jitter, after the attempts-th failed
// attempt (1 for the first): Base doubled attempts-1 times, at most Max.
// Zero fields take their defaults.
func (b Backoff) Delay(attempts int) time.Duration {
	b = b.withDefaults()
	d := b.Base
	for i := 1; i < attempts; i++ {
		if d >= b.Max/2 {
			return b.Max
		}
		d *= 2
	}
	return min(d, b.Max)
}

// Window is the time from a delivery's first attempt to its last when
// every attempt fails, before jitter: the sum of the delays. A delivery
// that has waited this long, since it was enqueued, behind an earlier one
// to the same endpoint is given up without a try.
func (b Backoff) Window() time.Duration {
	b = b.withDefaults()
	var w time.Duration
	for k := 1; k < b.MaxAttempts; k++ {
		w += b.Delay(k)
	}
	return w
}

// next is the jittered delay after the attempts-th failure.
func (b Backoff) next(attempts int) time.Duration {
	d := b.Delay(attempts)
	if j := b.Jitter(d); j > 0 {
		return j
	}
	return d
}
