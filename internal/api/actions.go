package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/sfbridge/sfbridge/internal/actions"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

type createLeadRequest struct {
	Fields map[string]any `json:"fields"`
}

type whoRequest struct {
	AppType      string `json:"app_type"`
	AppID        string `json:"app_id"`
	SalesforceID string `json:"salesforce_id"`
}

type logTaskRequest struct {
	Who          *whoRequest `json:"who"`
	Subject      string      `json:"subject"`
	Description  string      `json:"description"`
	ActivityDate string      `json:"activity_date"`
	Status       string      `json:"status"`
	Priority     string      `json:"priority"`
	Type         string      `json:"type"`
}

type createdView struct {
	Object string `json:"object"`
	ID     string `json:"id"`
	// WhoID and WhoObject name the person a Task was logged on.
	WhoID     string `json:"who_id,omitempty"`
	WhoObject string `json:"who_object,omitempty"`
}

// POST /v1/workspaces/{ws}/connections/{id}/actions/create-lead creates
// a Lead in Salesforce from fields by Salesforce field name. Required
// fields are checked against the describe first.
func (s *Server) createLead(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req createLeadRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if len(req.Fields) == 0 {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"fields\" is required: the Lead's values by Salesforce field name, such as {\"LastName\": \"Lovelace\", \"Company\": \"Analytical Engines\"}.")
	}
	created, err := actions.New(s.store, s.conns).CreateLead(r.Context(), actions.CreateLeadParams{WorkspaceID: c.WorkspaceID,
		ConnectionID: c.ID, Fields: req.Fields})
	if err != nil {
		return s.actionFailure(r, c, err, "create a Lead")
	}
	writeJSON(w, http.StatusCreated, createdView{Object: created.Object, ID: created.ID})
	return nil
}

// POST /v1/workspaces/{ws}/connections/{id}/actions/log-task logs a Task
// on a Contact or Lead, named by the app record linked to it or by its
// Salesforce id.
func (s *Server) logTask(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req logTaskRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.Who == nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"who\" is required: {\"app_type\", \"app_id\"} of an app record linked to a Contact or Lead, or {\"salesforce_id\"} of one.")
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"subject", req.Subject, 255}, {"description", req.Description, 32000}, {"status", req.Status, 255},
		{"priority", req.Priority, 255}, {"type", req.Type, 255}, {"activity_date", req.ActivityDate, 10}} {
		if err := optionalText(f.name, f.value, f.max); err != nil {
			return err
		}
	}
	logged, err := actions.New(s.store, s.conns).LogTask(r.Context(), actions.LogTaskParams{WorkspaceID: c.WorkspaceID, ConnectionID: c.ID,
		Who:     actions.Who{AppType: req.Who.AppType, AppID: req.Who.AppID, SalesforceID: req.Who.SalesforceID},
		Subject: req.Subject, Description: req.Description, ActivityDate: req.ActivityDate, Status: req.Status, Priority: req.Priority, Type: req.Type})
	if err != nil {
		return s.actionFailure(r, c, err, "log a Task")
	}
	writeJSON(w, http.StatusCreated, createdView{Object: logged.Object, ID: logged.ID, WhoID: logged.WhoID, WhoObject: logged.WhoObject})
	return nil
}

// actionFailure words an action's error; doing says what it was for.
func (s *Server) actionFailure(r *http.Request, c store.Connection, err error, doing string) error {
	var (
		missing *actions.MissingFieldsError
		refused *actions.RefusedError
		ce      *connection.Error
		api     *salesforce.APIError
	)
	switch {
	case errors.As(err, &missing):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s", capitalize(missing.Error()))
	case errors.As(err, &refused):
		return errorf(http.StatusBadRequest, CodeSalesforceError, "Salesforce refused to create the %s (%s: %s). %s %s",
			refused.Object, refused.Code, strings.TrimSpace(refused.Message), refused.Cause, refused.Fix)
	case errors.Is(err, actions.ErrInvalid):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s.", afterSentinel(err, actions.ErrInvalid))
	case errors.Is(err, actions.ErrRecordNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "%s.", afterSentinel(err, actions.ErrRecordNotFound))
	case errors.Is(err, actions.ErrNotLinked):
		return errorf(http.StatusConflict, CodeConflict, "%s.", afterSentinel(err, actions.ErrNotLinked))
	case errors.As(err, &ce):
		return err
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
		return errorf(http.StatusBadGateway, CodeSalesforceError,
			"Salesforce has no object the connected user can see to %s: the user's profile needs access to it.", doing)
	case r.Context().Err() != nil:
		return err
	}
	return s.salesforceFailure(r, c, err, doing)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
