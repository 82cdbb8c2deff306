package ui

import "net/http"

// doctorRoutes registers the pages of the doctor section (being built).
func (h *Handler) doctorRoutes(m *http.ServeMux) {}
