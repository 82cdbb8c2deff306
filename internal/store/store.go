package store

import (
	"context"
	"errors"
	"time"
)

// Errors every implementation returns, for errors.Is.
var (
	// ErrNotFound: no such row, or not in the workspace asked for.
	ErrNotFound = errors.New("store: not found")
	// ErrDuplicate: a unique key (external key, connection name in a
	// workspace, api key prefix) is taken.
	ErrDuplicate = errors.New("store: already exists")
	// ErrConflict: an update carried a stale Version.
	ErrConflict = errors.New("store: changed by someone else")
	// ErrStateUsed: an OAuth state was already consumed.
	ErrStateUsed = errors.New("store: oauth state already used")
	// ErrStateExpired: an OAuth state is past its expiry.
	ErrStateExpired = errors.New("store: oauth state expired")
	// ErrInvalid: a value no row may hold (a negative sync interval).
	ErrInvalid = errors.New("store: invalid value")
)

// Store is all the service's persistent state. Implementations (sqlite,
// postgres) pass the same conformance suite (storetest.Exercise). Every
// method scoped to a workspace takes its id and answers ErrNotFound for
// rows of another workspace, so callers cannot leak across tenants by
// forgetting a check.
type Store interface {
	// Workspaces.
	CreateWorkspace(ctx context.Context, w Workspace) (Workspace, error)
	GetWorkspace(ctx context.Context, id string) (Workspace, error)
	GetWorkspaceByExternalKey(ctx context.Context, key string) (Workspace, error)
	ListWorkspaces(ctx context.Context, p ListParams) (Page[Workspace], error)

	// API keys.
	CreateAPIKey(ctx context.Context, k APIKey) (APIKey, error)
	// GetAPIKeyByPrefix returns a key that is not revoked.
	GetAPIKeyByPrefix(ctx context.Context, prefix string) (APIKey, error)
	RevokeAPIKey(ctx context.Context, workspaceID, id string, at time.Time) error

	// Connections.
	CreateConnection(ctx context.Context, c Connection) (Connection, error)
	GetConnection(ctx context.Context, workspaceID, id string) (Connection, error)
	ListConnections(ctx context.Context, workspaceID string, p ListParams) (Page[Connection], error)
	// UpdateConnection writes c if its Version is current and returns it
	// with the next Version; otherwise ErrConflict.
	UpdateConnection(ctx context.Context, c Connection) (Connection, error)
	// DeleteConnection removes a connection of the workspace and
	// everything kept for it (mappings, links, cursors, runs, outbox,
	// operations, rules), or answers ErrNotFound. The workspace's app
	// records stay, and so do its events: those of the connection are
	// kept in the change feed without a connection id.
	DeleteConnection(ctx context.Context, workspaceID, id string) error
	// CountLaterAuthorizations counts the other connections, in any
	// workspace, that the same Salesforce user authorized for the same
	// connected app (same OrgID, UserID and ClientID) after c.ConnectedAt.
	// Salesforce keeps only a few approvals per user and app, so enough
	// later ones explain why c's refresh token stopped working.
	CountLaterAuthorizations(ctx context.Context, c Connection) (int, error)

	// OAuth states.
	CreateOAuthState(ctx context.Context, s OAuthState) error
	// ConsumeOAuthState marks a state used and returns it, atomically:
	// ErrNotFound, ErrStateUsed or ErrStateExpired otherwise.
	ConsumeOAuthState(ctx context.Context, state string, now time.Time) (OAuthState, error)
	// DeleteOAuthStates removes states that expired before the time
	// given, used or not, and says how many.
	DeleteOAuthStates(ctx context.Context, expiredBefore time.Time) (int, error)

	// Field mappings.
	CreateFieldMapping(ctx context.Context, m FieldMapping) (FieldMapping, error)
	ListFieldMappings(ctx context.Context, connectionID string) ([]FieldMapping, error)
	// DeleteFieldMappings removes a connection's mappings and says how many.
	DeleteFieldMappings(ctx context.Context, connectionID string) (int, error)
	// ReplaceFieldMappings makes ms the connection's field mappings of
	// object, in one transaction, and returns them as stored. Other
	// objects' mappings are left alone, so a reader never finds them
	// missing. Ids and creation times are filled as CreateFieldMapping
	// fills them, the times a microsecond apart so mappings without one
	// are listed in ms's order. Objects match ignoring case, as
	// Salesforce's names do. An unknown connection is ErrNotFound; an
	// empty object, or a mapping of another object or connection,
	// ErrInvalid; an id another mapping keeps ErrDuplicate. On error
	// nothing changes.
	ReplaceFieldMappings(ctx context.Context, connectionID, object string, ms []FieldMapping) ([]FieldMapping, error)

	// Record links and cursors.
	PutRecordLink(ctx context.Context, l RecordLink) error
	CountRecordLinks(ctx context.Context, connectionID string) (int, error)
	PutCursor(ctx context.Context, c Cursor) error
	ListCursors(ctx context.Context, connectionID string) ([]Cursor, error)

	// Events.
	AppendEvent(ctx context.Context, e Event) (Event, error)
	// ListEvents pages a workspace's events in ID order after p.After.
	ListEvents(ctx context.Context, workspaceID string, p ListParams) (Page[Event], error)

	// App schema.
	PutAppType(ctx context.Context, t AppType) (AppType, error)
	// GetAppType returns the workspace's own declaration, else the
	// global one (WorkspaceID empty), else ErrNotFound.
	GetAppType(ctx context.Context, workspaceID, name string) (AppType, error)
	ListAppTypes(ctx context.Context, workspaceID string) ([]AppType, error)

	// Object mappings.
	PutObjectMapping(ctx context.Context, m ObjectMapping) (ObjectMapping, error)
	ListObjectMappings(ctx context.Context, connectionID string) ([]ObjectMapping, error)

	// App records and inbound sync.
	GetAppRecord(ctx context.Context, workspaceID, typ, id string) (AppRecord, error)
	ListAppRecords(ctx context.Context, workspaceID, typ string, p ListParams) (Page[AppRecord], error)
	// LookupLinks maps Salesforce ids of an object to linked app ids; ids
	// without a link are absent.
	LookupLinks(ctx context.Context, connectionID, object string, salesforceIDs []string) (map[string]string, error)
	// ApplyInbound applies a batch idempotently in one transaction: new
	// records are created and linked, changed ones updated (their last
	// synced values and SystemModstamp recorded), deletes follow the
	// policy, pending references are resolved, one event is appended per
	// change (record.created, record.updated, record.deleted) and the
	// cursor and run counts are stored.
	ApplyInbound(ctx context.Context, b InboundBatch) (ApplyResult, error)

	// App writes and the outbox (two-way sync).

	// WriteAppRecords applies the host's writes in one transaction, all
	// or none (an *AppWriteError names the one that failed: ErrNotFound
	// for a missing record, ErrInvalid for a bad op or type, ErrDuplicate
	// for a create whose id is taken). Creates and deletes, and updates
	// that change a field's value, fold an entry into the outbox of every
	// connection of the workspace with an enabled object mapping of the
	// record's type: creates and updates when a field mapping of that
	// object writes a changed field to Salesforce (direction both or
	// outbound), deletes always. Deleted records are removed. It emits no
	// events (the host made the change) and returns the records written
	// (a deleted one as it was, Deleted set).
	WriteAppRecords(ctx context.Context, workspaceID string, writes []AppWrite, now time.Time) ([]AppRecord, error)
	// DueOutbox returns up to limit pending entries of one object on a
	// connection whose NextAttemptAt is not after now, in NextAttemptAt
	// then app id order, each with its record, link and create intent.
	DueOutbox(ctx context.Context, connectionID, object string, now time.Time, limit int) ([]OutboxItem, error)
	// CountDueOutbox counts the pending entries of one object on a
	// connection whose NextAttemptAt is not after now: the number a push
	// would work through, by which it chooses the API.
	CountDueOutbox(ctx context.Context, connectionID, object string, now time.Time) (int, error)
	// DueOutboxAfter is DueOutbox in app id order from the first app id
	// after afterAppID (from the start when empty): a push that reads
	// every due entry in pages before it settles any of them pages with
	// it, as nothing it settles moves the pages still to come.
	DueOutboxAfter(ctx context.Context, connectionID, object string, now time.Time, afterAppID string, limit int) ([]OutboxItem, error)
	// ListOutbox pages a connection's entries in app id order (After is
	// the last app id of the page before, with its object).
	ListOutbox(ctx context.Context, connectionID string, f OutboxFilter, p ListParams) (Page[OutboxEntry], error)
	// CountOutbox counts a connection's entries by status.
	CountOutbox(ctx context.Context, connectionID string) (map[string]int, error)
	// PutCreateIntents records creates about to be sent, replacing any
	// earlier intent of the same records but keeping its StartedAt and
	// counting Attempts up.
	PutCreateIntents(ctx context.Context, intents []CreateIntent) error
	// ListCreateIntents returns the create ledger's rows of one object on
	// a connection, oldest first.
	ListCreateIntents(ctx context.Context, connectionID, object string) ([]CreateIntent, error)
	// CompleteOutbound stores the results of a push in one transaction:
	// links created or advanced (bases merged key by key), tombstones,
	// intents dropped unless kept, entries removed (pushed, skipped: only
	// if their Seq is unchanged), rescheduled (retry) or failed, and the
	// failures added to the record errors of run runID.
	CompleteOutbound(ctx context.Context, workspaceID, runID string, results []OutboundResult, now time.Time) error
	// RetryOutbox makes a connection's failed entries pending and due at
	// now with no attempts counted: one app record's when appID is set,
	// else all (of object, when set). It says how many.
	RetryOutbox(ctx context.Context, connectionID, object, appID string, now time.Time) (int, error)
	// LookupSalesforceIDs maps app ids linked on object to their
	// Salesforce ids, the reverse of LookupLinks; ids without a live
	// link (none, or its Salesforce record deleted) are absent.
	LookupSalesforceIDs(ctx context.Context, connectionID, object string, appIDs []string) (map[string]string, error)
	// GetRecordLink returns the link of an app record, or ErrNotFound.
	GetRecordLink(ctx context.Context, connectionID, object, appID string) (RecordLink, error)
	// ListConflicts pages a connection's recorded conflicts, oldest first.
	ListConflicts(ctx context.Context, connectionID string, p ListParams) (Page[Conflict], error)

	// Runs and their errors.
	CreateRun(ctx context.Context, r Run) (Run, error)
	// FinishRun records the end of a run: status, error, API calls,
	// failures, the API used (when set: a run may choose it as it goes),
	// and the other counts where they are higher than those stored
	// (inbound batches count in the store as they apply; a push counts
	// in memory).
	FinishRun(ctx context.Context, r Run) (Run, error)
	GetRun(ctx context.Context, connectionID, id string) (Run, error)
	ListRuns(ctx context.Context, connectionID string, p ListParams) (Page[Run], error)
	AddRecordError(ctx context.Context, e RecordError) (RecordError, error)
	ListRecordErrors(ctx context.Context, connectionID string, p ListParams) (Page[RecordError], error)

	// Webhooks.
	CreateWebhookEndpoint(ctx context.Context, e WebhookEndpoint) (WebhookEndpoint, error)
	ListWebhookEndpoints(ctx context.Context, workspaceID string) ([]WebhookEndpoint, error)
	// EnqueueDeliveries creates a pending delivery of every event after
	// afterEventID to every active endpoint of its workspace and returns
	// the last event id covered, so a dispatcher resumes where it left off.
	EnqueueDeliveries(ctx context.Context, afterEventID int64, now time.Time) (int64, error)
	// DueDeliveries returns pending deliveries whose NextAttemptAt has come.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]WebhookDelivery, error)
	UpdateDelivery(ctx context.Context, d WebhookDelivery) error
	ListDeliveries(ctx context.Context, endpointID string, p ListParams) (Page[WebhookDelivery], error)
	// GetEvent returns one event by id.
	GetEvent(ctx context.Context, id int64) (Event, error)

	// Close releases the database.
	Close() error

	UserStore
	ExclusionStore
	OperationStore
}
