package ops

import "context"

// runFullResync pulls every object, then pushes. Both are planned
// first, so the total is known from the start and a connection that
// does not write to Salesforce fails before anything is pulled.
func runFullResync(ctx context.Context, t *Task) (any, error) {
	rep, err := loadReport(t)
	if err != nil {
		return nil, err
	}
	if !t.Connection.WriteEnabled {
		return nil, planPush(ctx, t, rep)
	}
	if err := planPull(ctx, t, rep); err != nil {
		return nil, err
	}
	if err := planPush(ctx, t, rep); err != nil {
		return nil, err
	}
	if err := pull(ctx, t, rep); err != nil {
		return rep, stopped(ctx, t, rep, err)
	}
	if err := push(ctx, t, rep); err != nil {
		return rep, stopped(ctx, t, rep, err)
	}
	return rep, rep.failure()
}
