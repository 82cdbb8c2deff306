package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/sfbridge/sfbridge/internal/doctor"
)

// maxDoctorObjects bounds the objects one doctor request checks (one
// describe each).
const maxDoctorObjects = 50

type doctorRequest struct {
	// Objects, when given, limits the object checks to these objects.
	Objects []string `json:"objects"`
}

// POST /v1/workspaces/{ws}/connections/{id}/doctor: checks what the
// connected user can do against what sfbridge needs. Failing checks are
// a 200 report with ok false; errors are for requests that could not be
// checked at all.
func (s *Server) runDoctor(w http.ResponseWriter, r *http.Request) error {
	var req doctorRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	if len(req.Objects) > maxDoctorObjects {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "objects lists %d objects; check at most %d per request.", len(req.Objects), maxDoctorObjects)
	}
	for i, o := range req.Objects {
		req.Objects[i] = strings.TrimSpace(o)
		if err := checkObjectName(fmt.Sprintf("objects[%d]", i), req.Objects[i]); err != nil {
			return err
		}
	}
	rep, err := doctor.Run(r.Context(), s.doctorDeps(), workspaceFrom(r.Context()).ID, r.PathValue("id"), doctor.Options{Objects: req.Objects})
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// doctorDeps are the doctor's collaborators in this server.
func (s *Server) doctorDeps() doctor.Deps {
	return doctor.Deps{Store: s.store, Connections: s.conns, Now: s.now}
}
