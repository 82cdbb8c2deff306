package api

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/sfbridge/sfbridge/internal/connection"
)

// GET /v1/oauth/callback is where Salesforce sends the person's browser
// after login and consent. It needs no API key: the state parameter is
// the credential. The person goes back to the return URL the
// authorization was started with, with ?connection=<id>&status=connected
// or ?connection=<id>&error=<code>&error_description=<message>; only a
// return URL that came out of a valid state is ever used, so the
// callback cannot be made an open redirect. Without one, the answer is a
// small page.
func (s *Server) oauthCallback(w http.ResponseWriter, r *http.Request) error {
	// The query holds the authorization code: keep it out of the
	// Referer of whatever the person opens next.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")

	conn, returnURL, err := s.conns.Callback(r.Context(), r.URL.Query())
	if err == nil {
		if u, ok := parseReturnURL(returnURL); ok {
			redirect(w, r, u, url.Values{"connection": {conn.ID}, "status": {"connected"}})
			return nil
		}
		s.callbackPage(w, http.StatusOK, callbackPage{
			Title:   "Salesforce connected",
			Message: "The Salesforce org is connected. You can close this window.",
			Detail:  conn.Username,
		})
		return nil
	}

	var ce *connection.Error
	if !errors.As(err, &ce) {
		s.logInternal(r, err)
		if u, ok := parseReturnURL(returnURL); ok && conn.ID != "" {
			redirect(w, r, u, url.Values{"connection": {conn.ID}, "error": {CodeInternal},
				"error_description": {"The connection could not be completed because of an error on our side. Connect again; if it keeps failing, report request id " + requestID(r.Context()) + "."}})
			return nil
		}
		s.callbackPage(w, http.StatusInternalServerError, callbackPage{
			Title:     "Something went wrong",
			Message:   "The connection could not be completed because of an error on our side. Start the connection again; if it keeps failing, report the request id.",
			RequestID: requestID(r.Context()),
		})
		return nil
	}
	if u, ok := parseReturnURL(returnURL); ok && conn.ID != "" {
		redirect(w, r, u, url.Values{"connection": {conn.ID}, "error": {ce.Code}, "error_description": {ce.Message}})
		return nil
	}
	status := ce.Status
	if status < 400 || status > 599 {
		status = http.StatusBadRequest
	}
	if status >= 500 {
		s.logInternal(r, err)
	}
	s.callbackPage(w, status, callbackPage{
		Title:     callbackTitle(ce.Code),
		Message:   ce.Message,
		Code:      ce.Code,
		RequestID: requestID(r.Context()),
	})
	return nil
}

// parseReturnURL accepts what checkReturnURL let in.
func parseReturnURL(raw string) (*url.URL, bool) {
	if raw == "" || checkReturnURL(raw) != nil {
		return nil, false
	}
	u, err := url.Parse(raw)
	return u, err == nil
}

// redirect sends the browser to u with add merged into its query.
func redirect(w http.ResponseWriter, r *http.Request, u *url.URL, add url.Values) {
	q := u.Query()
	for k, v := range add {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func callbackTitle(code string) string {
	switch code {
	case connection.CodeInvalidState:
		return "This sign-in link is not valid"
	case connection.CodeStateUsed:
		return "This sign-in was already used"
	case connection.CodeStateExpired:
		return "This sign-in link has expired"
	case connection.CodeAccessDenied:
		return "Access was not allowed"
	}
	return "Salesforce could not be connected"
}

// callbackPage is what the callback shows when it has nowhere to send
// the person.
type callbackPage struct {
	Title     string
	Message   string
	Detail    string
	Code      string
	RequestID string
}

var callbackTemplate = template.Must(template.New("callback").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · sfbridge</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}small{color:#616e7c}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p id="message">{{.Message}}</p>
{{if .Detail}}<p>{{.Detail}}</p>{{end}}
{{if .Code}}<p><small>Error code: <code id="code">{{.Code}}</code></small></p>{{end}}
{{if .RequestID}}<p><small>Request id: <code>{{.RequestID}}</code></small></p>{{end}}
</body>
</html>
`))

func (s *Server) callbackPage(w http.ResponseWriter, status int, p callbackPage) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = callbackTemplate.Execute(w, p) // the browser went away; nothing to do
}
