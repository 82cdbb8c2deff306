package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/store"
)

// operationsShown bounds the operations the page lists, newest first.
const operationsShown = 25

// operationRoutes registers the one-time operations section: the kinds
// with their Start buttons, the connection's operations with Cancel, and
// the status that operations.js polls for live progress.
func (h *Handler) operationRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/operations", h.authed(h.operationsPage))
	m.Handle("POST /ui/integrations/{id}/operations", h.authed(h.startOperation))
	m.Handle("POST /ui/integrations/{id}/operations/{op}/cancel", h.authed(h.cancelOperation))
	m.Handle("GET /ui/integrations/{id}/operations/{op}/status", h.authed(h.operationStatus))
}

// operationsData is the operations page.
type operationsData struct {
	ID string
	// Runner says operations can be started here (the service runs an
	// operations runner).
	Runner bool
	Kinds  []kindView
	// Operations are the newest of the connection's, newest first; More
	// says there are older ones not shown.
	Operations []operationView
	More       bool
	// Unfinished says some operation is queued or running: the page
	// refreshes itself (without script) or polls (with it).
	Unfinished bool
}

// kindView is one kind of operation the runner offers.
type kindView struct {
	Kind, Label, Description string
	// Start is the Start button's text ("Start pull all").
	Start string
	// Estimate is the cost shown when asked for (?estimate=kind).
	Estimate string
}

// operationView is one operation as the page and the status JSON show
// it.
type operationView struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Label       string `json:"label"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	// StatusClass is the badge's CSS modifier.
	StatusClass string `json:"status_class"`
	Finished    bool   `json:"finished"`
	// Cancellable shows the Cancel button: queued, or running and not
	// asked to stop yet.
	Cancellable bool `json:"cancellable"`
	Done        int  `json:"done"`
	Total       int  `json:"total"`
	Percent     int  `json:"percent"`
	// Bar drives the progress element: Max and Value, or neither for an
	// indeterminate bar.
	BarMax   int  `json:"bar_max"`
	BarValue int  `json:"bar_value"`
	BarKnown bool `json:"bar_known"`
	// ProgressText is "200 of 450 records"; Message what it is doing
	// or how it ended, in a sentence.
	ProgressText string `json:"progress_text"`
	Message      string `json:"message"`
	Error        string `json:"error,omitempty"`
	// Calls is "3 API calls (about 4 expected)".
	Calls      string     `json:"api_calls"`
	CreatedAt  *time.Time `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	// Result is a finished report's lines, object by object; RawResult
	// the result of a kind whose report this page does not know.
	Result    []string `json:"-"`
	RawResult string   `json:"-"`
	// StatusURL is the JSON the page polls.
	StatusURL string `json:"-"`
}

// kindLabels name the kinds the UI knows; others are named from their
// kind.
var kindLabels = map[string]string{
	ops.KindPullAll:          "Pull all",
	ops.KindPushAll:          "Push all",
	ops.KindFullResync:       "Full resync",
	ops.KindPullLeadStatuses: "Pull lead statuses",
	ops.KindSyncUsers:        "Sync users",
}

func kindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	l := strings.ReplaceAll(kind, "_", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// kindOrder puts the kinds the UI knows first, in the order people
// reach for them, then the others as given.
func kindOrder(kinds []string) []string {
	known := []string{ops.KindPullAll, ops.KindPushAll, ops.KindFullResync, ops.KindPullLeadStatuses, ops.KindSyncUsers}
	out := make([]string, 0, len(kinds))
	for _, k := range known {
		if slices.Contains(kinds, k) {
			out = append(out, k)
		}
	}
	for _, k := range kinds {
		if !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	return out
}

// countsRecords says the kind's progress is in records.
func countsRecords(kind string) bool {
	return kind == ops.KindPullAll || kind == ops.KindPushAll || kind == ops.KindFullResync
}

// GET /ui/integrations/{id}/operations: the kinds with their Start
// buttons (and an estimate when asked for), and the operations.
func (h *Handler) operationsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "operations")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d, err := h.operationsData(r, c, q.Get("estimate"))
	if err != nil {
		return err
	}
	v.Notice = d.notice
	if d.notice == nil {
		v.Notice = h.operationOutcome(r, c, q)
	}
	h.renderOperations(w, r, http.StatusOK, v, d.operationsData)
	return nil
}

// operationsPageData is operationsData with the notice an estimate
// produced.
type operationsPageData struct {
	operationsData
	notice *notice
}

// operationsData reads the page's data; estimate names a kind whose
// cost to show.
func (h *Handler) operationsData(r *http.Request, c store.Connection, estimate string) (operationsPageData, error) {
	ctx := r.Context()
	d := operationsPageData{operationsData: operationsData{ID: c.ID, Runner: h.ops != nil}}
	if h.ops != nil {
		for _, k := range kindOrder(h.ops.Kinds()) {
			desc, _ := h.ops.Describe(k)
			label := kindLabel(k)
			kv := kindView{Kind: k, Label: label, Description: desc, Start: "Start " + strings.ToLower(label[:1]) + label[1:]}
			if k == estimate {
				est, err := h.ops.Estimate(ctx, c.WorkspaceID, c.ID, k)
				if err != nil {
					n, err := h.operationRefusal(r, c, k, err)
					if err != nil {
						return d, err
					}
					d.notice = n
				} else {
					kv.Estimate = estimateText(est)
				}
			}
			d.Kinds = append(d.Kinds, kv)
		}
	}
	page, err := h.store.ListOperations(ctx, c.ID, store.ListParams{Limit: operationsShown})
	if err != nil {
		return d, fmt.Errorf("listing operations: %w", err)
	}
	d.More = page.Next != ""
	for _, op := range page.Items {
		ov := viewOperationUI(op)
		ov.StatusURL = integrationPath(c.ID, "operations/"+url.PathEscape(op.ID)+"/status")
		ov.Cancellable = ov.Cancellable && h.ops != nil
		if !ov.Finished {
			d.Unfinished = true
		}
		d.Operations = append(d.Operations, ov)
	}
	return d, nil
}

// renderOperations renders the page with its script and style.
func (h *Handler) renderOperations(w http.ResponseWriter, r *http.Request, status int, v view, d operationsData) {
	v.Data = d
	v.Scripts = append(v.Scripts, "operations.js")
	v.Styles = append(v.Styles, "operations.css")
	if d.Unfinished {
		v.RefreshNoScript = 2
	}
	h.render(w, r, status, "operations", v)
}

// operationOutcome is the notice of ?started=op or ?cancelled=op after
// a redirect.
func (h *Handler) operationOutcome(r *http.Request, c store.Connection, q url.Values) *notice {
	ctx := r.Context()
	if id := q.Get("started"); id != "" {
		op, err := h.store.GetOperation(ctx, c.ID, id)
		if err != nil {
			return nil
		}
		return &notice{"success", startedText(op)}
	}
	if id := q.Get("cancelled"); id != "" {
		op, err := h.store.GetOperation(ctx, c.ID, id)
		if err != nil {
			return nil
		}
		label := kindLabel(op.Kind)
		if op.Status == store.OperationCancelled {
			return &notice{"success", label + " was cancelled. What it did before it stopped is kept."}
		}
		if op.Status.Finished() {
			return &notice{"info", label + " had finished (" + strings.ToLower(statusLabel(op)) + ") before it could be cancelled."}
		}
		return &notice{"success", "Stopping " + label + ": it stops after the page or batch it is working on and keeps what it did."}
	}
	return nil
}

// startedText is the notice after starting op, with its estimate.
func startedText(op store.Operation) string {
	label := kindLabel(op.Kind)
	var cost []string
	if op.Total > 0 {
		cost = append(cost, "about "+commaInt(op.Total)+" "+pluralWord(op.Total, "record"))
	}
	if op.EstimatedCalls > 0 {
		cost = append(cost, "about "+commaInt(op.EstimatedCalls)+" API "+pluralWord(op.EstimatedCalls, "call"))
	}
	text := label + " started"
	if len(cost) > 0 {
		text += " (" + strings.Join(cost, ", ") + ")"
	}
	return text + ". It runs as soon as no sync of this integration is running; its progress shows below."
}

// estimateText words an estimate: "About 1,200 records and about 3 API
// calls. Counting them took 1 API call."
func estimateText(e ops.Estimate) string {
	if e.Unknown {
		if e.Note != "" {
			return sentence(e.Note)
		}
		return "This operation gives no estimate of its cost."
	}
	text := fmt.Sprintf("About %s %s and about %s API %s.", commaInt(e.Records), pluralWord(e.Records, "record"),
		commaInt(e.Calls), pluralWord(e.Calls, "call"))
	if e.CountingCalls > 0 {
		text += fmt.Sprintf(" Counting them took %s API %s.", commaInt(e.CountingCalls), pluralWord(e.CountingCalls, "call"))
	}
	if e.Note != "" {
		text += " " + sentence(e.Note)
	}
	return text
}

// POST /ui/integrations/{id}/operations with kind: estimates and queues
// an operation, then back to the page, which shows its progress.
func (h *Handler) startOperation(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "operations")
	if err != nil {
		return err
	}
	kind := r.PostFormValue("kind")
	var refusal *notice
	status := http.StatusBadRequest
	if h.ops == nil {
		refusal, status = &notice{"error", noRunnerText}, http.StatusServiceUnavailable
	} else {
		op, _, startErr := h.ops.Start(r.Context(), c.WorkspaceID, c.ID, kind)
		if startErr == nil {
			redirectSection(w, r, c.ID, "operations", url.Values{"started": {op.ID}})
			return nil
		}
		if refusal, err = h.operationRefusal(r, c, kind, startErr); err != nil {
			return err
		}
		if errors.Is(startErr, ops.ErrWritingOff) {
			status = http.StatusConflict
		}
	}
	d, err := h.operationsData(r, c, "")
	if err != nil {
		return err
	}
	v.Notice = refusal
	h.renderOperations(w, r, status, v, d.operationsData)
	return nil
}

// noRunnerText says why there are no Start buttons.
const noRunnerText = "Operations cannot be started here: this sfbridge server runs without its operations runner. " +
	"Earlier operations are listed below; ask whoever runs sfbridge to start it with operations enabled."

// operationRefusal words why an operation of kind could not be
// estimated or started, as a notice that says what to do; an error it
// cannot word is returned.
func (h *Handler) operationRefusal(r *http.Request, c store.Connection, kind string, err error) (*notice, error) {
	label := kindLabel(kind)
	var unknown *ops.UnknownKindError
	var ce *connection.Error
	switch {
	case errors.As(err, &unknown):
		return &notice{"error", fmt.Sprintf("There is no operation %q. Choose one of the operations listed below.", clipped(kind))}, nil
	case errors.Is(err, ops.ErrWritingOff):
		return &notice{"error", label + " cannot run: writing to Salesforce is off for this integration, so nothing can be pushed. " +
			"Turn on \u201cEnable writing to Salesforce\u201d on the Sync tab, then start it again."}, nil
	case errors.Is(err, ops.ErrNothingToDo):
		oms, lerr := h.store.ListObjectMappings(r.Context(), c.ID)
		if lerr != nil {
			return nil, lerr
		}
		for _, om := range oms {
			if om.Enabled {
				return &notice{"info", "There is nothing to push: no object of this integration is written to Salesforce. " +
					"Under Directions on the Sync tab, set New records or Changes of an object to \u201c\u2194 Both ways\u201d, then start " + label + " again."}, nil
			}
		}
		return &notice{"info", "There is nothing to do: no Salesforce object syncs on this integration. " +
			"Turn one on under Objects on the Sync tab first, then start " + label + " again."}, nil
	case errors.As(err, &ce):
		switch ce.Code {
		case connection.CodeNotFound:
			return nil, err
		case connection.CodeNotConnected:
			return &notice{"error", label + " cannot run: this integration is not connected to Salesforce. " +
				"Connect it on the Overview tab, then try again."}, nil
		}
		return &notice{"error", label + " cannot run: " + lowerFirst(sentence(ce.Message)) +
			" Check the connection on the Overview tab, then try again."}, nil
	case r.Context().Err() != nil:
		return nil, err
	}
	h.log.WarnContext(r.Context(), "ui: estimating an operation", "connection_id", c.ID, "kind", kind, "err", err)
	return &notice{"error", label + " could not be started because counting its records in Salesforce failed (" + err.Error() + "). " +
		"Run Test Connection on the Overview tab, then try again."}, nil
}

// POST /ui/integrations/{id}/operations/{op}/cancel
func (h *Handler) cancelOperation(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "operations")
	if err != nil {
		return err
	}
	opID := r.PathValue("op")
	if h.ops == nil {
		d, err := h.operationsData(r, c, "")
		if err != nil {
			return err
		}
		v.Notice = &notice{"error", noRunnerText}
		h.renderOperations(w, r, http.StatusServiceUnavailable, v, d.operationsData)
		return nil
	}
	_, err = h.ops.Cancel(r.Context(), c.ID, opID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.renderError(w, r, http.StatusNotFound, "Operation not found",
			"This integration has no such operation. Go back to its one-time operations.")
		return nil
	case err != nil && !errors.Is(err, ops.ErrNotCancellable):
		return err
	}
	// A finished one says so on the page it comes back to.
	redirectSection(w, r, c.ID, "operations", url.Values{"cancelled": {opID}})
	return nil
}

// GET /ui/integrations/{id}/operations/{op}/status: the operation's
// progress as JSON, for operations.js. Only an operation of this
// workspace's connection is found.
func (h *Handler) operationStatus(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := h.conns.Get(r.Context(), s.Workspace.ID, r.PathValue("id"))
	var ce *connection.Error
	switch {
	case errors.As(err, &ce) && ce.Code == connection.CodeNotFound, errors.Is(err, store.ErrNotFound):
		writeStatusJSON(w, http.StatusNotFound, map[string]string{"error": "There is no such integration in this workspace."})
		return nil
	case err != nil:
		return err
	}
	op, err := h.store.GetOperation(r.Context(), c.ID, r.PathValue("op"))
	if errors.Is(err, store.ErrNotFound) {
		writeStatusJSON(w, http.StatusNotFound, map[string]string{"error": "This integration has no such operation."})
		return nil
	}
	if err != nil {
		return err
	}
	writeStatusJSON(w, http.StatusOK, viewOperationUI(op))
	return nil
}

func writeStatusJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the browser went away; nothing to do
}

// viewOperationUI is an operation as the page and the status JSON show
// it.
func viewOperationUI(op store.Operation) operationView {
	v := operationView{ID: op.ID, Kind: op.Kind, Label: kindLabel(op.Kind), Status: string(op.Status), StatusLabel: statusLabel(op),
		StatusClass: statusClass(op.Status), Finished: op.Status.Finished(), Done: op.Done, Total: op.Total,
		Error: op.Error, StartedAt: op.StartedAt, FinishedAt: op.FinishedAt}
	created := op.CreatedAt
	v.CreatedAt = &created
	v.Cancellable = !v.Finished && !op.CancelRequested
	switch {
	case op.Status == store.OperationSucceeded:
		v.Percent = 100
	case op.Total > 0:
		v.Percent = min(100, op.Done*100/op.Total)
	}
	switch {
	case op.Total > 0:
		v.BarMax, v.BarValue, v.BarKnown = op.Total, min(op.Done, op.Total), true
	case v.Finished:
		v.BarMax, v.BarValue, v.BarKnown = 100, v.Percent, true
	}
	v.ProgressText = progressText(op)
	v.Message = operationMessage(op)
	v.Calls = commaInt(op.APICalls) + " API " + pluralWord(op.APICalls, "call")
	if op.EstimatedCalls > 0 {
		v.Calls += " (about " + commaInt(op.EstimatedCalls) + " expected)"
	}
	if v.Finished && len(op.Result) > 0 {
		v.Result, v.RawResult = resultLines(op)
	}
	return v
}

func statusLabel(op store.Operation) string {
	switch op.Status {
	case store.OperationQueued:
		return "Queued"
	case store.OperationRunning:
		if op.CancelRequested {
			return "Stopping"
		}
		return "Running"
	case store.OperationSucceeded:
		return "Succeeded"
	case store.OperationFailed:
		return "Failed"
	case store.OperationCancelled:
		return "Cancelled"
	}
	return string(op.Status)
}

// statusClass is the badge modifier: ok, warn and off come from
// ui.css, run from operations.css.
func statusClass(s store.OperationStatus) string {
	switch s {
	case store.OperationSucceeded:
		return "ok"
	case store.OperationFailed:
		return "warn"
	case store.OperationRunning:
		return "run"
	}
	return "off"
}

// progressText is "200 of 450 records", or what is known without a
// total.
func progressText(op store.Operation) string {
	unit := ""
	if countsRecords(op.Kind) {
		unit = " records"
	}
	switch {
	case op.Total > 0:
		return commaInt(op.Done) + " of " + commaInt(op.Total) + unit
	case op.Status == store.OperationQueued:
		return "Waiting to start"
	case op.Status.Finished() && op.Done == 0:
		if unit == "" {
			return "Nothing counted"
		}
		return "No records"
	case op.Done > 0:
		return commaInt(op.Done) + unit + " so far"
	}
	return "Counting"
}

// operationMessage says in a sentence what op is doing, or how it
// ended.
func operationMessage(op store.Operation) string {
	switch op.Status {
	case store.OperationQueued:
		if op.CancelRequested {
			return "Cancelling."
		}
		return "Queued: it starts as soon as no sync of this integration is running."
	case store.OperationRunning:
		if op.CancelRequested {
			return "Stopping after the current page or batch."
		}
		if op.Step != "" && op.Step != "queued" {
			return sentence(op.Step)
		}
		return "Starting."
	case store.OperationSucceeded:
		return "Finished."
	case store.OperationCancelled:
		return "Cancelled. What it did before it stopped is kept."
	case store.OperationFailed:
		if op.Error != "" {
			return "Failed: " + op.Error
		}
		return "Failed."
	}
	return ""
}

// resultLines words a finished operation's result: one line per object
// of an [ops.Report], or the JSON of another kind's result.
func resultLines(op store.Operation) (lines []string, raw string) {
	var rep ops.Report
	if countsRecords(op.Kind) && json.Unmarshal(op.Result, &rep) == nil && (len(rep.Pull) > 0 || len(rep.Push) > 0) {
		for _, part := range []struct {
			verb string
			list []ops.ObjectReport
		}{{"Pulled", rep.Pull}, {"Pushed", rep.Push}} {
			for _, o := range part.list {
				lines = append(lines, objectLine(part.verb, o))
			}
		}
		return lines, ""
	}
	var pretty strings.Builder
	var v any
	if json.Unmarshal(op.Result, &v) != nil {
		return nil, string(op.Result)
	}
	enc := json.NewEncoder(&pretty)
	enc.SetIndent("", "  ")
	if enc.Encode(v) != nil {
		return nil, string(op.Result)
	}
	return nil, strings.TrimSpace(pretty.String())
}

// objectLine is "Pulled Contact: 450 read, 450 created, 0 updated, 0
// failed (3 API calls)."
func objectLine(verb string, o ops.ObjectReport) string {
	counts := []string{}
	if verb == "Pulled" {
		counts = append(counts, commaInt(o.Read)+" read")
	}
	counts = append(counts, commaInt(o.Created)+" created", commaInt(o.Updated)+" updated")
	if o.Deleted > 0 {
		counts = append(counts, commaInt(o.Deleted)+" deleted")
	}
	counts = append(counts, commaInt(o.Unchanged)+" unchanged", commaInt(o.Failed)+" failed")
	if o.Pending > 0 {
		counts = append(counts, commaInt(o.Pending)+" still waiting")
	}
	line := fmt.Sprintf("%s %s: %s (%s API %s)", verb, o.Object, strings.Join(counts, ", "), commaInt(o.APICalls), pluralWord(o.APICalls, "call"))
	switch o.Status {
	case ops.ObjectFailed:
		line += ". Failed: " + o.Error
	case ops.ObjectCancelled:
		line += ". Cancelled midway"
	case ops.ObjectWaiting:
		line += ". Not started"
	}
	return strings.TrimSuffix(line, ".") + "."
}

// commaInt writes n with thousands separators: 1,200.
func commaInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pluralWord is word, with an s unless n is 1.
func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// lowerFirst lowers msg's first letter.
func lowerFirst(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToLower(msg[:1]) + msg[1:]
}

// clipped cuts a value from a request to a length fit to quote.
func clipped(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
