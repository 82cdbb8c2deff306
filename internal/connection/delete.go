package connection

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/sfbridge/sfbridge/internal/store"
)

// DeleteResult says what a Delete did.
type DeleteResult struct {
	// Name is the deleted connection's name.
	Name string
	// TokensRevoked says Salesforce confirmed the revocation of the
	// connection's refresh token.
	TokensRevoked bool
}

// Delete removes a connection for good: it revokes the refresh token at
// Salesforce (best effort), then deletes the connection with its
// mappings, links, cursors, runs, outbox and operations. The app's
// records stay, and so do the connection's events in the change feed;
// a "connection.deleted" event (without a connection id, since the
// connection is gone) closes them.
func (s *Service) Delete(ctx context.Context, workspaceID, id string) (DeleteResult, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return DeleteResult{}, err
	}
	res := DeleteResult{Name: c.Name, TokensRevoked: s.revoke(ctx, c)}
	if err := s.store.DeleteConnection(ctx, workspaceID, c.ID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return res, notFound(id)
		}
		return res, fmt.Errorf("deleting connection %s: %w", c.ID, err)
	}
	data, _ := json.Marshal(map[string]any{"connection_id": c.ID, "name": c.Name, "tokens_revoked": res.TokensRevoked})
	if _, err := s.store.AppendEvent(ctx, store.Event{WorkspaceID: workspaceID, Type: "connection.deleted", Data: data, CreatedAt: s.now()}); err != nil {
		slog.WarnContext(ctx, "recording a connection event", "type", "connection.deleted", "connection", c.ID, "err", err)
	}
	return res, nil
}
