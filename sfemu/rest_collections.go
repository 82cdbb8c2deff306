package sfemu

import (
	"net/http"
	"strings"
)

// maxCollectionSize is the most records one sObject Collections call takes.
const maxCollectionSize = 200

// collectionRequest is the body of a collections create, update or upsert.
type collectionRequest struct {
	AllOrNone bool             `json:"allOrNone"`
	Records   []map[string]any `json:"records"`
}

// itemError is one error of one record in a collections answer. Unlike
// top-level errors it uses the key statusCode.
type itemError struct {
	// DuplicateResult is set for DUPLICATES_DETECTED, as in a
	// single-record answer.
	DuplicateResult *duplicateResult `json:"duplicateResult,omitempty"`
	StatusCode      string           `json:"statusCode"`
	Message         string           `json:"message"`
	Fields          []string         `json:"fields"`
}

// itemResult is one record's result in a collections answer.
type itemResult struct {
	ID      *string     `json:"id,omitempty"`
	Success bool        `json:"success"`
	Errors  []itemError `json:"errors"`
	Created *bool       `json:"created,omitempty"`
}

func failedItem(id string, e *Error) itemResult {
	r := itemResult{Success: false}
	for _, x := range e.all() {
		fields := x.Fields
		if fields == nil {
			fields = []string{}
		}
		r.Errors = append(r.Errors, itemError{DuplicateResult: x.Duplicate, StatusCode: x.Code, Message: x.Message, Fields: fields})
	}
	if id != "" {
		r.ID = &id
	}
	return r
}

func rolledBack(id string) itemResult {
	return failedItem(id, errorf(http.StatusBadRequest, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
		"Record rolled back because not all records were valid and the request was using AllOrNone header"))
}

// collections serves /composite/sobjects[/X[/ExtField]].
func (s *Server) collections(c *call, p []string) {
	switch {
	case len(p) == 0 && c.r.Method == http.MethodPost:
		s.collectionWrite(c, "create", nil, nil)
	case len(p) == 0 && c.r.Method == http.MethodPatch:
		s.collectionWrite(c, "update", nil, nil)
	case len(p) == 0 && c.r.Method == http.MethodDelete:
		s.collectionDelete(c)
	case len(p) == 1 && (c.r.Method == http.MethodGet || c.r.Method == http.MethodPost):
		s.collectionRetrieve(c, p[0])
	case len(p) == 2 && c.r.Method == http.MethodPatch:
		c.rlock(s.org)
		obj := s.org.object(p[0])
		c.runlock(s.org)
		if obj == nil {
			c.fail(errInvalidType(p[0]))
			return
		}
		f := obj.Field(p[1])
		if f == nil || !(f.ExternalID || f.IDLookup) {
			c.fail(errorf(http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: %s", p[1]))
			return
		}
		s.collectionWrite(c, "upsert", obj, f)
	case len(p) == 0:
		c.notAllowed("POST", "PATCH", "DELETE")
	case len(p) == 1:
		c.notAllowed("GET", "POST")
	default:
		c.notAllowed("PATCH")
	}
}

// collectionWrite creates, updates or upserts up to 200 records.
func (s *Server) collectionWrite(c *call, op string, upsertObj *Object, extField *Field) {
	var req collectionRequest
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	if len(req.Records) > maxCollectionSize {
		c.fail(errorf(http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than %d records into this call", maxCollectionSize))
		return
	}
	o := s.org
	c.lock(o)
	defer c.unlock(o)
	t := c.begin(o)
	mark := len(t.undo)
	opt := c.writeOptions(o)
	if opt.assign.err != nil {
		// A bad header fails the request, not each record.
		c.fail(opt.assign.err)
		return
	}
	results := make([]itemResult, len(req.Records))
	failed := false
	for i, in := range req.Records {
		id := recordID(in)
		obj := upsertObj
		if obj == nil {
			typ := recordType(in)
			if typ == "" && op == "update" && id != "" {
				if r := o.lookup(id); r != nil {
					typ = r.obj.Name
				}
			}
			if obj = o.object(typ); obj == nil {
				failed = true
				if typ == "" {
					results[i] = failedItem(id, errorf(http.StatusBadRequest, "INVALID_TYPE", "Must specify a type in the attributes field"))
				} else {
					results[i] = failedItem(id, errInvalidType(typ))
				}
				continue
			}
		}
		var (
			r       *record
			err     *Error
			created *bool
		)
		switch op {
		case "create":
			if id != "" {
				err = errorf(http.StatusBadRequest, "INVALID_FIELD", "cannot specify Id in an insert call")
				break
			}
			r, err = t.create(obj, in, opt)
		case "update":
			if id == "" {
				err = errorf(http.StatusBadRequest, "MISSING_ARGUMENT", "Id not specified in an update call")
				break
			}
			r, err = t.update(obj, id, withoutID(in), opt)
		case "upsert":
			value, ok := in[extField.Name]
			if !ok {
				for k, v := range in {
					if strings.EqualFold(k, extField.Name) {
						value, ok = v, true
					}
				}
			}
			sv, isString := value.(string)
			if !ok || !isString || sv == "" {
				err = fieldError("MISSING_ARGUMENT", extField, "%s not specified", extField.Name)
				break
			}
			var out upsertOutcome
			out, err = o.upsert(t, obj, extField, sv, copyFields(in), false, opt)
			if err == nil {
				r = out.r
				created = &out.created
			}
		}
		if err != nil {
			failed = true
			if err.Status == http.StatusMultipleChoices {
				ids := make([]string, len(err.matches))
				for i, m := range err.matches {
					ids[i] = id18(m.id)
				}
				err = errorf(http.StatusBadRequest, "DUPLICATE_EXTERNAL_ID", "%s: more than one record found for external id field: [%s]", extField.Name, strings.Join(ids, ", "))
			}
			results[i] = failedItem(id, err)
			continue
		}
		rid := id18(r.id)
		results[i] = itemResult{ID: &rid, Success: true, Errors: []itemError{}, Created: created}
	}
	if failed && req.AllOrNone {
		t.undo = rollbackTo(t, mark)
		for i := range results {
			if results[i].Success {
				id := ""
				if op != "create" && results[i].ID != nil {
					id = *results[i].ID
				}
				results[i] = rolledBack(id)
			}
		}
	}
	c.send(http.StatusOK, results)
}

// rollbackTo undoes a transaction's writes made after mark, leaving the
// earlier ones (a Composite may hold them) in place.
func rollbackTo(t *tx, mark int) []undoEntry {
	for i := len(t.undo) - 1; i >= mark; i-- {
		t.o.restore(t.undo[i].id, t.undo[i].prev)
	}
	return t.undo[:mark]
}

func recordType(in map[string]any) string {
	attrs, _ := in["attributes"].(map[string]any)
	typ, _ := attrs["type"].(string)
	return typ
}

// recordID reads "id" (jsforce) or "Id" (everyone else).
func recordID(in map[string]any) string {
	for k, v := range in {
		if strings.EqualFold(k, "id") {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

func withoutID(in map[string]any) map[string]any {
	out := make(map[string]any, len(in))
	for k, v := range in {
		if !strings.EqualFold(k, "id") {
			out[k] = v
		}
	}
	return out
}

func copyFields(in map[string]any) map[string]any {
	out := make(map[string]any, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// collectionDelete serves DELETE /composite/sobjects?ids=&allOrNone=.
func (s *Server) collectionDelete(c *call) {
	q := c.r.URL.Query()
	var ids []string
	for _, id := range strings.Split(q.Get("ids"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		c.fail(errorf(http.StatusBadRequest, "MISSING_ARGUMENT", "ids parameter is required"))
		return
	}
	if len(ids) > maxCollectionSize {
		c.fail(errorf(http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than %d records into this call", maxCollectionSize))
		return
	}
	allOrNone := strings.EqualFold(q.Get("allOrNone"), "true")
	o := s.org
	c.lock(o)
	defer c.unlock(o)
	t := c.begin(o)
	mark := len(t.undo)
	results := make([]itemResult, len(ids))
	failed := false
	for i, id := range ids {
		if _, err := t.remove(nil, id, c.writeOptions(o)); err != nil {
			failed = true
			results[i] = failedItem(id, err)
			continue
		}
		rid := id18(mustParseID(id))
		results[i] = itemResult{ID: &rid, Success: true, Errors: []itemError{}}
	}
	if failed && allOrNone {
		t.undo = rollbackTo(t, mark)
		for i := range results {
			if results[i].Success {
				results[i] = rolledBack(*results[i].ID)
			}
		}
	}
	c.send(http.StatusOK, results)
}

func mustParseID(id string) string {
	id15, _ := parseID(id)
	return id15
}

// collectionRetrieve serves GET /composite/sobjects/X?ids=&fields= and the
// POST form with a JSON body, answering null for ids not found.
func (s *Server) collectionRetrieve(c *call, object string) {
	var ids, fields []string
	if c.r.Method == http.MethodPost {
		var body struct {
			IDs    []string `json:"ids"`
			Fields []string `json:"fields"`
		}
		if err := c.decode(&body); err != nil {
			c.fail(err)
			return
		}
		ids, fields = body.IDs, body.Fields
	} else {
		q := c.r.URL.Query()
		ids = splitList(q.Get("ids"))
		fields = splitList(q.Get("fields"))
	}
	if len(ids) == 0 || len(fields) == 0 {
		c.fail(errorf(http.StatusBadRequest, "MISSING_ARGUMENT", "ids and fields are required"))
		return
	}
	if len(ids) > 2000 {
		c.fail(errorf(http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 2000 records into this call"))
		return
	}
	o := s.org
	c.rlock(o)
	defer c.runlock(o)
	obj := o.object(object)
	if obj == nil {
		c.fail(errInvalidType(object))
		return
	}
	list, err := visibleFieldList(o.accessFor(c.userID), obj, strings.Join(fields, ","))
	if err != nil {
		c.fail(err)
		return
	}
	for _, id := range ids {
		if _, ok := parseID(id); !ok {
			c.fail(errMalformedID(id))
			return
		}
	}
	w := renderer{o: o, version: c.version}
	w.buf = append(w.buf, '[')
	for i, id := range ids {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		r, err := o.readable(obj, id)
		if err != nil {
			w.buf = append(w.buf, "null"...)
			continue
		}
		w.fullRecord(r, list)
	}
	w.buf = append(w.buf, ']')
	c.sendRaw(http.StatusOK, w.buf)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
