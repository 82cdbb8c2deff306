package doctor

import (
	"context"
	"fmt"
	"math"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// The check titles of the connection checks.
const (
	titleToken       = "Token accepted by Salesforce"
	titleAPIEnabled  = "API access enabled"
	titleAPIBudget   = "Daily API calls left"
	titleApprovalCap = "Approvals of the connected app under Salesforce's cap"
)

// connectionChecks reads the org's limits with the connection's client:
// one call that shows the token is accepted, the API is enabled and how
// much of the day's allocation is left. goOn is false when the object
// checks cannot run.
func (r *runner) connectionChecks(ctx context.Context) (goOn bool, err error) {
	limits, callErr := r.client.Limits(ctx)
	r.meter.observe(r.client)
	if callErr != nil {
		return false, r.connectionFailed(ctx, callErr)
	}
	r.add(Check{ID: CheckToken, Title: titleToken, Status: Pass,
		Message: fmt.Sprintf("Salesforce accepts the connection's token: connected to %s as %s.", r.conn.InstanceURL, r.conn.Username)})
	r.add(Check{ID: CheckAPIEnabled, Title: titleAPIEnabled, Status: Pass, Message: "The org and the user may call the API."})
	budget := budgetCheck(limits, r.client)
	r.add(budget)
	if err := r.approvalCheck(ctx, true); err != nil {
		return false, err
	}
	if err := r.resumeIfNotSynced(ctx); err != nil {
		return false, err
	}
	return budget.Status != Fail, nil
}

// connectionFailed words a failed limits call: the connection service
// diagnoses it (and records it on the connection, as a sync run's
// failure would), and the check it concerns fails.
func (r *runner) connectionFailed(ctx context.Context, callErr error) error {
	c, err := r.deps.Connections.ReportFailure(ctx, r.conn.WorkspaceID, r.conn.ID, callErr)
	if err != nil {
		return fmt.Errorf("recording the failure of connection %s: %w", r.conn.ID, err)
	}
	r.conn = c
	who := userOf(c)
	accepted := Check{ID: CheckToken, Title: titleToken, Status: Pass, Message: "Salesforce accepts the connection's token."}
	enabled := Check{ID: CheckAPIEnabled, Title: titleAPIEnabled, Status: Pass, Message: "The org and the user may call the API."}
	switch c.StatusReason {
	case store.ReasonTokenExpired, store.ReasonTokenRevoked, store.ReasonApprovalCap:
		r.add(Check{ID: CheckToken, Title: titleToken, Status: Fail, Message: c.StatusMessage,
			Fix: "Authorize the connection again (POST .../connections/{id}/authorize, the Regenerate token button): mappings, links and cursors are kept."})
	case store.ReasonAPIDisabled:
		r.add(accepted)
		r.add(Check{ID: CheckAPIEnabled, Title: titleAPIEnabled, Status: Fail,
			Message: "Salesforce refuses every API call of this connection with API_DISABLED_FOR_ORG: API access is off for the org or for " + who + "'s profile.",
			Fix: "In Salesforce: Setup > Users > Profiles > " + who + "'s profile > System Permissions, turn on API Enabled. " +
				"Professional Edition has no API access unless it was bought for the org; Enterprise, Unlimited, Performance and Developer Edition have it."})
	case store.ReasonLimitExceeded:
		r.add(accepted)
		r.add(enabled)
		r.add(Check{ID: CheckAPIBudget, Title: titleAPIBudget, Status: Fail,
			Message: "The org has used all of its daily API calls: Salesforce refuses every call with REQUEST_LIMIT_EXCEEDED until its rolling 24-hour window frees some.",
			Fix:     budgetFix})
	case store.ReasonMissingPermission:
		r.add(accepted)
		r.add(Check{ID: CheckAPIEnabled, Title: titleAPIEnabled, Status: Fail, Message: c.StatusMessage,
			Fix: "In Salesforce: Setup > Users > Profiles > " + who + "'s profile, grant the permission the message names, then run the doctor again."})
	default:
		r.add(Check{ID: CheckToken, Title: titleToken, Status: Fail, Message: c.StatusMessage,
			Fix: "Check that this host reaches " + c.InstanceURL + " and Salesforce's status (status.salesforce.com), then run the doctor again."})
	}
	return r.approvalCheck(ctx, c.StatusReason != store.ReasonTokenRevoked && c.StatusReason != store.ReasonApprovalCap)
}

// budgetFix says how to get API calls back.
const budgetFix = "Lengthen the connection's sync interval (PATCH .../connections/{id} with sync_interval_seconds), find what else spends the org's calls " +
	"(In Salesforce: Setup > Company Information, API Requests, Last 24 Hours), or raise the org's allocation (more licenses, or API calls bought from Salesforce)."

// budgetCheck words the day's API allocation: the DailyApiRequests
// limit, else the usage the last answer reported.
func budgetCheck(limits map[string]salesforce.Limit, client *salesforce.Client) Check {
	c := Check{ID: CheckAPIBudget, Title: titleAPIBudget}
	maxCalls, left := 0, 0
	if l, ok := limits["DailyApiRequests"]; ok {
		maxCalls, left = l.Max, max(l.Remaining, 0)
	} else if u, ok := client.Usage(); ok {
		maxCalls, left = u.Max, u.Remaining()
	}
	switch {
	case maxCalls <= 0:
		c.Status, c.Message = Pass, "Salesforce did not report the org's daily API allocation."
	case left == 0:
		c.Status, c.Fix = Fail, budgetFix
		c.Message = fmt.Sprintf("The org has used all %d of its daily API calls: Salesforce refuses every call with REQUEST_LIMIT_EXCEEDED until its rolling 24-hour window frees some.", maxCalls)
	case left*10 < maxCalls:
		c.Status, c.Fix = Warn, budgetFix
		c.Message = fmt.Sprintf("Only %d of the org's %d daily API calls are left (%s): syncing stops when none are.", left, maxCalls, percent(left, maxCalls))
	default:
		c.Status = Pass
		c.Message = fmt.Sprintf("%d of the org's %d daily API calls are left (%s).", left, maxCalls, percent(left, maxCalls))
	}
	return c
}

// percent formats part of whole as a percentage, rounded down (so 14999
// of 15000 is not "100%"), with a decimal under 10% where the warning
// starts.
func percent(part, whole int) string {
	p := float64(part) * 100 / float64(whole)
	switch {
	case p > 0 && p < 0.1:
		return "under 0.1%"
	case p < 10:
		return fmt.Sprintf("%.1f%%", math.Floor(p*10)/10)
	}
	return fmt.Sprintf("%.0f%%", math.Floor(p))
}

// approvalCheck counts the later approvals of the same user and app.
// Salesforce drops the oldest token at the cap's next approval, and says
// only that the token was revoked, so sfbridge counts them itself.
// alive says the token was not refused as revoked.
func (r *runner) approvalCheck(ctx context.Context, alive bool) error {
	later, err := r.deps.Store.CountLaterAuthorizations(ctx, r.conn)
	if err != nil {
		return fmt.Errorf("counting later authorizations of connection %s: %w", r.conn.ID, err)
	}
	limit := r.deps.ApprovalCap
	who := userOf(r.conn)
	c := Check{ID: CheckApprovalCap, Title: titleApprovalCap}
	fix := "Connect each workspace with its own Salesforce user (a dedicated integration user per workspace), or give the other workspaces their own connected app."
	switch {
	case later >= limit && !alive:
		c.Status, c.Fix = Fail, fix+" Then authorize this connection again."
		c.Message = fmt.Sprintf("%s approved the same connected app %d more times after this connection (in other connections), and Salesforce keeps only %d approvals per user and app: it dropped this connection's token.", who, later, limit)
	case later >= limit-1:
		c.Status, c.Fix = Warn, fix
		c.Message = fmt.Sprintf("%s approved the same connected app %d more times after this connection (in other connections). Salesforce keeps only %d approvals per user and app and drops the oldest at the next: this connection's token may be the one dropped.", who, later, limit)
	case later == 0:
		c.Status = Pass
		c.Message = fmt.Sprintf("No other connection has approved the same connected app as %s since this one; Salesforce keeps %d approvals per user and app.", who, limit)
	default:
		c.Status = Pass
		c.Message = fmt.Sprintf("%s approved the same connected app %d more %s after this connection; Salesforce keeps %d per user and app.", who, later, plural(later, "time"), limit)
	}
	r.add(c)
	return nil
}

// resumeIfNotSynced runs Test Connection when the connection is marked
// not synced but its token works again, so its status (which the
// scheduler follows) agrees with what the doctor found.
func (r *runner) resumeIfNotSynced(ctx context.Context) error {
	if r.conn.Status != store.StatusNotSynced {
		return nil
	}
	res, err := r.deps.Connections.Test(ctx, r.conn.WorkspaceID, r.conn.ID)
	if err != nil {
		return fmt.Errorf("testing connection %s: %w", r.conn.ID, err)
	}
	if res.APIMax > 0 {
		r.meter.note(res.APIUsed)
	}
	if !res.OK {
		return nil
	}
	for i := range r.checks {
		if r.checks[i].ID == CheckToken {
			r.checks[i].Message += " The connection was marked not synced; Test Connection now passes, so syncing resumes."
		}
	}
	return nil
}

// userOf names the connection's Salesforce user.
func userOf(c store.Connection) string {
	if c.Username != "" {
		return c.Username
	}
	return "the connected user"
}
