package users

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// StandardUserType is the UserType of the org's own licensed users, the
// only ones that match: partner, customer portal, guest and other
// external users never own the host's records.
const StandardUserType = "Standard"

// SalesforceUser is a User record as [Sync] reads it.
type SalesforceUser struct {
	ID       string `json:"Id"`
	Email    string `json:"Email"`
	Name     string `json:"Name"`
	IsActive bool   `json:"IsActive"`
	UserType string `json:"UserType"`
}

// matchable reports whether u may be mapped to an app user.
func (u SalesforceUser) matchable() bool { return u.IsActive && u.UserType == StandardUserType }

// Removal is a mapping removed, and why.
type Removal struct {
	ConnectionID     string
	AppUserID        string
	SalesforceUserID string
	// Email is the address the pair had matched on.
	Email   string
	Reason  Reason
	Message string
}

// Unmatched is an active app user left without a mapping, and why.
type Unmatched struct {
	AppUserID string
	Email     string
	Reason    Reason
	Message   string
}

// plan is the outcome of matching: the connection's new mapping set (a
// new pair has a zero MatchedAt, a kept one its own), the active app
// users left unmatched and the mappings removed, each ordered by app
// user id.
type plan struct {
	mappings  []store.UserMapping
	unmatched []Unmatched
	removed   []Removal
}

// emailKey is how emails compare: trimmed, ignoring case.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// match plans a connection's mappings from the workspace's app users,
// the org's users and the mappings the connection has now. It keeps a
// mapping that still holds even when another Salesforce user now shares
// the email, so an owner does not move under the host's feet.
func match(connectionID string, appUsers []store.AppUser, sfUsers []SalesforceUser, existing []store.UserMapping) plan {
	sfByID := make(map[string]SalesforceUser, len(sfUsers))
	byEmail := map[string][]SalesforceUser{} // every user, matchable or not
	for _, u := range sfUsers {
		sfByID[u.ID] = u
		if k := emailKey(u.Email); k != "" {
			byEmail[k] = append(byEmail[k], u)
		}
	}
	appByID := make(map[string]store.AppUser, len(appUsers))
	for _, u := range appUsers {
		appByID[u.ID] = u
	}

	var p plan
	kept := map[string]bool{}
	for _, m := range existing {
		if r, ok := broken(m, appByID, sfByID); ok {
			p.removed = append(p.removed, r)
			continue
		}
		kept[m.AppUserID] = true
		p.mappings = append(p.mappings, m)
	}
	for _, u := range appUsers {
		if u.Status != store.AppUserActive || kept[u.ID] {
			continue
		}
		var candidates []SalesforceUser
		for _, sf := range byEmail[emailKey(u.Email)] {
			if sf.matchable() {
				candidates = append(candidates, sf)
			}
		}
		switch len(candidates) {
		case 1:
			p.mappings = append(p.mappings, store.UserMapping{ConnectionID: connectionID, AppUserID: u.ID,
				SalesforceUserID: candidates[0].ID, Email: candidates[0].Email})
		case 0:
			p.unmatched = append(p.unmatched, Unmatched{AppUserID: u.ID, Email: u.Email, Reason: ReasonNoSalesforceUser,
				Message: noMatchMessage(u, byEmail[emailKey(u.Email)])})
		default:
			ids := make([]string, len(candidates))
			for i, c := range candidates {
				ids[i] = c.ID
			}
			slices.Sort(ids)
			p.unmatched = append(p.unmatched, Unmatched{AppUserID: u.ID, Email: u.Email, Reason: ReasonAmbiguousEmail,
				Message: fmt.Sprintf("%d active Salesforce users have email %s (%s); deactivate all but one, or change their emails, and sync again",
					len(ids), u.Email, strings.Join(ids, ", "))})
		}
	}
	slices.SortFunc(p.mappings, func(a, b store.UserMapping) int { return strings.Compare(a.AppUserID, b.AppUserID) })
	slices.SortFunc(p.unmatched, func(a, b Unmatched) int { return strings.Compare(a.AppUserID, b.AppUserID) })
	slices.SortFunc(p.removed, func(a, b Removal) int { return strings.Compare(a.AppUserID, b.AppUserID) })
	return p
}

// broken says why mapping m no longer holds, if it does not: the app
// user's side first, then the Salesforce user's, then the emails.
func broken(m store.UserMapping, appByID map[string]store.AppUser, sfByID map[string]SalesforceUser) (Removal, bool) {
	r := Removal{ConnectionID: m.ConnectionID, AppUserID: m.AppUserID, SalesforceUserID: m.SalesforceUserID, Email: m.Email}
	u, ok := appByID[m.AppUserID]
	if !ok {
		// The store keeps mappings of known users only; read as deleted.
		u = store.AppUser{ID: m.AppUserID, Status: store.AppUserDeleted}
	}
	if u.Status != store.AppUserActive {
		return appUserGone(r, u.Status), true
	}
	sf, ok := sfByID[m.SalesforceUserID]
	switch {
	case !ok:
		r.Reason = ReasonSalesforceUserMissing
		r.Message = fmt.Sprintf("Salesforce user %s (%s) no longer exists, or the connected user can no longer see it", m.SalesforceUserID, m.Email)
	case sf.UserType != StandardUserType:
		r.Reason = ReasonSalesforceUserMissing
		r.Message = fmt.Sprintf("Salesforce user %s (%s) is now of user type %s, not a standard user", sf.ID, sf.Email, sf.UserType)
	case !sf.IsActive:
		r.Reason = ReasonSalesforceUserInactive
		r.Message = fmt.Sprintf("Salesforce user %s (%s) is deactivated", sf.ID, sf.Email)
	case emailKey(sf.Email) != emailKey(u.Email):
		r.Reason = ReasonEmailChanged
		r.Message = fmt.Sprintf("app user %s's email is %s but Salesforce user %s's is %s", u.ID, orNone(u.Email), sf.ID, orNone(sf.Email))
	default:
		return Removal{}, false
	}
	return r, true
}

// appUserGone fills r for an app user whose status allows no mapping.
func appUserGone(r Removal, status store.AppUserStatus) Removal {
	switch status {
	case store.AppUserDeleted:
		r.Reason = ReasonAppUserDeleted
	case store.AppUserInactive:
		r.Reason = ReasonAppUserInactive
	case store.AppUserSuspended:
		r.Reason = ReasonAppUserSuspended
	case store.AppUserExtension:
		r.Reason = ReasonAppUserExtension
		r.Message = fmt.Sprintf("app user %s is now an extension, not a person, so it no longer maps to Salesforce user %s", r.AppUserID, r.SalesforceUserID)
		return r
	}
	r.Message = fmt.Sprintf("app user %s is %s, so it no longer maps to Salesforce user %s", r.AppUserID, status, r.SalesforceUserID)
	return r
}

// noMatchMessage explains why no Salesforce user matched u, naming a
// user that has the email but cannot match, if any: none of those is
// both active and standard.
func noMatchMessage(u store.AppUser, sameEmail []SalesforceUser) string {
	if emailKey(u.Email) == "" {
		return fmt.Sprintf("app user %s has no email to match", u.ID)
	}
	var external *SalesforceUser
	for i, sf := range sameEmail {
		if sf.UserType == StandardUserType {
			return fmt.Sprintf("Salesforce user %s with email %s is deactivated", sf.ID, u.Email)
		}
		if external == nil {
			external = &sameEmail[i]
		}
	}
	if external != nil {
		return fmt.Sprintf("the Salesforce users with email %s are not standard users (%s is of type %s)", u.Email, external.ID, external.UserType)
	}
	return fmt.Sprintf("no Salesforce user has email %s", u.Email)
}

// orNone is s, or "(none)" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
