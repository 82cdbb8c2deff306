package webhook

import (
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	t.Parallel()
	defaults := []time.Duration{
		30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 16 * time.Minute, 32 * time.Minute, 64 * time.Minute,
		128 * time.Minute, 256 * time.Minute, 6 * time.Hour, 6 * time.Hour,
	}
	for i, want := range defaults {
		if got := (Backoff{}).Delay(i + 1); got != want {
			t.Errorf("default Delay(%d) = %s, want %s", i+1, got, want)
		}
	}
	tests := []struct {
		name     string
		b        Backoff
		attempts int
		want     time.Duration
	}{
		{"zero attempts is the base", Backoff{}, 0, 30 * time.Second},
		{"far beyond the cap", Backoff{}, 1000, 6 * time.Hour},
		{"custom base", Backoff{Base: time.Second, Max: time.Minute}, 3, 4 * time.Second},
		{"custom cap", Backoff{Base: time.Second, Max: 5 * time.Second}, 4, 5 * time.Second},
		{"cap below base", Backoff{Base: time.Minute, Max: time.Second}, 2, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.b.Delay(tt.attempts); got != tt.want {
				t.Errorf("Delay(%d) = %s, want %s", tt.attempts, got, tt.want)
			}
		})
	}
}

func TestBackoffWindow(t *testing.T) {
	t.Parallel()
	// 30s * (1 + 2 + ... + 512) for attempts 1 to 10, then 6h after the
	// eleventh; the twelfth failure is final.
	if got, want := (Backoff{}).Window(), 1023*30*time.Second+6*time.Hour; got != want {
		t.Errorf("default Window = %s, want %s", got, want)
	}
	if got, want := (Backoff{Base: time.Minute, MaxAttempts: 3}).Window(), 3*time.Minute; got != want {
		t.Errorf("Window = %s, want %s", got, want)
	}
}

func TestBackoffJitter(t *testing.T) {
	t.Parallel()
	b := Backoff{}.withDefaults()
	for range 100 {
		d := b.next(1)
		if d < 30*time.Second || d > 33*time.Second {
			t.Fatalf("default jittered delay %s outside [30s, 33s]", d)
		}
	}
	b.Jitter = func(d time.Duration) time.Duration { return d * 3 }
	if got := b.next(2); got != 3*time.Minute {
		t.Errorf("injected jitter: next(2) = %s, want 3m", got)
	}
	b.Jitter = func(time.Duration) time.Duration { return 0 }
	if got := b.next(2); got != time.Minute {
		t.Errorf("jitter returning 0: next(2) = %s, want the plain 1m", got)
	}
}
