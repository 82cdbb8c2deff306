package salesforce

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Usage is the org's daily API consumption as the last answer's
// Sforce-Limit-Info header (api-usage=Used/Max) reported it.
type Usage struct {
	Used, Max int
}

// Remaining is Max - Used, never negative.
func (u Usage) Remaining() int { return max(u.Max-u.Used, 0) }

// Fraction is Used/Max, 0 when Max is unknown.
func (u Usage) Fraction() float64 {
	if u.Max <= 0 {
		return 0
	}
	return float64(u.Used) / float64(u.Max)
}

// parseLimitInfo reads "api-usage=N/M" from a Sforce-Limit-Info value,
// which may carry other comma-separated segments (per-app-api-usage=...).
func parseLimitInfo(h string) (Usage, bool) {
	for _, part := range strings.Split(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || strings.TrimSpace(k) != "api-usage" {
			continue
		}
		used, limit, ok := strings.Cut(strings.TrimSpace(v), "/")
		if !ok {
			return Usage{}, false
		}
		u, err1 := strconv.Atoi(used)
		m, err2 := strconv.Atoi(limit)
		if err1 != nil || err2 != nil || u < 0 || m < 0 {
			return Usage{}, false
		}
		return Usage{Used: u, Max: m}, true
	}
	return Usage{}, false
}

// usageTracker keeps the latest Usage and the subscribers to it.
type usageTracker struct {
	mu     sync.Mutex
	last   Usage
	known  bool
	nextID int
	subs   map[int]func(Usage)
}

func (t *usageTracker) observe(h http.Header) {
	u, ok := parseLimitInfo(h.Get("Sforce-Limit-Info"))
	if !ok {
		return
	}
	t.mu.Lock()
	t.last, t.known = u, true
	fns := make([]func(Usage), 0, len(t.subs))
	for _, fn := range t.subs {
		fns = append(fns, fn)
	}
	t.mu.Unlock()
	for _, fn := range fns {
		fn(u)
	}
}

// Usage returns the API usage the latest answer reported; ok is false
// before any answer carried Sforce-Limit-Info.
func (c *Client) Usage() (u Usage, ok bool) {
	c.usage.mu.Lock()
	defer c.usage.mu.Unlock()
	return c.usage.last, c.usage.known
}

// OnUsage calls fn with the usage every answer reports, on the goroutine
// that made the call, until the returned cancel function is called. fn
// must be quick and must not call the client. No goroutine is started.
func (c *Client) OnUsage(fn func(Usage)) (cancel func()) {
	t := &c.usage
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.subs == nil {
		t.subs = map[int]func(Usage){}
	}
	id := t.nextID
	t.nextID++
	t.subs[id] = fn
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		delete(t.subs, id)
	}
}
