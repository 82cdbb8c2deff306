package ui

import "net/http"

// ownerRoutes registers the pages of the owners section (being built).
func (h *Handler) ownerRoutes(m *http.ServeMux) {}
