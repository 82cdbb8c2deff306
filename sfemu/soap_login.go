package sfemu

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// soapEnvelope is the part of a partner API request the emulator reads.
// encoding/xml matches these names in any namespace.
type soapEnvelope struct {
	Header struct {
		SessionHeader struct {
			SessionID string `xml:"sessionId"`
		} `xml:"SessionHeader"`
	} `xml:"Header"`
	Body struct {
		Login *struct {
			Username string `xml:"username"`
			Password string `xml:"password"`
		} `xml:"login"`
		Logout *struct{} `xml:"logout"`
		Any    *struct {
			XMLName xml.Name
		} `xml:",any"`
	} `xml:"Body"`
}

// soap serves the partner SOAP API's login and logout calls at
// /services/Soap/u/{version}[/{orgId}]; login() exists up to API 64.0,
// which is the newest version the emulator serves. Neither call counts
// against the API limit.
func (s *Server) soap(c *call, rest string) {
	ver, _, _ := strings.Cut(rest, "/")
	if !parseVersionNumber(ver) {
		c.soapFault(http.StatusInternalServerError, "sf:UNSUPPORTED_API_VERSION", "UNSUPPORTED_API_VERSION: Invalid Api version specified on URL", "")
		return
	}
	if c.r.Method != http.MethodPost {
		c.soapFault(http.StatusMethodNotAllowed, "soapenv:Client", "must use HTTP POST", "")
		return
	}
	var env soapEnvelope
	if err := xml.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<20)).Decode(&env); err != nil {
		c.soapFault(http.StatusInternalServerError, "soapenv:Client", "Unable to parse the request: "+err.Error(), "")
		return
	}
	switch {
	case env.Body.Login != nil:
		s.soapLogin(c, ver, env.Body.Login.Username, env.Body.Login.Password)
	case env.Body.Logout != nil:
		s.soapLogout(c, env.Header.SessionHeader.SessionID)
	default:
		op := "unknown"
		if env.Body.Any != nil {
			op = env.Body.Any.XMLName.Local
		}
		c.soapFault(http.StatusInternalServerError, "soapenv:Client",
			"No operation available for request {urn:partner.soap.sforce.com}"+op+", please check the WSDL for the service.", "")
	}
}

// parseVersionNumber accepts "59.0" for served versions.
func parseVersionNumber(v string) bool {
	_, ok := parseVersion("v" + v)
	return ok
}

// soapLogin answers login(username, password + security token) with a
// session usable on REST. jsforce reads serverUrl, sessionId, userId and
// organizationId with regular expressions, so they are plain,
// unprefixed elements.
func (s *Server) soapLogin(c *call, ver, username, password string) {
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	a := o.auth
	u := o.userByUsername(username)
	a.mu.Lock()
	ok := u != nil && o.userActive(u.id) && a.apiLogin(a.creds[u.id], password)
	var token string
	if ok {
		token = a.issueSession(o.orgID, u.id, "", nil, false, nil)
	}
	timeout := a.sessionTimeout
	a.mu.Unlock()
	if !ok {
		c.soapFault(http.StatusInternalServerError, "sf:INVALID_LOGIN",
			"INVALID_LOGIN: Invalid username, password, security token; or user locked out.", "LoginFault")
		return
	}
	view, _ := o.userView(u.id)
	profileID, _ := u.get(u.obj.Field("ProfileId")).(string)
	orgName := ""
	if org := o.byID[o.orgID]; org != nil {
		orgName, _ = org.get(org.obj.Field("Name")).(string)
	}
	org18 := id18(o.orgID)
	el := func(name, value string) string {
		var b strings.Builder
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(&b, []byte(value))
		b.WriteString("</" + name + ">")
		return b.String()
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result>`)
	b.WriteString(el("metadataServerUrl", c.base+"/services/Soap/m/"+ver+"/"+o.orgID))
	b.WriteString(el("passwordExpired", "false"))
	b.WriteString(el("sandbox", "false"))
	b.WriteString(el("serverUrl", c.base+"/services/Soap/u/"+ver+"/"+o.orgID))
	b.WriteString(el("sessionId", token))
	b.WriteString(el("userId", view.id))
	b.WriteString("<userInfo>")
	for _, f := range [][2]string{
		{"accessibilityMode", "false"},
		{"chatterExternal", "false"},
		{"currencySymbol", "$"},
		{"orgAttachmentFileSizeLimit", "5242880"},
		{"orgDefaultCurrencyIsoCode", "USD"},
		{"orgDefaultCurrencyLocale", "en_US"},
		{"orgDisallowHtmlAttachments", "false"},
		{"orgHasPersonAccounts", "false"},
		{"organizationId", org18},
		{"organizationMultiCurrency", "false"},
		{"organizationName", orgName},
		{"profileId", id18(profileID)},
	} {
		b.WriteString(el(f[0], f[1]))
	}
	b.WriteString(`<roleId xsi:nil="true"/>`)
	b.WriteString(el("sessionSecondsValid", strconv.Itoa(int(timeout.Seconds()))))
	b.WriteString(`<userDefaultCurrencyIsoCode xsi:nil="true"/>`)
	for _, f := range [][2]string{
		{"userEmail", view.email},
		{"userFullName", view.name},
		{"userId", view.id},
		{"userLanguage", view.language},
		{"userLocale", view.locale},
		{"userName", view.username},
		{"userTimeZone", view.timeZone},
		{"userType", view.userType},
		{"userUiSkin", "Theme3"},
	} {
		b.WriteString(el(f[0], f[1]))
	}
	b.WriteString("</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>")
	c.soapSend(http.StatusOK, b.String())
}

// soapLogout ends the session named in the SessionHeader.
func (s *Server) soapLogout(c *call, sessionID string) {
	a := s.org.auth
	a.mu.Lock()
	found := a.sessions[sessionID] != nil
	delete(a.sessions, sessionID)
	a.mu.Unlock()
	if !found {
		c.soapFault(http.StatusInternalServerError, "sf:INVALID_SESSION_ID",
			"INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session", "UnexpectedErrorFault")
		return
	}
	c.soapSend(http.StatusOK, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><logoutResponse/></soapenv:Body></soapenv:Envelope>`)
}

// soapFault answers a SOAP fault. With a detail type (LoginFault, ...)
// the fault carries Salesforce's exceptionCode and exceptionMessage.
func (c *call) soapFault(status int, code, message, detail string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>`)
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString("</faultcode><faultstring>")
	_ = xml.EscapeText(&b, []byte(message))
	b.WriteString("</faultstring>")
	if detail != "" {
		exCode := strings.TrimPrefix(code, "sf:")
		exMessage := strings.TrimPrefix(message, exCode+": ")
		b.WriteString(`<detail><sf:` + detail + ` xsi:type="sf:` + detail + `"><sf:exceptionCode>`)
		_ = xml.EscapeText(&b, []byte(exCode))
		b.WriteString("</sf:exceptionCode><sf:exceptionMessage>")
		_ = xml.EscapeText(&b, []byte(exMessage))
		b.WriteString("</sf:exceptionMessage></sf:" + detail + "></detail>")
	}
	b.WriteString("</soapenv:Fault></soapenv:Body></soapenv:Envelope>")
	c.soapSend(status, b.String())
}

// soapSend writes a SOAP answer.
func (c *call) soapSend(status int, body string) {
	c.w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	c.w.WriteHeader(status)
	_, _ = c.w.Write([]byte(body))
}
