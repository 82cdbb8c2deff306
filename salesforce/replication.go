package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Updated is the answer of getUpdated.
type Updated struct {
	IDs []string
	// LatestDateCovered is where the next window should start.
	LatestDateCovered time.Time
}

// DeletedRecord is one entry of getDeleted.
type DeletedRecord struct {
	ID          string
	DeletedDate time.Time
}

// Deleted is the answer of getDeleted.
type Deleted struct {
	Records               []DeletedRecord
	EarliestDateAvailable time.Time
	LatestDateCovered     time.Time
}

// GetUpdated lists the ids of object's records changed (by
// SystemModstamp) in [start, end). Salesforce covers whole minutes and at
// most the last 30 days.
func (c *Client) GetUpdated(ctx context.Context, object string, start, end time.Time, opts ...Option) (Updated, error) {
	var raw struct {
		IDs               []string `json:"ids"`
		LatestDateCovered string   `json:"latestDateCovered"`
	}
	if err := c.replication(ctx, object, "updated", start, end, opts, &raw); err != nil {
		return Updated{}, err
	}
	latest, err := ParseDateTime(raw.LatestDateCovered)
	if err != nil {
		return Updated{}, fmt.Errorf("listing updated %s: %w", object, err)
	}
	return Updated{IDs: raw.IDs, LatestDateCovered: latest}, nil
}

// GetDeleted lists object's records deleted in [start, end).
func (c *Client) GetDeleted(ctx context.Context, object string, start, end time.Time, opts ...Option) (Deleted, error) {
	var raw struct {
		DeletedRecords []struct {
			ID          string `json:"id"`
			DeletedDate string `json:"deletedDate"`
		} `json:"deletedRecords"`
		EarliestDateAvailable string `json:"earliestDateAvailable"`
		LatestDateCovered     string `json:"latestDateCovered"`
	}
	if err := c.replication(ctx, object, "deleted", start, end, opts, &raw); err != nil {
		return Deleted{}, err
	}
	var out Deleted
	var err error
	if out.EarliestDateAvailable, err = ParseDateTime(raw.EarliestDateAvailable); err != nil {
		return Deleted{}, fmt.Errorf("listing deleted %s: %w", object, err)
	}
	if out.LatestDateCovered, err = ParseDateTime(raw.LatestDateCovered); err != nil {
		return Deleted{}, fmt.Errorf("listing deleted %s: %w", object, err)
	}
	out.Records = make([]DeletedRecord, len(raw.DeletedRecords))
	for i, d := range raw.DeletedRecords {
		t, err := ParseDateTime(d.DeletedDate)
		if err != nil {
			return Deleted{}, fmt.Errorf("listing deleted %s: %w", object, err)
		}
		out.Records[i] = DeletedRecord{ID: d.ID, DeletedDate: t}
	}
	return out, nil
}

func (c *Client) replication(ctx context.Context, object, kind string, start, end time.Time, opts []Option, out any) error {
	q := url.Values{"start": {formatTime(start)}, "end": {formatTime(end)}}
	err := c.do(ctx, &request{method: http.MethodGet, path: "sobjects/" + url.PathEscape(object) + "/" + kind,
		query: q, idempotent: true, opts: applyOptions(opts), decode: decodeJSON(out)})
	if err != nil {
		return fmt.Errorf("listing %s %s: %w", kind, object, err)
	}
	return nil
}
