package outbox

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store/internal/inbound"
)

// EncodeChanged is the changed JSON of fields all changed at at.
func EncodeChanged(fields []string, at time.Time) []byte {
	stamp := at.UTC().Format(time.RFC3339Nano)
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		m[f] = stamp
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return b
}

// DecodeChanged reads a changed column; empty is none.
func DecodeChanged(b []byte) (map[string]time.Time, error) {
	if len(b) == 0 {
		return map[string]time.Time{}, nil
	}
	var raw map[string]string
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("decoding changed fields: %w", err)
	}
	out := make(map[string]time.Time, len(raw))
	for f, s := range raw {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("decoding changed field %s: %w", f, err)
		}
		out[f] = t.UTC()
	}
	return out, nil
}

// EncodeValues is the JSON of a link's base or an intent's values, nil
// (NULL) for a nil map.
func EncodeValues(m map[string]any) ([]byte, error) {
	if m == nil {
		return nil, nil
	}
	b, err := inbound.EncodeMap(m)
	if err != nil {
		return nil, fmt.Errorf("encoding values: %w", err)
	}
	return b, nil
}

// DecodeValues reads a JSON object of values, nil for NULL.
func DecodeValues(b []byte) (map[string]any, error) {
	if b == nil {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decoding values: %w", err)
	}
	return m, nil
}

// MergeValues sets the keys of add in the JSON object base, keeping the
// others as stored: a link's base advanced key by key. A nil add changes
// nothing (base is returned as it is, nil included); a nil base is empty.
func MergeValues(base []byte, add map[string]any) ([]byte, error) {
	if add == nil {
		return base, nil
	}
	merged := map[string]json.RawMessage{}
	if len(base) > 0 {
		if err := json.Unmarshal(base, &merged); err != nil {
			return nil, fmt.Errorf("decoding stored values: %w", err)
		}
		if merged == nil { // the JSON null
			merged = map[string]json.RawMessage{}
		}
	}
	for k, a := range add {
		v, err := inbound.Normalize(a)
		if err != nil {
			return nil, fmt.Errorf("encoding value of %s: %w", k, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encoding value of %s: %w", k, err)
		}
		merged[k] = b
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("encoding values: %w", err)
	}
	return b, nil
}
