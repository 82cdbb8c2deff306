package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// EffectivePeoplePriority is the object the app keeps when a person is
// both a Lead and a Contact: "contact" unless set to "lead".
func EffectivePeoplePriority(c store.Connection) string {
	if c.PeoplePriority == store.PriorityLead {
		return store.PriorityLead
	}
	return store.PriorityContact
}

// SetPeoplePriority sets which of Lead and Contact the app keeps when a
// Lead and a Contact share an email or a phone number ("lead" or
// "contact"). It applies from the next sync; records skipped before stay
// skipped until they change. A change emits
// connection.people_priority_changed.
func (s *Service) SetPeoplePriority(ctx context.Context, workspaceID, id, priority string) (store.Connection, error) {
	if priority != store.PriorityLead && priority != store.PriorityContact {
		return store.Connection{}, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
			Message: fmt.Sprintf("people_priority must be %q or %q, not %q", store.PriorityLead, store.PriorityContact, priority)}
	}
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return store.Connection{}, err
	}
	if EffectivePeoplePriority(c) == priority {
		return c, nil
	}
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		c.PeoplePriority = priority
		return false
	}, "")
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, err
	}
	s.event(ctx, updated, "connection.people_priority_changed", map[string]any{"people_priority": priority})
	return updated, nil
}

// SetOwnerPolicy sets who owns the records sfbridge creates in
// Salesforce: store.OwnerMapped (the Salesforce user mapped to the app
// record's owner), store.OwnerFixed (fixedOwnerID, a Salesforce user id)
// or store.OwnerAssignmentRules. A change emits
// connection.owner_policy_changed.
func (s *Service) SetOwnerPolicy(ctx context.Context, workspaceID, id, policy, fixedOwnerID string) (store.Connection, error) {
	switch policy {
	case store.OwnerMapped, store.OwnerAssignmentRules:
		fixedOwnerID = ""
	case store.OwnerFixed:
		id, err := salesforce.ID18(fixedOwnerID)
		if err != nil || !strings.HasPrefix(id, "005") {
			return store.Connection{}, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
				Message: fmt.Sprintf("the fixed owner policy needs fixed_owner_id, a Salesforce user id (15 or 18 characters starting 005), not %q", fixedOwnerID)}
		}
		fixedOwnerID = id
	default:
		return store.Connection{}, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
			Message: fmt.Sprintf("owner_policy must be %q, %q or %q, not %q", store.OwnerMapped, store.OwnerFixed, store.OwnerAssignmentRules, policy)}
	}
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return store.Connection{}, err
	}
	if EffectiveOwnerPolicy(c) == policy && c.FixedOwnerID == fixedOwnerID {
		return c, nil
	}
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		c.OwnerPolicy, c.FixedOwnerID = policy, fixedOwnerID
		return false
	}, "")
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, err
	}
	s.event(ctx, updated, "connection.owner_policy_changed", map[string]any{"owner_policy": policy, "fixed_owner_id": fixedOwnerID})
	return updated, nil
}

// EffectiveOwnerPolicy is the connection's owner policy, mapped unless set.
func EffectiveOwnerPolicy(c store.Connection) string {
	if c.OwnerPolicy == "" {
		return store.OwnerMapped
	}
	return c.OwnerPolicy
}
