package outbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// ConflictRow readies a conflict an inbound batch records: a new id
// unless it has one, the batch's workspace and connection, its object
// and policy when the conflict names none, created now. It returns the
// JSON of the app, Salesforce and base values.
func ConflictRow(c store.Conflict, b store.InboundBatch, now time.Time) (store.Conflict, [3][]byte, error) {
	if c.ID == "" {
		c.ID = newid.New(newid.Conflict)
	}
	c.WorkspaceID, c.ConnectionID = b.WorkspaceID, b.ConnectionID
	c.Object = cmp.Or(c.Object, b.Object)
	c.Policy = cmp.Or(c.Policy, b.ConflictPolicy)
	c.CreatedAt = prep.Time(now)
	var vals [3][]byte
	for i, v := range []any{c.AppValue, c.SalesforceValue, c.BaseValue} {
		b, err := json.Marshal(v)
		if err != nil {
			return c, vals, fmt.Errorf("encoding conflict value of %s: %w", c.Field, err)
		}
		vals[i] = b
	}
	return c, vals, nil
}

// DecodeValue reads a JSON value column.
func DecodeValue(b []byte) (any, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("decoding value: %w", err)
	}
	return v, nil
}
