package store

import (
	"encoding/json"
	"time"
)

// Workspace is one of the host product's customers, known to the host by
// its own ExternalKey.
type Workspace struct {
	ID          string
	ExternalKey string
	Name        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// APIKey is a credential for the HTTP API. An admin key (WorkspaceID
// empty) acts for the host product; a workspace key only for its
// workspace. Only a hash of the secret is stored; Prefix, the key's first
// characters, finds the row.
type APIKey struct {
	ID          string
	WorkspaceID string
	Name        string
	Prefix      string
	Hash        []byte
	CreatedAt   time.Time
	RevokedAt   *time.Time
}

// Capability is what a connection is used for.
type Capability string

// The capabilities a connection can have.
const (
	CapabilityCRM               Capability = "crm"
	CapabilityHelpdesk          Capability = "helpdesk"
	CapabilityContentManagement Capability = "content_management"
)

// Environment is the kind of org a connection logs in to.
type Environment string

// The environments: production (login.salesforce.com), sandbox
// (test.salesforce.com) and a My Domain or other custom login URL.
const (
	EnvironmentProduction Environment = "production"
	EnvironmentSandbox    Environment = "sandbox"
	EnvironmentCustom     Environment = "custom"
)

// PullBy is the timestamp inbound sync keys its cursor on.
type PullBy string

// The inbound cursor fields.
const (
	PullByUpdatedTime PullBy = "updated_time"
	PullByCreatedTime PullBy = "created_time"
)

// Status is where a connection stands.
type Status string

// The connection statuses of the product documents.
const (
	StatusNotConnected Status = "not_connected"
	StatusSynced       Status = "synced"
	StatusNotSynced    Status = "not_synced"
	StatusDisconnected Status = "disconnected"
)

// Reason says why a connection is not synced.
type Reason string

// The reasons a connection stops syncing.
const (
	ReasonNone              Reason = ""
	ReasonTokenExpired      Reason = "token_expired"
	ReasonTokenRevoked      Reason = "token_revoked"
	ReasonApprovalCap       Reason = "approval_cap"
	ReasonAPIDisabled       Reason = "api_disabled"
	ReasonLimitExceeded     Reason = "limit_exceeded"
	ReasonMissingPermission Reason = "missing_permission"
	ReasonUnreachable       Reason = "unreachable"
)

// Connection is one Salesforce org connected to a workspace. Secrets are
// held sealed (internal/secret); the store never sees them in plaintext.
type Connection struct {
	ID          string
	WorkspaceID string
	Name        string
	Capability  Capability
	Environment Environment
	// LoginURL is the OAuth login host: derived from Environment, or the
	// My Domain URL for EnvironmentCustom.
	LoginURL string
	PullBy   PullBy
	// SyncInterval is how long the scheduler waits after the end of one
	// sync of this connection before the next; 0 means the scheduler's
	// default. Stores keep it to the millisecond and refuse a negative
	// one with ErrInvalid.
	SyncInterval time.Duration
	// WriteEnabled is the master switch of writing to Salesforce: off,
	// nothing is written and app changes wait in the outbox; on, the
	// outbound worker drains it. New connections start off.
	WriteEnabled bool
	// ConflictPolicy decides a field changed on both sides since the
	// last sync; empty means [ConflictLatestWins].
	ConflictPolicy ConflictPolicy
	// PeoplePriority says which of Lead and Contact the app keeps when
	// both are synced and a Lead and a Contact share an email or a phone
	// number: [PriorityContact] (also empty) or [PriorityLead]. The other
	// record is skipped, on pulls and pushes alike.
	PeoplePriority string
	// OwnerPolicy says who owns the records sfbridge creates in
	// Salesforce: [OwnerMapped] (also empty: the Salesforce user mapped
	// to the app record's owner, else the integration user),
	// [OwnerFixed] (FixedOwnerID) or [OwnerAssignmentRules] (Salesforce's
	// active assignment rule, through Sforce-Auto-Assign).
	OwnerPolicy  string
	FixedOwnerID string
	// ClientID and ClientSecretSealed name the workspace's own connected
	// app; empty means the host's default app.
	ClientID           string
	ClientSecretSealed []byte

	Status        Status
	StatusReason  Reason
	StatusMessage string
	StatusAt      time.Time

	// What the last authorization learned about the org.
	OrgID       string
	UserID      string
	Username    string
	InstanceURL string

	AccessTokenSealed  []byte
	RefreshTokenSealed []byte

	ConnectedAt    *time.Time
	DisconnectedAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Version increases on every update; UpdateConnection refuses a stale
	// one with ErrConflict.
	Version int64
}

// OAuthState is a pending authorization: the state parameter sent to
// Salesforce, the connection it is for and the PKCE verifier (sealed). It
// can be consumed once, before it expires.
type OAuthState struct {
	State          string
	ConnectionID   string
	WorkspaceID    string
	VerifierSealed []byte
	// ReturnURL is where the callback sends the person afterwards.
	ReturnURL  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	ConsumedAt *time.Time
}

// FieldMapping maps one Salesforce field to one app field on a
// connection. Disconnecting removes a connection's mappings.
type FieldMapping struct {
	ID           string
	ConnectionID string
	Object       string
	SFField      string
	AppField     string
	// Direction is inbound, outbound or both.
	Direction string
	CreatedAt time.Time
}

// RecordLink ties an app record to a Salesforce record on a connection.
// Regenerating a token or reconnecting keeps links, so nothing is imported
// twice. Synced and AppSynced are the merge base of two-way sync: the
// values both sides last agreed on, per field, each in its own form.
type RecordLink struct {
	ConnectionID string
	Object       string
	AppID        string
	SalesforceID string
	// Synced are the Salesforce values last read or written, by
	// Salesforce field name; AppSynced the app values they correspond
	// to, by app field name. Either may be nil (not known yet).
	Synced    map[string]any
	AppSynced map[string]any
	// SystemModstamp is the Salesforce record's last one seen by inbound.
	SystemModstamp time.Time
	// Deleted says the Salesforce record is deleted (by Salesforce, or
	// by sfbridge following the app's delete).
	Deleted bool
	// AppDeleted says the app record was deleted and the link is kept
	// as a tombstone: inbound leaves the Salesforce record alone.
	AppDeleted bool
	UpdatedAt  time.Time
}

// Cursor is the inbound watermark of one object on a connection.
type Cursor struct {
	ConnectionID string
	Object       string
	Watermark    time.Time
	UpdatedAt    time.Time
}

// Event is one entry of a workspace's event feed (status changes and, later,
// record changes). IDs increase; a reader pages with After.
type Event struct {
	ID           int64
	WorkspaceID  string
	ConnectionID string
	Type         string
	Data         json.RawMessage
	CreatedAt    time.Time
}

// Page is one page of a list and the cursor of the next, empty at the end.
type Page[T any] struct {
	Items []T
	Next  string
}

// ListParams asks for a page: up to Limit items after the cursor After.
type ListParams struct {
	After string
	Limit int
}
