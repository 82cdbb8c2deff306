package api

import (
	"net/http"
	"strconv"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Page sizes of list routes.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// listParams reads ?limit and ?after. A limit that is not a whole number
// from 1 to MaxLimit is refused rather than quietly changed.
func listParams(r *http.Request) (store.ListParams, error) {
	q := r.URL.Query()
	p := store.ListParams{After: q.Get("after"), Limit: DefaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			return p, errorf(http.StatusBadRequest, CodeInvalidInput,
				"Query parameter limit=%q must be a whole number from 1 to %d.", v, MaxLimit)
		}
		p.Limit = n
	}
	if len(p.After) > 512 {
		return p, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Query parameter after is too long; pass the next_cursor of the previous page unchanged.")
	}
	return p, nil
}

// list is the body of every list answer.
type list[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// listOf converts a store page for the wire.
func listOf[S, T any](p store.Page[S], conv func(S) T) list[T] {
	out := list[T]{Data: make([]T, 0, len(p.Items)), NextCursor: p.Next}
	for _, it := range p.Items {
		out.Data = append(out.Data, conv(it))
	}
	return out
}
