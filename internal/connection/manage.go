package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
	return c, nil
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
