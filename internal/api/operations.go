package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/store"
)

type operationRequest struct {
	Kind         string `json:"kind"`
	EstimateOnly bool   `json:"estimate_only"`
}

type operationView struct {
	ID              string          `json:"id"`
	ConnectionID    string          `json:"connection_id"`
	Kind            string          `json:"kind"`
	Status          string          `json:"status"`
	Step            string          `json:"step,omitempty"`
	Done            int             `json:"done"`
	Total           int             `json:"total"`
	Percent         int             `json:"percent"`
	APICalls        int             `json:"api_calls"`
	EstimatedCalls  int             `json:"estimated_calls"`
	Result          json.RawMessage `json:"result,omitempty"`
	Error           string          `json:"error,omitempty"`
	CancelRequested bool            `json:"cancel_requested"`
	Attempt         int             `json:"attempt"`
	Heartbeat       *time.Time      `json:"heartbeat,omitempty"`
	CreatedAt       time.Time       `json:"created_at"`
	StartedAt       *time.Time      `json:"started_at,omitempty"`
	FinishedAt      *time.Time      `json:"finished_at,omitempty"`
	// Estimate is in the answer that queues the operation.
	Estimate *estimateView `json:"estimate,omitempty"`
}

func viewOperation(op store.Operation) operationView {
	v := operationView{ID: op.ID, ConnectionID: op.ConnectionID, Kind: op.Kind, Status: string(op.Status), Step: op.Step,
		Done: op.Done, Total: op.Total, APICalls: op.APICalls, EstimatedCalls: op.EstimatedCalls, Result: op.Result, Error: op.Error,
		CancelRequested: op.CancelRequested, Attempt: op.Attempt, Heartbeat: op.Heartbeat, CreatedAt: op.CreatedAt,
		StartedAt: op.StartedAt, FinishedAt: op.FinishedAt}
	switch {
	case op.Status == store.OperationSucceeded:
		v.Percent = 100
	case op.Total > 0:
		v.Percent = min(100, op.Done*100/op.Total)
	}
	return v
}

type estimateView struct {
	Kind          string               `json:"kind"`
	APICalls      int                  `json:"api_calls"`
	Records       int                  `json:"records"`
	Objects       []objectEstimateView `json:"objects"`
	CountingCalls int                  `json:"counting_calls"`
	Unknown       bool                 `json:"unknown"`
	Note          string               `json:"note,omitempty"`
}

type objectEstimateView struct {
	Object    string `json:"object"`
	AppType   string `json:"app_type"`
	Direction string `json:"direction"`
	Records   int    `json:"records"`
	APICalls  int    `json:"api_calls"`
}

func viewEstimate(e ops.Estimate) estimateView {
	v := estimateView{Kind: e.Kind, APICalls: e.Calls, Records: e.Records, CountingCalls: e.CountingCalls, Unknown: e.Unknown,
		Note: e.Note, Objects: make([]objectEstimateView, 0, len(e.Objects))}
	for _, o := range e.Objects {
		v.Objects = append(v.Objects, objectEstimateView{Object: o.Object, AppType: o.AppType, Direction: o.Direction,
			Records: o.Records, APICalls: o.Calls})
	}
	return v
}

// operations returns the runner, or 503 when this deployment has none.
func (s *Server) operations() (*ops.Runner, error) {
	if s.ops == nil {
		return nil, errorf(http.StatusServiceUnavailable, CodeUnavailable,
			"This deployment runs no operations runner, so one-time operations cannot be started over the API.")
	}
	return s.ops, nil
}

// POST /v1/workspaces/{ws}/connections/{id}/operations: estimates a
// one-time operation and, unless estimate_only, queues it (202); the
// runner starts it when the connection is free.
func (s *Server) startOperation(w http.ResponseWriter, r *http.Request) error {
	runner, err := s.operations()
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req operationRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if strings.TrimSpace(req.Kind) == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"kind\" is required: one of %s.", strings.Join(runner.Kinds(), ", "))
	}
	if req.EstimateOnly {
		est, err := runner.Estimate(r.Context(), c.WorkspaceID, c.ID, req.Kind)
		if err != nil {
			return s.operationFailure(r, c, err)
		}
		writeJSON(w, http.StatusOK, viewEstimate(est))
		return nil
	}
	op, est, err := runner.Start(r.Context(), c.WorkspaceID, c.ID, req.Kind)
	if err != nil {
		return s.operationFailure(r, c, err)
	}
	v := viewOperation(op)
	ev := viewEstimate(est)
	v.Estimate = &ev
	w.Header().Set("Location", "/v1/workspaces/"+c.WorkspaceID+"/connections/"+c.ID+"/operations/"+op.ID)
	writeJSON(w, http.StatusAccepted, v)
	return nil
}

// operationFailure words an error of estimating or starting an
// operation.
func (s *Server) operationFailure(r *http.Request, c store.Connection, err error) error {
	var unknown *ops.UnknownKindError
	var ce *connection.Error
	switch {
	case errors.As(err, &unknown):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"kind\" is %q; it must be one of %s.", clipText(unknown.Kind), strings.Join(unknown.Known, ", "))
	case errors.Is(err, ops.ErrNothingToDo):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s.", afterSentinel(err, ops.ErrNothingToDo))
	case errors.Is(err, ops.ErrWritingOff):
		return errorf(http.StatusConflict, CodeConflict, "Writing to Salesforce is off for this connection, so nothing can be pushed: turn write_enabled on with PATCH .../connections/%s first.", c.ID)
	case errors.As(err, &ce), errors.Is(err, store.ErrNotFound):
		return connectionErr(r, err)
	case r.Context().Err() != nil:
		return err
	}
	return s.salesforceFailure(r, c, err, "count the records for the estimate")
}

// afterSentinel is err's message after the sentinel's prefix.
func afterSentinel(err, sentinel error) string {
	msg := err.Error()
	if i := strings.Index(msg, sentinel.Error()+": "); i >= 0 {
		msg = msg[i+len(sentinel.Error())+2:]
	}
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}

// GET /v1/workspaces/{ws}/connections/{id}/operations, newest first.
func (s *Server) listOperations(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListOperations(r.Context(), c.ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewOperation))
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/operations/{op_id}
func (s *Server) getOperation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	op, err := s.store.GetOperation(r.Context(), c.ID, r.PathValue("op_id"))
	if err != nil {
		return operationErr(r, c, err)
	}
	writeJSON(w, http.StatusOK, viewOperation(op))
	return nil
}

// POST /v1/workspaces/{ws}/connections/{id}/operations/{op_id}/cancel:
// a queued operation is cancelled at once; a running one is asked to
// stop and does within a page or batch (cancel_requested, then status
// cancelled).
func (s *Server) cancelOperation(w http.ResponseWriter, r *http.Request) error {
	runner, err := s.operations()
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	op, err := runner.Cancel(r.Context(), c.ID, r.PathValue("op_id"))
	if errors.Is(err, ops.ErrNotCancellable) {
		return errorf(http.StatusConflict, CodeConflict, "Operation %s has finished already (%s); there is nothing to cancel.", op.ID, op.Status)
	}
	if err != nil {
		return operationErr(r, c, err)
	}
	writeJSON(w, http.StatusOK, viewOperation(op))
	return nil
}

// operationErr words a bare store.ErrNotFound about the operation in the
// URL.
func operationErr(r *http.Request, c store.Connection, err error) error {
	if isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No operation %q on this connection. See GET .../connections/%s/operations.",
			clipText(r.PathValue("op_id")), c.ID)
	}
	return err
}
