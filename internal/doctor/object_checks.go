package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sfbridge/sfbridge/salesforce"
)

// checkObject describes one object (one API call, cached in the client)
// and checks it, its fields and its list mappings. goOn is false when
// the describe failed for a reason that concerns the whole connection,
// so describing other objects would fail the same way.
func (r *runner) checkObject(ctx context.Context, p *objectPlan) (goOn bool, err error) {
	for _, c := range p.problems {
		r.add(c)
	}
	d, callErr := r.client.Describe(ctx, p.object)
	r.meter.observe(r.client)
	if callErr != nil {
		c, connectionWide := describeFailure(p.object, userOf(r.conn), callErr)
		r.add(c)
		if connectionWide {
			if _, err := r.deps.Connections.ReportFailure(ctx, r.conn.WorkspaceID, r.conn.ID, callErr); err != nil {
				return false, fmt.Errorf("recording the failure of connection %s: %w", r.conn.ID, err)
			}
			return false, nil
		}
		return true, nil
	}
	r.add(objectCheck(p, d, userOf(r.conn)))
	for _, n := range p.needs {
		r.add(fieldCheck(p.object, d, n))
	}
	for _, lm := range p.lists {
		if c, ok := picklistCheck(p.object, d, lm); ok {
			r.add(c)
		}
	}
	return true, nil
}

// describeFailure words a failed describe. connectionWide says the
// failure concerns the connection rather than the object.
func describeFailure(object, who string, err error) (c Check, connectionWide bool) {
	c = Check{ID: CheckObjectAccess, Title: object + " object access", Status: Fail, Object: object}
	var api *salesforce.APIError
	var reauth *salesforce.ReauthorizationError
	switch {
	case errors.As(err, &api) && (api.StatusCode == http.StatusNotFound || api.ErrorCode == "NOT_FOUND"):
		c.Message = fmt.Sprintf("Salesforce shows %s no object %s: the user's profile lacks Read access to it, or the org has no object of that name.", who, object)
		c.Fix = fmt.Sprintf("In Salesforce: Setup > Users > Profiles > %s's profile > Object Settings > %s, grant Read (and Create and Edit if sfbridge writes it). "+
			"If the org has no such object, check the API name (custom objects end in __c).", who, object)
		return c, false
	case errors.As(err, &reauth), errors.Is(err, salesforce.ErrSessionInvalid), errors.Is(err, salesforce.ErrRequestLimit),
		errors.As(err, &api) && api.ErrorCode == "API_DISABLED_FOR_ORG":
		c.Message = fmt.Sprintf("Salesforce refused to describe %s: %v.", object, err)
		c.Fix = "Run the doctor without objects to check the connection itself, and follow its fix."
		return c, true
	}
	c.Message = fmt.Sprintf("Salesforce could not describe %s: %v.", object, err)
	c.Fix = "Retry later; if it persists, check Salesforce's status (status.salesforce.com)."
	return c, false
}
