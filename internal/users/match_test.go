package users

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	then := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	active := func(id, email string) store.AppUser {
		return store.AppUser{ID: id, Email: email, Status: store.AppUserActive}
	}
	with := func(u store.AppUser, s store.AppUserStatus) store.AppUser { u.Status = s; return u }
	sf := func(id, email string) SalesforceUser {
		return SalesforceUser{ID: id, Email: email, Name: id, IsActive: true, UserType: StandardUserType}
	}
	mapped := func(app, sfID, email string) store.UserMapping {
		return store.UserMapping{ConnectionID: "c1", AppUserID: app, SalesforceUserID: sfID, Email: email, MatchedAt: then}
	}
	fresh := func(app, sfID, email string) store.UserMapping {
		return store.UserMapping{ConnectionID: "c1", AppUserID: app, SalesforceUserID: sfID, Email: email}
	}
	inactive := sf("005I", "ina@example.com")
	inactive.IsActive = false
	portal := sf("005P", "pat@example.com")
	portal.UserType = "PowerPartner"
	ana := active("u-ana", "ana@example.com")

	tests := []struct {
		name      string
		app       []store.AppUser
		sf        []SalesforceUser
		existing  []store.UserMapping
		mappings  []store.UserMapping
		unmatched map[string]Reason // app user id -> reason
		removed   map[string]Reason
		message   string // in the one message of the case
	}{
		{name: "email matches ignoring case and spaces",
			app:      []store.AppUser{active("u1", " Ana@Example.COM ")},
			sf:       []SalesforceUser{sf("005A", "ana@example.com")},
			mappings: []store.UserMapping{fresh("u1", "005A", "ana@example.com")}},
		{name: "no Salesforce user",
			app: []store.AppUser{ana}, sf: []SalesforceUser{sf("005B", "bo@example.com")},
			unmatched: map[string]Reason{"u-ana": ReasonNoSalesforceUser}, message: "no Salesforce user has email ana@example.com"},
		{name: "an inactive Salesforce user does not match",
			app: []store.AppUser{active("u1", "ina@example.com")}, sf: []SalesforceUser{inactive},
			unmatched: map[string]Reason{"u1": ReasonNoSalesforceUser}, message: "005I with email ina@example.com is deactivated"},
		{name: "a portal user does not match",
			app: []store.AppUser{active("u1", "pat@example.com")}, sf: []SalesforceUser{portal},
			unmatched: map[string]Reason{"u1": ReasonNoSalesforceUser}, message: "005P is of type PowerPartner"},
		{name: "app users not active are not matched nor listed",
			app: []store.AppUser{with(ana, store.AppUserInactive), with(ana, store.AppUserExtension)},
			sf:  []SalesforceUser{sf("005A", "ana@example.com")}},
		{name: "two active users share the email",
			app: []store.AppUser{ana}, sf: []SalesforceUser{sf("005B", "ana@example.com"), sf("005A", "ANA@example.com"), inactive},
			unmatched: map[string]Reason{"u-ana": ReasonAmbiguousEmail}, message: "(005A, 005B)"},
		{name: "an existing mapping stays when another user gets the email",
			app: []store.AppUser{ana}, sf: []SalesforceUser{sf("005B", "ana@example.com"), sf("005A", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			mappings: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")}},
		{name: "two app users may share a Salesforce user",
			app:      []store.AppUser{active("u2", "ana@example.com"), active("u1", "ana@example.com")},
			sf:       []SalesforceUser{sf("005A", "ana@example.com")},
			mappings: []store.UserMapping{fresh("u1", "005A", "ana@example.com"), fresh("u2", "005A", "ana@example.com")}},
		{name: "app user deleted",
			app: []store.AppUser{with(ana, store.AppUserDeleted)}, sf: []SalesforceUser{sf("005A", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonAppUserDeleted}, message: "app user u-ana is deleted"},
		{name: "app user unknown reads as deleted",
			sf: []SalesforceUser{sf("005A", "ana@example.com")}, existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed: map[string]Reason{"u-ana": ReasonAppUserDeleted}},
		{name: "app user inactive",
			app: []store.AppUser{with(ana, store.AppUserInactive)}, sf: []SalesforceUser{sf("005A", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonAppUserInactive}},
		{name: "app user suspended",
			app: []store.AppUser{with(ana, store.AppUserSuspended)}, sf: []SalesforceUser{sf("005A", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonAppUserSuspended}},
		{name: "app user became an extension",
			app: []store.AppUser{with(ana, store.AppUserExtension)}, sf: []SalesforceUser{sf("005A", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonAppUserExtension}, message: "is now an extension"},
		{name: "Salesforce user missing",
			app: []store.AppUser{ana}, existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:   map[string]Reason{"u-ana": ReasonSalesforceUserMissing},
			unmatched: map[string]Reason{"u-ana": ReasonNoSalesforceUser}},
		{name: "Salesforce user no longer standard",
			app: []store.AppUser{active("u1", "pat@example.com")}, sf: []SalesforceUser{portal},
			existing:  []store.UserMapping{mapped("u1", "005P", "pat@example.com")},
			removed:   map[string]Reason{"u1": ReasonSalesforceUserMissing},
			unmatched: map[string]Reason{"u1": ReasonNoSalesforceUser}},
		{name: "Salesforce user deactivated",
			app: []store.AppUser{active("u1", "ina@example.com")}, sf: []SalesforceUser{inactive},
			existing:  []store.UserMapping{mapped("u1", "005I", "ina@example.com")},
			removed:   map[string]Reason{"u1": ReasonSalesforceUserInactive},
			unmatched: map[string]Reason{"u1": ReasonNoSalesforceUser}},
		{name: "Salesforce email changed, and another user has the app's",
			app: []store.AppUser{ana}, sf: []SalesforceUser{sf("005A", "ana@new.example.com"), sf("005B", "ana@example.com")},
			existing: []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			mappings: []store.UserMapping{fresh("u-ana", "005B", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonEmailChanged}, message: "app user u-ana's email is ana@example.com but Salesforce user 005A's is ana@new.example.com"},
		{name: "app email changed",
			app: []store.AppUser{active("u-ana", "ana@new.example.com")}, sf: []SalesforceUser{sf("005A", "ana@example.com")},
			existing:  []store.UserMapping{mapped("u-ana", "005A", "ana@example.com")},
			removed:   map[string]Reason{"u-ana": ReasonEmailChanged},
			unmatched: map[string]Reason{"u-ana": ReasonNoSalesforceUser}},
		{name: "the app side is reported before the Salesforce side",
			app: []store.AppUser{with(ana, store.AppUserSuspended)}, sf: []SalesforceUser{inactive},
			existing: []store.UserMapping{mapped("u-ana", "005I", "ana@example.com")},
			removed:  map[string]Reason{"u-ana": ReasonAppUserSuspended}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := match("c1", tc.app, tc.sf, tc.existing)
			if !reflect.DeepEqual(p.mappings, tc.mappings) {
				t.Errorf("mappings:\n got  %+v\n want %+v", p.mappings, tc.mappings)
			}
			var messages []string
			unmatched := map[string]Reason{}
			for _, u := range p.unmatched {
				unmatched[u.AppUserID] = u.Reason
				messages = append(messages, u.Message)
			}
			removed := map[string]Reason{}
			for _, r := range p.removed {
				removed[r.AppUserID] = r.Reason
				messages = append(messages, r.Message)
				if r.ConnectionID != "c1" || r.SalesforceUserID == "" || r.Email == "" {
					t.Errorf("removal %+v lacks the mapping's fields", r)
				}
			}
			if len(tc.unmatched)+len(unmatched) > 0 && !reflect.DeepEqual(unmatched, tc.unmatched) {
				t.Errorf("unmatched %v, want %v", unmatched, tc.unmatched)
			}
			if len(tc.removed)+len(removed) > 0 && !reflect.DeepEqual(removed, tc.removed) {
				t.Errorf("removed %v, want %v", removed, tc.removed)
			}
			if tc.message != "" && !strings.Contains(strings.Join(messages, "\n"), tc.message) {
				t.Errorf("messages %q lack %q", messages, tc.message)
			}
		})
	}
}
