package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Limits on what is read back from an endpoint.
const (
	drainLimit   = 64 << 10 // read this much of a response so the connection can be reused
	excerptLimit = 200      // keep this much of a refusal's body in LastError
)

// errSecret is the whole message when an endpoint's secret cannot be
// opened: the cause could describe key material, so it is not kept.
var errSecret = errors.New("opening the endpoint's secret failed (is its key still on the keyring?)")

// post sends one delivery and returns the HTTP status (0 when there was
// no answer) and an error unless the endpoint answered 2xx.
func (d *Dispatcher) post(ctx context.Context, ep store.WebhookEndpoint, dl store.WebhookDelivery, ev *event) (int, error) {
	secret, err := d.cfg.Sealer.Open(ep.SecretSealed)
	if err != nil {
		return 0, errSecret
	}
	sig := Sign(secret, d.cfg.Now(), ev.body)
	clear(secret)

	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(ev.body))
	if err != nil {
		return 0, fmt.Errorf("building request: %w", err)
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", UserAgent)
	h.Set(SignatureHeader, sig)
	h.Set(EventIDHeader, strconv.FormatInt(dl.EventID, 10))
	h.Set(EventTypeHeader, ev.typ)
	h.Set(DeliveryIDHeader, dl.ID)

	resp, err := d.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, err // a *url.Error: the client strips any password from the URL
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		return resp.StatusCode, nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, drainLimit))
	msg := "endpoint answered " + resp.Status
	if ex := excerpt(b); ex != "" {
		msg += ": " + ex
	}
	return resp.StatusCode, errors.New(msg)
}

// excerpt returns the start of a response body as one printable line.
func excerpt(b []byte) string {
	s := strings.ToValidUTF8(string(b[:min(len(b), excerptLimit)]), "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(b) > excerptLimit && s != "" {
		s += "..."
	}
	return s
}
