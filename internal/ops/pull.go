package ops

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sfbridge/sfbridge/internal/store"
)

func runPullAll(ctx context.Context, t *Task) (any, error) {
	rep, err := loadReport(t)
	if err != nil {
		return nil, err
	}
	if err := planPull(ctx, t, rep); err != nil {
		return nil, err
	}
	if err := pull(ctx, t, rep); err != nil {
		return rep, stopped(ctx, t, rep, err)
	}
	return rep, rep.failure()
}

// loadReport is the report an earlier run saved, or an empty one.
func loadReport(t *Task) (*Report, error) {
	rep := &Report{}
	if _, err := t.Previous(rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// planPull lists the objects to pull with their record counts, unless
// an earlier run did.
func planPull(ctx context.Context, t *Task, rep *Report) error {
	if rep.Pull != nil {
		return nil
	}
	oms, err := pulledObjects(ctx, t)
	if err != nil {
		return err
	}
	t.SetStep("counting records")
	client, err := t.Client(ctx)
	if err != nil {
		return err
	}
	for _, om := range oms {
		n, err := countRecords(ctx, client, om.Object)
		if err != nil {
			return err
		}
		rep.Pull = append(rep.Pull, ObjectReport{Object: om.Object, AppType: om.AppType, Status: ObjectWaiting, Expected: n})
	}
	return rep.checkpoint(ctx, t)
}

// pull reads each object from the start: its cursor is reset once, then
// the engine runs a first load that stores the cursor page by page, so a
// resumed pull goes on from where the interrupted one got to. An object
// that fails is reported and the others are pulled; an error is
// returned only when ctx ends or progress cannot be saved.
func pull(ctx context.Context, t *Task, rep *Report) error {
	for i := range rep.Pull {
		o := &rep.Pull[i]
		if o.Status == ObjectDone || o.Status == ObjectFailed {
			continue
		}
		if !o.CursorReset {
			if _, err := t.Store.DeleteCursors(ctx, t.Connection.ID, []string{o.Object}); err != nil {
				return fmt.Errorf("resetting the cursor of %s: %w", o.Object, err)
			}
			o.CursorReset = true
		}
		o.Status, o.progress = ObjectRunning, o.Read
		t.SetStep("pulling " + o.Object)
		if err := rep.checkpoint(ctx, t); err != nil {
			return err
		}
		base := o.Read
		// The engine counts a run's records in the store page by page.
		stop := t.Watch(func(ctx context.Context) {
			page, err := t.Store.ListRuns(ctx, t.Connection.ID, store.ListParams{Limit: 1})
			if err != nil || len(page.Items) == 0 {
				return
			}
			r := page.Items[0]
			if r.Object == o.Object && r.Status == store.RunRunning && !slices.Contains(o.Runs, r.ID) {
				o.progress = base + r.Read
				rep.publish(t)
			}
		})
		run, err := t.Engine.SyncObject(ctx, t.Connection.WorkspaceID, t.Connection.ID, o.Object)
		stop()
		o.addRun(run)
		t.AddCalls(run.APICalls)
		o.progress = o.Read
		if err != nil && ctx.Err() != nil {
			rep.publish(t)
			return err
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

// stopped is the error of an operation that stopped because ctx ended.
// When it was cancelled, the objects under way are marked so, and the
// report published: the runner records it as the result.
func stopped(ctx context.Context, t *Task, rep *Report, err error) error {
	if errors.Is(context.Cause(ctx), errCancelled) {
		for _, list := range [][]ObjectReport{rep.Pull, rep.Push} {
			for i := range list {
				if list[i].Status == ObjectRunning {
					list[i].Status = ObjectCancelled
				}
			}
		}
		rep.publish(t)
	}
	return err
}
