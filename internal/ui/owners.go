package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/users"
	"github.com/sfbridge/sfbridge/salesforce"
)

// ownerRoutes registers the Owner settings section: who owns the records
// sfbridge creates in Salesforce, and the app users' matches to
// Salesforce users.
func (h *Handler) ownerRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/owners", h.authed(h.ownersPage))
	m.Handle("POST /ui/integrations/{id}/owners", h.authed(h.saveOwners))
	m.Handle("POST /ui/integrations/{id}/owners/sync-users", h.authed(h.syncOwnerUsers))
}

// ownerPolicy is one choice of the owner policy, as the page explains it.
type ownerPolicy struct {
	Value, Label, Hint string
}

// ownerPolicies are the values connection.Service.SetOwnerPolicy takes.
var ownerPolicies = []ownerPolicy{
	{store.OwnerMapped, "The app record's owner",
		"The Salesforce user matched to the owner of the record in the app (see User mapping below). When the owner has no match, the connected Salesforce user owns the record."},
	{store.OwnerFixed, "One default owner",
		"The default owner chosen below owns every record sfbridge creates."},
	{store.OwnerAssignmentRules, "Salesforce assignment rules",
		"Salesforce's active assignment rule picks the owner of new Leads and Cases. Other records are owned by the connected Salesforce user."},
}

// maxOwnerChoices bounds the default owner select: an org with more
// active users gets a text input, since a longer list is no help.
const maxOwnerChoices = 1000

// ownerUsersQuery reads the org's standard users, for the default owner
// select and the names in the user mapping table: one API call. The
// LIMIT is maxOwnerChoices+1, to tell a longer list.
const ownerUsersQuery = "SELECT Id, Name, Username, Email, IsActive FROM User WHERE UserType = 'Standard' ORDER BY Name LIMIT 1001"

// ownerListTimeout bounds reading the org's users while a page waits.
const ownerListTimeout = 10 * time.Second

// ownerSFUser is a User record as the owners page reads it.
type ownerSFUser struct {
	ID       string `json:"Id"`
	Name     string `json:"Name"`
	Username string `json:"Username"`
	Email    string `json:"Email"`
	IsActive bool   `json:"IsActive"`
}

// ownersData is the Owner settings page.
type ownersData struct {
	ID string
	// Policy and FixedOwnerID are the form's values: saved, or as
	// submitted when a save failed.
	Policy, FixedOwnerID string
	Policies             []ownerPolicy
	// Choices are the org's active users for the default owner select;
	// nil means a text input.
	Choices []option
	// OwnerHint says how to fill in the default owner.
	OwnerHint string
	// Field names the input a failed save is about; Dirty marks the form
	// as holding unsaved changes.
	Field string
	Dirty bool

	Users []ownerUserRow
	// MatchedText says how many app users are matched now.
	MatchedText string
	// NoUsers says the app has sent no users yet.
	NoUsers bool
	// More links to the next page of app users.
	More string
}

// ownerUserRow is one app user in the user mapping table.
type ownerUserRow struct {
	Name, Email, Status string
	Active              bool
	// SalesforceUser names the matched user; empty when not matched.
	SalesforceUser string
	// SalesforceHint is the matched user's username or id, or why an
	// active user is not matched.
	SalesforceHint string
	MatchedOn      string
	MatchedAt      *time.Time
}

// GET /ui/integrations/{id}/owners
func (h *Handler) ownersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "owners")
	if err != nil {
		return err
	}
	d, err := h.ownersData(ctx, c, r.URL.Query().Get("after"))
	if err != nil {
		return err
	}
	v.Data, v.Styles = d, []string{"owners.css"}
	v.Notice = ownersNotice(r.URL.Query())
	h.render(w, r, http.StatusOK, "owners", v)
	return nil
}

// ownersNotice turns the outcome a POST redirected with into the page's
// notice. Only numbers are read from the query: the sentences are ours.
func ownersNotice(q url.Values) *notice {
	if q.Get("saved") == "1" {
		return &notice{"success", "Owner settings saved. They apply to the records sfbridge creates from now on."}
	}
	if q.Get("synced") != "1" {
		return nil
	}
	count := func(key string) int {
		n, err := strconv.Atoi(q.Get(key))
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
	matched, unmatched, removed := count("matched"), count("unmatched"), count("removed")
	text := "Users synced: " + plural(matched, "app user") + " matched, " + strconv.Itoa(unmatched) + " not matched, " +
		plural(removed, "mapping") + " removed."
	if unmatched > 0 {
		text += " An app user is matched when exactly one active Salesforce user has the same email: fix the emails in Salesforce or in the app, then sync users again."
	}
	return &notice{"success", text}
}

// POST /ui/integrations/{id}/owners saves the owner policy and the
// default owner.
func (h *Handler) saveOwners(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "owners")
	if err != nil {
		return err
	}
	policy := r.PostFormValue("owner_policy")
	fixed := strings.TrimSpace(r.PostFormValue("fixed_owner_id"))
	field, msg := checkOwnerPolicy(policy, fixed)
	if msg == "" {
		_, err := h.conns.SetOwnerPolicy(ctx, s.Workspace.ID, c.ID, policy, fixed)
		var ce *connection.Error
		switch {
		case errors.As(err, &ce) && ce.Code == connection.CodeInvalidInput:
			field, msg = "fixed_owner_id", sentence(ce.Message)
		case err != nil:
			return err
		default:
			redirectSection(w, r, c.ID, "owners", url.Values{"saved": {"1"}})
			return nil
		}
	}
	d, err := h.ownersData(ctx, c, "")
	if err != nil {
		return err
	}
	d.Policy, d.FixedOwnerID, d.Field, d.Dirty = policy, fixed, field, true
	d.Choices = withCurrentOwner(d.Choices, fixed)
	v.Data, v.Styles = d, []string{"owners.css"}
	v.Notice = &notice{"error", msg}
	h.render(w, r, http.StatusBadRequest, "owners", v)
	return nil
}

// checkOwnerPolicy checks the form as SetOwnerPolicy does, returning
// the field and message of the problem in the page's words.
func checkOwnerPolicy(policy, fixedOwnerID string) (field, msg string) {
	switch policy {
	case store.OwnerMapped, store.OwnerAssignmentRules:
		return "", ""
	case store.OwnerFixed:
	default:
		return "owner_policy", "Choose who owns the records sfbridge creates in Salesforce, then save."
	}
	if fixedOwnerID == "" {
		return "fixed_owner_id", "Choose the default owner: the Salesforce user who owns every record sfbridge creates. Or choose another owner setting."
	}
	if id, err := salesforce.ID18(fixedOwnerID); err != nil || !strings.HasPrefix(id, "005") {
		return "fixed_owner_id", "\u201c" + quoteClipped(fixedOwnerID, 40) + "\u201d is not a Salesforce user id. A user id has 15 or 18 letters and digits and starts with 005: copy it from the user's page in Salesforce Setup."
	}
	return "", ""
}

// quoteClipped shortens s to n runes for quoting in a message.
func quoteClipped(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "\u2026"
	}
	return s
}

// POST /ui/integrations/{id}/owners/sync-users matches the app users to
// the org's users now (users.Sync) and shows the counts after a
// redirect, or the failure at once.
func (h *Handler) syncOwnerUsers(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "owners")
	if err != nil {
		return err
	}
	status, msg := 0, ""
	client, err := h.conns.Client(ctx, s.Workspace.ID, c.ID)
	if err != nil {
		if status, msg = notConnectedTrouble(err); msg == "" {
			return err
		}
	} else {
		res, err := users.Sync(ctx, h.store, client, c)
		var qe *users.QueryError
		switch {
		case errors.As(err, &qe):
			status, msg = h.sfTrouble(ctx, c, qe.Err, "list the org's users")
		case err != nil:
			return err
		default:
			redirectSection(w, r, c.ID, "owners", url.Values{"synced": {"1"}, "matched": {strconv.Itoa(len(res.Matched))},
				"unmatched": {strconv.Itoa(len(res.Unmatched))}, "removed": {strconv.Itoa(len(res.Removed))}})
			return nil
		}
	}
	if c, err = h.conns.Get(ctx, s.Workspace.ID, c.ID); err != nil { // the failure may have moved its status
		return err
	}
	v.Section = newSectionNav(c, "owners")
	d, err := h.ownersData(ctx, c, "")
	if err != nil {
		return err
	}
	v.Data, v.Styles = d, []string{"owners.css"}
	v.Notice = &notice{"error", "Users were not synced. " + msg}
	h.render(w, r, status, "owners", v)
	return nil
}

// notConnectedTrouble is the status and message for a connection that cannot
// call Salesforce; an empty message for any other error.
func notConnectedTrouble(err error) (int, string) {
	var ce *connection.Error
	if errors.As(err, &ce) && ce.Code == connection.CodeNotConnected {
		return http.StatusConflict, "This integration is not connected to Salesforce. Connect it on the Overview tab, then try again."
	}
	return 0, ""
}

// sfTrouble is the status and message for a failed call to Salesforce
// while doing something. Failures that say something about the
// connection (a used-up API limit, disabled API access) are recorded on
// it, as the API does, and its status message is shown.
func (h *Handler) sfTrouble(ctx context.Context, c store.Connection, err error, doing string) (int, string) {
	var api *salesforce.APIError
	var reauth *salesforce.ReauthorizationError
	isAPI := errors.As(err, &api)
	switch {
	case errors.As(err, &reauth):
		return http.StatusConflict, "Salesforce no longer accepts this integration's token. Choose Re-generate token on the Overview tab, then try again."
	case errors.Is(err, salesforce.ErrRequestLimit), errors.Is(err, salesforce.ErrSessionInvalid), isAPI && api.ErrorCode == "API_DISABLED_FOR_ORG":
		updated, rerr := h.conns.ReportFailure(ctx, c.WorkspaceID, c.ID, err)
		if rerr == nil && updated.StatusMessage != "" {
			return http.StatusBadGateway, updated.StatusMessage
		}
		if rerr != nil {
			h.log.WarnContext(ctx, "ui: recording a Salesforce failure", "connection", c.ID, "err", rerr)
		}
	}
	if isAPI {
		return http.StatusBadGateway, "Salesforce refused to " + doing + ": " + sentence(api.Message) + " Check the integration's status on the Overview tab."
	}
	h.log.WarnContext(ctx, "ui: calling Salesforce", "connection", c.ID, "doing", doing, "err", err)
	return http.StatusBadGateway, "Salesforce could not be reached to " + doing + ". Try again in a few minutes; Test Connection on the Overview tab says more."
}

// ownersData reads the page: the saved settings, the org's users when
// the connection can list them, and a page of app users from after.
func (h *Handler) ownersData(ctx context.Context, c store.Connection, after string) (ownersData, error) {
	d := ownersData{ID: c.ID, Policy: connection.EffectiveOwnerPolicy(c), FixedOwnerID: c.FixedOwnerID, Policies: ownerPolicies}
	sfUsers, listed := h.ownerCandidates(ctx, c)
	byID := make(map[string]ownerSFUser, len(sfUsers))
	for _, u := range sfUsers {
		byID[u.ID] = u
	}
	switch {
	case !listed:
		d.OwnerHint = "The Salesforce user id, 15 or 18 characters starting 005, from the user's page in Salesforce Setup. Used only with One default owner."
	case len(sfUsers) > maxOwnerChoices:
		d.OwnerHint = "This org has too many users to list: enter the Salesforce user id, 15 or 18 characters starting 005, from the user's page in Salesforce Setup. Used only with One default owner."
	default:
		d.OwnerHint = "An active Salesforce user. Used only with One default owner."
		d.Choices = []option{}
		for _, u := range sfUsers {
			if u.IsActive {
				d.Choices = append(d.Choices, option{u.ID, sfUserLabel(u)})
			}
		}
		d.Choices = withCurrentOwner(d.Choices, d.FixedOwnerID)
	}

	p := store.ListParams{Limit: store.MaxLimit, After: after}
	page, err := h.store.ListAppUsers(ctx, c.WorkspaceID, p)
	if errors.Is(err, store.ErrInvalidCursor) {
		p.After = ""
		page, err = h.store.ListAppUsers(ctx, c.WorkspaceID, p)
	}
	if err != nil {
		return d, err
	}
	ms, err := h.store.ListUserMappings(ctx, c.ID)
	if err != nil {
		return d, err
	}
	if len(ms) == 1 {
		d.MatchedText = "1 app user is matched now."
	} else {
		d.MatchedText = strconv.Itoa(len(ms)) + " app users are matched now."
	}
	byApp := make(map[string]store.UserMapping, len(ms))
	for _, m := range ms {
		byApp[m.AppUserID] = m
	}
	d.NoUsers = len(page.Items) == 0 && p.After == ""
	complete := listed && len(sfUsers) <= maxOwnerChoices // every user, so a missing email is missing
	for _, u := range page.Items {
		d.Users = append(d.Users, ownerRow(u, byApp, byID, complete))
	}
	if page.Next != "" {
		d.More = integrationPath(c.ID, "owners") + "?" + url.Values{"after": {page.Next}}.Encode()
	}
	return d, nil
}

// ownerRow is one app user as the user mapping table shows it.
// complete says byID holds every standard user of the org.
func ownerRow(u store.AppUser, byApp map[string]store.UserMapping, byID map[string]ownerSFUser, complete bool) ownerUserRow {
	row := ownerUserRow{Name: u.Name, Email: u.Email, Status: appUserStatusLabel(u.Status), Active: u.Status == store.AppUserActive}
	if row.Name == "" {
		row.Name = u.ID
	}
	m, ok := byApp[u.ID]
	switch {
	case ok:
		row.SalesforceUser = m.SalesforceUserID
		if sf, known := byID[m.SalesforceUserID]; known {
			row.SalesforceUser, row.SalesforceHint = sf.Name, sf.Username
		}
		at := m.MatchedAt
		row.MatchedOn, row.MatchedAt = m.Email, &at
	case !row.Active:
		row.SalesforceHint = "Only active app users are matched."
	case complete:
		row.SalesforceHint = unmatchedHint(u, byID)
	default:
		row.SalesforceHint = "Sync users matches app users to Salesforce users with the same email."
	}
	return row
}

// unmatchedHint says why an active app user has no match, from the
// org's users the page read, and what to do.
func unmatchedHint(u store.AppUser, byID map[string]ownerSFUser) string {
	n := 0
	for _, sf := range byID {
		if sf.IsActive && sf.Email != "" && strings.EqualFold(strings.TrimSpace(sf.Email), strings.TrimSpace(u.Email)) {
			n++
		}
	}
	switch n {
	case 0:
		return "No active Salesforce user has this email. Give one this email in Salesforce, or change it in the app, then sync users."
	case 1:
		return "An active Salesforce user has this email: choose Sync users to match them."
	}
	return strconv.Itoa(n) + " active Salesforce users share this email. Leave it on one of them, then sync users."
}

var appUserStatusLabels = map[store.AppUserStatus]string{
	store.AppUserActive:    "Active",
	store.AppUserInactive:  "Inactive",
	store.AppUserSuspended: "Suspended",
	store.AppUserDeleted:   "Deleted",
	store.AppUserExtension: "Extension",
}

func appUserStatusLabel(s store.AppUserStatus) string {
	if l, ok := appUserStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

func sfUserLabel(u ownerSFUser) string {
	switch {
	case u.Name == "":
		return u.Username
	case u.Username == "":
		return u.Name
	}
	return u.Name + " (" + u.Username + ")"
}

// withCurrentOwner adds id to a select's choices when it is set but not
// among them (a user since deactivated), so saving the form again does
// not change the default owner unseen. nil choices (a text input) stay
// nil.
func withCurrentOwner(choices []option, id string) []option {
	if choices == nil || id == "" {
		return choices
	}
	for _, o := range choices {
		if o.Value == id {
			return choices
		}
	}
	return append([]option{{id, id + " (not an active Salesforce user)"}}, choices...)
}

// ownerCandidates reads the org's standard users with one query, when the
// connection is connected. listed is false when they could not be read:
// the page then asks for an id, and says nothing more, since Sync users
// and Test Connection report Salesforce's failures.
func (h *Handler) ownerCandidates(ctx context.Context, c store.Connection) (list []ownerSFUser, listed bool) {
	if c.RefreshTokenSealed == nil || c.Status == store.StatusDisconnected {
		return nil, false
	}
	client, err := h.conns.Client(ctx, c.WorkspaceID, c.ID)
	if err != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, ownerListTimeout)
	defer cancel()
	for u, err := range salesforce.QueryAs[ownerSFUser](ctx, client, ownerUsersQuery) {
		if err != nil {
			h.log.WarnContext(ctx, "ui: listing the org's users", "connection", c.ID, "err", err)
			return nil, false
		}
		list = append(list, u)
	}
	return list, true
}
