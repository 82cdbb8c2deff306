package webhook

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Payload is the JSON body of a delivery: one event of the workspace's
// change feed. Receivers decode it after [Verify] accepts the raw body.
type Payload struct {
	ID           int64     `json:"id"`
	Type         string    `json:"type"`
	WorkspaceID  string    `json:"workspace_id"`
	ConnectionID string    `json:"connection_id"`
	CreatedAt    time.Time `json:"created_at"`
	// Data is the event's own JSON, as the store holds it; null when
	// the event has none.
	Data json.RawMessage `json:"data"`
}

// NewPayload returns e as a delivery body. CreatedAt is in UTC.
func NewPayload(e store.Event) Payload {
	return Payload{
		ID:           e.ID,
		Type:         e.Type,
		WorkspaceID:  e.WorkspaceID,
		ConnectionID: e.ConnectionID,
		CreatedAt:    e.CreatedAt.UTC(),
		Data:         e.Data,
	}
}

// marshalEvent encodes e as a delivery body. It fails only when the
// event's Data is not valid JSON.
func marshalEvent(e store.Event) ([]byte, error) {
	b, err := json.Marshal(NewPayload(e))
	if err != nil {
		return nil, fmt.Errorf("encoding event %d: %w", e.ID, err)
	}
	return b, nil
}

// SecretPrefix starts every secret [NewSecret] makes, so one is easy to
// recognise in a receiver's configuration or a leak scanner.
const SecretPrefix = "whsec_"

// NewSecret returns a fresh endpoint secret: [SecretPrefix] and 32
// random bytes in hex. The whole string, prefix included, is the HMAC
// key on both sides. Show it to the host once and store it sealed.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return SecretPrefix + hex.EncodeToString(b)
}
