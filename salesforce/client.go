package salesforce

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultAPIVersion is the REST API version a Client uses unless
// Config.APIVersion or [Client.UseLatestVersion] says otherwise.
const DefaultAPIVersion = "59.0"

// Config configures a Client. Only TokenSource is required, and
// InstanceURL unless the tokens carry one.
type Config struct {
	// InstanceURL is the org's API host (https://x.my.salesforce.com). A
	// token's InstanceURL, when set, takes precedence, so a source that
	// learns a new instance from a refresh moves the client with it.
	InstanceURL string
	// APIVersion is like "59.0"; default [DefaultAPIVersion].
	APIVersion string
	// TokenSource supplies access tokens. If it also implements
	// [Refresher], a 401 INVALID_SESSION_ID makes the client refresh once
	// and retry once.
	TokenSource TokenSource
	// HTTPClient sends the requests; default [http.DefaultClient]. Its
	// Timeout bounds each attempt.
	HTTPClient *http.Client
	// Retry bounds retries of transient failures; zero fields take
	// [DefaultRetryPolicy]'s values.
	Retry RetryPolicy
	// Sleep waits between retries; default a timer that honours ctx.
	// Tests inject one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random number in [0,1) to spread retries; default
	// math/rand/v2.Float64.
	Jitter func() float64
}

// Client calls one org's REST API. It is safe for concurrent use.
type Client struct {
	cfg     Config
	http    *http.Client
	version atomic.Pointer[string]
	usage   usageTracker

	describeMu sync.Mutex
	describes  map[string]*cachedDescribe
}

// New returns a Client. It does no I/O.
func New(cfg Config) (*Client, error) {
	if cfg.TokenSource == nil {
		return nil, errors.New("salesforce: Config.TokenSource is required")
	}
	cfg.InstanceURL = strings.TrimRight(cfg.InstanceURL, "/")
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	cfg.APIVersion = strings.TrimPrefix(cfg.APIVersion, "v")
	if cfg.Retry.MaxAttempts <= 0 {
		cfg.Retry.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if cfg.Retry.BaseDelay <= 0 {
		cfg.Retry.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if cfg.Retry.MaxDelay <= 0 {
		cfg.Retry.MaxDelay = DefaultRetryPolicy.MaxDelay
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepContext
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	c := &Client{cfg: cfg, http: cfg.HTTPClient, describes: map[string]*cachedDescribe{}}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	v := cfg.APIVersion
	c.version.Store(&v)
	return c, nil
}

// APIVersion returns the version the client calls, such as "59.0".
func (c *Client) APIVersion() string { return *c.version.Load() }

// dataPath is /services/data/vXX.X.
func (c *Client) dataPath() string { return "/services/data/v" + c.APIVersion() }

// Path returns the REST path of a resource under the client's version,
// for Composite subrequests: Path("sobjects/Account") is
// "/services/data/v59.0/sobjects/Account".
func (c *Client) Path(resource string) string {
	return c.dataPath() + "/" + strings.TrimLeft(resource, "/")
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
