package sfemu

import (
	"crypto/rand"
	"slices"
	"sort"
	"sync"
	"time"
)

// authStore holds what logins need: the connected apps, the users'
// credentials, and every token, code and login form the org has handed
// out. It has its own mutex so that authenticating a call, which moves a
// session's last-use time, never takes the org's write lock.
//
// Lock order: o.mu before a.mu, never the other way round.
type authStore struct {
	mu  sync.Mutex
	now func() time.Time

	// Settings, fixed by New.
	sessionTimeout    time.Duration
	approvalCap       int // <= 0: no cap
	skipSecurityToken bool
	defaultPassword   string

	apps     map[string]*connectedApp   // client id -> app
	creds    map[string]*credential     // 15-char user id -> password and security token
	sessions map[string]*session        // access token -> session
	refresh  map[string]*refreshToken   // refresh token -> approval
	codes    map[string]*authCode       // authorization code -> grant
	pending  map[string]*pendingAuth    // login form token -> authorization in progress
	browsers map[string]*browserSession // browser cookie -> signed-in user

	// seq orders approvals, so the cap evicts the oldest even when the
	// clock stands still.
	seq uint64
}

// DefaultSessionTimeout is how long an access token lives without use
// when Options.SessionTimeout is zero: Salesforce's default of two hours.
const DefaultSessionTimeout = 2 * time.Hour

// DefaultApprovalCap is how many approvals a user may hold per connected
// app when Options.ApprovalCap is zero.
const DefaultApprovalCap = 5

// codeLifetime is how long an authorization code, and a login form, stay
// usable.
const codeLifetime = 15 * time.Minute

func newAuthStore(now func() time.Time) *authStore {
	return &authStore{
		now:            now,
		sessionTimeout: DefaultSessionTimeout,
		approvalCap:    DefaultApprovalCap,
		apps:           map[string]*connectedApp{},
		creds:          map[string]*credential{},
		sessions:       map[string]*session{},
		refresh:        map[string]*refreshToken{},
		codes:          map[string]*authCode{},
		pending:        map[string]*pendingAuth{},
		browsers:       map[string]*browserSession{},
	}
}

// session is a live access token.
type session struct {
	userID   string // 15-char
	clientID string // the connected app; "" for SOAP logins and New's token
	// refresh is the approval the token was issued under, nil if none:
	// revoking or evicting it ends the session too.
	refresh  *refreshToken
	lastUsed time.Time
	// persistent sessions never time out: the token New hands out in
	// Credentials must keep working however long the emulator runs.
	persistent bool
	// scope is what an OAuth grant allowed; nil (SOAP logins and New's
	// token) allows everything.
	scope []string
}

// allowsREST reports whether the session may call the REST API: OAuth
// tokens need the api or full scope.
func (s *session) allowsREST() bool {
	return s.scope == nil || slices.Contains(s.scope, "api") || slices.Contains(s.scope, "full")
}

// refreshToken is one approval of a connected app by a user.
type refreshToken struct {
	token    string
	userID   string
	clientID string
	scope    []string
	seq      uint64
}

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	clientID, redirectURI, userID string
	scope                         []string
	challenge, challengeMethod    string
	expires                       time.Time
	used                          bool
}

// tokenAlphabet makes the opaque part of access and refresh tokens: as in
// Salesforce's, letters, digits, '.' and '_', which the sf CLI's token
// pattern (00D...![.\w]*) and its auth URL (force://id:secret:token@host)
// accept.
const tokenAlphabet = base62 + "._"

// randomString returns n characters drawn uniformly from alphabet.
func randomString(n int, alphabet string) string {
	out := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet)
	var buf [64]byte
	for len(out) < n {
		if _, err := rand.Read(buf[:]); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// issueSession creates an access token shaped like Salesforce's: the
// org's 15-char id, '!', and an opaque part. The caller holds a.mu.
func (a *authStore) issueSession(orgID, userID, clientID string, rt *refreshToken, persistent bool, scope []string) string {
	a.sweep()
	token := orgID + "!AQ" + randomString(96, tokenAlphabet)
	a.sessions[token] = &session{
		userID: userID, clientID: clientID, refresh: rt,
		lastUsed: a.now(), persistent: persistent, scope: scope,
	}
	return token
}

// issueRefresh records a new approval of app by the user and returns its
// refresh token. Past the approval cap the oldest approvals of the same
// user and app are revoked with their access tokens. The caller holds a.mu.
func (a *authStore) issueRefresh(userID, clientID string, scope []string) *refreshToken {
	a.seq++
	rt := &refreshToken{
		token:  "5Aep861" + randomString(80, tokenAlphabet),
		userID: userID, clientID: clientID, scope: scope, seq: a.seq,
	}
	a.refresh[rt.token] = rt
	if a.approvalCap > 0 {
		held := a.approvals(userID, clientID)
		for len(held) > a.approvalCap {
			a.revokeRefresh(held[0])
			held = held[1:]
		}
	}
	return rt
}

// approvals lists the user's refresh tokens for an app, oldest first.
func (a *authStore) approvals(userID, clientID string) []*refreshToken {
	var list []*refreshToken
	for _, rt := range a.refresh {
		if rt.userID == userID && rt.clientID == clientID {
			list = append(list, rt)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	return list
}

// rotate replaces a refresh token by a new one holding the same approval
// slot; the access tokens issued under it move to the new one.
func (a *authStore) rotate(old *refreshToken) *refreshToken {
	rt := &refreshToken{
		token:  "5Aep861" + randomString(80, tokenAlphabet),
		userID: old.userID, clientID: old.clientID, scope: old.scope, seq: old.seq,
	}
	delete(a.refresh, old.token)
	a.refresh[rt.token] = rt
	for _, s := range a.sessions {
		if s.refresh == old {
			s.refresh = rt
		}
	}
	return rt
}

// revokeRefresh removes an approval and the access tokens issued under it.
func (a *authStore) revokeRefresh(rt *refreshToken) {
	delete(a.refresh, rt.token)
	for token, s := range a.sessions {
		if s.refresh == rt {
			delete(a.sessions, token)
		}
	}
}

// live returns the session of an access token if it has not timed out,
// and counts the call as activity: Salesforce's session timeout runs from
// the last request, not from the login.
func (a *authStore) live(token string) *session {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.sessions[token]
	if s == nil {
		return nil
	}
	now := a.now()
	if !s.persistent && now.Sub(s.lastUsed) >= a.sessionTimeout {
		delete(a.sessions, token)
		return nil
	}
	s.lastUsed = now
	return s
}

// endSessions removes the user's access tokens (and browser sign-ins),
// keeping the refresh tokens. The caller holds a.mu.
func (a *authStore) endSessions(userID string) {
	for token, s := range a.sessions {
		if s.userID == userID {
			delete(a.sessions, token)
		}
	}
	for id, b := range a.browsers {
		if b.userID == userID {
			delete(a.browsers, id)
		}
	}
}

// revokeUser removes every token of the user. The caller holds a.mu.
func (a *authStore) revokeUser(userID string) {
	a.endSessions(userID)
	for token, rt := range a.refresh {
		if rt.userID == userID {
			delete(a.refresh, token)
		}
	}
}

// newCode stores an authorization code for a consented authorization.
// The caller holds a.mu.
func (a *authStore) newCode(p *pendingAuth) string {
	a.sweep()
	code := "aPrx" + randomString(76, base62) + "=="
	a.codes[code] = &authCode{
		clientID: p.clientID, redirectURI: p.redirectURI, userID: p.userID, scope: p.scope,
		challenge: p.challenge, challengeMethod: p.challengeMethod,
		expires: a.now().Add(codeLifetime),
	}
	return code
}

// sweep forgets timed-out sessions, and codes, login forms and browser
// sign-ins past their lifetime, so a long-running emulator does not accumulate them. The
// caller holds a.mu.
func (a *authStore) sweep() {
	now := a.now()
	for k, s := range a.sessions {
		if !s.persistent && now.Sub(s.lastUsed) >= a.sessionTimeout {
			delete(a.sessions, k)
		}
	}
	for k, c := range a.codes {
		if now.After(c.expires) {
			delete(a.codes, k)
		}
	}
	for k, p := range a.pending {
		if now.After(p.expires) {
			delete(a.pending, k)
		}
	}
	for k, b := range a.browsers {
		if now.Sub(b.lastUsed) >= a.sessionTimeout {
			delete(a.browsers, k)
		}
	}
}
