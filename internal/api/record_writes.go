package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// MaxBatchWrites is the most writes one batch takes.
const MaxBatchWrites = 1000

// appRecordIDRE is the shape of an app record id the host chooses: it
// goes in URLs as one path segment, so it keeps to characters that need
// no escaping there.
var appRecordIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,199}$`)

type createRecordRequest struct {
	// ID is optional: empty gets a new id.
	ID     string                     `json:"id"`
	Fields map[string]json.RawMessage `json:"fields"`
}

type updateRecordRequest struct {
	Fields map[string]json.RawMessage `json:"fields"`
}

type batchWrite struct {
	Op     string                     `json:"op"`
	Type   string                     `json:"type"`
	ID     string                     `json:"id"`
	Fields map[string]json.RawMessage `json:"fields"`
}

type batchRequest struct {
	Writes []batchWrite `json:"writes"`
}

// POST /v1/workspaces/{ws}/records/{type}: the host creates a record.
// Where the type's object mapping writes creates to Salesforce, the
// record waits in the outbox of each such connection.
func (s *Server) createRecord(w http.ResponseWriter, r *http.Request) error {
	t, err := s.appType(r, r.PathValue("type"))
	if err != nil {
		return err
	}
	var req createRecordRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.ID != "" && !appRecordIDRE.MatchString(req.ID) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s", sentence(badRecordID(req.ID)))
	}
	fields, err := appValues(t, req.Fields)
	if err != nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s", sentence(err.Error()))
	}
	recs, err := s.writeRecords(r, []store.AppWrite{{Op: store.AppCreate, Type: t.Name, ID: req.ID, Fields: fields}}, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, viewRecord(recs[0]))
	return nil
}

// PATCH /v1/workspaces/{ws}/records/{type}/{id} sets the fields the body
// names; the others keep their values and null clears one.
func (s *Server) updateRecord(w http.ResponseWriter, r *http.Request) error {
	t, err := s.appType(r, r.PathValue("type"))
	if err != nil {
		return err
	}
	var req updateRecordRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.Fields == nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"fields\" is required: the fields to set, such as {\"fields\": {\"email\": \"ada@example.com\"}}. Fields left out keep their values; null clears one.")
	}
	fields, err := appValues(t, req.Fields)
	if err != nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "%s", sentence(err.Error()))
	}
	recs, err := s.writeRecords(r, []store.AppWrite{{Op: store.AppUpdate, Type: t.Name, ID: r.PathValue("id"), Fields: fields}}, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewRecord(recs[0]))
	return nil
}

// DELETE /v1/workspaces/{ws}/records/{type}/{id}. Each connection with
// the type mapped learns of it through its outbox; the object mapping's
// outbound_delete says whether the Salesforce record goes too.
func (s *Server) deleteRecord(w http.ResponseWriter, r *http.Request) error {
	t, err := s.appType(r, r.PathValue("type"))
	if err != nil {
		return err
	}
	if _, err := s.writeRecords(r, []store.AppWrite{{Op: store.AppDelete, Type: t.Name, ID: r.PathValue("id")}}, false); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// POST /v1/workspaces/{ws}/records:batch applies up to MaxBatchWrites
// creates, updates and deletes of any types in one transaction: all or
// none. The answer lists the records written in the order of the writes.
func (s *Server) batchRecords(w http.ResponseWriter, r *http.Request) error {
	var req batchRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	switch {
	case len(req.Writes) == 0:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"writes\" is required: 1 to %d writes such as {\"op\": \"create\", \"type\": \"contact\", \"fields\": {...}}.", MaxBatchWrites)
	case len(req.Writes) > MaxBatchWrites:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"writes\" has %d writes; a batch takes at most %d. Split it; nothing was written.", len(req.Writes), MaxBatchWrites)
	}
	types := map[string]store.AppType{}
	writes := make([]store.AppWrite, len(req.Writes))
	for i, bw := range req.Writes {
		bad := func(format string, args ...any) error {
			return errorf(http.StatusBadRequest, CodeInvalidInput, "writes[%d]: %s Nothing was written.", i, fmt.Sprintf(format, args...))
		}
		op := store.AppWriteOp(bw.Op)
		switch op {
		case store.AppCreate, store.AppUpdate, store.AppDelete:
		default:
			return bad("op must be %q, %q or %q, not %q.", store.AppCreate, store.AppUpdate, store.AppDelete, bw.Op)
		}
		if bw.Type == "" {
			return bad("type is required: the app type of the record, such as contact.")
		}
		t, ok := types[bw.Type]
		if !ok {
			var err error
			t, err = s.store.GetAppType(r.Context(), workspaceFrom(r.Context()).ID, bw.Type)
			if isNotFound(err) {
				return bad("there is no app type %q in this workspace. Declare it first with PUT /v1/workspaces/{ws}/app-types/%s.", clipText(bw.Type), clipText(bw.Type))
			}
			if err != nil {
				return err
			}
			types[bw.Type] = t
		}
		switch {
		case bw.ID == "" && op != store.AppCreate:
			return bad("id is required to %s a record.", op)
		case bw.ID != "" && !appRecordIDRE.MatchString(bw.ID):
			return bad("%s.", badRecordID(bw.ID))
		case op == store.AppDelete && bw.Fields != nil:
			return bad("a delete takes no fields; remove \"fields\".")
		case op == store.AppUpdate && bw.Fields == nil:
			return bad("fields is required to update a record: the fields to set (others keep their values; null clears one).")
		}
		fields, err := appValues(t, bw.Fields)
		if err != nil {
			return bad("%s.", err)
		}
		writes[i] = store.AppWrite{Op: op, Type: t.Name, ID: bw.ID, Fields: fields}
	}
	recs, err := s.writeRecords(r, writes, true)
	if err != nil {
		return err
	}
	out := list[recordView]{Data: make([]recordView, 0, len(recs))}
	for _, rec := range recs {
		out.Data = append(out.Data, viewRecord(rec))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writeRecords applies writes through the store and words a refused
// one; in a batch the message names the write's index.
func (s *Server) writeRecords(r *http.Request, writes []store.AppWrite, batch bool) ([]store.AppRecord, error) {
	recs, err := s.store.WriteAppRecords(r.Context(), workspaceFrom(r.Context()).ID, writes, s.now().UTC())
	if err == nil {
		return recs, nil
	}
	var we *store.AppWriteError
	if !errors.As(err, &we) || we.Index < 0 || we.Index >= len(writes) {
		return nil, err
	}
	w := writes[we.Index]
	prefix, suffix := "", ""
	if batch {
		prefix, suffix = fmt.Sprintf("writes[%d]: ", we.Index), " Nothing was written."
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		if batch {
			return nil, errorf(http.StatusNotFound, CodeNotFound,
				"%sthere is no %s record %q in this workspace (or an earlier write of this batch deleted it).%s", prefix, w.Type, w.ID, suffix)
		}
		return nil, errorf(http.StatusNotFound, CodeNotFound, "No %s record %q in this workspace.", w.Type, w.ID)
	case errors.Is(err, store.ErrDuplicate):
		// Record ids are unique across types (and workspaces); say which
		// case it is only when the record is the caller's own.
		if _, gerr := s.store.GetAppRecord(r.Context(), workspaceFrom(r.Context()).ID, w.Type, w.ID); gerr != nil || batch {
			return nil, errorf(http.StatusConflict, CodeDuplicate,
				"%sThe id %q is taken by another record. Choose another id, or leave \"id\" out to get a new one.%s", prefix, w.ID, suffix)
		}
		return nil, errorf(http.StatusConflict, CodeDuplicate,
			"%s%s record %q exists already. Change it with PATCH /v1/workspaces/{ws}/records/%s/%s, or leave \"id\" out to get a new one.%s",
			prefix, upperFirst(w.Type), w.ID, w.Type, w.ID, suffix)
	case errors.Is(err, store.ErrInvalid):
		return nil, errorf(http.StatusBadRequest, CodeInvalidInput,
			"%sThe %s record could not be stored: %v. Check it against GET /v1/workspaces/{ws}/app-types/%s.%s", prefix, w.Type, we.Err, w.Type, suffix)
	}
	return nil, err
}

func badRecordID(id string) string {
	return fmt.Sprintf("id %q must be 1 to 200 letters, digits and . _ ~ : @ -, starting with a letter or digit (it goes in URLs)", clipText(id))
}

// sentence capitalizes msg and ends it with a period.
func sentence(msg string) string {
	msg = upperFirst(msg)
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
