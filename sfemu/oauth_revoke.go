package sfemu

import (
	"net/http"
	"net/url"
)

// revoke serves /services/oauth2/revoke: POST with token= in the body, or
// the "blind GET" with it in the query. Revoking an access token ends that
// session; revoking a refresh token ends the approval and every access
// token issued under it. Success is 200 with an empty body.
//
// Errors are form-encoded, not JSON: that is how Salesforce answers here,
// and jsforce's revokeToken parses them so.
func (s *Server) revoke(c *call) {
	r := c.r
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		c.revokeFail("invalid_request", "must use HTTP POST")
		return
	}
	r.Body = http.MaxBytesReader(c.w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		c.revokeFail("invalid_request", "malformed request body")
		return
	}
	token := r.Form.Get("token")
	a := s.org.auth
	a.mu.Lock()
	found := false
	if a.sessions[token] != nil {
		delete(a.sessions, token)
		found = true
	} else if rt := a.refresh[token]; rt != nil {
		a.revokeRefresh(rt)
		found = true
	}
	a.mu.Unlock()
	if !found {
		c.revokeFail("unsupported_token_type", "this token type is not supported")
		return
	}
	c.w.Header().Set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private")
	c.w.WriteHeader(http.StatusOK)
}

// revokeFail answers a revoke error, form-encoded, with status 400.
func (c *call) revokeFail(code, description string) {
	body := "error=" + url.PathEscape(code) + "&error_description=" + url.PathEscape(description)
	c.w.Header().Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	c.w.WriteHeader(http.StatusBadRequest)
	_, _ = c.w.Write([]byte(body))
}
