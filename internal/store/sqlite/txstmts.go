package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// txStmts prepares each statement once per transaction, for writes that
// run many times in one.
type txStmts struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

// exec runs q, prepared on first use, with args.
func (t *txStmts) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, ok := t.m[q]
	if !ok {
		var err error
		if st, err = t.tx.PrepareContext(ctx, q); err != nil {
			return nil, fmt.Errorf("preparing: %w", err)
		}
		if t.m == nil {
			t.m = map[string]*sql.Stmt{}
		}
		t.m[q] = st
	}
	return st.ExecContext(ctx, args...)
}

func (t *txStmts) close() {
	for _, st := range t.m {
		_ = st.Close()
	}
}
