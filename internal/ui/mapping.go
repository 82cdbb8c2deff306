package ui

import "net/http"

// mappingRoutes registers the pages of the mapping section (being built).
func (h *Handler) mappingRoutes(m *http.ServeMux) {}
