package ui

import "net/http"

// errorRoutes registers the pages of the errors section (being built).
func (h *Handler) errorRoutes(m *http.ServeMux) {}
