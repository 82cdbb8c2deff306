package sfemu

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
)

// oauthPagesFS holds the login, consent and error pages: plain forms
// with inline CSS, so they work in a browser and with a bare HTTP client.
//
//go:embed oauth_pages/*.html
var oauthPagesFS embed.FS

var oauthPages = func() map[string]*template.Template {
	pages := map[string]*template.Template{}
	for _, name := range []string{"login", "consent", "error"} {
		pages[name] = template.Must(template.ParseFS(oauthPagesFS, "oauth_pages/layout.html", "oauth_pages/"+name+".html"))
	}
	return pages
}()

// loginPage is the data of login.html.
type loginPage struct {
	AppName, Username, Error, FormToken, Action string
}

// consentPage is the data of consent.html.
type consentPage struct {
	AppName, Username, FormToken, Action string
	Scopes                               []string
}

// errorPage is the data of error.html: the OAuth error Salesforce shows
// on its own page when it must not redirect.
type errorPage struct {
	Code, Description string
}

// page answers an HTML page. The headers keep the pages out of frames and
// caches and let them load nothing but their inline styles.
func (c *call) page(status int, name string, data any) {
	var buf bytes.Buffer
	if err := oauthPages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.fail(errorf(http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "rendering the %s page: %v", name, err))
		return
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/html;charset=UTF-8")
	h.Set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private")
	h.Set("X-Frame-Options", "DENY")
	// No form-action: browsers apply it to the redirect after a form
	// post, which must reach the client's callback.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	// same-origin, not no-referrer: under no-referrer browsers send
	// "Origin: null" with the form posts, which the CSRF check must refuse.
	// The URLs (with codes) still never leak to other sites.
	h.Set("Referrer-Policy", "same-origin")
	c.w.WriteHeader(status)
	if c.r.Method != http.MethodHead {
		_, _ = c.w.Write(buf.Bytes())
	}
}

// scopeLabels are the consent page's words for each scope, as
// Salesforce's page puts them.
var scopeLabels = map[string]string{
	"api":            "Manage user data via APIs (api)",
	"web":            "Manage user data via Web browsers (web)",
	"refresh_token":  "Perform requests at any time (refresh_token, offline_access)",
	"offline_access": "Perform requests at any time (refresh_token, offline_access)",
	"id":             "Access the identity URL service (id, profile, email, address, phone)",
	"openid":         "Access unique user identifiers (openid)",
	"full":           "Full access (full)",
}

// describeScopes lists the consent page's lines for scopes, once each.
func describeScopes(scopes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range scopes {
		label := scopeLabels[s]
		if label == "" {
			label = "Access " + s + " (" + s + ")"
		}
		if !seen[label] {
			seen[label] = true
			out = append(out, label)
		}
	}
	return out
}
