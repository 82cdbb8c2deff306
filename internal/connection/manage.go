package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Create adds a connection to a workspace. It starts not connected; the
// next step is Authorize.
func (s *Service) Create(ctx context.Context, p CreateParams) (store.Connection, error) {
	c, err := s.validate(p)
	if err != nil {
		return store.Connection{}, err
	}
	if _, err := s.store.GetWorkspace(ctx, p.WorkspaceID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return store.Connection{}, &Error{Code: CodeNotFound, Status: http.StatusNotFound, Message: fmt.Sprintf("no workspace %q", p.WorkspaceID), Err: err}
		}
		return store.Connection{}, fmt.Errorf("reading workspace %s: %w", p.WorkspaceID, err)
	}
	if p.ClientSecret != "" {
		sealed, err := s.sealer.Seal([]byte(p.ClientSecret))
		if err != nil {
			return store.Connection{}, fmt.Errorf("sealing the client secret: %w", err)
		}
		c.ClientSecretSealed = sealed
	}
	now := s.now()
	c.Status, c.StatusAt = store.StatusNotConnected, now
	c.StatusMessage = "Not connected yet: authorize it with a Salesforce user."
	created, err := s.store.CreateConnection(ctx, c)
	if errors.Is(err, store.ErrDuplicate) {
		return store.Connection{}, &Error{Code: CodeDuplicate, Status: http.StatusConflict,
			Message: fmt.Sprintf("this workspace already has a connection named %q: choose another name", p.Name), Err: err}
	}
	if err != nil {
		return store.Connection{}, fmt.Errorf("creating connection %q: %w", p.Name, err)
	}
	s.event(ctx, created, "connection.created", nil)
	return created, nil
}

// validate checks CreateParams and fills in defaults.
func (s *Service) validate(p CreateParams) (store.Connection, error) {
	bad := func(format string, args ...any) (store.Connection, error) {
		return store.Connection{}, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
	}
	name := strings.TrimSpace(p.Name)
	if name == "" || utf8.RuneCountInString(name) > 80 {
		return bad("name must be 1 to 80 characters")
	}
	c := store.Connection{WorkspaceID: p.WorkspaceID, Name: name, Capability: p.Capability, Environment: p.Environment, PullBy: p.PullBy, ClientID: strings.TrimSpace(p.ClientID)}
	switch c.Capability {
	case "":
		c.Capability = store.CapabilityCRM
	case store.CapabilityCRM, store.CapabilityHelpdesk, store.CapabilityContentManagement:
	default:
		return bad("capability must be crm, helpdesk or content_management, not %q", p.Capability)
	}
	switch c.Environment {
	case "":
		c.Environment = store.EnvironmentProduction
	case store.EnvironmentProduction, store.EnvironmentSandbox:
		if p.LoginURL != "" {
			return bad("login_url is only for the custom environment (a My Domain URL)")
		}
	case store.EnvironmentCustom:
		u, err := url.Parse(p.LoginURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || (u.Path != "" && u.Path != "/") {
			return bad("login_url must be the org's login address, such as https://acme.my.salesforce.com, not %q", p.LoginURL)
		}
		c.LoginURL = u.Scheme + "://" + u.Host
	default:
		return bad("environment must be production, sandbox or custom, not %q", p.Environment)
	}
	switch c.PullBy {
	case "":
		c.PullBy = store.PullByUpdatedTime
	case store.PullByUpdatedTime, store.PullByCreatedTime:
	default:
		return bad("pull_by must be updated_time or created_time, not %q", p.PullBy)
	}
	if (c.ClientID == "") != (p.ClientSecret == "") {
		return bad("client_id and client_secret go together: give both to use the workspace's own connected app, or neither for the default app")
	}
	if err := checkSyncInterval(p.SyncInterval); err != nil {
		return store.Connection{}, err
	}
	c.SyncInterval = p.SyncInterval
	return c, nil
}

// checkSyncInterval accepts 0 (the scheduler's default) or an interval
// between MinSyncInterval and MaxSyncInterval.
func checkSyncInterval(d time.Duration) error {
	if d == 0 || (d >= MinSyncInterval && d <= MaxSyncInterval) {
		return nil
	}
	return &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
		Message: fmt.Sprintf("sync_interval_seconds must be 0 (the scheduler's default) or between %d (1 minute) and %d (24 hours), not %s",
			int64(MinSyncInterval/time.Second), int64(MaxSyncInterval/time.Second), formatSeconds(d))}
}

// formatSeconds says d in seconds, as the API takes it.
func formatSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d", int64(d/time.Second))
	}
	return fmt.Sprintf("%g", d.Seconds())
}

// SetSyncInterval sets how often the scheduler syncs a connection: 0
// goes back to the scheduler's default, anything else must be between
// MinSyncInterval and MaxSyncInterval. The scheduler reads it at its
// next pass.
func (s *Service) SetSyncInterval(ctx context.Context, workspaceID, id string, d time.Duration) (store.Connection, error) {
	if err := checkSyncInterval(d); err != nil {
		return store.Connection{}, err
	}
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return store.Connection{}, err
	}
	if c.SyncInterval == d {
		return c, nil
	}
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		c.SyncInterval = d
		return false
	}, "")
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, err
	}
	s.event(ctx, updated, "connection.sync_interval_changed", map[string]any{"sync_interval_seconds": updated.SyncInterval.Seconds()})
	return updated, nil
}

// Get returns a connection of the workspace.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (store.Connection, error) {
	c, err := s.store.GetConnection(ctx, workspaceID, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, fmt.Errorf("reading connection %s: %w", id, err)
	}
	return c, nil
}

// List pages through a workspace's connections.
func (s *Service) List(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.Connection], error) {
	page, err := s.store.ListConnections(ctx, workspaceID, p)
	if err != nil {
		return page, fmt.Errorf("listing connections: %w", err)
	}
	return page, nil
}

// CountMappings says how many field mappings a disconnect would remove.
func (s *Service) CountMappings(ctx context.Context, workspaceID, id string) (int, error) {
	if _, err := s.Get(ctx, workspaceID, id); err != nil {
		return 0, err
	}
	maps, err := s.store.ListFieldMappings(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("listing field mappings: %w", err)
	}
	return len(maps), nil
}
