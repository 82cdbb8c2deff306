package users

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/sfbridge/sfbridge/internal/store"
)

// removedEvent is the data of a user_mapping.removed event.
type removedEvent struct {
	ConnectionID     string `json:"connection_id"`
	AppUserID        string `json:"app_user_id"`
	SalesforceUserID string `json:"salesforce_user_id"`
	Email            string `json:"email"`
	Reason           Reason `json:"reason"`
	Message          string `json:"message"`
}

// record appends a user_mapping.removed event per removal. The removals
// are stored already, so a caller that gives up now does not stop the
// events, and a failure to record one is logged, not returned, as the
// connection service does with its events.
func record(ctx context.Context, st store.Store, workspaceID string, removed []Removal) {
	ctx = context.WithoutCancel(ctx)
	for _, r := range removed {
		data, err := json.Marshal(removedEvent(r))
		if err == nil {
			_, err = st.AppendEvent(ctx, store.Event{WorkspaceID: workspaceID, ConnectionID: r.ConnectionID, Type: EventRemoved, Data: data})
		}
		if err != nil {
			slog.WarnContext(ctx, "recording a user mapping removal", "connection", r.ConnectionID, "app_user", r.AppUserID, "err", err)
		}
	}
}
