package sfemu

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// credential is what a user logs in with. Passwords are kept as a salted
// SHA-256: enough for an emulator that holds throwaway passwords, not a
// scheme for real ones.
type credential struct {
	salt          [16]byte
	hash          [32]byte
	securityToken string
}

func newCredential(password, securityToken string) *credential {
	c := &credential{securityToken: securityToken}
	if _, err := rand.Read(c.salt[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	c.hash = c.digest(password)
	return c
}

func (c *credential) digest(password string) [32]byte {
	return sha256.Sum256(append(c.salt[:], password...))
}

// passwordIs reports whether password is the user's password.
func (c *credential) passwordIs(password string) bool {
	d := c.digest(password)
	return subtle.ConstantTimeCompare(d[:], c.hash[:]) == 1
}

// apiLogin checks an API login's secret: the password with the security
// token appended, or the bare password when the org trusts every IP.
func (a *authStore) apiLogin(c *credential, secret string) bool {
	if c == nil {
		return false
	}
	if t := c.securityToken; t != "" && len(secret) > len(t) &&
		subtle.ConstantTimeCompare([]byte(secret[len(secret)-len(t):]), []byte(t)) == 1 &&
		c.passwordIs(secret[:len(secret)-len(t)]) {
		return true
	}
	return a.skipSecurityToken && c.passwordIs(secret)
}

// newSecurityToken returns a token shaped like Salesforce's.
func newSecurityToken() string { return randomString(24, base62) }

// NewUser describes a user for [Server.AddUser].
type NewUser struct {
	Username string
	// Password defaults to the org's default (Options.Password).
	Password string
	// SecurityToken defaults to a random one.
	SecurityToken string
	// Email defaults to the username.
	Email     string
	FirstName string
	// LastName defaults to the username's local part.
	LastName string
	// Profile names the profile; default "Standard User".
	Profile  string
	Inactive bool
}

// AddUser creates a User record, as an admin would in Setup, with the
// credentials to log in as it. It returns the 18-character id.
func (s *Server) AddUser(ctx context.Context, u NewUser) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if u.Username == "" {
		return "", errors.New("adding a user: the username is empty")
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	profileName := u.Profile
	if profileName == "" {
		profileName = "Standard User"
	}
	profile := o.findByName("Profile", "Name", profileName)
	if profile == nil {
		return "", fmt.Errorf("adding user %s: %w", u.Username, errorf(http.StatusNotFound, "NOT_FOUND", "no profile named %s", profileName))
	}
	local, _, _ := strings.Cut(u.Username, "@")
	if u.Email == "" {
		u.Email = u.Username
	}
	if u.LastName == "" {
		u.LastName = local
	}
	alias := []rune(strings.ToLower(u.FirstName + u.LastName))
	if first := []rune(u.FirstName); len(first) > 0 {
		alias = []rune(strings.ToLower(string(first[0]) + u.LastName))
	}
	alias = alias[:min(len(alias), 8)]
	fields := map[string]any{
		"Username":          u.Username,
		"Email":             u.Email,
		"LastName":          u.LastName,
		"Alias":             string(alias),
		"CommunityNickname": local,
		"IsActive":          !u.Inactive,
		"ProfileId":         profile.id,
		"UserType":          "Standard",
		"TimeZoneSidKey":    "America/Los_Angeles",
		"LocaleSidKey":      "en_US",
		"EmailEncodingKey":  "UTF-8",
		"LanguageLocaleKey": "en_US",
	}
	if u.FirstName != "" {
		fields["FirstName"] = u.FirstName
	}
	r, err := o.begin().create(o.object("User"), fields, writeOptions{system: true})
	if err != nil {
		return "", fmt.Errorf("adding user %s: %w", u.Username, err)
	}
	a := o.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if u.Password == "" {
		u.Password = a.defaultPassword
	}
	if u.SecurityToken == "" {
		u.SecurityToken = newSecurityToken()
	}
	a.creds[r.id] = newCredential(u.Password, u.SecurityToken)
	return id18(r.id), nil
}

// ExpireSessions ends every access token (and browser sign-in) of the
// user now, as a session timeout would; refresh tokens keep working.
func (s *Server) ExpireSessions(ctx context.Context, username string) error {
	return s.withUser(ctx, username, func(a *authStore, userID string) { a.endSessions(userID) })
}

// RevokeTokens revokes every refresh and access token of the user, as
// revoking the app's access in Salesforce's Setup does.
func (s *Server) RevokeTokens(ctx context.Context, username string) error {
	return s.withUser(ctx, username, func(a *authStore, userID string) { a.revokeUser(userID) })
}

// withUser runs f under the store's lock on the user's id.
func (s *Server) withUser(ctx context.Context, username string, f func(a *authStore, userID string)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	r := o.userByUsername(username)
	if r == nil {
		return errUnknownUser(username)
	}
	o.auth.mu.Lock()
	defer o.auth.mu.Unlock()
	f(o.auth, r.id)
	return nil
}

// SetUserActive activates or deactivates a user (User.IsActive). An
// inactive user's access tokens stop working at once, refreshing answers
// invalid_grant "inactive user", and logins are refused; reactivating
// lets the refresh tokens work again, as in Salesforce.
func (s *Server) SetUserActive(ctx context.Context, username string, active bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.userByUsername(username)
	if r == nil {
		return errUnknownUser(username)
	}
	if _, err := o.begin().update(r.obj, r.id, map[string]any{"IsActive": active}, writeOptions{system: true}); err != nil {
		return fmt.Errorf("setting %s active=%t: %w", username, active, err)
	}
	if !active {
		o.auth.mu.Lock()
		o.auth.endSessions(r.id)
		o.auth.mu.Unlock()
	}
	return nil
}

func errUnknownUser(username string) *Error {
	return errorf(http.StatusNotFound, "NOT_FOUND", "no user with username %s", username)
}

// userByUsername finds a user, case-insensitively as Salesforce does.
// The caller holds o.mu.
func (o *org) userByUsername(username string) *record {
	if username == "" {
		return nil
	}
	return o.findByName("User", "Username", username)
}

// findByName returns the first live record whose text field equals value,
// ignoring case. The caller holds o.mu.
func (o *org) findByName(object, field, value string) *record {
	obj := o.object(object)
	f := obj.Field(field)
	for _, r := range o.tables[obj].rows {
		if r == nil || r.deleted {
			continue
		}
		if v, _ := r.get(f).(string); strings.EqualFold(v, value) {
			return r
		}
	}
	return nil
}

// userActive reports whether a user exists and is active. The caller
// holds o.mu.
func (o *org) userActive(userID string) bool {
	r := o.byID[userID]
	if r == nil || r.deleted || r.obj.Name != "User" {
		return false
	}
	active, _ := r.get(r.obj.Field("IsActive")).(bool)
	return active
}

// seedCredentials gives the admin the configured password and security
// token, and every other user without credentials (the demo seed's) the
// default password and a random token. New calls it before anything
// else can reach the org.
func (o *org) seedCredentials(password, adminToken string) {
	a := o.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	a.creds[o.adminID] = newCredential(password, adminToken)
	for _, r := range o.tables[o.object("User")].rows {
		if r != nil && a.creds[r.id] == nil {
			a.creds[r.id] = newCredential(password, newSecurityToken())
		}
	}
}
