package ui

import "net/http"

// syncRoutes registers the pages of the sync section (being built).
func (h *Handler) syncRoutes(m *http.ServeMux) {}
