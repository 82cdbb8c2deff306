package api

import (
	"errors"

	"github.com/sfbridge/sfbridge/internal/store"
)

func isNotFound(err error) bool  { return errors.Is(err, store.ErrNotFound) }
func isDuplicate(err error) bool { return errors.Is(err, store.ErrDuplicate) }
