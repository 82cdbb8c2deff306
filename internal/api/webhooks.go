package api

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/webhook"
)

type createWebhookRequest struct {
	URL string `json:"url"`
}

type webhookView struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	// Secret is the signing secret, only in the answer that creates the
	// endpoint; it is stored sealed and never shown again.
	Secret string `json:"secret,omitempty"`
}

func viewWebhook(e store.WebhookEndpoint) webhookView {
	return webhookView{ID: e.ID, URL: e.URL, Active: e.Active, CreatedAt: e.CreatedAt}
}

// POST /v1/workspaces/{ws}/webhooks registers an endpoint for the
// workspace's events and answers its signing secret, once.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	if s.sealer == nil {
		return errorf(http.StatusServiceUnavailable, CodeUnavailable, "This deployment has no secret key configured, so webhook secrets cannot be stored.")
	}
	var req createWebhookRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := checkWebhookURL(req.URL); err != nil {
		return err
	}
	secret := webhook.NewSecret()
	sealed, err := s.sealer.Seal([]byte(secret))
	if err != nil {
		return fmt.Errorf("sealing a webhook secret: %w", err)
	}
	e, err := s.store.CreateWebhookEndpoint(r.Context(), store.WebhookEndpoint{
		WorkspaceID: workspaceFrom(r.Context()).ID, URL: req.URL, SecretSealed: sealed, Active: true, CreatedAt: s.now().UTC(),
	})
	if err != nil {
		return err
	}
	v := viewWebhook(e)
	v.Secret = secret
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// checkWebhookURL accepts an absolute http or https URL without
// credentials: a secret in the URL would be shown in every list.
func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" || len(raw) > 2048 {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"url\" must be an absolute http or https URL (at most 2048 characters, no user:password@, no #fragment).")
	}
	return nil
}

// GET /v1/workspaces/{ws}/webhooks
func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	es, err := s.store.ListWebhookEndpoints(r.Context(), workspaceFrom(r.Context()).ID)
	if err != nil {
		return err
	}
	out := list[webhookView]{Data: make([]webhookView, 0, len(es))}
	for _, e := range es {
		out.Data = append(out.Data, viewWebhook(e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type deliveryView struct {
	ID         string `json:"id"`
	EndpointID string `json:"endpoint_id"`
	EventID    int64  `json:"event_id"`
	Status     string `json:"status"`
	Attempts   int    `json:"attempts"`
	// LastStatus is the HTTP status of the last attempt, 0 when it got
	// no answer (LastError says why).
	LastStatus    int        `json:"last_status,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func viewDelivery(d store.WebhookDelivery) deliveryView {
	v := deliveryView{ID: d.ID, EndpointID: d.EndpointID, EventID: d.EventID, Status: d.Status, Attempts: d.Attempts,
		LastStatus: d.LastStatus, LastError: d.LastError, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	if d.Status == store.DeliveryPending && !d.NextAttemptAt.IsZero() {
		at := d.NextAttemptAt
		v.NextAttemptAt = &at
	}
	return v
}

// GET /v1/workspaces/{ws}/webhooks/{id}/deliveries: the endpoint's
// delivery log.
func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	// Deliveries are listed by endpoint alone: check the endpoint is
	// this workspace's first.
	es, err := s.store.ListWebhookEndpoints(r.Context(), workspaceFrom(r.Context()).ID)
	if err != nil {
		return err
	}
	id, found := r.PathValue("id"), false
	for _, e := range es {
		found = found || e.ID == id
	}
	if !found {
		return errorf(http.StatusNotFound, CodeNotFound, "No webhook %q in this workspace. See GET /v1/workspaces/{ws}/webhooks.", id)
	}
	page, err := s.store.ListDeliveries(r.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewDelivery))
	return nil
}
