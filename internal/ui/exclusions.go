package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// exclusionRoutes registers the Sourcing exclusions section: the
// connection's rules, adding and deleting one, and checking values
// against them.
func (h *Handler) exclusionRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/exclusions", h.authed(h.exclusionsPage))
	m.Handle("POST /ui/integrations/{id}/exclusions", h.authed(h.addExclusionRule))
	m.Handle("POST /ui/integrations/{id}/exclusions/{rule}/delete", h.authed(h.deleteExclusionRule))
	m.Handle("POST /ui/integrations/{id}/exclusions/check", h.authed(h.checkExclusions))
}

// exclusionKind is a kind of rule as the page explains it.
type exclusionKind struct {
	Value, Label, Hint string
	// Values says what the rule's values are, for kinds that take them.
	Values string
}

var exclusionKinds = []exclusionKind{
	{string(store.ExclusionAnyContact), "Any contact",
		"Every Contact: the person is already a customer or partner contact.", ""},
	{string(store.ExclusionLeadStatus), "Lead status",
		"Leads whose Status is one of the values.", "lead statuses, such as Working - Contacted"},
	{string(store.ExclusionAccountType), "Account type",
		"Accounts whose Type is one of the values, and their people.", "account types, such as Customer - Direct"},
	{string(store.ExclusionOwner), "Owner",
		"Contacts, Leads and Accounts owned by one of the values, and the people of those Accounts.",
		"Salesforce user or queue ids (005… or 00G…)"},
	{string(store.ExclusionOpenOpportunity), "Open opportunity",
		"Accounts with an open opportunity, and their people.", ""},
}

func exclusionKindOf(k store.ExclusionKind) exclusionKind {
	for _, x := range exclusionKinds {
		if x.Value == string(k) {
			return x
		}
	}
	return exclusionKind{Value: string(k), Label: string(k)}
}

// exclusionsData is the Sourcing exclusions page.
type exclusionsData struct {
	ID    string
	Rules []exclusionRuleRow
	Kinds []exclusionKind
	// Full says the connection has as many rules as it may.
	Full bool
	// Add is the Add rule form; Check the Check a record form and its
	// answer.
	Add   exclusionForm
	Check exclusionCheck
	// LeadStatuses are the org's lead statuses as last pulled, as a hint.
	LeadStatuses string
}

// exclusionRuleRow is one rule in the table.
type exclusionRuleRow struct {
	ID, Label, Kind string
	// Named says Label is the rule's own name rather than its kind's.
	Named     bool
	Values    []string
	CreatedAt *time.Time
}

// exclusionForm is the Add rule form's values.
type exclusionForm struct {
	Name, Kind, Values string
	// Field names the input an error is about; Dirty marks the form as
	// holding unsaved changes.
	Field string
	Dirty bool
}

// exclusionCheck is the Check a record form and, once run, its answer.
type exclusionCheck struct {
	Email, Domain, Phone, Region string
	Field                        string
	Ran                          bool
	Verdicts                     []exclusionVerdict
	NoRules                      bool
}

// exclusionVerdict is the answer for one value.
type exclusionVerdict struct {
	What, Value string
	Excluded    bool
	// Invalid says why the value could not be checked.
	Invalid string
	Matches []exclusionMatch
}

// exclusionMatch is a rule that excludes a value, and the record.
type exclusionMatch struct {
	Rule   string
	Record exclusionRecord
	Via    *exclusionRecord
}

// exclusionRecord is a Salesforce record, linked in the org when its
// instance is known.
type exclusionRecord struct {
	Object, Name, Href string
}

// GET /ui/integrations/{id}/exclusions
func (h *Handler) exclusionsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "exclusions")
	if err != nil {
		return err
	}
	d, err := h.exclusionsData(ctx, c)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("added") == "1":
		v.Notice = &notice{"success", "Rule added. It applies to checks now and to records from the next sync."}
	case q.Get("deleted") == "1":
		v.Notice = &notice{"success", "Rule deleted. It no longer excludes anything."}
	}
	h.renderExclusions(w, r, http.StatusOK, v, d)
	return nil
}

func (h *Handler) renderExclusions(w http.ResponseWriter, r *http.Request, status int, v view, d exclusionsData) {
	v.Data, v.Styles, v.Scripts = d, []string{"exclusions.css"}, []string{"exclusions.js"}
	h.render(w, r, status, "exclusions", v)
}

// exclusionsData reads the connection's rules and lead statuses.
func (h *Handler) exclusionsData(ctx context.Context, c store.Connection) (exclusionsData, error) {
	d := exclusionsData{ID: c.ID, Kinds: exclusionKinds, Add: exclusionForm{Kind: string(store.ExclusionAnyContact)}}
	rules, err := h.store.ListExclusionRules(ctx, c.ID)
	if err != nil {
		return d, err
	}
	d.Full = len(rules) >= store.MaxExclusionRules
	for _, x := range rules {
		row := exclusionRuleRow{ID: x.ID, Label: x.Name, Named: x.Name != "", Kind: exclusionKindOf(x.Kind).Label, Values: x.Values}
		if !row.Named {
			row.Label = row.Kind
		}
		if !x.CreatedAt.IsZero() {
			at := x.CreatedAt
			row.CreatedAt = &at
		}
		d.Rules = append(d.Rules, row)
	}
	statuses, err := h.store.ListLeadStatuses(ctx, c.ID)
	if err != nil {
		return d, err
	}
	names := make([]string, len(statuses))
	for i, st := range statuses {
		names[i] = st.Value
	}
	d.LeadStatuses = strings.Join(names, ", ")
	return d, nil
}

// POST /ui/integrations/{id}/exclusions adds a rule (fields name, kind
// and values, one per line), checked as the API checks it.
func (h *Handler) addExclusionRule(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "exclusions")
	if err != nil {
		return err
	}
	f := exclusionForm{Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Values: r.PostFormValue("values")}
	rule, field, msg := f.rule()
	status := http.StatusBadRequest
	if msg == "" {
		rules, err := h.store.ListExclusionRules(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(rules) >= store.MaxExclusionRules {
			status, msg = http.StatusConflict, "This integration has "+strconv.Itoa(len(rules))+
				" rules, the most it may have. Delete one, or put more values in an existing rule of the same kind."
		}
	}
	if msg == "" {
		rule.ConnectionID, rule.CreatedAt = c.ID, h.now().UTC()
		_, err := h.store.CreateExclusionRule(ctx, rule)
		switch {
		case errors.Is(err, store.ErrInvalid):
			msg = "The rule was not added: " + strings.TrimPrefix(err.Error(), store.ErrInvalid.Error()+": ") + ". Correct it and add it again."
		case err != nil:
			return err
		default:
			redirectSection(w, r, c.ID, "exclusions", url.Values{"added": {"1"}})
			return nil
		}
	}
	d, err := h.exclusionsData(ctx, c)
	if err != nil {
		return err
	}
	f.Field, f.Dirty = field, true
	d.Add = f
	v.Notice = &notice{"error", msg}
	h.renderExclusions(w, r, status, v, d)
	return nil
}

// rule checks the form as the API checks a rule and returns it, or the
// field and message of the first problem.
func (f exclusionForm) rule() (rule store.ExclusionRule, field, msg string) {
	kind := store.ExclusionKind(f.Kind)
	if !slices.Contains(store.ExclusionKinds, kind) {
		return rule, "kind", "Choose what the rule matches."
	}
	k := exclusionKindOf(kind)
	name := strings.TrimSpace(f.Name)
	switch {
	case !utf8.ValidString(name) || strings.ContainsFunc(name, isExclusionControl):
		return rule, "name", "The name holds characters that cannot be stored: type it again without them."
	case utf8.RuneCountInString(name) > store.MaxExclusionNameLen:
		return rule, "name", "The name is " + strconv.Itoa(utf8.RuneCountInString(name)) + " characters long: shorten it to " + strconv.Itoa(store.MaxExclusionNameLen) + " at most."
	}
	rule = store.ExclusionRule{Kind: kind, Name: name}
	var values []string
	for line := range strings.Lines(f.Values) {
		if line = strings.TrimSpace(line); line != "" {
			values = append(values, line)
		}
	}
	if !kind.TakesValues() {
		if len(values) > 0 {
			return rule, "values", "A rule of kind " + k.Label + " takes no values: clear the Values box, or choose another kind."
		}
		return rule, "", ""
	}
	if len(values) == 0 || len(values) > store.MaxExclusionValues {
		return rule, "values", "A rule of kind " + k.Label + " needs 1 to " + strconv.Itoa(store.MaxExclusionValues) +
			" values, one per line: " + k.Values + "."
	}
	seen := map[string]bool{}
	for _, v := range values {
		quoted := "\u201c" + quoteClipped(v, 40) + "\u201d"
		switch {
		case !utf8.ValidString(v) || strings.ContainsFunc(v, isExclusionControl):
			return rule, "values", "The value " + quoted + " holds characters that cannot be stored: type it again without them."
		case len(v) > store.MaxExclusionValueLen:
			return rule, "values", "The value " + quoted + " is too long: values are at most " + strconv.Itoa(store.MaxExclusionValueLen) + " characters."
		}
		if kind == store.ExclusionOwner {
			id, err := salesforce.ID18(v)
			if err != nil || (id[:3] != "005" && id[:3] != "00G") {
				return rule, "values", quoted + " is not a Salesforce user or queue id. Ids have 15 or 18 letters and digits and start with 005 (users) or 00G (queues): copy them from Salesforce Setup."
			}
			v = id
		}
		if seen[strings.ToLower(v)] {
			return rule, "values", "The value " + quoted + " is there twice: keep one."
		}
		seen[strings.ToLower(v)] = true
		rule.Values = append(rule.Values, v)
	}
	return rule, "", ""
}

// isExclusionControl reports the characters the API refuses in text fields.
func isExclusionControl(r rune) bool { return r < 0x20 || r == 0x7f }

// POST /ui/integrations/{id}/exclusions/{rule}/delete
func (h *Handler) deleteExclusionRule(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "exclusions")
	if err != nil {
		return err
	}
	err = h.store.DeleteExclusionRule(ctx, c.ID, r.PathValue("rule"))
	if err == nil {
		redirectSection(w, r, c.ID, "exclusions", url.Values{"deleted": {"1"}})
		return nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	d, err := h.exclusionsData(ctx, c)
	if err != nil {
		return err
	}
	v.Notice = &notice{"error", "That rule no longer exists: it was deleted already. The list below is up to date."}
	h.renderExclusions(w, r, http.StatusNotFound, v, d)
	return nil
}

// POST /ui/integrations/{id}/exclusions/check answers whether an email,
// a domain and a phone number are excluded, and by which rule and
// record (exclusion.Check). It changes nothing, so it answers at once.
func (h *Handler) checkExclusions(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "exclusions")
	if err != nil {
		return err
	}
	d, err := h.exclusionsData(ctx, c)
	if err != nil {
		return err
	}
	ck := exclusionCheck{Email: strings.TrimSpace(r.PostFormValue("email")), Domain: strings.TrimSpace(r.PostFormValue("domain")),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), Region: strings.ToUpper(strings.TrimSpace(r.PostFormValue("region")))}
	status := http.StatusBadRequest
	field, msg := ck.problem()
	if msg == "" {
		status, msg = h.runExclusionCheck(ctx, c, &ck)
	}
	ck.Field = field
	d.Check = ck
	if msg != "" {
		v.Notice = &notice{"error", msg}
	}
	h.renderExclusions(w, r, status, v, d)
	return nil
}

// problem checks the Check a record form as the API checks a request.
func (ck exclusionCheck) problem() (field, msg string) {
	if ck.Email == "" && ck.Domain == "" && ck.Phone == "" {
		return "email", "Enter an email, a domain or a phone number to check."
	}
	for _, f := range []struct{ field, label, v string }{{"email", "email", ck.Email}, {"domain", "domain", ck.Domain}, {"phone", "phone number", ck.Phone}} {
		if !utf8.ValidString(f.v) || strings.ContainsFunc(f.v, isExclusionControl) || utf8.RuneCountInString(f.v) > store.MaxExclusionCheckText {
			return f.field, "The " + f.label + " is too long or holds characters that cannot be checked: enter it again."
		}
	}
	if ck.Region != "" && (len(ck.Region) != 2 || strings.IndexFunc(ck.Region, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0) {
		return "region", "The country must be a two-letter code, such as US or GB, or left empty for US."
	}
	return "", ""
}

// runExclusionCheck runs the check and fills ck's answer, returning the
// status and, on failure, the message.
func (h *Handler) runExclusionCheck(ctx context.Context, c store.Connection, ck *exclusionCheck) (int, string) {
	rules, err := h.store.ListExclusionRules(ctx, c.ID)
	if err != nil {
		h.log.ErrorContext(ctx, "ui: reading exclusion rules", "connection", c.ID, "err", err)
		return http.StatusInternalServerError, "The rules could not be read because of an error on our side. Try again in a moment."
	}
	req := exclusion.Request{Region: ck.Region}
	if ck.Email != "" {
		req.Emails = []string{ck.Email}
	}
	if ck.Domain != "" {
		req.Domains = []string{ck.Domain}
	}
	if ck.Phone != "" {
		req.Phones = []string{ck.Phone}
	}
	var res exclusion.Result
	if len(rules) == 0 {
		// Nothing can be excluded: answer without calling Salesforce.
		res, err = exclusion.Check(ctx, nil, nil, req)
	} else {
		client, cerr := h.conns.Client(ctx, c.WorkspaceID, c.ID)
		if cerr != nil {
			if status, msg := notConnectedTrouble(cerr); msg != "" {
				return status, "The check did not run. " + msg
			}
			h.log.ErrorContext(ctx, "ui: opening a Salesforce client", "connection", c.ID, "err", cerr)
			return http.StatusInternalServerError, "The check did not run because of an error on our side. Try again in a moment."
		}
		res, err = exclusion.Check(ctx, client, rules, req)
	}
	if err != nil {
		status, msg := h.sfTrouble(ctx, c, err, "read the records to check")
		return status, "The check did not run. " + msg
	}
	labels := make(map[string]string, len(rules))
	for _, x := range rules {
		labels[x.ID] = x.Name
		if x.Name == "" {
			labels[x.ID] = exclusionKindOf(x.Kind).Label
		}
	}
	record := func(r exclusion.Record) exclusionRecord {
		out := exclusionRecord{Object: r.Object, Name: r.Name}
		if out.Name == "" {
			out.Name = r.ID
		}
		if c.InstanceURL != "" && r.ID != "" {
			out.Href = strings.TrimRight(c.InstanceURL, "/") + "/" + url.PathEscape(r.ID)
		}
		return out
	}
	ck.Ran, ck.NoRules = true, len(rules) == 0
	for _, set := range []struct {
		what string
		vs   []exclusion.Verdict
	}{{"Email", res.Emails}, {"Domain", res.Domains}, {"Phone", res.Phones}} {
		for _, x := range set.vs {
			vd := exclusionVerdict{What: set.what, Value: x.Value, Excluded: x.Excluded, Invalid: x.Invalid}
			for _, m := range x.Matches {
				em := exclusionMatch{Rule: labels[m.RuleID], Record: record(m.Record)}
				if em.Rule == "" {
					em.Rule = exclusionKindOf(m.Kind).Label
				}
				if m.Via != nil {
					via := record(*m.Via)
					em.Via = &via
				}
				vd.Matches = append(vd.Matches, em)
			}
			ck.Verdicts = append(ck.Verdicts, vd)
		}
	}
	return http.StatusOK, ""
}
