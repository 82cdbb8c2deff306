package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

type outboxEntryView struct {
	AppID  string `json:"app_id"`
	Object string `json:"object"`
	Op     string `json:"op"`
	Status string `json:"status"`
	// Attempts counts the failed pushes since the entry was last
	// created or retried.
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	ErrorCode     string     `json:"error_code,omitempty"`
	ErrorMessage  string     `json:"error_message,omitempty"`
	// ErrorCause and ErrorFix are ErrorMessage's cause and fix apart;
	// absent for failures stored before they were kept apart.
	ErrorCause string `json:"error_cause,omitempty"`
	ErrorFix   string `json:"error_fix,omitempty"`
	// Changed are the app fields changed since the entry was created.
	Changed   []string  `json:"changed"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func viewOutboxEntry(e store.OutboxEntry) outboxEntryView {
	v := outboxEntryView{AppID: e.AppID, Object: e.Object, Op: e.Op, Status: e.Status, Attempts: e.Attempts,
		ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage, ErrorCause: e.ErrorCause, ErrorFix: e.ErrorFix, Changed: make([]string, 0, len(e.Changed)),
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
	if !e.NextAttemptAt.IsZero() {
		at := e.NextAttemptAt
		v.NextAttemptAt = &at
	}
	for f := range e.Changed {
		v.Changed = append(v.Changed, f)
	}
	slices.Sort(v.Changed)
	return v
}

// GET /v1/workspaces/{ws}/connections/{id}/outbox?status=&object=: the
// app changes waiting to be written to Salesforce, and those that
// failed.
func (s *Server) listOutbox(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.OutboxFilter{Status: q.Get("status"), Object: q.Get("object")}
	switch f.Status {
	case "", store.OutboxPending, store.OutboxFailed:
	default:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Query parameter status must be %q (waiting to be written), %q (gave up until retried) or left out for both, not %q.",
			store.OutboxPending, store.OutboxFailed, clipText(f.Status))
	}
	if f.Object != "" {
		if err := checkObjectName("Query parameter object", f.Object); err != nil {
			return err
		}
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	if f.Object != "" {
		oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
		if err != nil {
			return err
		}
		if om := findObject(oms, f.Object); om != nil {
			f.Object = om.Object
		}
	}
	page, err := s.store.ListOutbox(r.Context(), c.ID, f, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewOutboxEntry))
	return nil
}

type outboxSummaryView struct {
	Pending int `json:"pending"`
	Failed  int `json:"failed"`
}

// GET /v1/workspaces/{ws}/connections/{id}/outbox/summary
func (s *Server) outboxSummary(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	n, err := s.store.CountOutbox(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, outboxSummaryView{Pending: n[store.OutboxPending], Failed: n[store.OutboxFailed]})
	return nil
}

type retryOutboxRequest struct {
	Object string `json:"object"`
	AppID  string `json:"app_id"`
}

type retryOutboxView struct {
	Retried int `json:"retried"`
}

// POST /v1/workspaces/{ws}/connections/{id}/outbox/retry makes failed
// entries pending and due now: all of them, an object's, or one app
// record's. The next push (scheduled, or POST .../sync) writes them.
func (s *Server) retryOutbox(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req retryOutboxRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	if req.Object != "" {
		if err := checkObjectName("Field \"object\"", req.Object); err != nil {
			return err
		}
		oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
		if err != nil {
			return err
		}
		om := findObject(oms, req.Object)
		if om == nil {
			return errObjectNotMapped(req.Object)
		}
		req.Object = om.Object
	}
	if err := optionalText("app_id", req.AppID, 200); err != nil {
		return err
	}
	n, err := s.store.RetryOutbox(r.Context(), c.ID, req.Object, req.AppID, s.now().UTC())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, retryOutboxView{Retried: n})
	return nil
}

type linkRequest struct {
	SalesforceID string `json:"salesforce_id"`
}

type linkView struct {
	Linked       bool   `json:"linked"`
	Object       string `json:"object"`
	AppID        string `json:"app_id"`
	SalesforceID string `json:"salesforce_id"`
	// Retried counts the failed entries of the record made due again.
	Retried int `json:"retried"`
}

// POST /v1/workspaces/{ws}/connections/{id}/outbox/{object}/{app_id}/link
// links an app record to a Salesforce record that exists already (the
// duplicate a duplicate rule matched, say), so the next push updates it
// with the app's values instead of creating another. The link starts
// with no merge base, and the record's failed entry is retried.
func (s *Server) linkOutboxRecord(w http.ResponseWriter, r *http.Request) error {
	object, appID := r.PathValue("object"), r.PathValue("app_id")
	if err := checkObjectName("Object", object); err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req linkRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.SalesforceID == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"salesforce_id\" is required: the id of the existing Salesforce record to link the app record to.")
	}
	sfID, err := salesforce.ID18(req.SalesforceID)
	if err != nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"salesforce_id\": %v.", err)
	}
	oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	om := findObject(oms, object)
	if om == nil {
		return errObjectNotMapped(object)
	}
	if _, err := s.store.GetAppRecord(r.Context(), c.WorkspaceID, om.AppType, appID); err != nil {
		if isNotFound(err) {
			return errorf(http.StatusNotFound, CodeNotFound, "No %s record %q in this workspace (%s is synced as %s).", om.AppType, clipText(appID), om.Object, om.AppType)
		}
		return err
	}
	link, err := s.store.GetRecordLink(r.Context(), c.ID, om.Object, appID)
	switch {
	case err == nil && !link.Deleted && !link.AppDeleted:
		return errorf(http.StatusConflict, CodeConflict,
			"App record %s is already linked to %s %s on this connection; a record links to one Salesforce record. Nothing was changed.",
			appID, om.Object, link.SalesforceID)
	case err != nil && !isNotFound(err):
		return err
	}
	taken, err := s.store.LookupLinks(r.Context(), c.ID, om.Object, []string{sfID})
	if err != nil {
		return err
	}
	if other, ok := taken[sfID]; ok && other != appID {
		return errLinkedElsewhere(om.Object, sfID, other)
	}
	base, modstamp, err := s.readLinkBase(r, c, om.Object, sfID)
	if err != nil {
		return err
	}
	err = s.store.PutRecordLink(r.Context(), store.RecordLink{ConnectionID: c.ID, Object: om.Object, AppID: appID, SalesforceID: sfID,
		Synced: base, SystemModstamp: modstamp.UTC(), UpdatedAt: s.now().UTC()})
	if isDuplicate(err) {
		return errLinkedElsewhere(om.Object, sfID, "")
	}
	if err != nil {
		return err
	}
	n, err := s.store.RetryOutbox(r.Context(), c.ID, om.Object, appID, s.now().UTC())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, linkView{Linked: true, Object: om.Object, AppID: appID, SalesforceID: sfID, Retried: n})
	return nil
}

func errLinkedElsewhere(object, sfID, other string) error {
	who := "another app record"
	if other != "" {
		who = "app record " + other
	}
	return errorf(http.StatusConflict, CodeDuplicate,
		"%s %s is already linked to %s on this connection; a Salesforce record links to one app record. Nothing was changed.", object, sfID, who)
}

// readLinkBase reads the Salesforce record, so a link never points at a
// record the connected user cannot see, and returns the link's
// Salesforce base: the values of the object's mapped fields as the
// record holds them now, and its SystemModstamp. With that base, inbound
// sees no Salesforce change until there is one, and the push writes the
// app's values where they differ, as an update. (With no base at all,
// an inbound run that read the record before the push would take all of
// Salesforce's values instead.)
func (s *Server) readLinkBase(r *http.Request, c store.Connection, object, id string) (map[string]any, time.Time, error) {
	fms, err := s.store.ListFieldMappings(r.Context(), c.ID)
	if err != nil {
		return nil, time.Time{}, err
	}
	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return nil, time.Time{}, connectionErr(r, err)
	}
	// Every field the user can see: naming the mapped ones would fail
	// on one that field-level security has hidden since.
	rec, err := client.Get(r.Context(), object, id, nil)
	var api *salesforce.APIError
	switch {
	case err == nil:
	case errors.Is(err, salesforce.ErrEntityDeleted):
		return nil, time.Time{}, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"salesforce_id\": %s %s is in the Salesforce recycle bin. Restore it first, or link another record.", object, id)
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
		return nil, time.Time{}, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"salesforce_id\": Salesforce has no %s %s that the connected user can see. Check the id (and that it is a %s), and the user's sharing access.", object, id, object)
	default:
		return nil, time.Time{}, s.salesforceFailure(r, c, err, "read "+object+" "+id)
	}
	base := map[string]any{}
	for _, fm := range fms {
		if !strings.EqualFold(fm.Object, object) {
			continue
		}
		for k, v := range rec {
			if strings.EqualFold(k, fm.SFField) {
				base[k] = v
			}
		}
	}
	modstamp, _ := salesforce.ParseDateTime(rec.String("SystemModstamp"))
	return base, modstamp, nil
}

type conflictView struct {
	ID              string    `json:"id"`
	Object          string    `json:"object"`
	AppID           string    `json:"app_id"`
	SalesforceID    string    `json:"salesforce_id"`
	Field           string    `json:"field"`
	AppField        string    `json:"app_field"`
	AppValue        any       `json:"app_value"`
	SalesforceValue any       `json:"salesforce_value"`
	BaseValue       any       `json:"base_value"`
	Policy          string    `json:"policy"`
	Winner          string    `json:"winner"`
	CreatedAt       time.Time `json:"created_at"`
}

func viewConflict(c store.Conflict) conflictView {
	return conflictView{ID: c.ID, Object: c.Object, AppID: c.AppID, SalesforceID: c.SalesforceID, Field: c.Field, AppField: c.AppField,
		AppValue: c.AppValue, SalesforceValue: c.SalesforceValue, BaseValue: c.BaseValue, Policy: string(c.Policy), Winner: c.Winner, CreatedAt: c.CreatedAt}
}

// GET /v1/workspaces/{ws}/connections/{id}/conflicts: fields changed on
// both sides since the last sync, and how the policy decided each,
// oldest first.
func (s *Server) listConflicts(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListConflicts(r.Context(), c.ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewConflict))
	return nil
}
