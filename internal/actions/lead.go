package actions

import (
	"context"
	"fmt"
)

// CreateLeadParams is a Lead to create.
type CreateLeadParams struct {
	WorkspaceID  string
	ConnectionID string
	// Fields are the Lead's values by Salesforce field name (LastName,
	// Company, Email, ...), as Salesforce takes them.
	Fields map[string]any
}

// CreateLead creates a Lead. Missing required fields (LastName and
// Company in a standard org) are a [*MissingFieldsError] before anything
// is sent; a refusal is a [*RefusedError].
func (s *Service) CreateLead(ctx context.Context, p CreateLeadParams) (Created, error) {
	if len(p.Fields) == 0 {
		return Created{}, fmt.Errorf("%w: a Lead needs fields (by Salesforce field name, such as LastName and Company)", ErrInvalid)
	}
	client, err := s.conns.Client(ctx, p.WorkspaceID, p.ConnectionID)
	if err != nil {
		return Created{}, err
	}
	return s.create(ctx, client, "Lead", p.Fields)
}
