package sfemu

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Options configures a Server. The zero value is an empty org on the
// real clock.
type Options struct {
	// Edition is Developer (the default), Professional or Enterprise. It
	// sets the daily API allocation, and Professional Edition hides
	// Task.Type by field-level security, as a new PE org does.
	Edition Edition
	// DailyAPILimit overrides the edition's daily API allocation.
	DailyAPILimit int
	// APIDisabled starts the org with API access off.
	APIDisabled bool
	// Seed names the initial data: "empty" (the default: the admin user
	// and the Organization row) or "demo" (a realistic sales org).
	Seed string
	// GenerateContacts adds that many Contacts with generated names,
	// emails and phones after the seed: data for load tests and
	// benchmarks (sfbridge bench). At most 10,000,000.
	GenerateContacts int
	// Now is the clock; nil means time.Now. Tests inject one to control
	// CreatedDate, SystemModstamp and date literals.
	Now func() time.Time
	// DuplicateRules are the org's duplicate rules; none by default. See
	// DefaultDuplicateRules for Lead and Contact matching by Email.
	DuplicateRules []DuplicateRule
	// SchemaFile, when set, names a JSON file of custom objects and fields
	// to create before seeding (see SchemaFile).
	SchemaFile string
	// Username and Password of the admin user. Defaults:
	// admin@sfemu.example and DefaultPassword.
	Username string
	Password string

	// OAuth and logins (see ConnectedApp).
	//
	// SecurityToken is the admin user's security token, appended to the
	// password in API logins (the password grant, SOAP login); empty
	// means a random one. Other seeded users get Password and a random
	// token.
	SecurityToken string
	// SkipSecurityToken also accepts API logins with the bare password,
	// as Salesforce does from a trusted IP range.
	SkipSecurityToken bool
	// SessionTimeout is how long an access token lives without being
	// used; zero means DefaultSessionTimeout (2 hours). The token in
	// Credentials never times out.
	SessionTimeout time.Duration
	// ApprovalCap is how many approvals (refresh tokens) a user may hold
	// per connected app; the next one revokes the oldest. Zero means
	// DefaultApprovalCap (5); negative means no cap.
	ApprovalCap int
	// DemoClientSecret is the demo app's consumer secret; empty means a
	// random one.
	DemoClientSecret string
	// CallbackURLs are registered on the demo app, before
	// DefaultCallbackURL; the first is Credentials.RedirectURI.
	CallbackURLs []string
	// DemoAppCertificate is a PEM X.509 certificate (RSA) that enables the
	// JWT bearer grant for the demo app.
	DemoAppCertificate string
	// ConnectedApps are registered besides the demo app and PlatformCLI.
	ConnectedApps []ConnectedApp
}

// DefaultPassword is the admin user's password when Options.Password is
// empty.
const DefaultPassword = "Emulator-Passw0rd"

// Server is an emulated Salesforce org served over HTTP. It is an
// http.Handler: wrap it in httptest.NewServer in a test, or serve it with
// net/http. URLs in responses use the host the request came to.
type Server struct {
	org   *org
	creds Credentials
	// faults are the injected faults; adminToken guards /__sfemu/.
	faults     faultSet
	adminToken string
	// stats counts the requests served, by kind (see Stats).
	stats requestStats
	// bulk holds the Bulk API 2.0 jobs.
	bulk *bulkStore
}

// Credentials are what a client needs to use the org as its admin user.
type Credentials struct {
	Username    string `json:"username"`
	Password    string `json:"password"`
	OrgID       string `json:"org_id"`
	UserID      string `json:"user_id"`
	AccessToken string `json:"access_token"`
	// SecurityToken is appended to Password in API logins.
	SecurityToken string `json:"security_token"`
	// LoginURL is where OAuth and SOAP logins go: the emulator's base
	// URL, known only to whoever serves it (New leaves it empty; the
	// sfbridge emulator command fills it in).
	LoginURL string `json:"login_url,omitempty"`
	// ClientID, ClientSecret and RedirectURI are the demo app's.
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RedirectURI  string `json:"redirect_uri"`
}

// New creates an org and seeds it.
func New(opts Options) (*Server, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	edition, err := parseEdition(string(opts.Edition))
	if err != nil {
		return nil, err
	}
	o := newOrg(now)
	o.duplicateRules = opts.DuplicateRules
	o.settings.apiEnabled = !opts.APIDisabled
	if opts.Username == "" {
		opts.Username = "admin@sfemu.example"
	}
	if opts.Password == "" {
		opts.Password = DefaultPassword
	}
	s := &Server{org: o, adminToken: newAdminToken(), bulk: newBulkStore(now)}
	if err := s.seedBase(opts.Username, edition); err != nil {
		return nil, fmt.Errorf("creating the org: %w", err)
	}
	o.applyEdition(edition)
	if opts.DailyAPILimit > 0 {
		o.limits.setMax(opts.DailyAPILimit)
	}
	if opts.SchemaFile != "" {
		if err := s.loadSchemaFile(opts.SchemaFile); err != nil {
			return nil, err
		}
	}
	switch opts.Seed {
	case "", "empty":
	case "demo":
		if err := s.seedDemo(); err != nil {
			return nil, fmt.Errorf("seeding demo data: %w", err)
		}
	default:
		return nil, fmt.Errorf("unknown seed %q: use empty or demo", opts.Seed)
	}
	if opts.GenerateContacts != 0 {
		if err := s.generateContacts(opts.GenerateContacts); err != nil {
			return nil, err
		}
	}
	logins, err := o.setupLogins(opts)
	if err != nil {
		return nil, fmt.Errorf("setting up logins: %w", err)
	}
	token := o.newAccessToken(o.adminID)
	s.creds = Credentials{
		Username:      opts.Username,
		Password:      opts.Password,
		OrgID:         id18(o.orgID),
		UserID:        id18(o.adminID),
		AccessToken:   token,
		SecurityToken: logins.securityToken,
		ClientID:      DemoClientID,
		ClientSecret:  logins.clientSecret,
		RedirectURI:   logins.redirectURI,
	}
	return s, nil
}

// Credentials returns the admin user's credentials and a valid access token.
func (s *Server) Credentials() Credentials { return s.creds }

// Insert creates a record as the admin user, with Salesforce's validation
// but allowed to set read-only fields (as a data load with audit fields
// would). It returns the 18-character id.
func (s *Server) Insert(ctx context.Context, object string, fields map[string]any) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	obj := o.object(object)
	if obj == nil {
		return "", errInvalidType(object)
	}
	r, err := o.begin().create(obj, fields, writeOptions{system: true})
	if err != nil {
		return "", err
	}
	return id18(r.id), nil
}

// newAccessToken issues the token Credentials hands out: a session that
// never times out, shaped like Salesforce's (org id, '!', opaque part).
func (o *org) newAccessToken(userID string) string {
	a := o.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.issueSession(o.orgID, userID, "", nil, true, nil)
}

// call is one API request on its way through the handlers.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	version string // "59.0"
	userID  string
	base    string // scheme://host of the request
	path    []string
	// session is the caller's session, set by authenticate.
	session *session
	// held and tx are set for Composite subrequests: the org lock is
	// already held and writes join tx.
	held bool
	tx   *tx
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := cleanPath(r.URL.Path)
	c := &call{w: w, r: r, base: baseURL(r)}
	if path == adminPrefix || strings.HasPrefix(path, adminPrefix+"/") {
		s.admin(c, strings.TrimPrefix(strings.TrimPrefix(path, adminPrefix), "/"))
		return
	}
	if f := s.faults.take(r.Method, path); f != nil {
		s.stats.faults.Add(1)
		if f.DropResponse {
			// Carry the request out, then lose the answer: the client
			// cannot tell whether it happened.
			c.w = httptest.NewRecorder()
			s.route(c, path)
			cutConnection(w, false)
			return
		}
		if applyFault(w, r, path, f) {
			return
		}
	}
	s.route(c, path)
}

// route dispatches a request by its cleaned path.
func (s *Server) route(c *call, path string) {
	switch {
	case path == "/services/data":
		s.stats.count(statOther)
		s.versions(c)
		return
	case strings.HasPrefix(path, "/services/data/"):
		rest := strings.Split(strings.TrimPrefix(path, "/services/data/"), "/")
		ver, ok := parseVersion(rest[0])
		if !ok {
			c.fail(errNotFound())
			return
		}
		c.version = ver
		c.path = rest[1:]
		if !s.authenticate(c) {
			return
		}
		if !c.session.allowsREST() {
			c.fail(errorf(http.StatusUnauthorized, "INVALID_SESSION_ID", "This session is not valid for use with the REST API"))
			return
		}
		s.stats.count(dataKind(c.r.Method, c.path))
		s.data(c)
	case path == authorizePath:
		s.stats.count(statOther)
		s.authorize(c)
	case path == "/services/oauth2/token":
		s.stats.count(statOAuthToken)
		s.token(c)
	case path == "/services/oauth2/revoke":
		s.stats.count(statOther)
		s.revoke(c)
	case strings.HasPrefix(path, "/services/Soap/u/"):
		s.stats.count(statOther)
		s.soap(c, strings.TrimPrefix(path, "/services/Soap/u/"))
	case path == "/services/oauth2/userinfo":
		if !s.authenticate(c) {
			return
		}
		s.stats.count(statOther)
		s.userinfo(c)
	case strings.HasPrefix(path, "/id/"):
		if !s.authenticate(c) {
			return
		}
		s.stats.count(statOther)
		s.identity(c, strings.Split(strings.TrimPrefix(path, "/id/"), "/"))
	default:
		c.fail(errNotFound())
	}
}

// cleanPath collapses repeated slashes (the sf CLI sends //services/...)
// and drops a trailing slash.
func cleanPath(p string) string {
	if strings.Contains(p, "//") {
		var b strings.Builder
		prev := byte(0)
		for i := 0; i < len(p); i++ {
			if p[i] == '/' && prev == '/' {
				continue
			}
			prev = p[i]
			b.WriteByte(p[i])
		}
		p = b.String()
	}
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	return p
}

// baseURL is the instance URL as the client reached us.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

// authenticate finds the request's session, then admits the call
// against the org's settings and limits. It answers the error itself and
// reports whether the request may go on.
func (s *Server) authenticate(c *call) bool {
	sess, err := s.org.sessionFor(bearerToken(c.r))
	if err != nil {
		c.fail(err)
		return false
	}
	c.userID = sess.userID
	c.session = sess
	if err := s.admit(c); err != nil {
		c.fail(err)
		return false
	}
	return true
}

// bearerToken reads the access token from any of the places clients put it.
func bearerToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if k, v, ok := strings.Cut(h, " "); ok && (strings.EqualFold(k, "Bearer") || strings.EqualFold(k, "OAuth")) {
			return strings.TrimSpace(v)
		}
		return ""
	}
	if h := r.Header.Get("X-SFDC-Session"); h != "" {
		return h
	}
	return r.URL.Query().Get("oauth_token")
}

// sessionFor returns the live session of an access token: issued, not
// revoked, not idle past the session timeout, and its user active.
func (o *org) sessionFor(token string) (*session, *Error) {
	if token == "" {
		return nil, errInvalidSession()
	}
	o.mu.RLock()
	defer o.mu.RUnlock()
	sess := o.auth.live(token)
	if sess == nil || !o.userActive(sess.userID) {
		return nil, errInvalidSession()
	}
	return sess, nil
}

// admit counts an authenticated API call against the daily limit and
// sets Sforce-Limit-Info.
func (s *Server) admit(c *call) *Error {
	s.org.mu.RLock()
	enabled := s.org.settings.apiEnabled
	s.org.mu.RUnlock()
	if !enabled {
		return errAPIDisabled()
	}
	used, max, ok := s.org.limits.admit()
	c.w.Header().Set("Sforce-Limit-Info", "api-usage="+strconv.Itoa(used)+"/"+strconv.Itoa(max))
	if !ok {
		return errRequestLimit()
	}
	return nil
}

// Versions are the API versions the emulator serves, oldest first.
var Versions = func() []string {
	var vs []string
	for v := 31; v <= 64; v++ {
		vs = append(vs, strconv.Itoa(v)+".0")
	}
	return vs
}()

// latestVersion is the newest served version.
var latestVersion = Versions[len(Versions)-1]

// parseVersion accepts "v59.0" for served versions.
func parseVersion(seg string) (string, bool) {
	if !strings.HasPrefix(seg, "v") {
		return "", false
	}
	v := seg[1:]
	for _, known := range Versions {
		if v == known {
			return v, true
		}
	}
	return "", false
}

// releaseLabel names the Salesforce release of a version: three a year,
// v31.0 being Summer '14.
func releaseLabel(v string) string {
	n, _ := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	k := n - 31
	year := 14 + k/3
	switch k % 3 {
	case 0:
		return fmt.Sprintf("Summer '%02d", year)
	case 1:
		return fmt.Sprintf("Winter '%02d", year+1)
	}
	return fmt.Sprintf("Spring '%02d", year+1)
}

// jsonContentType is what Salesforce sends and what jsforce keys its
// parser on.
const jsonContentType = "application/json;charset=UTF-8"

// send writes a JSON value with a status.
func (c *call) send(status int, v any) {
	b, err := jsonMarshal(v)
	if err != nil {
		c.fail(errorf(http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "encoding the response: %v", err))
		return
	}
	c.sendRaw(status, b)
}

// jsonMarshal encodes like json.Marshal but leaves &, < and > as they are,
// as Salesforce does ("Food & Beverage", not "Food \u0026 Beverage").
func jsonMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// sendRaw writes pre-encoded JSON.
func (c *call) sendRaw(status int, b []byte) {
	c.w.Header().Set("Content-Type", jsonContentType)
	c.w.WriteHeader(status)
	if c.r.Method != http.MethodHead {
		_, _ = c.w.Write(b)
	}
}

// noContent answers 204.
func (c *call) noContent() {
	c.w.WriteHeader(http.StatusNoContent)
}

// errorBody is one element of a Salesforce error array.
type errorBody struct {
	DuplicateResult *duplicateResult `json:"duplicateResult,omitempty"`
	Message         string           `json:"message"`
	ErrorCode       string           `json:"errorCode"`
	// Fields is left out when nil; record errors that name no field
	// (a top-of-page validation error) answer "fields":[].
	Fields []string `json:"fields,omitzero"`
}

// fail answers an error in Salesforce's array form.
func (c *call) fail(err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = errorf(http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "%v", err)
	}
	c.send(e.Status, e.errorBodies())
}

// decode reads a JSON request body, keeping numbers exact.
func (c *call) decode(v any) *Error {
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 64<<20))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errJSONParser("Unexpected character or end of input while parsing the request body: %v", err)
	}
	return nil
}

// versions answers GET /services/data.
func (s *Server) versions(c *call) {
	type version struct {
		Label   string `json:"label"`
		URL     string `json:"url"`
		Version string `json:"version"`
	}
	out := make([]version, len(Versions))
	for i, v := range Versions {
		out[i] = version{Label: releaseLabel(v), URL: "/services/data/v" + v, Version: v}
	}
	c.send(http.StatusOK, out)
}

// Locking through the call: a Composite request holds the org's write
// lock and one transaction for all its subrequests, so the handlers it
// dispatches to must neither lock again nor start their own transaction.

func (c *call) rlock(o *org) {
	if !c.held {
		o.mu.RLock()
	}
}

func (c *call) runlock(o *org) {
	if !c.held {
		o.mu.RUnlock()
	}
}

func (c *call) lock(o *org) {
	if !c.held {
		o.mu.Lock()
	}
}

func (c *call) unlock(o *org) {
	if !c.held {
		o.mu.Unlock()
	}
}

// begin returns the composite's transaction, or a new one.
func (c *call) begin(o *org) *tx {
	if c.tx != nil {
		return c.tx
	}
	return o.begin()
}
