package ops

import (
	"context"
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Report is the result of pull_all, push_all and full_resync, and their
// checkpoint while they run: what was done, object by object.
type Report struct {
	Pull []ObjectReport `json:"pull,omitempty"`
	Push []ObjectReport `json:"push,omitempty"`
}

// The statuses of an [ObjectReport].
const (
	ObjectWaiting = "waiting"
	ObjectRunning = "running"
	ObjectDone    = "done"
	ObjectFailed  = "failed"
	// ObjectCancelled: the operation was cancelled while the object
	// was under way.
	ObjectCancelled = "cancelled"
)

// ObjectReport is what an operation did to one object in one direction.
type ObjectReport struct {
	Object  string `json:"object"`
	AppType string `json:"app_type"`
	Status  string `json:"status"`
	// Expected are the records counted before: in Salesforce for a
	// pull; for a push, the app's records, then the outbox entries to
	// write once they are queued.
	Expected int `json:"expected"`
	// CursorReset says the pull's cursor was reset (a resumed pull goes
	// on from the cursor its runs advanced since); Queued says a push's
	// records were put in the outbox, and how many.
	CursorReset bool `json:"cursor_reset,omitempty"`
	Queued      *int `json:"queued,omitempty"`
	// The counts of the engine's runs.
	Read      int `json:"read"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Deleted   int `json:"deleted"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	// Pending are a push's entries still waiting at the end (to be
	// retried after a transient refusal, or for a parent record).
	Pending  int      `json:"pending,omitempty"`
	APICalls int      `json:"api_calls"`
	Runs     []string `json:"runs,omitempty"`
	Error    string   `json:"error,omitempty"`
	// progress is how far the object is: records read, or entries
	// settled. Not stored: a resume counts again from the runs.
	progress int
}

// addRun adds an engine run's counts.
func (o *ObjectReport) addRun(r store.Run) {
	if r.ID == "" {
		return
	}
	o.Runs = append(o.Runs, r.ID)
	o.Read += r.Read
	o.Created += r.Created
	o.Updated += r.Updated
	o.Deleted += r.Deleted
	o.Unchanged += r.Unchanged
	o.Failed += r.Failed
	o.APICalls += r.APICalls
}

// done is how many of its Expected records the object has gone through.
func (o *ObjectReport) done() int {
	if o.Status == ObjectDone {
		return o.Expected
	}
	return min(max(o.progress, 0), o.Expected)
}

// publish sets t's progress and result from the report.
func (rep *Report) publish(t *Task) {
	done, total := 0, 0
	for _, list := range [][]ObjectReport{rep.Pull, rep.Push} {
		for i := range list {
			done += list[i].done()
			total += list[i].Expected
		}
	}
	t.SetProgress(done, total)
	_ = t.SetResult(rep) // a Report always encodes
}

// checkpoint publishes the report and saves it now.
func (rep *Report) checkpoint(ctx context.Context, t *Task) error {
	rep.publish(t)
	if err := t.Checkpoint(ctx); err != nil {
		return fmt.Errorf("saving the operation's progress: %w", err)
	}
	return nil
}

// failure is the operation's error when objects failed, nil otherwise.
func (rep *Report) failure() error {
	var failed []string
	for _, part := range []struct {
		verb string
		list []ObjectReport
	}{{"pulling", rep.Pull}, {"pushing", rep.Push}} {
		for _, o := range part.list {
			if o.Status == ObjectFailed {
				failed = append(failed, part.verb+" "+o.Object+": "+o.Error)
			}
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d objects failed: %s", len(failed), len(rep.Pull)+len(rep.Push), strings.Join(failed, "; "))
}
