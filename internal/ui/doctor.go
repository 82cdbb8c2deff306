package ui

import (
	"net/http"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/doctor"
)

// doctorRoutes registers the doctor section: Run checks, and the report
// on the answer. Reports are not stored, so a reload of the GET page
// starts over with the button.
func (h *Handler) doctorRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/doctor", h.authed(h.doctorPage))
	m.Handle("POST /ui/integrations/{id}/doctor", h.authed(h.runDoctor))
}

// doctorData is the doctor page, with a report once the checks ran.
type doctorData struct {
	ID     string
	Report *doctorReport
}

// doctorReport is a doctor.Report as the page shows it.
type doctorReport struct {
	OK bool
	// Verdict sums the report up in a sentence.
	Verdict string
	Summary doctor.Summary
	// Problems are the checks that failed or warned, in report order
	// (fix them in that order); Passed the others.
	Problems  []doctorCheck
	Passed    []doctorCheck
	APICalls  int
	CheckedAt *time.Time
	// Reconnect says a check found the connection needs authorizing
	// (again): the page points to the Overview tab's buttons.
	Reconnect bool
}

// doctorCheck is one check as the page shows it.
type doctorCheck struct {
	doctor.Check
	Label, Class string
	// Target names the object or field when the title does not.
	Target string
}

// GET /ui/integrations/{id}/doctor
func (h *Handler) doctorPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "doctor")
	if err != nil {
		return err
	}
	v.Data = doctorData{ID: c.ID}
	h.render(w, r, http.StatusOK, "doctor", v)
	return nil
}

// POST /ui/integrations/{id}/doctor runs every check and shows the
// report on the answer.
func (h *Handler) runDoctor(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "doctor")
	if err != nil {
		return err
	}
	rep, err := doctor.Run(r.Context(), doctor.Deps{Store: h.store, Connections: h.conns, Now: h.now}, s.Workspace.ID, c.ID, doctor.Options{})
	if err != nil {
		return err
	}
	dr := viewDoctorReport(rep)
	// The report's verdict is announced where it stands, not repeated in
	// a notice above it.
	v.Data = doctorData{ID: c.ID, Report: &dr}
	// The checks may have moved the connection's status: the heading
	// shows it as it is now.
	if fresh, err := h.conns.Get(r.Context(), s.Workspace.ID, c.ID); err == nil {
		v.Section = newSectionNav(fresh, "doctor")
	}
	h.render(w, r, http.StatusOK, "doctor", v)
	return nil
}

func viewDoctorReport(rep doctor.Report) doctorReport {
	at := rep.CheckedAt
	d := doctorReport{OK: rep.OK, Summary: rep.Summary, APICalls: rep.APICalls, CheckedAt: &at}
	for _, c := range rep.Checks {
		dc := doctorCheck{Check: c}
		if target := strings.Trim(c.Object+"."+c.Field, "."); target != "" && !strings.Contains(c.Title, target) {
			dc.Target = target
		}
		switch c.Status {
		case doctor.Pass:
			dc.Label, dc.Class = "Pass", "badge-ok"
		case doctor.Warn:
			dc.Label, dc.Class = "Warning", "badge-warn"
		default:
			// ui.css has no red badge; the flag colour marks it.
			dc.Label, dc.Class = "Fail", "flag"
		}
		if c.Status == doctor.Fail && (c.ID == doctor.CheckConnected || c.ID == doctor.CheckToken) {
			d.Reconnect = true
		}
		if c.Status == doctor.Pass {
			d.Passed = append(d.Passed, dc)
		} else {
			d.Problems = append(d.Problems, dc)
		}
	}
	switch {
	case !rep.OK:
		d.Verdict = plural(rep.Summary.Fail, "check") + " failed. Fix " + pluralThem(rep.Summary.Fail) + " as the report says, then run the checks again."
	case rep.Summary.Warn > 0:
		d.Verdict = "No check failed, with " + plural(rep.Summary.Warn, "warning") + ". sfbridge works; the warnings say what may fail later."
	default:
		d.Verdict = "All checks passed. The Salesforce user can do everything sfbridge needs."
	}
	return d
}

func pluralThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
