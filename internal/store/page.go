package store

import (
	"errors"

	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
)

// Page sizes of every list: DefaultLimit when ListParams.Limit is zero or
// negative; a larger Limit is cut to MaxLimit.
const (
	DefaultLimit = pagecursor.DefaultLimit
	MaxLimit     = pagecursor.MaxLimit
)

// ErrInvalidCursor is returned when ListParams.After is not a cursor the
// store issued for that list.
var ErrInvalidCursor = errors.New("store: invalid page cursor")

// EventCursor returns the ListParams.After that lists the events after
// the one with the given id. A feed reader keeps the id of the last event
// it handled and resumes from it, since Page.Next is empty at the end of
// the feed.
func EventCursor(id int64) string {
	return pagecursor.EncodeID(id)
}
