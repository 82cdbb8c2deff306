// Package ops runs one-time operations on a connection: pull all, push
// all, full resync, and the kinds other packages register (pull lead
// statuses, sync users). An operation is a row in the store
// ([store.Operation]): it is queued, claimed by a [Runner], runs under
// the connection's run lock (one operation, scheduled sync or manual sync
// of a connection at a time), reports its progress (done of total) and a
// heartbeat every tick, can be cancelled, and ends with its result and
// the API calls it used.
//
// Before it starts an operation shows an estimate of its API cost
// ([Runner.Estimate]): records are counted with SOQL count() for pulls
// and in the store for pushes, and divided by the page sizes (2,000 per
// query page, 200 per sObject Collections call), plus one describe per
// object.
//
// Operations survive restarts. A runner that stops midway (killed, or
// its context cancelled) leaves its operation running with a heartbeat
// that goes stale; a runner starting later claims it again and resumes
// it from stored state: a pull from the cursors the interrupted run
// advanced page by page, a push from the outbox. The kind's result so
// far, saved with every heartbeat, is its checkpoint ([Task.Previous]).
package ops
