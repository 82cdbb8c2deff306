package connection

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/sfbridge/sfbridge/internal/store"
)

// event appends to the workspace's feed. A failure to record an event is
// logged, not returned: the change it describes has already happened.
func (s *Service) event(ctx context.Context, c store.Connection, typ string, extra map[string]any) {
	data := map[string]any{
		"connection_id": c.ID,
		"status":        c.Status,
	}
	if c.StatusReason != "" {
		data["reason"] = c.StatusReason
	}
	for k, v := range extra {
		data[k] = v
	}
	raw, err := json.Marshal(data)
	if err == nil {
		_, err = s.store.AppendEvent(ctx, store.Event{WorkspaceID: c.WorkspaceID, ConnectionID: c.ID, Type: typ, Data: raw, CreatedAt: s.now()})
	}
	if err != nil {
		slog.WarnContext(ctx, "recording a connection event", "type", typ, "connection", c.ID, "err", err)
	}
}
