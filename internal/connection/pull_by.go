package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/store"
)

// SetPullBy sets the timestamp inbound sync keys its cursor on:
// store.PullByUpdatedTime (a record's last modification) or
// store.PullByCreatedTime (its creation, so later edits are not pulled
// again). It applies from the next sync and keeps the cursors: every
// record created after a watermark was also modified after it. A change
// emits connection.pull_by_changed.
func (s *Service) SetPullBy(ctx context.Context, workspaceID, id string, pullBy store.PullBy) (store.Connection, error) {
	if pullBy != store.PullByUpdatedTime && pullBy != store.PullByCreatedTime {
		return store.Connection{}, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
			Message: fmt.Sprintf("pull_by must be %q or %q, not %q", store.PullByUpdatedTime, store.PullByCreatedTime, pullBy)}
	}
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return store.Connection{}, err
	}
	if EffectivePullBy(c) == pullBy {
		return c, nil
	}
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		c.PullBy = pullBy
		return false
	}, "")
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, err
	}
	s.event(ctx, updated, "connection.pull_by_changed", map[string]any{"pull_by": pullBy})
	return updated, nil
}

// EffectivePullBy is the timestamp c pulls by: its own, or
// store.PullByUpdatedTime when it has none, as the sync engine reads it.
func EffectivePullBy(c store.Connection) store.PullBy {
	if c.PullBy == store.PullByCreatedTime {
		return store.PullByCreatedTime
	}
	return store.PullByUpdatedTime
}
