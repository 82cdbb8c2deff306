package webhook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/sfbridge/sfbridge/internal/webhook"
)

// A receiver verifies the raw body before it trusts or parses it.
func ExampleVerify() {
	secret := []byte("whsec_from_the_endpoint_settings")

	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "reading body", http.StatusBadRequest)
			return
		}
		err = webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), webhook.DefaultTolerance)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		// Deliveries may repeat: dedupe on the event id.
		fmt.Println("event", r.Header.Get(webhook.EventIDHeader), p.Type, string(p.Data))
		w.WriteHeader(http.StatusNoContent)
	})

	// What the dispatcher sends, and a forgery.
	body := []byte(`{"id":7,"type":"record.created","workspace_id":"ws_1","connection_id":"conn_1",` +
		`"created_at":"2025-03-01T12:00:00Z","data":{"type":"contact","id":"c_1"}}`)
	for _, key := range [][]byte{secret, []byte("a guess")} {
		req := httptest.NewRequest(http.MethodPost, "/hooks/sfbridge", bytes.NewReader(body))
		req.Header.Set(webhook.EventIDHeader, "7")
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(key, time.Now(), body))
		rec := httptest.NewRecorder()
		receiver.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// event 7 record.created {"type":"contact","id":"c_1"}
	// 204
	// 401
}
