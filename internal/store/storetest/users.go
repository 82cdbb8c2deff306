package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var userTests = []test{
	{"PutGetList", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		removed, err := s.PutAppUsers(t.Context(), w.ID, []store.AppUser{
			{ID: "u2", Email: "Bo@Example.com", Name: "Bo", Status: store.AppUserActive, CreatedAt: exact, UpdatedAt: exact},
			{ID: "u1", Email: "al@example.com", Name: "Al", Status: store.AppUserSuspended, CreatedAt: exact, UpdatedAt: exact},
			{ID: "u3", Name: "Front desk", Status: store.AppUserExtension},
			// Of two users with one id the last wins.
			{ID: "u1", Email: "al@example.com", Name: "Al", Status: store.AppUserInactive, CreatedAt: exact, UpdatedAt: exact},
		})
		noErr(t, "PutAppUsers", err)
		if removed == nil || len(removed) != 0 {
			t.Errorf("removed = %#v, want an empty non-nil slice", removed)
		}
		u1 := store.AppUser{WorkspaceID: w.ID, ID: "u1", Email: "al@example.com", Name: "Al", Status: store.AppUserInactive, CreatedAt: at, UpdatedAt: at}
		u2 := store.AppUser{WorkspaceID: w.ID, ID: "u2", Email: "Bo@Example.com", Name: "Bo", Status: store.AppUserActive, CreatedAt: at, UpdatedAt: at}
		got, err := s.GetAppUser(t.Context(), w.ID, "u1")
		noErr(t, "GetAppUser", err)
		equal(t, "u1", got, u1)
		u3, err := s.GetAppUser(t.Context(), w.ID, "u3")
		noErr(t, "GetAppUser", err)
		recent(t, "CreatedAt", u3.CreatedAt)
		equal(t, "UpdatedAt of a new user", u3.UpdatedAt, u3.CreatedAt)
		_, err = s.GetAppUser(t.Context(), other.ID, "u1")
		isErr(t, "another workspace's user", err, store.ErrNotFound)

		// Creation order, then id; pages of two.
		page, err := s.ListAppUsers(t.Context(), w.ID, store.ListParams{Limit: 2})
		noErr(t, "ListAppUsers", err)
		equal(t, "first page", page.Items, []store.AppUser{u1, u2})
		if page.Next == "" {
			t.Fatal("no next cursor after a full page")
		}
		page, err = s.ListAppUsers(t.Context(), w.ID, store.ListParams{Limit: 2, After: page.Next})
		noErr(t, "ListAppUsers", err)
		equal(t, "second page", page.Items, []store.AppUser{u3})
		equal(t, "last page's cursor", page.Next, "")
		page, err = s.ListAppUsers(t.Context(), other.ID, store.ListParams{})
		noErr(t, "ListAppUsers", err)
		if page.Items == nil || len(page.Items) != 0 {
			t.Errorf("another workspace lists %#v, want an empty non-nil slice", page.Items)
		}
		_, err = s.ListAppUsers(t.Context(), w.ID, store.ListParams{After: "junk"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)

		// Putting again keeps CreatedAt, and moves UpdatedAt only on a change.
		later := exact.Add(time.Hour)
		_, err = s.PutAppUsers(t.Context(), w.ID, []store.AppUser{
			{ID: "u1", Email: "al@example.com", Name: "Al", Status: store.AppUserInactive, UpdatedAt: later},
			{ID: "u2", Email: "bo@example.com", Name: "Bo", Status: store.AppUserActive, UpdatedAt: later},
		})
		noErr(t, "PutAppUsers again", err)
		got, err = s.GetAppUser(t.Context(), w.ID, "u1")
		noErr(t, "GetAppUser", err)
		equal(t, "unchanged user", got, u1)
		got, err = s.GetAppUser(t.Context(), w.ID, "u2")
		noErr(t, "GetAppUser", err)
		u2.Email, u2.UpdatedAt = "bo@example.com", at.Add(time.Hour)
		equal(t, "changed user", got, u2)
	}},
	{"PutRefuses", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		_, err := s.PutAppUsers(t.Context(), w.ID, []store.AppUser{
			{ID: "ok", Status: store.AppUserActive}, {ID: "", Status: store.AppUserActive}})
		isErr(t, "empty id", err, store.ErrInvalid)
		_, err = s.PutAppUsers(t.Context(), w.ID, []store.AppUser{
			{ID: "ok", Status: store.AppUserActive}, {ID: "bad", Status: "gone"}})
		isErr(t, "unknown status", err, store.ErrInvalid)
		_, err = s.GetAppUser(t.Context(), w.ID, "ok")
		isErr(t, "nothing of a refused batch is written", err, store.ErrNotFound)
		_, err = s.PutAppUsers(t.Context(), "ws_missing", []store.AppUser{{ID: "u1", Status: store.AppUserActive}})
		isErr(t, "unknown workspace", err, store.ErrNotFound)
		_, err = s.PutAppUsers(t.Context(), "ws_missing", nil)
		isErr(t, "unknown workspace, no users", err, store.ErrNotFound)
	}},
	{"ReplaceAndListMappings", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c, c2 := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		putUsers(t, s, w.ID, "b", "a", "c")
		_, err := s.PutAppUsers(t.Context(), w.ID, []store.AppUser{{ID: "off", Status: store.AppUserSuspended}})
		noErr(t, "PutAppUsers", err)
		putUsers(t, s, other.ID, "theirs")

		got, err := s.ReplaceUserMappings(t.Context(), c.ID, []store.UserMapping{
			{AppUserID: "b", SalesforceUserID: "005B", Email: "b@example.com", MatchedAt: exact},
			{AppUserID: "a", SalesforceUserID: "005X", Email: "a@example.com"},
			{AppUserID: "a", SalesforceUserID: "005A", Email: "a@example.com"},       // the last of a user wins
			{AppUserID: "off", SalesforceUserID: "005O", Email: "off@example.com"},   // not active: left out
			{AppUserID: "missing", SalesforceUserID: "005M", Email: "m@example.com"}, // no such user: left out
			{AppUserID: "theirs", SalesforceUserID: "005T", Email: "t@example.com"},  // another workspace's: left out
		})
		noErr(t, "ReplaceUserMappings", err)
		if len(got) != 2 {
			t.Fatalf("stored %+v, want a and b", got)
		}
		recent(t, "MatchedAt", got[0].MatchedAt)
		want := []store.UserMapping{
			{ConnectionID: c.ID, AppUserID: "a", SalesforceUserID: "005A", Email: "a@example.com", MatchedAt: got[0].MatchedAt},
			{ConnectionID: c.ID, AppUserID: "b", SalesforceUserID: "005B", Email: "b@example.com", MatchedAt: at},
		}
		equal(t, "ReplaceUserMappings", got, want)
		list, err := s.ListUserMappings(t.Context(), c.ID)
		noErr(t, "ListUserMappings", err)
		equal(t, "ListUserMappings", list, want)
		list, err = s.ListUserMappings(t.Context(), c2.ID)
		noErr(t, "ListUserMappings", err)
		if list == nil || len(list) != 0 {
			t.Errorf("another connection lists %#v, want an empty non-nil slice", list)
		}

		// Replacing again drops what is not in the new set, on c alone.
		_, err = s.ReplaceUserMappings(t.Context(), c2.ID, []store.UserMapping{{AppUserID: "a", SalesforceUserID: "005A", Email: "a@example.com", MatchedAt: exact}})
		noErr(t, "ReplaceUserMappings c2", err)
		got, err = s.ReplaceUserMappings(t.Context(), c.ID, []store.UserMapping{{AppUserID: "c", SalesforceUserID: "005C", Email: "c@example.com", MatchedAt: exact}})
		noErr(t, "ReplaceUserMappings again", err)
		equal(t, "replaced", got, []store.UserMapping{{ConnectionID: c.ID, AppUserID: "c", SalesforceUserID: "005C", Email: "c@example.com", MatchedAt: at}})
		list, err = s.ListUserMappings(t.Context(), c2.ID)
		noErr(t, "ListUserMappings c2", err)
		equal(t, "c2 untouched", len(list), 1)
		got, err = s.ReplaceUserMappings(t.Context(), c.ID, nil)
		noErr(t, "ReplaceUserMappings empty", err)
		if got == nil || len(got) != 0 {
			t.Errorf("empty set stored as %#v, want an empty non-nil slice", got)
		}

		_, err = s.ReplaceUserMappings(t.Context(), "conn_missing", nil)
		isErr(t, "unknown connection", err, store.ErrNotFound)
		list, err = s.ListUserMappings(t.Context(), "conn_missing")
		noErr(t, "ListUserMappings unknown", err)
		if list == nil || len(list) != 0 {
			t.Errorf("unknown connection lists %#v, want an empty non-nil slice", list)
		}
	}},
	{"PutDropsMappingsOfUsersNoLongerActive", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c1, c2 := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		putUsers(t, s, w.ID, "u1", "u2", "u3")
		for _, c := range []store.Connection{c1, c2} {
			_, err := s.ReplaceUserMappings(t.Context(), c.ID, []store.UserMapping{
				{AppUserID: "u1", SalesforceUserID: "005A", Email: "u1@example.com", MatchedAt: exact},
				{AppUserID: "u2", SalesforceUserID: "005B", Email: "u2@example.com", MatchedAt: exact},
				{AppUserID: "u3", SalesforceUserID: "005C", Email: "u3@example.com", MatchedAt: exact},
			})
			noErr(t, "ReplaceUserMappings", err)
		}
		removed, err := s.PutAppUsers(t.Context(), w.ID, []store.AppUser{
			{ID: "u1", Email: "u1@example.com", Status: store.AppUserDeleted},
			{ID: "u2", Email: "u2-new@example.com", Status: store.AppUserActive}, // an email change waits for the next match
			{ID: "u3", Email: "u3@example.com", Status: store.AppUserExtension},
		})
		noErr(t, "PutAppUsers", err)
		var want []store.UserMapping
		for _, c := range slices.SortedFunc(slices.Values([]store.Connection{c1, c2}), func(a, b store.Connection) int { return cmp.Compare(a.ID, b.ID) }) {
			want = append(want,
				store.UserMapping{ConnectionID: c.ID, AppUserID: "u1", SalesforceUserID: "005A", Email: "u1@example.com", MatchedAt: at},
				store.UserMapping{ConnectionID: c.ID, AppUserID: "u3", SalesforceUserID: "005C", Email: "u3@example.com", MatchedAt: at})
		}
		equal(t, "removed", removed, want)
		for _, c := range []store.Connection{c1, c2} {
			list, err := s.ListUserMappings(t.Context(), c.ID)
			noErr(t, "ListUserMappings", err)
			equal(t, "kept", list, []store.UserMapping{{ConnectionID: c.ID, AppUserID: "u2", SalesforceUserID: "005B", Email: "u2@example.com", MatchedAt: at}})
		}
		// Active again, the user waits for the next match too.
		removed, err = s.PutAppUsers(t.Context(), w.ID, []store.AppUser{{ID: "u1", Email: "u1@example.com", Status: store.AppUserActive}})
		noErr(t, "PutAppUsers", err)
		equal(t, "removed", len(removed), 0)
		list, err := s.ListUserMappings(t.Context(), c1.ID)
		noErr(t, "ListUserMappings", err)
		equal(t, "mappings", len(list), 1)
	}},
	{"ConcurrentPutAndReplace", func(t *testing.T, s store.Store) {
		// Whichever commits first, a user made inactive while its mapping
		// is being stored ends without one.
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		for range 20 {
			putUsers(t, s, w.ID, "u1")
			errs := make(chan error, 2)
			go func() {
				_, err := s.PutAppUsers(t.Context(), w.ID, []store.AppUser{{ID: "u1", Status: store.AppUserInactive}})
				errs <- err
			}()
			go func() {
				_, err := s.ReplaceUserMappings(t.Context(), c.ID, []store.UserMapping{{AppUserID: "u1", SalesforceUserID: "005A", Email: "u1@example.com"}})
				errs <- err
			}()
			for range 2 {
				noErr(t, "concurrent write", <-errs)
			}
			list, err := s.ListUserMappings(t.Context(), c.ID)
			noErr(t, "ListUserMappings", err)
			if len(list) != 0 {
				t.Fatalf("an inactive user kept its mapping: %+v", list)
			}
		}
	}},
}

// putUsers creates active users with the ids given, email <id>@example.com.
func putUsers(t *testing.T, s store.Store, workspaceID string, ids ...string) {
	t.Helper()
	users := make([]store.AppUser, len(ids))
	for i, id := range ids {
		users[i] = store.AppUser{ID: id, Email: id + "@example.com", Name: id, Status: store.AppUserActive}
	}
	_, err := s.PutAppUsers(t.Context(), workspaceID, users)
	noErr(t, "PutAppUsers", err)
}
