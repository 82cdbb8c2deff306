// Package syncer is the sync engine. Inbound (this part) keeps the app's
// copy of Salesforce records current: a first load, then increments on
// SystemModstamp (or CreatedDate) with a lookback window, applied
// idempotently a page at a time together with the cursor, so a run killed
// at any point resumes without losing or duplicating anything.
package syncer

import (
	"context"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Connections is what the engine needs of the connection service.
type Connections interface {
	// Client returns an API client of a connected connection.
	Client(ctx context.Context, workspaceID, id string) (*salesforce.Client, error)
	// Get returns the connection.
	Get(ctx context.Context, workspaceID, id string) (store.Connection, error)
	// ReportFailure records what a failed Salesforce call says about the
	// connection's status.
	ReportFailure(ctx context.Context, workspaceID, id string, err error) (store.Connection, error)
}

// Config tunes the engine.
type Config struct {
	// PageSize is how many records one transaction applies (and the
	// query batch size hint); default 2000.
	PageSize int
	// Lookback re-reads this much before the cursor on every increment,
	// so records that become visible late with an older SystemModstamp
	// (long transactions) are not lost; default 5 minutes.
	Lookback time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BulkThreshold is how many records a first load needs to read them
	// with Bulk API 2.0; 0 means DefaultBulkThreshold, a negative number
	// never.
	BulkThreshold int
	// PushBatch is how many outbox entries one push reads at a time;
	// default 2000 (ten collection calls of 200).
	PushBatch int
	// PushMaxAttempts is the retry budget of a transiently failing
	// record; after it the record waits as failed. Default 8.
	PushMaxAttempts int
	// PushRetryBase is the first retry's delay, doubling up to an hour;
	// default 30 seconds.
	PushRetryBase time.Duration
	// BulkPushThreshold is how many due outbox entries an object needs
	// for a push to write all of them in one run through Bulk API 2.0
	// ingest jobs rather than sObject Collections; 0 means
	// DefaultBulkPushThreshold, a negative number never.
	BulkPushThreshold int
}

// Engine runs inbound syncs.
type Engine struct {
	store store.Store
	conns Connections
	cfg   Config
}

// New returns an engine.
func New(st store.Store, conns Connections, cfg Config) *Engine {
	if cfg.PageSize <= 0 {
		cfg.PageSize = 2000
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 5 * time.Minute
	}
	if cfg.BulkThreshold == 0 {
		cfg.BulkThreshold = DefaultBulkThreshold
	}
	if cfg.PushBatch <= 0 {
		cfg.PushBatch = 2000
	}
	if cfg.PushMaxAttempts <= 0 {
		cfg.PushMaxAttempts = 8
	}
	if cfg.PushRetryBase <= 0 {
		cfg.PushRetryBase = 30 * time.Second
	}
	if cfg.BulkPushThreshold == 0 {
		cfg.BulkPushThreshold = DefaultBulkPushThreshold
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Engine{store: st, conns: conns, cfg: cfg}
}

func (e *Engine) now() time.Time { return e.cfg.Now().UTC() }
