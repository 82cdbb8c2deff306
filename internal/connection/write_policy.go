package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/store"
)

// ConflictPolicies are the conflict policies a connection takes, in the
// order messages list them.
var ConflictPolicies = []store.ConflictPolicy{store.ConflictSalesforceWins, store.ConflictAppWins, store.ConflictLatestWins}

// CheckConflictPolicy accepts one of [ConflictPolicies]; anything else
// is an invalid_input *Error that says what each one does.
func CheckConflictPolicy(p store.ConflictPolicy) error {
	switch p {
	case store.ConflictSalesforceWins, store.ConflictAppWins, store.ConflictLatestWins:
		return nil
	}
	return &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
		Message: fmt.Sprintf("conflict_policy must be %q (Salesforce's value is kept), %q (the app's value is written to Salesforce) "+
			"or %q (the side changed last wins), not %q",
			store.ConflictSalesforceWins, store.ConflictAppWins, store.ConflictLatestWins, p)}
}

// EffectiveConflictPolicy is the policy c follows: its own, or
// [store.ConflictLatestWins] when it has none.
func EffectiveConflictPolicy(c store.Connection) store.ConflictPolicy {
	if c.ConflictPolicy == "" {
		return store.ConflictLatestWins
	}
	return c.ConflictPolicy
}

// SetWritePolicy changes how a connection writes to Salesforce: whether
// it writes at all (writeEnabled) and how a field changed on both sides
// is decided (policy). A nil argument keeps that setting. Turning writes
// off leaves app changes waiting in the outbox; turning them on lets the
// outbound worker drain it. A change emits connection.write_policy_changed.
func (s *Service) SetWritePolicy(ctx context.Context, workspaceID, id string, writeEnabled *bool, policy *store.ConflictPolicy) (store.Connection, error) {
	if policy != nil {
		if err := CheckConflictPolicy(*policy); err != nil {
			return store.Connection{}, err
		}
	}
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return store.Connection{}, err
	}
	same := func(c store.Connection) bool {
		return (writeEnabled == nil || c.WriteEnabled == *writeEnabled) &&
			(policy == nil || EffectiveConflictPolicy(c) == *policy)
	}
	if same(c) {
		return c, nil
	}
	updated, err := s.update(ctx, c, func(c *store.Connection) bool {
		if writeEnabled != nil {
			c.WriteEnabled = *writeEnabled
		}
		if policy != nil {
			c.ConflictPolicy = *policy
		}
		return false
	}, "")
	if errors.Is(err, store.ErrNotFound) {
		return store.Connection{}, notFound(id)
	}
	if err != nil {
		return store.Connection{}, err
	}
	s.event(ctx, updated, "connection.write_policy_changed", map[string]any{
		"write_enabled":   updated.WriteEnabled,
		"conflict_policy": EffectiveConflictPolicy(updated),
	})
	return updated, nil
}
