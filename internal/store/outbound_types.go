package store

import (
	"strconv"
	"time"
)

// Direction says which way records of an object flow.
type Direction string

// The directions of [ObjectMapping.CreateDirection] and
// [ObjectMapping.UpdateDirection]. Empty is DirectionInbound.
const (
	DirectionInbound Direction = "inbound"
	DirectionBoth    Direction = "both"
)

// The values of [ObjectMapping.OutboundDelete].
const (
	OutboundDeleteDelete = "delete"
	OutboundDeleteLeave  = "leave"
)

// ConflictPolicy decides a field changed on both sides since the last
// sync.
type ConflictPolicy string

// The conflict policies. Salesforce keeps no per-field change times, so
// ConflictLatestWins compares the app's time of the field's change with
// the Salesforce record's SystemModstamp.
const (
	ConflictSalesforceWins ConflictPolicy = "salesforce_wins"
	ConflictAppWins        ConflictPolicy = "app_wins"
	ConflictLatestWins     ConflictPolicy = "latest_wins"
)

// EventRecordConflict is the event type of a recorded conflict; its data
// names the record, the field, both values and the winner.
const EventRecordConflict = "record.conflict"

// AppWriteOp is what an [AppWrite] does.
type AppWriteOp string

// The app write operations.
const (
	AppCreate AppWriteOp = "create"
	AppUpdate AppWriteOp = "update"
	AppDelete AppWriteOp = "delete"
)

// AppWrite is one change the host makes to its records through sfbridge.
type AppWrite struct {
	Op   AppWriteOp
	Type string
	// ID names the record to update or delete; for a create, empty
	// means a new id.
	ID string
	// Fields are a create's values, or the fields an update sets (others
	// are kept; a nil value clears one). Values are JSON-shaped: string,
	// float64 or json.Number, bool, nil, []any.
	Fields map[string]any
}

// AppWriteError says which write of a batch failed; the batch wrote
// nothing.
type AppWriteError struct {
	Index int
	Err   error
}

func (e *AppWriteError) Error() string {
	return "write " + strconv.Itoa(e.Index) + ": " + e.Err.Error()
}

func (e *AppWriteError) Unwrap() error { return e.Err }

// The operations of an [OutboxEntry].
const (
	OutboxUpsert = "upsert" // create or update the Salesforce record
	OutboxDelete = "delete" // the app record was deleted
)

// The statuses of an [OutboxEntry].
const (
	OutboxPending = "pending"
	// OutboxFailed entries failed permanently or ran out of retries;
	// they wait until retried over the API.
	OutboxFailed = "failed"
)

// OutboxEntry says an app record has changes to write to Salesforce on
// one connection. There is at most one per connection, object and app
// record: later changes fold into it and raise Seq.
type OutboxEntry struct {
	WorkspaceID  string
	ConnectionID string
	Object       string
	AppID        string
	Op           string
	// Changed are the app fields changed since the entry was created,
	// each with the time of its latest change.
	Changed map[string]time.Time
	// Seq increases with every change folded in; a push removes the
	// entry only if Seq is still what it read.
	Seq           int64
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	// ErrorCode and ErrorMessage are the last failure's: its code and
	// its one-line message ([RecordError.Message]).
	ErrorCode    string
	ErrorMessage string
	// ErrorCause and ErrorFix are the last failure's cause and fix
	// ([RecordError.Cause], [RecordError.Fix]); empty when it was stored
	// without them.
	ErrorCause string
	ErrorFix   string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// CreateIntent is the create ledger's row: sfbridge is about to create
// (or has tried to create) the Salesforce record of an app record. After
// an uncertain outcome the worker looks for the record it may have made
// before trying again. For a linked record the row is an update in
// flight instead: inbound takes reading its Sent values back for an
// echo of sfbridge's own write, even if the push's result was lost.
type CreateIntent struct {
	ConnectionID string
	Object       string
	AppID        string
	// Sent are the Salesforce values sent, by field name.
	Sent      map[string]any
	StartedAt time.Time
	Attempts  int
}

// OutboxItem is a due entry with what the worker needs to push it.
type OutboxItem struct {
	Entry OutboxEntry
	// Record is the app record; nil when it is gone (deleted).
	Record *AppRecord
	// Link is the record's link on the entry's connection and object; nil
	// when not linked.
	Link *RecordLink
	// Intent is the create in flight; nil when none.
	Intent *CreateIntent
}

// OutboundOutcome is what pushing an entry came to.
type OutboundOutcome string

// The outcomes of a push.
const (
	// OutboundPushed: written (or nothing needed writing). The link is
	// created or its bases advanced; the entry goes unless changed since.
	OutboundPushed OutboundOutcome = "pushed"
	// OutboundSkipped: the policy says not to write it; the entry goes
	// unless changed since.
	OutboundSkipped OutboundOutcome = "skipped"
	// OutboundRetry: a transient failure; the entry waits until
	// NextAttemptAt with one more attempt counted.
	OutboundRetry OutboundOutcome = "retry"
	// OutboundFailed: a permanent failure, or retries ran out; the entry
	// waits, failed, until retried over the API.
	OutboundFailed OutboundOutcome = "failed"
)

// OutboundResult is the outcome of pushing one [OutboxItem].
type OutboundResult struct {
	ConnectionID string
	Object       string
	AppID        string
	// Seq is the entry's Seq when it was read.
	Seq     int64
	Outcome OutboundOutcome
	// SalesforceID links a created (or found) record; for other pushes
	// it repeats the link's.
	SalesforceID string
	// Synced and AppSynced are merged into the link's bases: the
	// Salesforce values written, and the app values they came from.
	Synced    map[string]any
	AppSynced map[string]any
	// Deleted marks the link deleted: the Salesforce record was deleted
	// (or was gone already).
	Deleted bool
	// AppDeleted marks the link an app-side tombstone: the app record
	// was deleted (and its Salesforce record deleted, or left under the
	// leave policy), so inbound never brings it back.
	AppDeleted bool
	// KeepIntent keeps the create ledger's row (the outcome is unknown);
	// otherwise any row of the record goes.
	KeepIntent bool
	// Requeue keeps a pushed entry pending, due at NextAttemptAt with one
	// more attempt counted and Error as its last error: what could be
	// written was, but a reference waits for its parent to be linked.
	Requeue bool
	// NextAttemptAt is when a retried or requeued entry is due.
	NextAttemptAt time.Time
	// Error is the failure of a retried or failed push; a failed one is
	// also added to the record errors (with RunID).
	Error *RecordError
}

// Conflict is a field changed on both sides since the last sync, and how
// the connection's policy decided it.
type Conflict struct {
	ID           string
	WorkspaceID  string
	ConnectionID string
	Object       string
	AppID        string
	SalesforceID string
	// Field is the Salesforce field; AppField the app's.
	Field    string
	AppField string
	// AppValue and SalesforceValue are both sides' values (app form and
	// Salesforce form); BaseValue the Salesforce value last synced.
	AppValue        any
	SalesforceValue any
	BaseValue       any
	Policy          ConflictPolicy
	// Winner is "app" or "salesforce".
	Winner    string
	CreatedAt time.Time
}

// OutboxFilter selects entries to list.
type OutboxFilter struct {
	// Status is pending, failed or empty for both.
	Status string
	Object string
}

// The values of [Connection.PeoplePriority].
const (
	PriorityContact = "contact"
	PriorityLead    = "lead"
)

// The values of [Connection.OwnerPolicy].
const (
	OwnerMapped          = "mapped"
	OwnerFixed           = "fixed"
	OwnerAssignmentRules = "assignment_rules"
)
