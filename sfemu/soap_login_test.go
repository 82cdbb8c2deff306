package sfemu

import (
	"regexp"
	"strings"
	"testing"
)

// soapLogin posts the envelope jsforce's login() sends.
func (b *bundle) soapLogin(t *testing.T, version, username, password string) response {
	t.Helper()
	body := `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header/><se:Body>` +
		`<login xmlns="urn:partner.soap.sforce.com"><username>` + username + `</username><password>` + password + `</password></login>` +
		`</se:Body></se:Envelope>`
	return b.do(t, "POST", "/services/Soap/u/"+version, body, "Content-Type", "text/xml", "SOAPAction", `""`, "Authorization", "")
}

// soapElement reads an element the way jsforce does: by regular expression.
func soapElement(body []byte, name string) string {
	m := regexp.MustCompile(`<` + name + `>([^<]+)</` + name + `>`).FindSubmatch(body)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func TestSOAPLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()

	res := b.soapLogin(t, "59.0", creds.Username, creds.Password+creds.SecurityToken)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/xml") {
		t.Fatalf("login: %d %s", res.status, res.body)
	}
	want := map[string]string{
		"serverUrl":           b.http.URL + "/services/Soap/u/59.0/" + creds.OrgID[:15],
		"metadataServerUrl":   b.http.URL + "/services/Soap/m/59.0/" + creds.OrgID[:15],
		"userId":              creds.UserID,
		"organizationId":      creds.OrgID,
		"passwordExpired":     "false",
		"sandbox":             "false",
		"userName":            creds.Username,
		"userEmail":           creds.Username,
		"userFullName":        "Emulator Admin",
		"sessionSecondsValid": "7200",
	}
	for name, v := range want {
		if got := soapElement(res.body, name); got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	session := soapElement(res.body, "sessionId")
	if !strings.HasPrefix(session, creds.OrgID[:15]+"!") {
		t.Fatalf("sessionId %q", session)
	}
	b.checkSession(t, session)

	logout := `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header><SessionHeader xmlns="urn:partner.soap.sforce.com"><sessionId>` +
		session + `</sessionId></SessionHeader></se:Header><se:Body><logout xmlns="urn:partner.soap.sforce.com"/></se:Body></se:Envelope>`
	if res := b.do(t, "POST", "/services/Soap/u/59.0", logout, "Content-Type", "text/xml", "Authorization", ""); res.status != 200 || !strings.Contains(string(res.body), "<logoutResponse/>") {
		t.Fatalf("logout: %d %s", res.status, res.body)
	}
	if st := b.status(t, session); st != 401 {
		t.Fatalf("session after logout: %d", st)
	}
	if res := b.do(t, "POST", "/services/Soap/u/59.0", logout, "Content-Type", "text/xml", "Authorization", ""); res.status != 500 ||
		soapElement(res.body, "faultcode") != "sf:INVALID_SESSION_ID" {
		t.Fatalf("second logout: %d %s", res.status, res.body)
	}
}

func (b *bundle) checkSession(t *testing.T, token string) {
	t.Helper()
	for _, path := range []string{"/services/data/v59.0/limits", "/services/oauth2/userinfo",
		"/id/" + b.srv.Credentials().OrgID + "/" + b.srv.Credentials().UserID} {
		if res := b.as(token).do(t, "GET", path, nil); res.status != 200 {
			t.Fatalf("%s with the SOAP session: %d %s", path, res.status, res.body)
		}
	}
}

func TestSOAPLoginFaults(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	tests := []struct {
		name, version, username, password string
		code, message                     string
	}{
		{"wrong password", "59.0", creds.Username, "wrong" + creds.SecurityToken,
			"sf:INVALID_LOGIN", "INVALID_LOGIN: Invalid username, password, security token; or user locked out."},
		{"no security token", "59.0", creds.Username, creds.Password,
			"sf:INVALID_LOGIN", "INVALID_LOGIN: Invalid username, password, security token; or user locked out."},
		{"unknown user", "64.0", "nobody@sfemu.example", "x",
			"sf:INVALID_LOGIN", "INVALID_LOGIN: Invalid username, password, security token; or user locked out."},
		{"login retired after 64.0", "65.0", creds.Username, creds.Password + creds.SecurityToken,
			"sf:UNSUPPORTED_API_VERSION", "UNSUPPORTED_API_VERSION: Invalid Api version specified on URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := b.soapLogin(t, tc.version, tc.username, tc.password)
			if res.status != 500 || soapElement(res.body, "faultcode") != tc.code || soapElement(res.body, "faultstring") != tc.message {
				t.Fatalf("got %d %s", res.status, res.body)
			}
		})
	}
	t.Run("unknown operation", func(t *testing.T) {
		body := `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body><query xmlns="urn:partner.soap.sforce.com"/></se:Body></se:Envelope>`
		res := b.do(t, "POST", "/services/Soap/u/59.0", body, "Content-Type", "text/xml")
		if res.status != 500 || !strings.Contains(string(res.body), "No operation available for request {urn:partner.soap.sforce.com}query") {
			t.Fatalf("got %d %s", res.status, res.body)
		}
	})
}
