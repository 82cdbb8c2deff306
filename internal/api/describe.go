package api

import (
	"errors"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// describe reads the org's describe of object over c. A missing object
// is the caller's mistake (400); other Salesforce failures are 502, and
// those that say something about the connection as a whole (limits,
// disabled API, an expired session) also move its status. A refused
// token is recorded by the connection's token source itself.
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
	var reauth *salesforce.ReauthorizationError
	switch {
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
		return nil, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Salesforce has no object %s that the connected user can see. Check the API name (custom objects end in __c) and the user's object permissions.", object)
	case errors.As(err, &reauth):
		return nil, errorf(http.StatusConflict, CodeConflict,
			"Salesforce no longer accepts this connection's token; the connection is now not_synced. Authorize it again with POST .../connections/%s/authorize.", c.ID)
	case errors.Is(err, salesforce.ErrRequestLimit), errors.Is(err, salesforce.ErrSessionInvalid),
		api != nil && api.ErrorCode == "API_DISABLED_FOR_ORG":
		if _, rerr := s.conns.ReportFailure(r.Context(), c.WorkspaceID, c.ID, err); rerr != nil {
			s.logInternal(r, rerr)
		}
	}
	if api != nil {
		return nil, errorf(http.StatusBadGateway, CodeSalesforceError,
			"Salesforce refused to describe %s: %s. The connection's status says whether it needs attention.", object, api.Message)
	}
	s.logInternal(r, err)
	return nil, errorf(http.StatusBadGateway, CodeSalesforceError,
		"Salesforce could not be reached to describe %s. Retry later; the connection's test route says more.", object)
}
