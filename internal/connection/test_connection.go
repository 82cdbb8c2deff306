package connection

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Test checks a connection the way the product's Test Connection button
// does: it reads the org's identity and API limits with the stored token
// (refreshing it if needed), and answers ok or the precise cause. The
// connection's status follows what the test found.
func (s *Service) Test(ctx context.Context, workspaceID, id string) (TestResult, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return TestResult{}, err
	}
	if c.Status == store.StatusDisconnected || c.RefreshTokenSealed == nil {
		return TestResult{Status: c.Status, Reason: c.StatusReason,
			Message: "This connection is not connected: authorize it with a Salesforce user first."}, nil
	}
	client, err := s.client(c)
	if err != nil {
		return TestResult{}, err
	}
	who, err := client.Identity(ctx)
	if err == nil {
		_, err = client.Limits(ctx)
	}
	if err != nil {
		reason, msg := s.diagnoseFor(ctx, c, err)
		updated, serr := s.setStatus(ctx, c, store.StatusNotSynced, reason, msg)
		if serr != nil {
			return TestResult{}, serr
		}
		return TestResult{Status: updated.Status, Reason: reason, Message: msg, OrgID: c.OrgID, Username: c.Username, InstanceURL: c.InstanceURL}, nil
	}
	msg := fmt.Sprintf("Connected to %s as %s.", c.InstanceURL, who.Username)
	updated, err := s.setStatus(ctx, c, store.StatusSynced, store.ReasonNone, msg)
	if err != nil {
		return TestResult{}, err
	}
	res := TestResult{OK: true, Status: updated.Status, Message: msg, OrgID: who.OrganizationID, Username: who.Username, InstanceURL: updated.InstanceURL}
	if u, ok := client.Usage(); ok {
		res.APIUsed, res.APIMax = u.Used, u.Max
	}
	return res, nil
}
