package actions

import (
	"context"
	"errors"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Connections is the connection service's part actions use;
// *connection.Service is one.
type Connections interface {
	Get(ctx context.Context, workspaceID, id string) (store.Connection, error)
	Client(ctx context.Context, workspaceID, id string) (*salesforce.Client, error)
}

// Store is the store's part actions use; store.Store is one.
type Store interface {
	ListObjectMappings(ctx context.Context, connectionID string) ([]store.ObjectMapping, error)
	LookupSalesforceIDs(ctx context.Context, connectionID, object string, appIDs []string) (map[string]string, error)
	GetAppRecord(ctx context.Context, workspaceID, typ, id string) (store.AppRecord, error)
}

// Service carries out actions on connections.
type Service struct {
	store Store
	conns Connections
}

// New returns a service.
func New(st Store, conns Connections) *Service {
	return &Service{store: st, conns: conns}
}

// Created is a record an action created in Salesforce.
type Created struct {
	Object string
	// ID is the new record's Salesforce id.
	ID string
}

// Errors of an action's input that need no Salesforce call to find,
// for errors.Is; the error's message says more.
var (
	// ErrInvalid: the input cannot be carried out as given (a malformed
	// id or date, an unknown field, no person named).
	ErrInvalid = errors.New("actions: invalid input")
	// ErrRecordNotFound: the app record named does not exist.
	ErrRecordNotFound = errors.New("actions: no such app record")
	// ErrNotLinked: the app record exists but is linked to no Salesforce
	// record of the objects the action needs.
	ErrNotLinked = errors.New("actions: the app record is not linked to a Salesforce record")
)

// create checks fields against the object's describe and creates the
// record.
func (s *Service) create(ctx context.Context, client *salesforce.Client, object string, fields map[string]any) (Created, error) {
	d, err := client.Describe(ctx, object)
	if err != nil {
		return Created{}, fmt.Errorf("describing %s: %w", object, err)
	}
	if err := checkFields(d, fields); err != nil {
		return Created{}, err
	}
	id, err := client.Create(ctx, object, fields)
	if err != nil {
		var api *salesforce.APIError
		if errors.As(err, &api) && api.StatusCode >= 400 && api.StatusCode < 500 && !connectionLevel(err) {
			return Created{}, explain(d, api)
		}
		return Created{}, fmt.Errorf("creating a %s: %w", object, err)
	}
	return Created{Object: d.Name, ID: id}, nil
}

// connectionLevel reports a refusal that is the connection's (token,
// limits, access), not the record's: the caller words those as for any
// call.
func connectionLevel(err error) bool {
	var api *salesforce.APIError
	return errors.Is(err, salesforce.ErrSessionInvalid) || errors.Is(err, salesforce.ErrRequestLimit) ||
		errors.As(err, &api) && api.ErrorCode == "API_DISABLED_FOR_ORG"
}
