package connection

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Disconnect ends a connection: it revokes the refresh token at
// Salesforce (best effort: an already revoked token is fine), removes the
// connection's field mappings and forgets its tokens. Record links and
// cursors stay, so a later reconnect (Authorize again) resumes syncing
// without importing everything again.
func (s *Service) Disconnect(ctx context.Context, workspaceID, id string) (DisconnectResult, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return DisconnectResult{}, err
	}
	res := DisconnectResult{TokensRevoked: s.revoke(ctx, c)}
	removed, err := s.store.DeleteFieldMappings(ctx, c.ID)
	if err != nil {
		return res, fmt.Errorf("removing the field mappings of connection %s: %w", c.ID, err)
	}
	res.RemovedMappings = removed
	now := s.now()
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		c.AccessTokenSealed, c.RefreshTokenSealed = nil, nil
		c.Status, c.StatusReason, c.StatusAt = store.StatusDisconnected, store.ReasonNone, now
		c.StatusMessage = "Disconnected. Connect again to resume syncing; records already synced are kept."
		c.DisconnectedAt = &now
		return true
	}, "")
	if err != nil {
		return res, err
	}
	s.event(ctx, updated, "connection.disconnected", map[string]any{"removed_mappings": removed, "tokens_revoked": res.TokensRevoked})
	res.Connection = updated
	return res, nil
}

// revoke revokes c's refresh token at Salesforce, best effort, and says
// whether Salesforce confirmed it. A connection without a token, or one
// whose token or app cannot be read, is not revoked.
func (s *Service) revoke(ctx context.Context, c store.Connection) bool {
	if c.RefreshTokenSealed == nil {
		return false
	}
	refresh, err := s.sealer.Open(c.RefreshTokenSealed)
	if err != nil {
		return false
	}
	oc, err := s.oauthConfig(c)
	if err != nil {
		return false
	}
	if err := oc.Revoke(ctx, string(refresh)); err != nil {
		slog.InfoContext(ctx, "revoking a connection's token", "connection", c.ID, "err", err)
		return false
	}
	return true
}
