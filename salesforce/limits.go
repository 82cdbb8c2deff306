package salesforce

import (
	"context"
	"fmt"
	"net/http"
)

// Limit is one entry of the /limits resource.
type Limit struct {
	Max       int `json:"Max"`
	Remaining int `json:"Remaining"`
}

// Limits reads the org's limits (GET /limits), such as
// "DailyApiRequests". For the API allocation alone, [Client.Usage] reads
// the header every answer carries, at no cost.
func (c *Client) Limits(ctx context.Context, opts ...Option) (map[string]Limit, error) {
	var out map[string]Limit
	err := c.do(ctx, &request{method: http.MethodGet, path: "limits", idempotent: true,
		opts: applyOptions(opts), decode: decodeJSON(&out)})
	if err != nil {
		return nil, fmt.Errorf("reading limits: %w", err)
	}
	return out, nil
}
