package api

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

type syncRequest struct {
	Object string `json:"object"`
}

type runView struct {
	// ID is empty for an object whose run could not start (Error says
	// why); such a run is not recorded.
	ID           string     `json:"id,omitempty"`
	ConnectionID string     `json:"connection_id"`
	Object       string     `json:"object"`
	Kind         string     `json:"kind,omitempty"`
	Status       string     `json:"status"`
	StartedAt    *time.Time `json:"started_at,omitempty"`
	FinishedAt   *time.Time `json:"finished_at,omitempty"`
	DurationMS   int64      `json:"duration_ms"`
	Read         int        `json:"read"`
	Created      int        `json:"created"`
	Updated      int        `json:"updated"`
	Deleted      int        `json:"deleted"`
	Unchanged    int        `json:"unchanged"`
	Skipped      int        `json:"skipped"`
	Failed       int        `json:"failed"`
	APICalls     int        `json:"api_calls"`
	// API is rest or bulk; empty for a run that could not start.
	API   string `json:"api,omitempty"`
	Error string `json:"error,omitempty"`
}

func viewRun(r store.Run) runView {
	v := runView{ID: r.ID, ConnectionID: r.ConnectionID, Object: r.Object, Kind: r.Kind, Status: string(r.Status),
		FinishedAt: r.FinishedAt, Read: r.Read, Created: r.Created, Updated: r.Updated, Deleted: r.Deleted,
		Unchanged: r.Unchanged, Skipped: r.Skipped, Failed: r.Failed, APICalls: r.APICalls, API: r.API, Error: r.Error}
	if !r.StartedAt.IsZero() {
		at := r.StartedAt
		v.StartedAt = &at
		if r.FinishedAt != nil {
			v.DurationMS = r.FinishedAt.Sub(at).Milliseconds()
		}
	}
	return v
}

// POST /v1/workspaces/{ws}/connections/{id}/sync runs the inbound sync
// now, of one object or of every enabled one in turn, then pushes the
// app's pending changes of the same objects, and answers the runs. It holds the connection's run lock, so it never overlaps a
// scheduled run or another manual one.
func (s *Server) syncNow(w http.ResponseWriter, r *http.Request) error {
	if s.engine == nil {
		return errorf(http.StatusServiceUnavailable, CodeUnavailable, "This deployment runs no sync engine, so syncs cannot be started over the API.")
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req syncRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	var objects []string
	if req.Object != "" {
		if err := checkObjectName("Field \"object\"", req.Object); err != nil {
			return err
		}
		om := findObject(oms, req.Object)
		if om == nil {
			return errObjectNotMapped(req.Object)
		}
		if !om.Enabled {
			return errorf(http.StatusBadRequest, CodeInvalidInput,
				"Object %s is mapped but not enabled. Enable it with PUT .../objects/%s and {\"enabled\": true} first.", om.Object, om.Object)
		}
		objects = []string{om.Object}
	} else {
		for _, om := range oms {
			if om.Enabled {
				objects = append(objects, om.Object)
			}
		}
		if len(objects) == 0 {
			return errorf(http.StatusBadRequest, CodeInvalidInput,
				"No object is enabled on this connection. Map one to an app type with PUT .../objects/{object} first.")
		}
	}

	unlock, ok := s.locker.TryLock(c.ID)
	if !ok {
		return errorf(http.StatusConflict, CodeConflict,
			"A sync of this connection is running now. Wait for it to finish (see GET .../connections/%s/runs) and retry.", c.ID)
	}
	defer unlock()
	objects = syncer.PeopleFirst(c, objects)
	out := list[runView]{Data: make([]runView, 0, len(objects))}
	for _, object := range objects {
		run, err := s.engine.SyncObject(r.Context(), c.WorkspaceID, c.ID, object)
		if err == nil || run.ID != "" {
			// A run that started and failed is recorded with its error.
			out.Data = append(out.Data, viewRun(run))
			continue
		}
		if ce := (*connection.Error)(nil); errors.As(err, &ce) || r.Context().Err() != nil {
			// The connection itself cannot sync (not connected): no
			// other object would fare better.
			return err
		}
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "manual sync could not start",
			slog.String("request_id", requestID(r.Context())), slog.String("connection_id", c.ID),
			slog.String("object", object), slog.String("error", err.Error()))
		out.Data = append(out.Data, runView{ConnectionID: c.ID, Object: object, Status: string(store.RunFailed), Error: err.Error()})
	}
	// Then the app's changes go out, object by object in the same order.
	// A push that had nothing to do (writes off, nothing due) has no run.
	for _, object := range objects {
		run, err := s.engine.PushObject(r.Context(), c.WorkspaceID, c.ID, object)
		if run.ID != "" {
			out.Data = append(out.Data, viewRun(run))
			continue
		}
		if err == nil {
			continue
		}
		if r.Context().Err() != nil {
			return err
		}
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "manual push could not start",
			slog.String("request_id", requestID(r.Context())), slog.String("connection_id", c.ID),
			slog.String("object", object), slog.String("error", err.Error()))
		out.Data = append(out.Data, runView{ConnectionID: c.ID, Object: object, Kind: syncer.KindPush, Status: string(store.RunFailed), Error: err.Error()})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/runs, newest first.
func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListRuns(r.Context(), c.ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewRun))
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/runs/{run_id}
func (s *Server) getRun(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	run, err := s.store.GetRun(r.Context(), c.ID, r.PathValue("run_id"))
	if isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No run %q on this connection. See GET .../connections/%s/runs.", r.PathValue("run_id"), c.ID)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewRun(run))
	return nil
}

type recordErrorView struct {
	ID           string `json:"id"`
	RunID        string `json:"run_id,omitempty"`
	Object       string `json:"object"`
	AppID        string `json:"app_id,omitempty"`
	SalesforceID string `json:"salesforce_id,omitempty"`
	Field        string `json:"field,omitempty"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	// Cause and Fix are Message's cause and fix apart; absent for errors
	// stored before they were kept apart.
	Cause     string    `json:"cause,omitempty"`
	Fix       string    `json:"fix,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func viewRecordError(e store.RecordError) recordErrorView {
	return recordErrorView{ID: e.ID, RunID: e.RunID, Object: e.Object, AppID: e.AppID, SalesforceID: e.SalesforceID, Field: e.Field,
		Code: e.Code, Message: e.Message, Cause: e.Cause, Fix: e.Fix, CreatedAt: e.CreatedAt}
}

// GET /v1/workspaces/{ws}/connections/{id}/errors: the record and field
// errors of the connection's runs.
func (s *Server) listRecordErrors(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListRecordErrors(r.Context(), c.ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewRecordError))
	return nil
}
