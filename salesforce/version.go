package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Version is one API version an org serves.
type Version struct {
	Label   string `json:"label"`
	URL     string `json:"url"`
	Version string `json:"version"`
}

// Versions lists the API versions the org serves (GET /services/data).
func (c *Client) Versions(ctx context.Context) ([]Version, error) {
	var out []Version
	err := c.do(ctx, &request{method: http.MethodGet, path: "/services/data", idempotent: true, decode: decodeJSON(&out)})
	if err != nil {
		return nil, fmt.Errorf("listing API versions: %w", err)
	}
	return out, nil
}

// UseLatestVersion finds the newest version the org serves and makes the
// client call it from now on. It returns the version.
func (c *Client) UseLatestVersion(ctx context.Context) (string, error) {
	vs, err := c.Versions(ctx)
	if err != nil {
		return "", err
	}
	best := ""
	for _, v := range vs {
		if best == "" || versionLess(best, v.Version) {
			best = v.Version
		}
	}
	if best == "" {
		return "", fmt.Errorf("salesforce: the org lists no API versions")
	}
	c.version.Store(&best)
	return best, nil
}

// versionLess compares "59.0"-style versions numerically.
func versionLess(a, b string) bool {
	am, an := splitVersion(a)
	bm, bn := splitVersion(b)
	if am != bm {
		return am < bm
	}
	return an < bn
}

func splitVersion(v string) (major, minor int) {
	a, b, _ := strings.Cut(v, ".")
	major, _ = strconv.Atoi(a)
	minor, _ = strconv.Atoi(b)
	return major, minor
}
