package syncer

import "github.com/sfbridge/sfbridge/internal/store"

// fieldProblem is a record error about a mapped field a run cannot read
// or write, or a value it cannot convert. Cause and Fix are stored
// apart, so the admin UI need not take the message apart; Message is
// both in one line, as the API returns it.
func fieldProblem(conn store.Connection, object, sfField, code, cause, fix string) store.RecordError {
	return store.RecordError{ConnectionID: conn.ID, Object: object, Field: sfField, Code: code,
		Message: cause + " " + fix, Cause: cause, Fix: fix}
}
