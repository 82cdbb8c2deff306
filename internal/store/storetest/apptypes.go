package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var appTypeTests = []test{
	{"PutGetList", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		put := func(a store.AppType) store.AppType {
			t.Helper()
			got, err := s.PutAppType(t.Context(), a)
			noErr(t, "PutAppType", err)
			return got
		}
		contact := put(store.AppType{Name: "contact", Label: "Contact", CreatedAt: exact, UpdatedAt: exact, Fields: []store.AppField{
			{Name: "email", Label: "Email", Type: store.AppEmail},
			{Name: "stage", Label: "Stage", Type: store.AppList, Options: []string{"new", "won"}},
			{Name: "account", Label: "Account", Type: store.AppReference, RefType: "account"},
		}})
		equal(t, "CreatedAt", contact.CreatedAt, at)
		account := put(store.AppType{Name: "account", Label: "Account"})
		recent(t, "CreatedAt", account.CreatedAt)
		if account.Fields == nil {
			t.Error("nil Fields came back nil, want empty")
		}
		own := put(store.AppType{WorkspaceID: w.ID, Name: "contact", Label: "Person", CreatedAt: exact,
			Fields: []store.AppField{{Name: "name", Label: "Name", Type: store.AppText}}})
		mine := put(store.AppType{WorkspaceID: w.ID, Name: "widget", Label: "Widget", CreatedAt: exact})

		got, err := s.GetAppType(t.Context(), w.ID, "contact")
		noErr(t, "GetAppType own", err)
		equal(t, "own declaration wins", got, own)
		got, err = s.GetAppType(t.Context(), other.ID, "contact")
		noErr(t, "GetAppType global", err)
		equal(t, "global declaration", got, contact)
		_, err = s.GetAppType(t.Context(), other.ID, "widget")
		isErr(t, "another workspace's type", err, store.ErrNotFound)

		list, err := s.ListAppTypes(t.Context(), w.ID)
		noErr(t, "ListAppTypes", err)
		equal(t, "merged view", list, []store.AppType{account, own, mine})
		list, err = s.ListAppTypes(t.Context(), other.ID)
		noErr(t, "ListAppTypes", err)
		equal(t, "globals only", list, []store.AppType{account, contact})

		// Putting again replaces, keeping the creation time.
		again := put(store.AppType{Name: "contact", Label: "Contact v2", UpdatedAt: exact.Add(time.Hour)})
		equal(t, "upsert keeps CreatedAt", again.CreatedAt, at)
		got, err = s.GetAppType(t.Context(), other.ID, "contact")
		noErr(t, "GetAppType", err)
		equal(t, "replaced", got, store.AppType{Name: "contact", Label: "Contact v2", Fields: []store.AppField{},
			CreatedAt: at, UpdatedAt: at.Add(time.Hour)})
	}},
	{"UnknownWorkspace", func(t *testing.T, s store.Store) {
		_, err := s.PutAppType(t.Context(), store.AppType{WorkspaceID: "ws_missing", Name: "contact"})
		isErr(t, "PutAppType", err, store.ErrNotFound)
		_, err = s.GetAppType(t.Context(), "ws_missing", "contact")
		isErr(t, "GetAppType", err, store.ErrNotFound)
		list, err := s.ListAppTypes(t.Context(), "ws_missing")
		noErr(t, "ListAppTypes", err)
		if list == nil || len(list) != 0 {
			t.Errorf("ListAppTypes = %#v, want an empty non-nil slice", list)
		}
	}},
}

var objectMappingTests = []test{
	{"PutUpsertsAndLists", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		put := func(m store.ObjectMapping) store.ObjectMapping {
			t.Helper()
			got, err := s.PutObjectMapping(t.Context(), m)
			noErr(t, "PutObjectMapping", err)
			return got
		}
		contact := put(store.ObjectMapping{ConnectionID: c.ID, Object: "Contact", AppType: "contact",
			DeletePolicy: store.DeletePolicyDelete, CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionInbound,
			OutboundDelete: store.OutboundDeleteLeave, ExternalIDField: "App_Id__c", Enabled: true, CreatedAt: exact, UpdatedAt: exact})
		account := put(store.ObjectMapping{ConnectionID: c.ID, Object: "Account", AppType: "account"})
		recent(t, "CreatedAt", account.CreatedAt)
		equal(t, "default delete policy", account.DeletePolicy, store.DeletePolicyMark)
		put(store.ObjectMapping{ConnectionID: other.ID, Object: "Lead", AppType: "lead"})

		got, err := s.ListObjectMappings(t.Context(), c.ID)
		noErr(t, "ListObjectMappings", err)
		equal(t, "ListObjectMappings", got, []store.ObjectMapping{account, {ConnectionID: c.ID, Object: "Contact",
			AppType: "contact", DeletePolicy: store.DeletePolicyDelete, CreateDirection: store.DirectionBoth,
			UpdateDirection: store.DirectionInbound, OutboundDelete: store.OutboundDeleteLeave, ExternalIDField: "App_Id__c",
			Enabled: true, CreatedAt: at, UpdatedAt: at}})

		changed := put(store.ObjectMapping{ConnectionID: c.ID, Object: "Contact", AppType: "person",
			DeletePolicy: store.DeletePolicyMark, UpdateDirection: store.DirectionBoth, OutboundDelete: store.OutboundDeleteDelete,
			UpdatedAt: exact.Add(time.Hour)})
		equal(t, "upsert keeps CreatedAt", changed.CreatedAt, contact.CreatedAt)
		got, err = s.ListObjectMappings(t.Context(), c.ID)
		noErr(t, "ListObjectMappings", err)
		equal(t, "after upsert", got, []store.ObjectMapping{account, changed})
	}},
	{"InvalidDirections", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		for _, m := range []store.ObjectMapping{
			{CreateDirection: "outbound"},
			{UpdateDirection: "sideways"},
			{OutboundDelete: "mark"},
		} {
			m.ConnectionID, m.Object, m.AppType = c.ID, "Contact", "contact"
			_, err := s.PutObjectMapping(t.Context(), m)
			isErr(t, fmt.Sprintf("PutObjectMapping(%+v)", m), err, store.ErrInvalid)
		}
		got, err := s.ListObjectMappings(t.Context(), c.ID)
		noErr(t, "ListObjectMappings", err)
		if len(got) != 0 {
			t.Errorf("refused mappings were stored: %+v", got)
		}
	}},
	{"UnknownConnection", func(t *testing.T, s store.Store) {
		_, err := s.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: "conn_missing", Object: "Contact", AppType: "contact"})
		isErr(t, "PutObjectMapping", err, store.ErrNotFound)
		got, err := s.ListObjectMappings(t.Context(), "conn_missing")
		noErr(t, "ListObjectMappings", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListObjectMappings = %#v, want an empty non-nil slice", got)
		}
	}},
}
