package ops

import (
	"context"
	"maps"
)

// The kinds of operation. This package implements the first three
// ([Builtin]); the others are registered by the packages that implement
// them.
const (
	// KindPullAll reads every enabled mapped object from Salesforce
	// again from the start (its cursor reset).
	KindPullAll = "pull_all"
	// KindPushAll writes every app record of each object written to
	// Salesforce: the records are put in the outbox, which is drained.
	KindPushAll = "push_all"
	// KindFullResync is a pull all, then a push all.
	KindFullResync = "full_resync"
	// KindPullLeadStatuses reads the org's lead statuses.
	KindPullLeadStatuses = "pull_lead_statuses"
	// KindSyncUsers matches the host's users to Salesforce users.
	KindSyncUsers = "sync_users"
)

// Func does an operation's work and returns its result, encoded as
// JSON into [store.Operation.Result] (nil keeps what [Task.SetResult]
// set last). It reports progress through t, and must return soon after
// ctx is cancelled: the operation was cancelled, or the runner is
// stopping and another will resume it, calling Func again with the same
// operation ([Task.Resumed]).
type Func func(ctx context.Context, t *Task) (result any, err error)

// EstimateFunc estimates an operation before it starts. Only t's
// Store, Connection and Client are set.
type EstimateFunc func(ctx context.Context, t *Task) (Estimate, error)

// Kind is one kind of operation.
type Kind struct {
	// Description says what it does, in a sentence.
	Description string
	Run         Func
	// Estimate may be nil: the estimate then says the cost is unknown.
	Estimate EstimateFunc
}

// Builtin returns the kinds this package implements: pull_all,
// push_all and full_resync. Add others to the map before passing it to
// [New]:
//
//	kinds := ops.Builtin()
//	kinds[ops.KindSyncUsers] = ops.Kind{Description: "...", Run: func(ctx context.Context, t *ops.Task) (any, error) {
//		c, err := t.Client(ctx)
//		if err != nil {
//			return nil, err
//		}
//		return users.Sync(ctx, t.Store, c, t.Connection)
//	}}
func Builtin() map[string]Kind {
	return maps.Clone(builtin)
}

var builtin = map[string]Kind{
	KindPullAll: {
		Description: "Read every enabled mapped object from Salesforce again from the start, so the app's copy is complete.",
		Run:         runPullAll,
		Estimate:    estimatePull,
	},
	KindPushAll: {
		Description: "Write every app record of each object written to Salesforce: records not in Salesforce are created, differences are updated.",
		Run:         runPushAll,
		Estimate:    estimatePush,
	},
	KindFullResync: {
		Description: "A pull all, then a push all.",
		Run:         runFullResync,
		Estimate:    estimateFullResync,
	},
}
