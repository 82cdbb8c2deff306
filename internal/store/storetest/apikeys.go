package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var apiKeyTests = []test{
	{"RoundTrip", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		admin, err := s.CreateAPIKey(t.Context(), store.APIKey{Name: "host", Prefix: "sfb_admin", Hash: []byte{0, 1, 2, 255}})
		noErr(t, "CreateAPIKey admin", err)
		if !strings.HasPrefix(admin.ID, "key_") {
			t.Errorf("ID = %q, want a key_ prefix", admin.ID)
		}
		recent(t, "CreatedAt", admin.CreatedAt)
		got, err := s.GetAPIKeyByPrefix(t.Context(), "sfb_admin")
		noErr(t, "GetAPIKeyByPrefix admin", err)
		equal(t, "admin key", got, admin)

		want := store.APIKey{ID: "key_given", WorkspaceID: w.ID, Name: "ci", Prefix: "sfb_ws", Hash: []byte("hash"), CreatedAt: at}
		in := want
		in.CreatedAt = exact
		k, err := s.CreateAPIKey(t.Context(), in)
		noErr(t, "CreateAPIKey workspace", err)
		equal(t, "CreateAPIKey", k, want)
		got, err = s.GetAPIKeyByPrefix(t.Context(), "sfb_ws")
		noErr(t, "GetAPIKeyByPrefix", err)
		equal(t, "workspace key", got, want)
	}},
	{"Duplicate", func(t *testing.T, s store.Store) {
		_, err := s.CreateAPIKey(t.Context(), store.APIKey{ID: "key_1", Prefix: "p1", Hash: []byte("h")})
		noErr(t, "CreateAPIKey", err)
		_, err = s.CreateAPIKey(t.Context(), store.APIKey{Prefix: "p1", Hash: []byte("h")})
		isErr(t, "same prefix", err, store.ErrDuplicate)
		_, err = s.CreateAPIKey(t.Context(), store.APIKey{ID: "key_1", Prefix: "p2", Hash: []byte("h")})
		isErr(t, "same id", err, store.ErrDuplicate)
		// A revoked key's prefix stays taken, so a prefix names one key forever.
		noErr(t, "RevokeAPIKey", s.RevokeAPIKey(t.Context(), "", "key_1", time.Time{}))
		_, err = s.CreateAPIKey(t.Context(), store.APIKey{Prefix: "p1", Hash: []byte("h")})
		isErr(t, "revoked key's prefix", err, store.ErrDuplicate)
	}},
	{"UnknownWorkspace", func(t *testing.T, s store.Store) {
		_, err := s.CreateAPIKey(t.Context(), store.APIKey{WorkspaceID: "ws_missing", Prefix: "p", Hash: []byte("h")})
		isErr(t, "CreateAPIKey", err, store.ErrNotFound)
	}},
	{"UnknownPrefix", func(t *testing.T, s store.Store) {
		_, err := s.GetAPIKeyByPrefix(t.Context(), "nope")
		isErr(t, "GetAPIKeyByPrefix", err, store.ErrNotFound)
	}},
	{"Revoke", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		admin, err := s.CreateAPIKey(t.Context(), store.APIKey{Prefix: "adm", Hash: []byte("h")})
		noErr(t, "CreateAPIKey", err)
		k, err := s.CreateAPIKey(t.Context(), store.APIKey{WorkspaceID: w.ID, Prefix: "wsk", Hash: []byte("h")})
		noErr(t, "CreateAPIKey", err)

		isErr(t, "another workspace's key", s.RevokeAPIKey(t.Context(), other.ID, k.ID, time.Time{}), store.ErrNotFound)
		isErr(t, "a workspace key as admin", s.RevokeAPIKey(t.Context(), "", k.ID, time.Time{}), store.ErrNotFound)
		isErr(t, "the admin key in a workspace", s.RevokeAPIKey(t.Context(), w.ID, admin.ID, time.Time{}), store.ErrNotFound)
		isErr(t, "an unknown key", s.RevokeAPIKey(t.Context(), w.ID, "key_missing", time.Time{}), store.ErrNotFound)
		for _, prefix := range []string{"adm", "wsk"} {
			_, err := s.GetAPIKeyByPrefix(t.Context(), prefix)
			noErr(t, "refused revocations left "+prefix, err)
		}

		noErr(t, "RevokeAPIKey", s.RevokeAPIKey(t.Context(), w.ID, k.ID, exact))
		_, err = s.GetAPIKeyByPrefix(t.Context(), "wsk")
		isErr(t, "revoked key", err, store.ErrNotFound)
		noErr(t, "revoking again", s.RevokeAPIKey(t.Context(), w.ID, k.ID, time.Time{}))
		noErr(t, "RevokeAPIKey admin", s.RevokeAPIKey(t.Context(), "", admin.ID, time.Time{}))
		_, err = s.GetAPIKeyByPrefix(t.Context(), "adm")
		isErr(t, "revoked admin key", err, store.ErrNotFound)
	}},
	{"CreateRevoked", func(t *testing.T, s store.Store) {
		_, err := s.CreateAPIKey(t.Context(), store.APIKey{Prefix: "old", Hash: []byte("h"), RevokedAt: ptr(exact)})
		noErr(t, "CreateAPIKey", err)
		_, err = s.GetAPIKeyByPrefix(t.Context(), "old")
		isErr(t, "GetAPIKeyByPrefix", err, store.ErrNotFound)
	}},
}
