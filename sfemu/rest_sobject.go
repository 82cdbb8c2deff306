package sfemu

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// sobjects dispatches /sobjects and everything below it.
func (s *Server) sobjects(c *call, p []string) {
	o := s.org
	if len(p) == 0 {
		if c.r.Method != http.MethodGet && c.r.Method != http.MethodHead {
			c.notAllowed("GET", "HEAD")
			return
		}
		c.rlock(o)
		defer c.runlock(o)
		if notModified(c, o.schemaModified) {
			return
		}
		c.w.Header().Set("Last-Modified", o.schemaModified.Format(http.TimeFormat))
		c.send(http.StatusOK, describeGlobal(o.objectList(), c.version))
		return
	}
	c.rlock(o)
	obj := o.object(p[0])
	c.runlock(o)
	if obj == nil {
		c.fail(errNotFound())
		return
	}
	switch {
	case len(p) == 1:
		switch c.r.Method {
		case http.MethodGet, http.MethodHead:
			s.objectInfo(c, obj)
		case http.MethodPost:
			s.createRecord(c, obj)
		default:
			c.notAllowed("GET", "HEAD", "POST")
		}
	case len(p) == 2 && p[1] == "describe":
		c.rlock(o)
		defer c.runlock(o)
		if notModified(c, obj.LastModified) {
			return
		}
		c.w.Header().Set("Last-Modified", obj.LastModified.Format(http.TimeFormat))
		c.send(http.StatusOK, o.accessFor(c.userID).describe(obj, c.version))
	case len(p) == 2 && (p[1] == "updated" || p[1] == "deleted"):
		s.replication(c, obj, p[1] == "deleted")
	case len(p) == 2:
		s.recordByID(c, obj, p[1])
	case len(p) == 3:
		s.recordByExternalID(c, obj, p[1], p[2])
	default:
		c.fail(errNotFound())
	}
}

// notModified answers 304 when If-Modified-Since is at or after t.
func notModified(c *call, t time.Time) bool {
	h := c.r.Header.Get("If-Modified-Since")
	if h == "" {
		return false
	}
	since, err := http.ParseTime(h)
	if err != nil || t.Truncate(time.Second).After(since) {
		return false
	}
	c.w.WriteHeader(http.StatusNotModified)
	return true
}

// objectInfo answers GET /sobjects/X: the object's global describe entry
// and recently viewed records (none).
func (s *Server) objectInfo(c *call, obj *Object) {
	c.rlock(s.org)
	info := describeGlobal([]*Object{obj}, c.version).Sobjects[0]
	c.runlock(s.org)
	c.send(http.StatusOK, map[string]any{"objectDescribe": info, "recentItems": []any{}})
}

// saveResult is the body of a successful create.
type saveResult struct {
	ID      string `json:"id"`
	Success bool   `json:"success"`
	Errors  []any  `json:"errors"`
}

func (s *Server) createRecord(c *call, obj *Object) {
	var in map[string]any
	if err := c.decode(&in); err != nil {
		c.fail(err)
		return
	}
	o := s.org
	c.lock(o)
	r, err := c.begin(o).create(obj, in, c.writeOptions(o))
	c.unlock(o)
	if err != nil {
		c.fail(err)
		return
	}
	c.send(http.StatusCreated, saveResult{ID: id18(r.id), Success: true, Errors: []any{}})
}

// recordByID serves GET, PATCH, DELETE and HEAD on /sobjects/X/{id}.
func (s *Server) recordByID(c *call, obj *Object, id string) {
	o := s.org
	switch c.r.Method {
	case http.MethodGet, http.MethodHead:
		c.rlock(o)
		defer c.runlock(o)
		r, err := o.readable(obj, id)
		if err != nil {
			c.fail(err)
			return
		}
		fields, err := visibleFieldList(o.accessFor(c.userID), obj, c.r.URL.Query().Get("fields"))
		if err != nil {
			c.fail(err)
			return
		}
		w := renderer{o: o, version: c.version}
		w.fullRecord(r, fields)
		c.sendRaw(http.StatusOK, w.buf)
	case http.MethodPatch:
		var in map[string]any
		if err := c.decode(&in); err != nil {
			c.fail(err)
			return
		}
		c.lock(o)
		_, err := c.begin(o).update(obj, id, in, c.writeOptions(o))
		c.unlock(o)
		if err != nil {
			c.fail(err)
			return
		}
		c.noContent()
	case http.MethodDelete:
		c.lock(o)
		_, err := c.begin(o).remove(obj, id, c.writeOptions(o))
		c.unlock(o)
		if err != nil {
			c.fail(err)
			return
		}
		c.noContent()
	case http.MethodPost:
		// POST /sobjects/X/Id with no value creates, like upsert on Id.
		if strings.EqualFold(id, "Id") {
			s.createRecord(c, obj)
			return
		}
		c.notAllowed("GET", "PATCH", "DELETE", "HEAD")
	default:
		c.notAllowed("GET", "PATCH", "DELETE", "HEAD")
	}
}

// readable finds a live record of obj for reading.
func (o *org) readable(obj *Object, id string) (*record, *Error) {
	id15, ok := parseID(id)
	if !ok || id15[:3] != obj.KeyPrefix {
		// Salesforce reads a non-id segment as an external id field name.
		return nil, errorf(http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: %s", id)
	}
	r := o.byID[id15]
	if r == nil {
		return nil, errNotFound()
	}
	if r.deleted {
		return nil, errEntityDeleted()
	}
	return r, nil
}

// visibleFieldList parses a ?fields= list of fields the user can see;
// an empty list means every field the user can see.
func visibleFieldList(access fieldAccess, obj *Object, list string) ([]*Field, *Error) {
	if list == "" {
		return access.visibleObject(obj).Fields, nil
	}
	var out []*Field
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		f := obj.Field(name)
		if !access.visible(f) {
			return nil, errInvalidField(name, obj.Name)
		}
		out = append(out, f)
	}
	return out, nil
}

// recordByExternalID serves /sobjects/X/{Field}/{value}: upsert with
// PATCH (or POST), read with GET, delete with DELETE.
func (s *Server) recordByExternalID(c *call, obj *Object, fieldName, value string) {
	o := s.org
	f := obj.Field(fieldName)
	if f == nil || !(f.ExternalID || f.IDLookup) {
		c.fail(errorf(http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: %s", fieldName))
		return
	}
	switch c.r.Method {
	case http.MethodGet, http.MethodHead:
		c.rlock(o)
		defer c.runlock(o)
		matches := o.matchExternal(obj, f, value)
		switch len(matches) {
		case 0:
			c.fail(errNotFound())
		case 1:
			fields, err := visibleFieldList(o.accessFor(c.userID), obj, c.r.URL.Query().Get("fields"))
			if err != nil {
				c.fail(err)
				return
			}
			w := renderer{o: o, version: c.version}
			w.fullRecord(matches[0], fields)
			c.sendRaw(http.StatusOK, w.buf)
		default:
			c.send(http.StatusMultipleChoices, matchURLs(c.version, obj, matches))
		}
	case http.MethodDelete:
		c.lock(o)
		defer c.unlock(o)
		matches := o.matchExternal(obj, f, value)
		switch len(matches) {
		case 0:
			c.fail(errNotFound())
		case 1:
			if _, err := c.begin(o).remove(obj, matches[0].id, c.writeOptions(o)); err != nil {
				c.fail(err)
				return
			}
			c.noContent()
		default:
			c.send(http.StatusMultipleChoices, matchURLs(c.version, obj, matches))
		}
	case http.MethodPatch, http.MethodPost:
		var in map[string]any
		if err := c.decode(&in); err != nil {
			c.fail(err)
			return
		}
		updateOnly := c.r.URL.Query().Get("updateOnly") == "true"
		c.lock(o)
		res, err := o.upsert(c.begin(o), obj, f, value, in, updateOnly, c.writeOptions(o))
		c.unlock(o)
		if err != nil {
			if err.Status == http.StatusMultipleChoices {
				c.send(http.StatusMultipleChoices, matchURLs(c.version, obj, err.matches))
				return
			}
			c.fail(err)
			return
		}
		switch {
		case res.created:
			c.send(http.StatusCreated, upsertResult{ID: id18(res.r.id), Success: true, Errors: []any{}, Created: true})
		case versionAtLeast(c.version, 46):
			c.send(http.StatusOK, upsertResult{ID: id18(res.r.id), Success: true, Errors: []any{}, Created: false})
		default:
			c.noContent()
		}
	default:
		c.notAllowed("GET", "PATCH", "POST", "DELETE", "HEAD")
	}
}

// upsertResult is the body of an upsert answer.
type upsertResult struct {
	ID      string `json:"id"`
	Success bool   `json:"success"`
	Errors  []any  `json:"errors"`
	Created bool   `json:"created"`
}

func versionAtLeast(v string, major int) bool {
	n, _ := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	return n >= major
}

func matchURLs(version string, obj *Object, recs []*record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = "/services/data/v" + version + "/sobjects/" + obj.Name + "/" + id18(r.id)
	}
	return out
}

// matchExternal finds live records whose field equals value
// (case-insensitively unless the field is case sensitive).
func (o *org) matchExternal(obj *Object, f *Field, value string) []*record {
	if f.Type == TypeID {
		if r, err := o.readable(obj, value); err == nil {
			return []*record{r}
		}
		return nil
	}
	var out []*record
	for _, r := range o.tables[obj].rows {
		if r == nil || r.deleted {
			continue
		}
		v := r.get(f)
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case float64:
			s = string(formatNumber(nil, x))
		default:
			continue
		}
		if s == value || (!f.CaseSensitive && strings.EqualFold(s, value)) {
			out = append(out, r)
		}
	}
	return out
}

// upsertOutcome says what an upsert did.
type upsertOutcome struct {
	r       *record
	created bool
}

// upsert inserts or updates by external id within a transaction.
func (o *org) upsert(t *tx, obj *Object, f *Field, value string, in map[string]any, updateOnly bool, opt writeOptions) (upsertOutcome, *Error) {
	matches := o.matchExternal(obj, f, value)
	if len(matches) > 1 {
		e := errorf(http.StatusMultipleChoices, "MULTIPLE_CHOICES", "more than one record found for external id field %s: %s", f.Name, value)
		e.matches = matches
		return upsertOutcome{}, e
	}
	// The body may repeat the external id; it must agree with the URL.
	for k, v := range in {
		if strings.EqualFold(k, f.Name) {
			if s, ok := v.(string); !ok || !strings.EqualFold(s, value) {
				return upsertOutcome{}, fieldError("INVALID_FIELD", f, "The %s field should not be specified in the sobject data.", f.Name)
			}
			delete(in, k)
		}
	}
	if len(matches) == 1 {
		r, err := t.update(obj, matches[0].id, in, opt)
		if err != nil {
			return upsertOutcome{}, err
		}
		return upsertOutcome{r: r}, nil
	}
	if updateOnly || f.Type == TypeID {
		return upsertOutcome{}, errNotFound()
	}
	withKey := make(map[string]any, len(in)+1)
	for k, v := range in {
		withKey[k] = v
	}
	withKey[f.Name] = value
	r, err := t.create(obj, withKey, opt)
	if err != nil {
		return upsertOutcome{}, err
	}
	return upsertOutcome{r: r, created: true}, nil
}

// replication serves /sobjects/X/updated and /deleted.
func (s *Server) replication(c *call, obj *Object, deleted bool) {
	q := c.r.URL.Query()
	start, ok1 := parseDateTimeInput(q.Get("start"))
	end, ok2 := parseDateTimeInput(q.Get("end"))
	if !ok1 || !ok2 {
		c.fail(errorf(http.StatusBadRequest, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 date-times"))
		return
	}
	if !start.Before(end) {
		c.fail(errorf(http.StatusBadRequest, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate by more than one minute"))
		return
	}
	o := s.org
	now := o.now().UTC()
	if end.After(now) {
		end = now
	}
	earliest := now.Add(-30 * 24 * time.Hour)
	if start.Before(earliest) {
		c.fail(errorf(http.StatusBadRequest, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago"))
		return
	}
	// Salesforce covers whole minutes.
	end = end.Truncate(time.Minute)
	lo, hi := toDateTime(start), toDateTime(end)
	c.rlock(o)
	defer c.runlock(o)
	stamp := obj.Field("SystemModstamp")
	type deletedRecord struct {
		ID          string `json:"id"`
		DeletedDate string `json:"deletedDate"`
	}
	ids := []string{}
	dels := []deletedRecord{}
	for _, r := range o.tables[obj].rows {
		if r == nil || r.deleted != deleted {
			continue
		}
		ts, _ := r.get(stamp).(dateTime)
		if ts < lo || ts >= hi {
			continue
		}
		if deleted {
			dels = append(dels, deletedRecord{ID: id18(r.id), DeletedDate: ts.String()})
		} else {
			ids = append(ids, id18(r.id))
		}
	}
	latest := dateTime(hi).String()
	if deleted {
		c.send(http.StatusOK, map[string]any{
			"deletedRecords":        dels,
			"earliestDateAvailable": toDateTime(earliest.Truncate(time.Minute)).String(),
			"latestDateCovered":     latest,
		})
		return
	}
	c.send(http.StatusOK, map[string]any{"ids": ids, "latestDateCovered": latest})
}
