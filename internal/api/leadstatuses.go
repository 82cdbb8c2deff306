package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/store"
)

type leadStatusView struct {
	Value     string `json:"value"`
	Label     string `json:"label"`
	Order     int    `json:"order"`
	Converted bool   `json:"converted"`
	Default   bool   `json:"default"`
	// Dispositions are the host's dispositions that map to the status.
	Dispositions []string `json:"dispositions"`
}

type dispositionView struct {
	Name string `json:"name"`
	// Status is the lead status value; absent when unmapped.
	Status string `json:"status,omitempty"`
}

type unmappedDispositionView struct {
	Name   string `json:"name"`
	Status string `json:"status,omitempty"`
	Reason string `json:"reason"`
}

type leadStatusesView struct {
	Statuses     []leadStatusView  `json:"statuses"`
	Dispositions []dispositionView `json:"dispositions"`
	// Custom is true once the host put its own dispositions; until then
	// they are the statuses themselves.
	Custom               bool                      `json:"custom"`
	UnmappedDispositions []unmappedDispositionView `json:"unmapped_dispositions"`
	UnmappedStatuses     []string                  `json:"unmapped_statuses"`
	PulledAt             *time.Time                `json:"pulled_at,omitempty"`
	// Added and Removed answer a pull: the status values new since the
	// last pull, and those gone.
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

func viewLeadStatuses(m *leadstatus.Mapping) leadStatusesView {
	v := leadStatusesView{Statuses: make([]leadStatusView, 0, len(m.Statuses)), Dispositions: make([]dispositionView, 0, len(m.Dispositions)),
		Custom: m.Explicit, UnmappedDispositions: []unmappedDispositionView{}, UnmappedStatuses: m.UnmappedStatuses()}
	for _, s := range m.Statuses {
		sv := leadStatusView{Value: s.Value, Label: s.Label, Order: s.SortOrder, Converted: s.Converted, Default: s.Default, Dispositions: []string{}}
		for _, d := range m.Dispositions {
			if st, ok := m.ToSalesforce(d.Name); ok && st == s.Value {
				sv.Dispositions = append(sv.Dispositions, d.Name)
			}
		}
		v.Statuses = append(v.Statuses, sv)
		if v.PulledAt == nil || s.PulledAt.After(*v.PulledAt) {
			at := s.PulledAt
			v.PulledAt = &at
		}
	}
	for _, d := range m.Dispositions {
		v.Dispositions = append(v.Dispositions, dispositionView{Name: d.Name, Status: d.Status})
	}
	for _, u := range m.UnmappedDispositions() {
		v.UnmappedDispositions = append(v.UnmappedDispositions, unmappedDispositionView(u))
	}
	if v.UnmappedStatuses == nil {
		v.UnmappedStatuses = []string{}
	}
	return v
}

// POST /v1/workspaces/{ws}/connections/{id}/lead-statuses/pull reads the
// org's lead statuses and stores them as the connection's.
func (s *Server) pullLeadStatuses(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return connectionErr(r, err)
	}
	res, err := leadstatus.Pull(r.Context(), s.store, client, c)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return connectionErr(r, err)
		}
		return s.salesforceFailure(r, c, err, "read the lead statuses")
	}
	v := viewLeadStatuses(res.Mapping)
	v.Added, v.Removed = res.Added, res.Removed
	writeJSON(w, http.StatusOK, v)
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/lead-statuses
func (s *Server) getLeadStatuses(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	m, err := leadstatus.Load(r.Context(), s.store, c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewLeadStatuses(m))
	return nil
}

type leadStatusMappingRequest struct {
	Dispositions []dispositionView `json:"dispositions"`
}

// PUT /v1/workspaces/{ws}/connections/{id}/lead-statuses/mapping
// replaces the host's dispositions and the statuses they map to.
func (s *Server) putLeadStatusMapping(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req leadStatusMappingRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	statuses, err := s.store.ListLeadStatuses(r.Context(), c.ID)
	if err != nil {
		return err
	}
	ds := make([]store.Disposition, len(req.Dispositions))
	for i, d := range req.Dispositions {
		ds[i] = store.Disposition{Name: d.Name, Status: d.Status}
	}
	checked, err := leadstatus.CheckDispositions(statuses, ds)
	var me *leadstatus.MappingError
	switch {
	case errors.As(err, &me) && len(statuses) == 0:
		return errorf(http.StatusConflict, CodeConflict, "%s Call POST .../connections/%s/lead-statuses/pull.", me.Message, c.ID)
	case errors.As(err, &me):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s", me.Message)
	case err != nil:
		return err
	}
	now := s.now().UTC()
	for i := range checked {
		checked[i].UpdatedAt = now
	}
	stored, err := s.store.PutDispositions(r.Context(), c.ID, checked)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewLeadStatuses(leadstatus.NewMapping(statuses, stored)))
	return nil
}
