package api

import (
	"encoding/json"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

// The wire shapes of the API's resources. They are separate from the
// store's types so that nothing sealed or secret can reach a response by
// someone adding a field to the store.

type workspaceView struct {
	ID          string    `json:"id"`
	ExternalKey string    `json:"external_key"`
	Name        string    `json:"name"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func viewWorkspace(w store.Workspace) workspaceView {
	return workspaceView{ID: w.ID, ExternalKey: w.ExternalKey, Name: w.Name, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

type apiKeyView struct {
	ID          string     `json:"id"`
	WorkspaceID string     `json:"workspace_id"`
	Name        string     `json:"name"`
	Prefix      string     `json:"prefix"`
	CreatedAt   time.Time  `json:"created_at"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
	// Key is the whole key, only in the answer that creates it.
	Key string `json:"key,omitempty"`
}

func viewAPIKey(k store.APIKey) apiKeyView {
	return apiKeyView{ID: k.ID, WorkspaceID: k.WorkspaceID, Name: k.Name, Prefix: k.Prefix, CreatedAt: k.CreatedAt, RevokedAt: k.RevokedAt}
}

// connectionView never carries tokens, the client secret or even the
// client id: only whether the workspace brings its own app.
type connectionView struct {
	ID             string     `json:"id"`
	WorkspaceID    string     `json:"workspace_id"`
	Name           string     `json:"name"`
	Capability     string     `json:"capability"`
	Environment    string     `json:"environment"`
	LoginURL       string     `json:"login_url"`
	PullBy         string     `json:"pull_by"`
	HasOwnApp      bool       `json:"has_own_app"`
	Status         string     `json:"status"`
	StatusReason   string     `json:"status_reason,omitempty"`
	StatusMessage  string     `json:"status_message,omitempty"`
	StatusAt       *time.Time `json:"status_at,omitempty"`
	OrgID          string     `json:"org_id,omitempty"`
	UserID         string     `json:"user_id,omitempty"`
	Username       string     `json:"username,omitempty"`
	InstanceURL    string     `json:"instance_url,omitempty"`
	ConnectedAt    *time.Time `json:"connected_at,omitempty"`
	DisconnectedAt *time.Time `json:"disconnected_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`

	// SyncIntervalSeconds is how often the scheduler syncs the
	// connection; 0 means its default.
	SyncIntervalSeconds int64 `json:"sync_interval_seconds"`
	// WriteEnabled says whether app changes are written to Salesforce;
	// ConflictPolicy decides a field changed on both sides.
	WriteEnabled   bool   `json:"write_enabled"`
	ConflictPolicy string `json:"conflict_policy"`
	// PeoplePriority is which of Lead and Contact the app keeps when a
	// person is both.
	PeoplePriority string `json:"people_priority"`
	// OwnerPolicy is who owns the records sfbridge creates in Salesforce.
	OwnerPolicy  string `json:"owner_policy"`
	FixedOwnerID string `json:"fixed_owner_id,omitempty"`
}

func viewConnection(c store.Connection) connectionView {
	v := connectionView{
		ID: c.ID, WorkspaceID: c.WorkspaceID, Name: c.Name,
		Capability: string(c.Capability), Environment: string(c.Environment),
		LoginURL: c.LoginURL, PullBy: string(c.PullBy),
		HasOwnApp: c.ClientID != "",
		Status:    string(c.Status), StatusReason: string(c.StatusReason), StatusMessage: c.StatusMessage,
		OrgID: c.OrgID, UserID: c.UserID, Username: c.Username, InstanceURL: c.InstanceURL,
		ConnectedAt: c.ConnectedAt, DisconnectedAt: c.DisconnectedAt,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		SyncIntervalSeconds: int64(c.SyncInterval / time.Second),
		WriteEnabled:        c.WriteEnabled,
		ConflictPolicy:      string(connection.EffectiveConflictPolicy(c)),
		PeoplePriority:      connection.EffectivePeoplePriority(c),
		OwnerPolicy:         connection.EffectiveOwnerPolicy(c),
		FixedOwnerID:        c.FixedOwnerID,
	}
	if !c.StatusAt.IsZero() {
		at := c.StatusAt
		v.StatusAt = &at
	}
	return v
}

type testResultView struct {
	OK          bool   `json:"ok"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
	Message     string `json:"message"`
	OrgID       string `json:"org_id,omitempty"`
	Username    string `json:"username,omitempty"`
	InstanceURL string `json:"instance_url,omitempty"`
	APIUsed     int    `json:"api_used"`
	APIMax      int    `json:"api_max"`
}

func viewTestResult(t connection.TestResult) testResultView {
	return testResultView{
		OK: t.OK, Status: string(t.Status), Reason: string(t.Reason), Message: t.Message,
		OrgID: t.OrgID, Username: t.Username, InstanceURL: t.InstanceURL,
		APIUsed: t.APIUsed, APIMax: t.APIMax,
	}
}

type disconnectView struct {
	Connection      connectionView `json:"connection"`
	RemovedMappings int            `json:"removed_mappings"`
	TokensRevoked   bool           `json:"tokens_revoked"`
}

type eventView struct {
	ID int64 `json:"id"`
	// Cursor, passed as ?after, lists the events after this one: a feed
	// reader keeps the last one it handled, since next_cursor is absent
	// at the end of the feed.
	Cursor       string          `json:"cursor"`
	ConnectionID string          `json:"connection_id,omitempty"`
	Type         string          `json:"type"`
	Data         json.RawMessage `json:"data,omitempty"`
	CreatedAt    time.Time       `json:"created_at"`
}

func viewEvent(e store.Event) eventView {
	v := eventView{ID: e.ID, Cursor: store.EventCursor(e.ID), ConnectionID: e.ConnectionID, Type: e.Type, CreatedAt: e.CreatedAt}
	if json.Valid(e.Data) {
		v.Data = e.Data
	}
	return v
}
