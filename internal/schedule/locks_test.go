package schedule

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestLocks(t *testing.T) {
	t.Parallel()
	var l Locks
	unlockA, ok := l.TryLock("a")
	if !ok {
		t.Fatal("first TryLock of a failed")
	}
	if _, ok := l.TryLock("a"); ok {
		t.Fatal("a was locked twice")
	}
	unlockB, ok := l.TryLock("b")
	if !ok {
		t.Fatal("b is blocked by a")
	}
	unlockA()
	unlockA() // harmless
	again, ok := l.TryLock("a")
	if !ok {
		t.Fatal("a is still held after unlock")
	}
	// The second unlockA must not release the new holder's lock.
	if _, ok := l.TryLock("a"); ok {
		t.Fatal("a double unlock released a later holder")
	}
	again()
	unlockB()
}

func TestLocksConcurrent(t *testing.T) {
	t.Parallel()
	var (
		l       Locks
		holders atomic.Int32
		wg      sync.WaitGroup
	)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				unlock, ok := l.TryLock("conn")
				if !ok {
					continue
				}
				if n := holders.Add(1); n != 1 {
					t.Errorf("%d holders at once", n)
				}
				holders.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
}
