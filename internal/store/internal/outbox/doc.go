// Package outbox decides what the host's app writes ([Write]) and the
// outbound worker's results ([Complete]) do to the store, the same way
// for every dialect: the dialects read what is stored, and execute the
// planned writes in their own SQL, inside one transaction.
//
// An outbox entry's changed column is a JSON object of app field to the
// RFC 3339 time (UTC, microseconds) of its latest change ([EncodeChanged],
// [DecodeChanged]); inbound sync reads it as is.
package outbox
