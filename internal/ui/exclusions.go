package ui

import "net/http"

// exclusionRoutes registers the pages of the exclusions section (being built).
func (h *Handler) exclusionRoutes(m *http.ServeMux) {}
