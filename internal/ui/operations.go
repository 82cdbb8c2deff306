package ui

import "net/http"

// operationRoutes registers the pages of the operations section (being built).
func (h *Handler) operationRoutes(m *http.ServeMux) {}
