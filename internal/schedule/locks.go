package schedule

import "sync"

// Locks is a set of per-connection locks that are taken without
// waiting. The zero value is ready to use.
type Locks struct {
	mu   sync.Mutex
	held map[string]bool
}

// TryLock takes the lock of connectionID unless it is held. ok is false
// when it is; otherwise unlock releases it, and calling unlock more than
// once is harmless.
func (l *Locks) TryLock(connectionID string) (unlock func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held[connectionID] {
		return nil, false
	}
	if l.held == nil {
		l.held = map[string]bool{}
	}
	l.held[connectionID] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			delete(l.held, connectionID)
		})
	}, true
}
