package ops

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Page sizes the estimates divide by.
const (
	// QueryPageSize is how many records one query page reads (the
	// engine's default page and the query batch size).
	QueryPageSize = 2000
	// CollectionSize is how many records one sObject Collections call
	// writes.
	CollectionSize = salesforce.CollectionSize
)

// Directions of an [ObjectEstimate] and an [ObjectReport].
const (
	DirectionPull = "pull"
	DirectionPush = "push"
)

// Estimate is what an operation is expected to cost before it starts.
type Estimate struct {
	Kind string
	// Calls are the API calls it is expected to make.
	Calls int
	// Records are the records it is expected to read or write: the
	// operation's Total until it counts again.
	Records int
	Objects []ObjectEstimate
	// CountingCalls are the API calls the estimate itself made
	// (counting records), not included in Calls.
	CountingCalls int
	// Unknown says the kind gives no estimate; Note says why or what
	// else to know.
	Unknown bool
	Note    string
}

// ObjectEstimate is an estimate's part for one object.
type ObjectEstimate struct {
	Object    string
	AppType   string
	Direction string
	Records   int
	Calls     int
}

// pullCalls is a pull's calls for n records: a describe, and one query
// page per QueryPageSize records (at least one).
func pullCalls(n int) int { return 1 + max(1, ceilDiv(n, QueryPageSize)) }

// pushCalls is a push's calls for n records: a describe, and one
// collection call per CollectionSize records (none for no records).
func pushCalls(n int) int { return 1 + ceilDiv(n, CollectionSize) }

func ceilDiv(n, d int) int { return (n + d - 1) / d }

func estimatePull(ctx context.Context, t *Task) (Estimate, error) {
	oms, err := pulledObjects(ctx, t)
	if err != nil {
		return Estimate{}, err
	}
	client, err := t.Client(ctx)
	if err != nil {
		return Estimate{}, err
	}
	var est Estimate
	for _, om := range oms {
		n, err := countRecords(ctx, client, om.Object)
		if err != nil {
			return Estimate{}, err
		}
		est.add(ObjectEstimate{Object: om.Object, AppType: om.AppType, Direction: DirectionPull, Records: n, Calls: pullCalls(n)})
	}
	return est, nil
}

func estimatePush(ctx context.Context, t *Task) (Estimate, error) {
	if !t.Connection.WriteEnabled {
		return Estimate{}, fmt.Errorf("%w: turn write_enabled on (PATCH .../connections/%s) first", ErrWritingOff, t.Connection.ID)
	}
	oms, err := pushedObjects(ctx, t)
	if err != nil {
		return Estimate{}, err
	}
	var est Estimate
	for _, om := range oms {
		n, err := t.Store.CountAppRecords(ctx, t.Connection.WorkspaceID, om.AppType)
		if err != nil {
			return Estimate{}, err
		}
		est.add(ObjectEstimate{Object: om.Object, AppType: om.AppType, Direction: DirectionPush, Records: n, Calls: pushCalls(n)})
	}
	est.Note = "Records already in Salesforce with the app's values are counted but cost nothing to push."
	return est, nil
}

func estimateFullResync(ctx context.Context, t *Task) (Estimate, error) {
	pull, err := estimatePull(ctx, t)
	if err != nil {
		return Estimate{}, err
	}
	push, err := estimatePush(ctx, t)
	if err != nil {
		return Estimate{}, err
	}
	for _, o := range push.Objects {
		pull.add(o)
	}
	pull.Note = push.Note
	return pull, nil
}

func (e *Estimate) add(o ObjectEstimate) {
	e.Objects = append(e.Objects, o)
	e.Records += o.Records
	e.Calls += o.Calls
}

// countRecords counts an object's records with SOQL count().
func countRecords(ctx context.Context, client *salesforce.Client, object string) (int, error) {
	q, err := soql.Select("COUNT()").From(object).Build()
	if err != nil {
		return 0, fmt.Errorf("counting %s: %w", object, err)
	}
	n, err := client.Count(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("counting %s: %w", object, err)
	}
	return n, nil
}

// pulledObjects are the connection's enabled object mappings, in the
// store's order; none is an error.
func pulledObjects(ctx context.Context, t *Task) ([]store.ObjectMapping, error) {
	oms, err := t.Store.ListObjectMappings(ctx, t.Connection.ID)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	var out []store.ObjectMapping
	for _, om := range oms {
		if om.Enabled {
			out = append(out, om)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no object is enabled on this connection; map one to an app type first", ErrNothingToDo)
	}
	return out, nil
}

// pushedObjects are the enabled object mappings whose creates or updates
// go to Salesforce, parents before the objects that refer to them; none
// is an error.
func pushedObjects(ctx context.Context, t *Task) ([]store.ObjectMapping, error) {
	oms, err := t.Store.ListObjectMappings(ctx, t.Connection.ID)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	var out []store.ObjectMapping
	for _, om := range oms {
		if om.Enabled && (om.CreateDirection == store.DirectionBoth || om.UpdateDirection == store.DirectionBoth) {
			out = append(out, om)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no object of this connection is written to Salesforce; set create_direction or update_direction to both on one first", ErrNothingToDo)
	}
	types, err := t.Store.ListAppTypes(ctx, t.Connection.WorkspaceID)
	if err != nil {
		return nil, fmt.Errorf("reading app types: %w", err)
	}
	return parentsFirst(out, types), nil
}
