package ops

import (
	"context"
	"errors"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
)

// ErrWritingOff says a push cannot run: the connection does not write
// to Salesforce.
var ErrWritingOff = errors.New("ops: writing to Salesforce is off for this connection")

// maxPushRounds bounds the engine's pushes of one object in one
// operation: each drains what is due, so more than one is needed only
// when entries fall due again while it runs.
const maxPushRounds = 100

func runPushAll(ctx context.Context, t *Task) (any, error) {
	rep, err := loadReport(t)
	if err != nil {
		return nil, err
	}
	if err := planPush(ctx, t, rep); err != nil {
		return nil, err
	}
	if err := push(ctx, t, rep); err != nil {
		return rep, stopped(ctx, t, rep, err)
	}
	return rep, rep.failure()
}

// planPush lists the objects to push, parents first, with their app
// record counts, unless an earlier run did.
func planPush(ctx context.Context, t *Task, rep *Report) error {
	if !t.Connection.WriteEnabled {
		return fmt.Errorf("%w: turn write_enabled on (PATCH .../connections/%s) first", ErrWritingOff, t.Connection.ID)
	}
	if rep.Push != nil {
		return nil
	}
	oms, err := pushedObjects(ctx, t)
	if err != nil {
		return err
	}
	for _, om := range oms {
		n, err := t.Store.CountAppRecords(ctx, t.Connection.WorkspaceID, om.AppType)
		if err != nil {
			return err
		}
		rep.Push = append(rep.Push, ObjectReport{Object: om.Object, AppType: om.AppType, Status: ObjectWaiting, Expected: n})
	}
	return rep.checkpoint(ctx, t)
}

// push puts each object's app records in the outbox once, then has the
// engine drain it. A resumed push goes on from the outbox: what was
// written is gone from it. An object that fails is reported and the
// others are pushed; an error is returned only when ctx ends or
// progress cannot be saved.
func push(ctx context.Context, t *Task, rep *Report) error {
	for i := range rep.Push {
		o := &rep.Push[i]
		if o.Status == ObjectDone || o.Status == ObjectFailed {
			continue
		}
		t.SetStep("pushing " + o.Object)
		if o.Queued == nil {
			n, err := t.Store.EnqueueAll(ctx, storeEnqueue(t, o))
			if err != nil {
				return fmt.Errorf("queueing the %s records of %s: %w", o.AppType, o.Object, err)
			}
			if o.Expected, err = t.Store.CountPendingOutbox(ctx, t.Connection.ID, o.Object); err != nil {
				return err
			}
			o.Queued = &n
		}
		o.Status = ObjectRunning
		if err := o.settled(ctx, t); err != nil {
			return err
		}
		if err := rep.checkpoint(ctx, t); err != nil {
			return err
		}
		stop := t.Watch(func(ctx context.Context) {
			if o.settled(ctx, t) == nil {
				rep.publish(t)
			}
		})
		runs, err := pushRounds(ctx, t, o)
		stop()
		for _, r := range runs {
			o.addRun(r)
			t.AddCalls(r.APICalls)
		}
		if err != nil && ctx.Err() != nil {
			rep.publish(t)
			return err
		}
		if serr := o.settled(ctx, t); serr != nil {
			return serr
		}
		if err != nil {
			o.Status, o.Error = ObjectFailed, err.Error()
		} else {
			o.Status = ObjectDone
		}
		if err := rep.checkpoint(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// pushRounds runs the engine's push of o until nothing is due, and
// returns the runs.
func pushRounds(ctx context.Context, t *Task, o *ObjectReport) ([]store.Run, error) {
	var runs []store.Run
	for range maxPushRounds {
		run, err := t.Engine.PushObject(ctx, t.Connection.WorkspaceID, t.Connection.ID, o.Object)
		if run.ID != "" {
			runs = append(runs, run)
		}
		if err != nil || run.ID == "" {
			return runs, err
		}
	}
	return runs, nil
}

// settled reads how many of o's entries are still pending: the rest
// are settled (written, skipped or failed).
func (o *ObjectReport) settled(ctx context.Context, t *Task) error {
	n, err := t.Store.CountPendingOutbox(ctx, t.Connection.ID, o.Object)
	if err != nil {
		return err
	}
	o.Pending, o.progress = n, o.Expected-n
	return nil
}

// storeEnqueue names o's records for the outbox.
func storeEnqueue(t *Task, o *ObjectReport) store.EnqueueAllParams {
	return store.EnqueueAllParams{WorkspaceID: t.Connection.WorkspaceID, ConnectionID: t.Connection.ID, Object: o.Object, AppType: o.AppType}
}
