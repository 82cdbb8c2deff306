package sfemu

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// spoolMemoryLimit is how much of a Bulk API job's data a spool keeps in
// memory before it moves to a temporary file, so that a 150 MB upload
// or its results do not sit on the heap.
const spoolMemoryLimit = 4 << 20

// spool is an append-only byte store for a bulk job's uploads and
// results: in memory while small, in a temporary file after. Appends and
// reads may come from different goroutines; the mutex orders them.
type spool struct {
	mu   sync.Mutex
	mem  []byte
	file *os.File
	size int64
	// err is the first write error; later appends are dropped and
	// readers see it.
	err error
}

// Write appends p.
func (s *spool) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && int64(len(s.mem))+int64(len(p)) > spoolMemoryLimit {
		f, err := os.CreateTemp("", "sfemu-bulk-*")
		if err == nil {
			_, err = f.Write(s.mem)
		}
		if err != nil {
			s.err = err
			return 0, err
		}
		s.file, s.mem = f, nil
	}
	if s.file != nil {
		if _, err := s.file.WriteAt(p, s.size); err != nil {
			s.err = err
			return 0, err
		}
	} else {
		s.mem = append(s.mem, p...)
	}
	s.size += int64(len(p))
	return len(p), nil
}

// Len returns the number of bytes written.
func (s *spool) Len() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// section returns a reader of n bytes from off, as they are now.
func (s *spool) section(off, n int64) io.Reader {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return errReader{s.err}
	}
	if s.file != nil {
		return io.NewSectionReader(s.file, off, n)
	}
	// Appends never change bytes already written, so the slice stays valid.
	return bytes.NewReader(s.mem[off : off+n])
}

// all returns a reader of everything written so far.
func (s *spool) all() io.Reader { return s.section(0, s.Len()) }

// release frees the memory or removes the temporary file.
func (s *spool) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != nil {
		name := s.file.Name()
		_ = s.file.Close()
		_ = os.Remove(name)
		s.file = nil
	}
	s.mem = nil
	s.size = 0
	s.err = os.ErrClosed
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
