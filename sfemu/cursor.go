package sfemu

import (
	"net/http"
	"sync"
	"time"
)

// Salesforce keeps an idle query locator for 15 minutes and at most ten
// open locators per user, closing the oldest when an eleventh opens.
const (
	cursorIdleTimeout = 15 * time.Minute
	cursorsPerUser    = 10
)

// cursor is an open query locator: the query's result snapshot and how
// far each page has come.
type cursor struct {
	id       string // 18-character 01g... id
	userID   string
	res      *queryResult
	all      bool
	batch    int
	lastUsed time.Time
}

// cursorStore holds open cursors. It has its own lock so paging does not
// contend with writes.
type cursorStore struct {
	mu   sync.Mutex
	now  func() time.Time
	byID map[string]*cursor
	ids  idGenerator
}

func newCursorStore(now func() time.Time) *cursorStore {
	return &cursorStore{now: now, byID: map[string]*cursor{}, ids: idGenerator{pod: "8d"}}
}

// open registers a cursor for the rest of a result, closing the user's
// oldest when the user already has the maximum.
func (s *cursorStore) open(userID string, res *queryResult, all bool, batch int) *cursor {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	var oldest *cursor
	n := 0
	for _, c := range s.byID {
		if c.userID != userID {
			continue
		}
		n++
		if oldest == nil || c.lastUsed.Before(oldest.lastUsed) {
			oldest = c
		}
	}
	if n >= cursorsPerUser && oldest != nil {
		delete(s.byID, oldest.id)
	}
	c := &cursor{id: id18(s.ids.next("01g")), userID: userID, res: res, all: all, batch: batch, lastUsed: s.now()}
	s.byID[c.id] = c
	return c
}

// get returns a live cursor and marks it used.
func (s *cursorStore) get(id string) (*cursor, *Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	c := s.byID[id]
	if c == nil {
		return nil, errorf(http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
	}
	c.lastUsed = s.now()
	return c, nil
}

// close forgets a cursor whose last page was served.
func (s *cursorStore) close(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

func (s *cursorStore) expireLocked() {
	cutoff := s.now().Add(-cursorIdleTimeout)
	for id, c := range s.byID {
		if c.lastUsed.Before(cutoff) {
			delete(s.byID, id)
		}
	}
}

// count reports the number of open cursors.
func (s *cursorStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}
