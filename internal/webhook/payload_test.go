package webhook

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestMarshalEvent(t *testing.T) {
	t.Parallel()
	east := time.FixedZone("UTC+2", 2*60*60)
	tests := []struct {
		name string
		e    store.Event
		want string
	}{
		{"full", store.Event{
			ID: 42, Type: "record.updated", WorkspaceID: "ws_1", ConnectionID: "conn_1",
			CreatedAt: time.Date(2025, 3, 1, 14, 5, 6, 789000000, east),
			Data:      json.RawMessage(`{"type":"contact","id":"c1","fields":{"email":"a@b.c"}}`),
		}, `{"id":42,"type":"record.updated","workspace_id":"ws_1","connection_id":"conn_1",` +
			`"created_at":"2025-03-01T12:05:06.789Z","data":{"type":"contact","id":"c1","fields":{"email":"a@b.c"}}}`},
		{"no connection, no data", store.Event{
			ID: 1, Type: "workspace.created", WorkspaceID: "ws_1", CreatedAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		}, `{"id":1,"type":"workspace.created","workspace_id":"ws_1","connection_id":"","created_at":"2025-03-01T00:00:00Z","data":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := marshalEvent(tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("body = %s\nwant   %s", got, tt.want)
			}
		})
	}
	if _, err := marshalEvent(store.Event{ID: 7, Data: json.RawMessage(`{broken`)}); err == nil {
		t.Error("invalid Data encoded without error")
	}
}

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, b := NewSecret(), NewSecret()
	if !strings.HasPrefix(a, SecretPrefix) || len(a) != len(SecretPrefix)+64 {
		t.Errorf("NewSecret = %q, want %s and 64 hex digits", a, SecretPrefix)
	}
	if a == b {
		t.Error("two secrets are equal")
	}
}
