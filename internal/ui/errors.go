package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

// Bounds of the errors page: the failed outbox entries it lists, the
// record errors it reads, and the distinct ones of those it lists.
const (
	failedShown       = 100
	recordErrorsRead  = 300
	recordErrorsShown = 50
)

// errorRoutes registers the errors section: the connection's record
// failures, with Retry for those the app writes to Salesforce.
func (h *Handler) errorRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/errors", h.authed(h.errorsPage))
	m.Handle("POST /ui/integrations/{id}/errors/retry", h.authed(h.retryErrors))
}

// errorsData is the errors page.
type errorsData struct {
	ID string
	// Outbound are the records Salesforce refused, waiting to be
	// retried; FailedTotal counts all of them, OutboundMore says some
	// are not listed.
	Outbound     []failureView
	FailedTotal  int
	OutboundMore bool
	// Inbound are the distinct problems the syncs recorded beyond the
	// outbox: records read from Salesforce that could not be taken in,
	// and mapped fields that cannot be read or written.
	Inbound []failureView
}

// failureView is one record failure: why, and how to fix it.
type failureView struct {
	Object       string
	AppID        string
	SalesforceID string
	Field        string
	Code         string
	// What names the code in words, when it is a common one.
	What  string
	Cause string
	Fix   string
	// GaveUp counts the attempts before sfbridge stopped retrying by
	// itself.
	GaveUp int
	When   *time.Time
	// During says what the sync was doing: "Reading from Salesforce" or
	// "Writing to Salesforce"; Times how often it was recorded.
	During string
	Times  int
}

// GET /ui/integrations/{id}/errors
func (h *Handler) errorsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "errors")
	if err != nil {
		return err
	}
	d, err := h.errorsData(r.Context(), c)
	if err != nil {
		return err
	}
	v.Data = d
	if n, err := strconv.Atoi(r.URL.Query().Get("retried")); err == nil && n >= 0 {
		v.Notice = retriedNotice(n, r.URL.Query().Get("one") != "")
	}
	h.render(w, r, http.StatusOK, "errors", v)
	return nil
}

// retriedNotice says how many records a retry queued.
func retriedNotice(n int, one bool) *notice {
	switch {
	case n == 0 && one:
		return &notice{"info", "Nothing to retry: that record is no longer waiting as failed."}
	case n == 0:
		return &notice{"info", "Nothing to retry: no record is waiting as failed."}
	case n == 1:
		return &notice{"success", "1 record queued to be sent to Salesforce again. The next sync sends it."}
	}
	return &notice{"success", commaInt(n) + " records queued to be sent to Salesforce again. The next sync sends them."}
}

func (h *Handler) errorsData(ctx context.Context, c store.Connection) (errorsData, error) {
	d := errorsData{ID: c.ID}
	counts, err := h.store.CountOutbox(ctx, c.ID)
	if err != nil {
		return d, fmt.Errorf("counting the outbox: %w", err)
	}
	d.FailedTotal = counts[store.OutboxFailed]
	if d.FailedTotal > 0 {
		if d.Outbound, d.OutboundMore, err = h.outboundFailures(ctx, c); err != nil {
			return d, err
		}
	}
	if d.Inbound, err = h.syncProblems(ctx, c); err != nil {
		return d, err
	}
	return d, nil
}

// outboundFailures are the failed outbox entries, newest first, with
// the Salesforce ids of the records that have one.
func (h *Handler) outboundFailures(ctx context.Context, c store.Connection) ([]failureView, bool, error) {
	page, err := h.store.ListOutbox(ctx, c.ID, store.OutboxFilter{Status: store.OutboxFailed}, store.ListParams{Limit: failedShown})
	if err != nil {
		return nil, false, fmt.Errorf("listing failed outbox entries: %w", err)
	}
	byObject := map[string][]string{}
	for _, e := range page.Items {
		byObject[e.Object] = append(byObject[e.Object], e.AppID)
	}
	sfIDs := map[string]map[string]string{}
	for object, appIDs := range byObject {
		ids, err := h.store.LookupSalesforceIDs(ctx, c.ID, object, appIDs)
		if err != nil {
			return nil, false, fmt.Errorf("looking up the Salesforce ids of %s: %w", object, err)
		}
		sfIDs[object] = ids
	}
	entries := slices.Clone(page.Items)
	slices.SortStableFunc(entries, func(a, b store.OutboxEntry) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	out := make([]failureView, 0, len(entries))
	for _, e := range entries {
		when := e.UpdatedAt
		f := failureView{Object: e.Object, AppID: e.AppID, SalesforceID: sfIDs[e.Object][e.AppID], Code: e.ErrorCode,
			When: &when, During: "Writing to Salesforce", Times: 1}
		f.setFailure(e.ErrorCode, e.ErrorMessage, e.ErrorCause, e.ErrorFix, false)
		out = append(out, f)
	}
	return out, page.Next != "", nil
}

// syncProblems are the record errors not about an app record (those
// are in the outbox while they stand), one per record, field and code,
// newest first.
func (h *Handler) syncProblems(ctx context.Context, c store.Connection) ([]failureView, error) {
	page, err := h.store.ListRecordErrors(ctx, c.ID, store.ListParams{Limit: recordErrorsRead})
	if err != nil {
		return nil, fmt.Errorf("listing record errors: %w", err)
	}
	type key struct{ object, sfID, field, code, during string }
	seen := map[key]int{}
	runKinds := map[string]string{}
	var out []failureView
	for _, e := range page.Items {
		if e.AppID != "" {
			continue
		}
		during := "Reading from Salesforce"
		if e.RunID != "" {
			kind, ok := runKinds[e.RunID]
			if !ok {
				run, err := h.store.GetRun(ctx, c.ID, e.RunID)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return nil, fmt.Errorf("reading run %s: %w", e.RunID, err)
				}
				kind, runKinds[e.RunID] = run.Kind, run.Kind
			}
			if kind == syncer.KindPush {
				during = "Writing to Salesforce"
			}
		}
		k := key{e.Object, e.SalesforceID, e.Field, e.Code, during}
		if i, ok := seen[k]; ok {
			out[i].Times++
			continue
		}
		if len(out) == recordErrorsShown {
			continue
		}
		when := e.CreatedAt
		f := failureView{Object: e.Object, SalesforceID: e.SalesforceID, Field: e.Field, Code: e.Code, When: &when,
			During: during, Times: 1}
		f.setFailure(e.Code, e.Message, e.Cause, e.Fix, true)
		seen[k] = len(out)
		out = append(out, f)
	}
	return out, nil
}

// POST /ui/integrations/{id}/errors/retry: with object and app_id, one
// record's failed entry; without, every failed entry. They become due
// now, so the next sync sends them.
func (h *Handler) retryErrors(w http.ResponseWriter, r *http.Request, s *session) error {
	_, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "errors")
	if err != nil {
		return err
	}
	object, appID := strings.TrimSpace(r.PostFormValue("object")), strings.TrimSpace(r.PostFormValue("app_id"))
	if len(object) > 200 || len(appID) > 200 {
		h.renderError(w, r, http.StatusBadRequest, "That did not work", "The record to retry is not one of this integration's. Go back to its errors.")
		return nil
	}
	if appID == "" {
		object = ""
	}
	n, err := h.store.RetryOutbox(r.Context(), c.ID, object, appID, h.now().UTC())
	if err != nil {
		return fmt.Errorf("retrying failed outbox entries: %w", err)
	}
	q := url.Values{"retried": {strconv.Itoa(n)}}
	if appID != "" {
		q.Set("one", "1")
	}
	redirectSection(w, r, c.ID, "errors", q)
	return nil
}

// setFailure fills in f's cause, fix and fields from a stored failure:
// its one-line message, and its cause and fix as stored apart.
func (f *failureView) setFailure(code, msg, cause, fix string, inbound bool) {
	p := storedFailure(code, msg, cause, fix)
	f.Cause, f.Fix, f.GaveUp = p.Cause, p.Fix, p.GaveUp
	if f.Field == "" && len(p.Fields) > 0 {
		f.Field = strings.Join(p.Fields, ", ")
	}
	if f.Fix == "" {
		f.Fix = fallbackFix(code, inbound)
	}
	if f.Cause == "" {
		f.Cause = "Salesforce gave no reason."
	}
	f.What = codeWords[code]
}

// failureParts is a stored failure taken apart.
type failureParts struct {
	// Fields are the fields its prefix names ("... on Contact.Email:").
	Fields     []string
	Cause, Fix string
	// GaveUp is the attempts of a transient failure sfbridge stopped
	// retrying.
	GaveUp int
}

// gaveUpRE is the note the engine adds to a transient failure it stops
// retrying.
var gaveUpRE = regexp.MustCompile(`\s*\(gave up after (\d+) attempts?[^()]*\)\s*$`)

// storedFailure is a stored failure taken apart: the cause and fix the
// engine stored apart, with the fields and the give-up note read off the
// message's envelope. A failure stored without them (a row from before
// they were kept apart, migration 0010) falls back to splitFailure,
// which guesses where the fix starts in the message.
func storedFailure(code, msg, cause, fix string) failureParts {
	cause, fix = strings.TrimSpace(cause), strings.TrimSpace(fix)
	if cause == "" && fix == "" {
		return splitFailure(code, msg)
	}
	p, _ := unwrapMessage(code, msg)
	p.Cause, p.Fix = cause, fix
	return p
}

// splitFailure takes apart the message of a failure stored without its
// cause and fix apart: only rows from before migration 0010 need it.
// The engine stored a write failure as one line: "CODE on Object.Field:
// <cause> <fix>" (syncer.WriteFailure.Message), and the sync's field
// problems as "<cause>: <fix>" or "<cause>. <Fix>." The fix is found
// where a sentence outside quotes starts with what the engine's fixes
// started with then; a message without one is all cause.
func splitFailure(code, msg string) failureParts {
	p, rest := unwrapMessage(code, msg)
	cause, fix := splitCauseFix(rest)
	p.Cause, p.Fix = capFirst(cause), capFirst(fix)
	return p
}

// unwrapMessage reads the engine's envelope off a failure's message:
// the fields its "CODE on Object.Field:" prefix names and the attempts
// of a trailing give-up note, and the cause and fix between them.
func unwrapMessage(code, msg string) (failureParts, string) {
	var p failureParts
	msg = strings.TrimSpace(msg)
	if m := gaveUpRE.FindStringSubmatchIndex(msg); m != nil {
		p.GaveUp, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = strings.TrimSpace(msg[:m[0]])
	}
	if code != "" && strings.HasPrefix(msg, code) {
		rest := msg[len(code):]
		switch {
		case strings.HasPrefix(rest, ": "):
			msg = rest[2:]
		case strings.HasPrefix(rest, " on "):
			if i := strings.Index(rest, ": "); i > 0 {
				for _, name := range strings.Split(rest[len(" on "):i], ", ") {
					if _, field, ok := strings.Cut(name, "."); ok {
						p.Fields = append(p.Fields, field)
					}
				}
				msg = rest[i+2:]
			}
		}
	}
	return p, msg
}

// fixOpeners are how the engine's fixes started, as sentences, when it
// stored them only inside the message. Wording added to the engine since
// need not be listed here: its failures are stored with the fix apart.
var fixOpeners = []string{
	"Nothing to do", "Remove ", "Reconnect ", "Map ", "Fill in ", "Make ", "Add ", "Change ", "Give ", "Restore ",
	"Correct ", "Point ", "If ", "Look up ", "Share ", "Merge ", "Link ", "Shorten ", "Fix ", "In Salesforce, ",
	"Ask ", "Unlink ", "Turn ", "Enable ", "Set ", "Check ", "Declare ", "Authorize ", "sfbridge writes it",
}

// splitCauseFix finds where the fix starts: after ". " (a sentence that
// starts like a fix) or ": " (a lower-case one, "...: fix the
// mapping"), outside quoted values.
func splitCauseFix(msg string) (cause, fix string) {
	inQuote := false
	for i := 0; i < len(msg)-1; i++ {
		switch ch := msg[i]; {
		case ch == '"' && (i == 0 || msg[i-1] != '\\'):
			inQuote = !inQuote
		case inQuote || msg[i+1] != ' ':
		case ch == '.':
			rest := msg[i+2:]
			for _, o := range fixOpeners {
				if strings.HasPrefix(rest, o) {
					return msg[:i+1], rest
				}
			}
		case ch == ':':
			rest := msg[i+2:]
			for _, o := range fixOpeners {
				if o[0] >= 'A' && o[0] <= 'Z' && strings.HasPrefix(rest, strings.ToLower(o[:1])+o[1:]) {
					return msg[:i] + ".", rest
				}
			}
		}
	}
	return msg, ""
}

// capFirst makes text a sentence: a capital first letter (sfbridge
// keeps its lower case) and a final period.
func capFirst(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if !strings.HasPrefix(text, "sfbridge") {
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	if !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, ".\"") {
		text += "."
	}
	return text
}

// fallbackFix is the fix of a message that names none.
func fallbackFix(code string, inbound bool) string {
	switch {
	case code == "conversion_failed":
		return "Change the field mapping so the app field's type fits the Salesforce field, or correct the value in Salesforce. " +
			"The next sync reads the record again once it changes in Salesforce; a Pull all (on the One-time operations tab) reads every record again."
	case inbound:
		return "Correct what the message names. The next sync tries again."
	}
	return "Correct what the message names on the app record or in Salesforce, then retry."
}

// codeWords names common failure codes in words.
var codeWords = map[string]string{
	"REQUIRED_FIELD_MISSING":                        "A required field is empty",
	"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST":       "A picklist refused the value",
	"FIELD_CUSTOM_VALIDATION_EXCEPTION":             "A validation rule refused the record",
	"INVALID_FIELD_FOR_INSERT_UPDATE":               "A field is read-only",
	"INVALID_FIELD":                                 "Salesforce does not know a field",
	"INSUFFICIENT_ACCESS_OR_READONLY":               "The Salesforce user lacks access",
	"INSUFFICIENT_ACCESS":                           "The Salesforce user lacks access",
	"DUPLICATES_DETECTED":                           "A duplicate rule blocked the record",
	"DUPLICATE_VALUE":                               "A unique value is taken",
	"STRING_TOO_LONG":                               "A text value is too long",
	"INVALID_EMAIL_ADDRESS":                         "An email address is not valid",
	"NUMBER_OUTSIDE_VALID_RANGE":                    "A number is out of range",
	"ENTITY_IS_DELETED":                             "The Salesforce record is deleted",
	"CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY":          "Salesforce automation failed",
	"REQUEST_LIMIT_EXCEEDED":                        "The org's API limit is used up",
	"UNABLE_TO_LOCK_ROW":                            "The record was locked",
	"INVALID_CROSS_REFERENCE_KEY":                   "A reference points nowhere",
	"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY": "A referenced record is not accessible",
	"salesforce_unreachable":                        "Salesforce could not be reached",
	"reference_waiting":                             "A referenced record is not in Salesforce yet",
	"conversion_failed":                             "A value could not be converted",
	"field_unavailable":                             "A mapped field is hidden or deleted",
	"app_field_missing":                             "A mapping names a missing app field",
	"reference_unmapped":                            "A reference's object is not mapped",
	"incompatible":                                  "A mapping cannot convert values",
}
