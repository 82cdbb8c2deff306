package main

import (
	"context"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/users"
)

// opsKinds are the one-time operations serve and demo run: pull_all,
// push_all and full_resync, and the kinds other packages implement.
// Pulling lead statuses and syncing users cost one query each, which is
// their estimate.
func opsKinds() map[string]ops.Kind {
	kinds := ops.Builtin()
	one := func(ctx context.Context, t *ops.Task) (ops.Estimate, error) { return ops.Estimate{Calls: 1}, nil }
	kinds[ops.KindPullLeadStatuses] = ops.Kind{Description: "Read the org's lead statuses (value, label, order, converted) into the app's dispositions.",
		Run: func(ctx context.Context, t *ops.Task) (any, error) {
			c, err := t.Client(ctx)
			if err != nil {
				return nil, err
			}
			return leadstatus.Pull(ctx, t.Store, c, t.Connection)
		}, Estimate: one}
	kinds[ops.KindSyncUsers] = ops.Kind{Description: "Match the host's users to Salesforce users by email, for owners.",
		Run: func(ctx context.Context, t *ops.Task) (any, error) {
			c, err := t.Client(ctx)
			if err != nil {
				return nil, err
			}
			return users.Sync(ctx, t.Store, c, t.Connection)
		}, Estimate: one}
	return kinds
}
