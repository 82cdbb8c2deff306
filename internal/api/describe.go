package api

import (
	"errors"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// describe reads the org's describe of object over c. A missing object
// is the caller's mistake (400); other Salesforce failures are
// explained by salesforceFailure.
func (s *Server) describe(r *http.Request, c store.Connection, object string) (*salesforce.SObjectDescribe, error) {
	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return nil, connectionErr(r, err)
	}
	d, err := client.Describe(r.Context(), object)
	if err == nil {
		return d, nil
	}
	var api *salesforce.APIError
	if errors.As(err, &api) && api.StatusCode == http.StatusNotFound {
		return nil, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Salesforce has no object %s that the connected user can see. Check the API name (custom objects end in __c) and the user's object permissions.", object)
	}
	return nil, s.salesforceFailure(r, c, err, "describe "+object)
}

// salesforceFailure words a failed call to Salesforce made while serving
// r; doing says what the call was for ("describe Contact"). A refused
// token is 409 (the connection's token source has already recorded it);
// other failures are 502, and those that say something about the
// connection as a whole (limits, disabled API, an expired session) also
// move its status.
func (s *Server) salesforceFailure(r *http.Request, c store.Connection, err error, doing string) error {
	var api *salesforce.APIError
	var reauth *salesforce.ReauthorizationError
	isAPI := errors.As(err, &api)
	switch {
	case errors.As(err, &reauth):
		return errorf(http.StatusConflict, CodeConflict,
			"Salesforce no longer accepts this connection's token; the connection is now not_synced. Authorize it again with POST .../connections/%s/authorize.", c.ID)
	case errors.Is(err, salesforce.ErrRequestLimit), errors.Is(err, salesforce.ErrSessionInvalid),
		isAPI && api.ErrorCode == "API_DISABLED_FOR_ORG":
		if _, rerr := s.conns.ReportFailure(r.Context(), c.WorkspaceID, c.ID, err); rerr != nil {
			s.logInternal(r, rerr)
		}
	}
	if isAPI {
		return errorf(http.StatusBadGateway, CodeSalesforceError,
			"Salesforce refused to %s: %s. The connection's status says whether it needs attention.", doing, api.Message)
	}
	s.logInternal(r, err)
	return errorf(http.StatusBadGateway, CodeSalesforceError,
		"Salesforce could not be reached to %s. Retry later; the connection's test route says more.", doing)
}
