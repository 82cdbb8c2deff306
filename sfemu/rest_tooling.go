package sfemu

import (
	"encoding/json"
	"net/http"
	"strings"
)

// toolingSave is the body of a successful Tooling API create.
type toolingSave struct {
	ID       string `json:"id"`
	Success  bool   `json:"success"`
	Errors   []any  `json:"errors"`
	Warnings []any  `json:"warnings"`
	Infos    []any  `json:"infos"`
}

// tooling serves /tooling/...: query, and CustomObject and CustomField
// records.
func (s *Server) tooling(c *call, p []string) {
	o := s.org
	switch {
	case len(p) >= 1 && p[0] == "query":
		s.queryIn(c, o.tooling, "tooling/query", false, p[1:])
	case len(p) == 1 && p[0] == "sobjects":
		c.rlock(o)
		defer c.runlock(o)
		c.send(http.StatusOK, describeGlobal(o.tooling.objectList(), c.version))
	case len(p) == 3 && p[0] == "sobjects" && p[2] == "describe":
		c.rlock(o)
		defer c.runlock(o)
		obj := o.tooling.object(p[1])
		if obj == nil {
			c.fail(errNotFound())
			return
		}
		c.send(http.StatusOK, describeSObject(obj, c.version))
	case len(p) == 2 && p[0] == "sobjects" && c.r.Method == http.MethodPost:
		s.toolingCreate(c, p[1])
	case len(p) == 3 && p[0] == "sobjects" && strings.EqualFold(p[1], "CustomField"):
		s.toolingField(c, p[2])
	default:
		c.fail(errNotFound())
	}
}

// toolingCreate serves POST /tooling/sobjects/{CustomObject|CustomField}.
func (s *Server) toolingCreate(c *call, entity string) {
	var body struct {
		FullName string         `json:"FullName"`
		Metadata map[string]any `json:"Metadata"`
	}
	if err := c.decode(&body); err != nil {
		c.fail(err)
		return
	}
	if body.FullName == "" || body.Metadata == nil {
		c.fail(errRequiredMissing([]string{"FullName", "Metadata"}))
		return
	}
	o := s.org
	c.lock(o)
	defer c.unlock(o)
	var (
		r   *record
		err *Error
	)
	switch {
	case strings.EqualFold(entity, "CustomObject"):
		r, err = o.createCustomObject(body.FullName, body.Metadata, c.userID)
	case strings.EqualFold(entity, "CustomField"):
		r, err = o.createCustomField(body.FullName, body.Metadata, c.userID)
	default:
		if o.tooling.object(entity) != nil {
			err = errorf(http.StatusBadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type %s does not support insert", entity)
		} else {
			err = errNotFound()
		}
	}
	if err != nil {
		c.fail(err)
		return
	}
	c.send(http.StatusCreated, toolingSave{ID: id18(r.id), Success: true, Errors: []any{}, Warnings: []any{}, Infos: []any{}})
}

// toolingField serves GET, PATCH and DELETE /tooling/sobjects/CustomField/{id}.
func (s *Server) toolingField(c *call, id string) {
	o := s.org
	switch c.r.Method {
	case http.MethodGet:
		c.rlock(o)
		defer c.runlock(o)
		id15, ok := parseID(id)
		tf, found := o.toolingFields[id15]
		if !ok || !found {
			c.fail(errNotFound())
			return
		}
		r := o.tooling.byID[id15]
		w := renderer{o: o.tooling, version: c.version}
		w.fullRecord(r, nil)
		// Append FullName and Metadata as the Tooling API returns them.
		w.buf = w.buf[:len(w.buf)-1]
		w.key("Metadata")
		meta, _ := json.Marshal(tf.meta)
		w.buf = append(w.buf, meta...)
		w.buf = append(w.buf, '}')
		c.sendRaw(http.StatusOK, w.buf)
	case http.MethodPatch:
		var body struct {
			Metadata map[string]any `json:"Metadata"`
		}
		if err := c.decode(&body); err != nil {
			c.fail(err)
			return
		}
		if body.Metadata == nil {
			c.fail(errRequiredMissing([]string{"Metadata"}))
			return
		}
		c.lock(o)
		err := o.updateCustomField(id, body.Metadata)
		c.unlock(o)
		if err != nil {
			c.fail(err)
			return
		}
		c.noContent()
	case http.MethodDelete:
		c.lock(o)
		err := o.deleteCustomField(id)
		c.unlock(o)
		if err != nil {
			c.fail(err)
			return
		}
		c.noContent()
	default:
		c.notAllowed("GET", "PATCH", "DELETE")
	}
}
