package sfemu

import (
	"net/http"
	"strings"
)

// data dispatches /services/data/vXX.X/... by its path segments.
func (s *Server) data(c *call) {
	p := c.path
	if len(p) == 1 && p[0] == "" {
		p = nil
	}
	switch {
	case len(p) == 0:
		s.resources(c)
	case p[0] == "sobjects":
		s.sobjects(c, p[1:])
	case p[0] == "query" || p[0] == "queryAll":
		s.query(c, p[0] == "queryAll", p[1:])
	case p[0] == "limits" && len(p) == 1:
		s.limitsDoc(c)
	case p[0] == "composite":
		s.composite(c, p[1:])
	case p[0] == "tooling":
		s.tooling(c, p[1:])
	case p[0] == "jobs":
		s.jobs(c, p[1:])
	default:
		c.fail(errNotFound())
	}
}

// resources answers GET /services/data/vXX.X.
func (s *Server) resources(c *call) {
	v := "/services/data/v" + c.version
	c.rlock(s.org)
	orgID := s.org.orgID
	c.runlock(s.org)
	out := map[string]string{
		"tooling":             v + "/tooling",
		"metadata":            v + "/metadata",
		"eclair":              v + "/eclair",
		"folders":             v + "/folders",
		"tabs":                v + "/tabs",
		"appMenu":             v + "/appMenu",
		"quickActions":        v + "/quickActions",
		"queryAll":            v + "/queryAll",
		"analytics":           v + "/analytics",
		"search":              v + "/search",
		"identity":            c.base + "/id/" + id18(orgID) + "/" + id18(c.userID),
		"composite":           v + "/composite",
		"parameterizedSearch": v + "/parameterizedSearch",
		"theme":               v + "/theme",
		"nouns":               v + "/nouns",
		"event":               v + "/event",
		"recent":              v + "/recent",
		"connect":             v + "/connect",
		"licensing":           v + "/licensing",
		"limits":              v + "/limits",
		"process":             v + "/process",
		"async-queries":       v + "/async-queries",
		"query":               v + "/query",
		"compactLayouts":      v + "/compactLayouts",
		"sobjects":            v + "/sobjects",
		"actions":             v + "/actions",
		"support":             v + "/support",
		"jobs":                v + "/jobs",
	}
	c.send(http.StatusOK, out)
}

// limitsDoc answers GET /limits.
func (s *Server) limitsDoc(c *call) {
	if c.r.Method != http.MethodGet && c.r.Method != http.MethodHead {
		c.notAllowed("GET", "HEAD")
		return
	}
	c.send(http.StatusOK, s.org.limits.limitsDocument(c.version))
}

// writeOptionsFor reads the write-affecting headers of a request.
// The caller holds o.mu.
func (c *call) writeOptions(o *org) writeOptions {
	opt := writeOptions{userID: c.userID, version: c.version, access: o.accessFor(c.userID),
		assign: parseAutoAssign(c.r.Header.Get(autoAssignHeader))}
	if h := c.r.Header.Get("Sforce-Duplicate-Rule-Header"); h != "" {
		for _, part := range strings.Split(h, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			if strings.EqualFold(strings.TrimSpace(k), "allowSave") && strings.EqualFold(strings.TrimSpace(v), "true") {
				opt.allowDuplicates = true
			}
		}
	}
	return opt
}
