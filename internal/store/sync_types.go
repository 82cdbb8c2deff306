package store

import "time"

// AppFieldType is the type of a field of the host product's records.
type AppFieldType string

// The app field types.
const (
	AppText      AppFieldType = "text"
	AppLongText  AppFieldType = "long_text"
	AppEmail     AppFieldType = "email"
	AppPhone     AppFieldType = "phone"
	AppURL       AppFieldType = "url"
	AppNumber    AppFieldType = "number"
	AppCurrency  AppFieldType = "currency"
	AppPercent   AppFieldType = "percent"
	AppBoolean   AppFieldType = "boolean"
	AppDate      AppFieldType = "date"
	AppDateTime  AppFieldType = "datetime"
	AppList      AppFieldType = "list"
	AppMultiList AppFieldType = "multi_list"
	AppReference AppFieldType = "reference"
)

// AppField is one field of an app record type.
type AppField struct {
	Name  string       `json:"name"`
	Label string       `json:"label"`
	Type  AppFieldType `json:"type"`
	// Options are the values of a list or multi-list.
	Options []string `json:"options,omitempty"`
	// RefType is the app type a reference points to.
	RefType string `json:"ref_type,omitempty"`
}

// AppType is a record type of the host product (contact, lead, account,
// ... or its own). WorkspaceID empty declares it for every workspace; a
// workspace's own declaration of the same name wins.
type AppType struct {
	WorkspaceID string
	Name        string
	Label       string
	Fields      []AppField
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ObjectMapping ties a Salesforce object to an app type on a connection.
type ObjectMapping struct {
	ConnectionID string
	Object       string
	AppType      string
	// DeletePolicy says what a record deleted in Salesforce does to the
	// app's copy: "delete" removes it, "mark" keeps it marked deleted.
	// Empty is "mark" (see [DeletePolicyMark]).
	DeletePolicy string
	// CreateDirection and UpdateDirection say whether records created
	// and changed in the app are written to Salesforce ([DirectionBoth])
	// or Salesforce only feeds the app ([DirectionInbound], also empty).
	CreateDirection Direction
	UpdateDirection Direction
	// OutboundDelete says what deleting an app record does to its
	// Salesforce record: [OutboundDeleteDelete] deletes it,
	// [OutboundDeleteLeave] (also empty) leaves it and unlinks.
	OutboundDelete string
	// ExternalIDField, when set, is a Salesforce external id field of the
	// object holding the app record's id: creates are then upserts on it,
	// so a retried create can never make a second record.
	ExternalIDField string
	Enabled         bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// AppRecord is the app's copy of a record.
type AppRecord struct {
	WorkspaceID string
	Type        string
	ID          string
	Fields      map[string]any
	Deleted     bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// InboundChange is one Salesforce record to apply to the app.
type InboundChange struct {
	SalesforceID   string
	SystemModstamp time.Time
	Deleted        bool
	// Fields are the app field values, already converted from Salesforce.
	// References are set to app ids where the parent is linked.
	Fields map[string]any
	// Synced are the Salesforce values the Fields came from, by
	// Salesforce field name: the last synced values for later merges.
	Synced map[string]any
	// PendingRefs are references whose parent is not linked yet: when a
	// record of that object and id arrives, its app id is written into
	// Field of this record.
	PendingRefs []PendingRef
}

// PendingRef is a reference waiting for its parent.
type PendingRef struct {
	Field        string
	Object       string
	SalesforceID string
}

// InboundBatch is one page of inbound changes of one object on one
// connection, applied in one transaction with the cursor that follows it,
// so a crash between pages neither loses nor repeats anything.
type InboundBatch struct {
	WorkspaceID  string
	ConnectionID string
	Object       string
	AppType      string
	DeletePolicy string
	Changes      []InboundChange
	// FieldSources maps each app field of the changes to the Salesforce
	// field it is read from, for the per-field merge against the link's
	// base. A field without a source is taken as Salesforce sends it.
	FieldSources map[string]string
	// Pushable are the app fields whose app-side changes are written to
	// Salesforce (mapped both ways, updates both ways, writes on): when
	// one changed on both sides since the last sync, ConflictPolicy
	// decides and the conflict is recorded. For the other fields
	// Salesforce's value is taken.
	Pushable       map[string]bool
	ConflictPolicy ConflictPolicy
	// Cursor, when set, is stored in the same transaction.
	Cursor *Cursor
	// RunID, when set, adds the batch's counts to that run.
	RunID string
}

// ApplyResult counts what a batch did. A change that alters no app
// field (Salesforce's values equal the merge base, as when reading back
// what sfbridge wrote) is unchanged and emits no event.
type ApplyResult struct {
	Created, Updated, Deleted, Unchanged, Conflicts int
}

// RunStatus is where a sync run stands.
type RunStatus string

// Run statuses.
const (
	RunRunning   RunStatus = "running"
	RunSucceeded RunStatus = "succeeded"
	RunFailed    RunStatus = "failed"
)

// The Salesforce APIs a run may use ([Run.API]).
const (
	// RunAPIREST is REST query pages and sObject Collections.
	RunAPIREST = "rest"
	// RunAPIBulk is Bulk API 2.0: a query job (an inbound first load) or
	// ingest jobs (a large push).
	RunAPIBulk = "bulk"
)

// Run is one sync run (inbound or outbound) of one object on one
// connection.
type Run struct {
	ID           string
	WorkspaceID  string
	ConnectionID string
	Object       string
	// Kind is first_load or increment (inbound) or push (outbound).
	Kind       string
	Status     RunStatus
	StartedAt  time.Time
	FinishedAt *time.Time
	Read       int
	Created    int
	Updated    int
	Deleted    int
	Unchanged  int
	Failed     int
	APICalls   int
	Error      string
	// Skipped counts records left out on purpose: a Lead or Contact
	// duplicating a record of the connection's priority object.
	Skipped int
	// API is the Salesforce API the run used, RunAPIREST (the default)
	// or RunAPIBulk; APICalls is what it cost.
	API string
}

// RecordError is a per-record or per-field failure of a run, with a
// plain-language cause and the fix.
type RecordError struct {
	ID           string
	ConnectionID string
	RunID        string
	Object       string
	// AppID names the app record of an outbound failure.
	AppID        string
	SalesforceID string
	Field        string
	Code         string
	// Message is the whole failure in one line, as the API returns it:
	// the cause and the fix, for a write failure after its code and
	// fields, and with a note when sfbridge stopped retrying it.
	Message string
	// Cause says what went wrong and Fix what to do, each in plain
	// language; both are empty when the failure was stored without them
	// (before they were kept apart), and then only Message tells.
	Cause     string
	Fix       string
	CreatedAt time.Time
}

// WebhookEndpoint receives a workspace's events, signed with its secret.
type WebhookEndpoint struct {
	ID           string
	WorkspaceID  string
	URL          string
	SecretSealed []byte
	Active       bool
	CreatedAt    time.Time
}

// WebhookDelivery is one event's delivery to one endpoint, with its
// attempts.
type WebhookDelivery struct {
	ID            string
	EndpointID    string
	WorkspaceID   string
	EventID       int64
	Status        string // pending, delivered, failed
	Attempts      int
	LastStatus    int
	LastError     string
	NextAttemptAt time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}
