// Package webhook delivers a workspace's events to the host product's
// endpoints as signed HTTP POSTs, retried with backoff, with every
// attempt recorded in the store's delivery log.
//
// # Requests
//
// Each delivery is a POST of one event as JSON (see [Payload]) with
// these headers:
//
//	Content-Type:         application/json
//	User-Agent:           sfbridge-webhooks/1
//	Sfbridge-Event-Id:    the event id (decimal), the same for every
//	                      attempt and every endpoint: dedupe on it
//	Sfbridge-Event-Type:  e.g. record.updated
//	Sfbridge-Delivery-Id: the delivery (one event to one endpoint)
//	Sfbridge-Signature:   t=<unix seconds>,v1=<hex HMAC-SHA256>
//
// # Signatures
//
// The signature is HMAC-SHA256, keyed with the endpoint's secret, over
// the timestamp in decimal, a full stop and the raw body:
//
//	v1 = hex(HMAC-SHA256(secret, "<t>.<body>"))
//
// Binding the timestamp into the MAC lets a receiver refuse replays of
// an old, genuinely signed request: [Verify] rejects timestamps further
// than a tolerance (5 minutes by default) from its clock in either
// direction. A header may carry several v1 entries (a sender rolling to
// a new secret signs with both); one match is enough, and unknown
// schemes are ignored so new ones can be added later. Receivers must
// verify the exact bytes they received, before parsing them.
//
// # Delivery
//
// A [Dispatcher] turns new events into pending deliveries, one per
// active endpoint of the event's workspace, and posts those that are
// due. A 2xx answer delivers; anything else, a redirect, a network
// error or a timeout is a failed attempt, retried after a delay from
// its [Backoff] until the attempts run out and the delivery is marked
// failed. Delivery is at least once: a receiver may see a request again
// (after a crash between the POST and the store update), so it should
// dedupe on Sfbridge-Event-Id.
//
// Deliveries to one endpoint go in event order: while an endpoint's
// earliest outstanding delivery waits for its retry, its later
// deliveries wait behind it (this needs the store to list due
// deliveries by due time, then event id; see [Store]). Which delivery
// is waiting is kept in memory, so just after a restart an event may
// overtake one that is waiting for a retry. A delivery that has waited
// behind others for a whole retry schedule ([Backoff.Window]) is given
// up, so a dead endpoint's backlog does not grow without end.
//
// Endpoints are served in parallel, each POST is bounded by a timeout,
// and an endpoint that fails is not tried again in the same round, so a
// dead or slow endpoint delays only its own deliveries.
package webhook
