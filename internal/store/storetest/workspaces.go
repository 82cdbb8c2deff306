package storetest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var workspaceTests = []test{
	{"CreateFillsIDAndTimes", func(t *testing.T, s store.Store) {
		w, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "acme", Name: "Acme"})
		noErr(t, "CreateWorkspace", err)
		if !strings.HasPrefix(w.ID, "ws_") {
			t.Errorf("ID = %q, want a ws_ prefix", w.ID)
		}
		recent(t, "CreatedAt", w.CreatedAt)
		equal(t, "UpdatedAt", w.UpdatedAt, w.CreatedAt)
		got, err := s.GetWorkspace(t.Context(), w.ID)
		noErr(t, "GetWorkspace", err)
		equal(t, "GetWorkspace", got, w)
		other, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "other"})
		noErr(t, "CreateWorkspace", err)
		if other.ID == w.ID {
			t.Errorf("two generated ids are both %q", w.ID)
		}
	}},
	{"RoundTrip", func(t *testing.T, s store.Store) {
		in := store.Workspace{ID: "ws_given", ExternalKey: "acme-42", Name: "Acme, Inc.", CreatedAt: exact, UpdatedAt: exact.Add(time.Hour)}
		want := store.Workspace{ID: "ws_given", ExternalKey: "acme-42", Name: "Acme, Inc.", CreatedAt: at, UpdatedAt: at.Add(time.Hour)}
		w, err := s.CreateWorkspace(t.Context(), in)
		noErr(t, "CreateWorkspace", err)
		equal(t, "CreateWorkspace", w, want)
		got, err := s.GetWorkspace(t.Context(), "ws_given")
		noErr(t, "GetWorkspace", err)
		equal(t, "GetWorkspace", got, want)
		got, err = s.GetWorkspaceByExternalKey(t.Context(), "acme-42")
		noErr(t, "GetWorkspaceByExternalKey", err)
		equal(t, "GetWorkspaceByExternalKey", got, want)
	}},
	{"Duplicate", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		_, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: w.ExternalKey})
		isErr(t, "same external key", err, store.ErrDuplicate)
		_, err = s.CreateWorkspace(t.Context(), store.Workspace{ID: w.ID, ExternalKey: "fresh"})
		isErr(t, "same id", err, store.ErrDuplicate)
	}},
	{"NotFound", func(t *testing.T, s store.Store) {
		newWorkspace(t, s)
		_, err := s.GetWorkspace(t.Context(), "ws_missing")
		isErr(t, "GetWorkspace", err, store.ErrNotFound)
		_, err = s.GetWorkspaceByExternalKey(t.Context(), "missing")
		isErr(t, "GetWorkspaceByExternalKey", err, store.ErrNotFound)
	}},
	{"ListEmpty", func(t *testing.T, s store.Store) {
		p, err := s.ListWorkspaces(t.Context(), store.ListParams{})
		noErr(t, "ListWorkspaces", err)
		if p.Items == nil || len(p.Items) != 0 || p.Next != "" {
			t.Errorf("ListWorkspaces = %#v, want an empty non-nil page", p)
		}
	}},
	{"ListPages", func(t *testing.T, s store.Store) {
		// Created out of order, two sharing a creation time: the list is
		// ordered by creation time, then id.
		base := at
		var want []store.Workspace
		for _, in := range []store.Workspace{
			{ID: "ws_c", CreatedAt: base.Add(2 * time.Second)},
			{ID: "ws_b", CreatedAt: base},
			{ID: "ws_e", CreatedAt: base.Add(3 * time.Second)},
			{ID: "ws_a", CreatedAt: base.Add(time.Second)},
			{ID: "ws_0", CreatedAt: base.Add(time.Second)},
		} {
			in.ExternalKey = "key-" + in.ID
			w, err := s.CreateWorkspace(t.Context(), in)
			noErr(t, "CreateWorkspace", err)
			want = append(want, w)
		}
		want = []store.Workspace{want[1], want[4], want[3], want[0], want[2]}
		got := pageAll(t, 2, 3, func(p store.ListParams) (store.Page[store.Workspace], error) {
			return s.ListWorkspaces(t.Context(), p)
		})
		equal(t, "all pages", got, want)
	}},
	{"ListLimits", func(t *testing.T, s store.Store) {
		for i := range store.MaxLimit + 1 {
			_, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "k" + strconv.Itoa(i)})
			noErr(t, "CreateWorkspace", err)
		}
		for _, tc := range []struct {
			limit, want int
		}{{0, store.DefaultLimit}, {-1, store.DefaultLimit}, {7, 7}, {store.MaxLimit + 50, store.MaxLimit}} {
			p, err := s.ListWorkspaces(t.Context(), store.ListParams{Limit: tc.limit})
			noErr(t, "ListWorkspaces", err)
			if len(p.Items) != tc.want || p.Next == "" {
				t.Errorf("Limit %d: %d items, Next %q; want %d and a next page", tc.limit, len(p.Items), p.Next, tc.want)
			}
		}
	}},
	{"ListBadCursor", func(t *testing.T, s store.Store) {
		for _, after := range []string{"not a cursor", store.EventCursor(3)} {
			_, err := s.ListWorkspaces(t.Context(), store.ListParams{After: after})
			isErr(t, "After "+after, err, store.ErrInvalidCursor)
		}
	}},
}

// pageAll lists every page with the given limit and checks that it took
// the expected number of pages, the last with an empty Next.
func pageAll[T any](t *testing.T, limit, pages int, list func(store.ListParams) (store.Page[T], error)) []T {
	t.Helper()
	var all []T
	p := store.ListParams{Limit: limit}
	for n := 1; ; n++ {
		page, err := list(p)
		noErr(t, "listing", err)
		all = append(all, page.Items...)
		if page.Next == "" {
			if n != pages {
				t.Errorf("listing took %d pages, want %d", n, pages)
			}
			return all
		}
		if len(page.Items) != limit {
			t.Errorf("page %d has %d items, want %d", n, len(page.Items), limit)
		}
		if n > pages {
			t.Fatalf("listing did not end after %d pages", n)
		}
		p.After = page.Next
	}
}
