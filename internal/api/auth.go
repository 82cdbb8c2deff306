package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Workspace keys look like sfb_<prefix>_<secret>: the prefix finds the
// stored row, the whole key's SHA-256 must match its hash.
const (
	keyTag       = "sfb_"
	keyPrefixLen = 8
	keySecretLen = 40
)

// principal is who a request acts for: the host (admin) or one
// workspace.
type principal struct {
	admin       bool
	workspaceID string
}

type workspaceKey struct{}

// workspaceFrom is the workspace of a workspace-scoped route, loaded by
// authorize.
func workspaceFrom(ctx context.Context) store.Workspace {
	w, _ := ctx.Value(workspaceKey{}).(store.Workspace)
	return w
}

var errUnauthorized = errorf(http.StatusUnauthorized, CodeUnauthorized,
	"Send a valid API key as \"Authorization: Bearer <key>\"; this one is missing, unknown or revoked.")

// authorize authenticates r and checks that its key may use a route of
// the given access. For workspace routes it also loads the {ws} of the
// path into the context. A workspace key on another workspace's URL is
// answered exactly as a workspace that does not exist.
func (s *Server) authorize(r *http.Request, acc access) (context.Context, error) {
	p, err := s.authenticate(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	switch acc {
	case admin:
		if !p.admin {
			return nil, errorf(http.StatusForbidden, CodeForbidden, "This route needs the admin API key; a workspace key cannot use it.")
		}
		return ctx, nil
	case workspace, workspaceAdmin:
		wsID := r.PathValue("ws")
		if !p.admin && p.workspaceID != wsID {
			return nil, workspaceNotFound(wsID)
		}
		if acc == workspaceAdmin && !p.admin {
			return nil, errorf(http.StatusForbidden, CodeForbidden, "This route needs the admin API key; a workspace key cannot use it.")
		}
		ws, err := s.store.GetWorkspace(r.Context(), wsID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, workspaceNotFound(wsID)
		}
		if err != nil {
			return nil, err
		}
		return context.WithValue(ctx, workspaceKey{}, ws), nil
	}
	return ctx, nil
}

func workspaceNotFound(id string) error {
	return errorf(http.StatusNotFound, CodeNotFound, "No workspace %q. Check the workspace id in the URL.", id)
}

// authenticate finds who r's bearer key belongs to.
func (s *Server) authenticate(r *http.Request) (principal, error) {
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return principal{}, errUnauthorized
	}
	sum := sha256.Sum256([]byte(key))
	if s.adminHash != nil && subtle.ConstantTimeCompare(sum[:], s.adminHash) == 1 {
		return principal{admin: true}, nil
	}
	prefix, ok := keyPrefix(key)
	if !ok {
		return principal{}, errUnauthorized
	}
	k, err := s.store.GetAPIKeyByPrefix(r.Context(), prefix)
	if errors.Is(err, store.ErrNotFound) {
		return principal{}, errUnauthorized
	}
	if err != nil {
		return principal{}, err
	}
	if subtle.ConstantTimeCompare(sum[:], k.Hash) != 1 || k.RevokedAt != nil {
		return principal{}, errUnauthorized
	}
	return principal{admin: k.WorkspaceID == "", workspaceID: k.WorkspaceID}, nil
}

// keyPrefix returns the lookup prefix of a well-formed workspace key.
func keyPrefix(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, keyTag)
	if !ok || len(rest) != keyPrefixLen+1+keySecretLen || rest[keyPrefixLen] != '_' {
		return "", false
	}
	if !isBase62(rest[:keyPrefixLen]) || !isBase62(rest[keyPrefixLen+1:]) {
		return "", false
	}
	return rest[:keyPrefixLen], true
}

// newAPIKey makes a workspace key and returns it with its prefix and
// hash.
func newAPIKey() (key, prefix string, hash []byte) {
	prefix = randomBase62(keyPrefixLen)
	key = keyTag + prefix + "_" + randomBase62(keySecretLen)
	sum := sha256.Sum256([]byte(key))
	return key, prefix, sum[:]
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomBase62 returns n characters from crypto/rand, uniformly: bytes
// of 248 and over are dropped so the modulo does not bias.
func randomBase62(n int) string {
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails
		for _, b := range buf {
			if b < 248 && len(out) < n {
				out = append(out, base62[b%62])
			}
		}
	}
	return string(out)
}

func isBase62(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
