package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

type exclusionRuleRequest struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

type exclusionRuleView struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name,omitempty"`
	Values    []string  `json:"values"`
	CreatedAt time.Time `json:"created_at"`
}

func viewExclusionRule(r store.ExclusionRule) exclusionRuleView {
	v := exclusionRuleView{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Values: r.Values, CreatedAt: r.CreatedAt}
	if v.Values == nil {
		v.Values = []string{}
	}
	return v
}

// POST /v1/workspaces/{ws}/connections/{id}/exclusions adds a sourcing
// exclusion rule. Owner ids are stored in their 18-character form.
func (s *Server) createExclusionRule(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req exclusionRuleRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	rule, err := exclusionRuleFrom(req)
	if err != nil {
		return err
	}
	rules, err := s.store.ListExclusionRules(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if len(rules) >= store.MaxExclusionRules {
		return errorf(http.StatusConflict, CodeConflict,
			"This connection has %d exclusion rules, the most it may have. Delete one, or combine values into one rule of the kind.", len(rules))
	}
	rule.ConnectionID, rule.CreatedAt = c.ID, s.now().UTC()
	stored, err := s.store.CreateExclusionRule(r.Context(), rule)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, viewExclusionRule(stored))
	return nil
}

// exclusionRuleFrom checks a rule request and returns the rule.
func exclusionRuleFrom(req exclusionRuleRequest) (store.ExclusionRule, error) {
	kind := store.ExclusionKind(req.Kind)
	if !slices.Contains(store.ExclusionKinds, kind) {
		names := make([]string, len(store.ExclusionKinds))
		for i, k := range store.ExclusionKinds {
			names[i] = string(k)
		}
		return store.ExclusionRule{}, errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"kind\" must be one of %s, not %q.", strings.Join(names, ", "), req.Kind)
	}
	if err := optionalText("name", req.Name, store.MaxExclusionNameLen); err != nil {
		return store.ExclusionRule{}, err
	}
	rule := store.ExclusionRule{Kind: kind, Name: strings.TrimSpace(req.Name)}
	if !kind.TakesValues() {
		if len(req.Values) > 0 {
			return rule, errorf(http.StatusBadRequest, CodeInvalidInput, "A %s rule takes no \"values\"; leave the field out.", kind)
		}
		return rule, nil
	}
	what := map[store.ExclusionKind]string{
		store.ExclusionLeadStatus:  "Lead Status values (such as \"Working - Contacted\")",
		store.ExclusionAccountType: "Account Type values (such as \"Customer - Direct\")",
		store.ExclusionOwner:       "Salesforce user or queue ids (005... or 00G...)",
	}[kind]
	if len(req.Values) == 0 || len(req.Values) > store.MaxExclusionValues {
		return rule, errorf(http.StatusBadRequest, CodeInvalidInput, "A %s rule needs \"values\": 1 to %d %s.", kind, store.MaxExclusionValues, what)
	}
	seen := map[string]int{}
	for i, v := range req.Values {
		v = strings.TrimSpace(v)
		if err := requireText(fmt.Sprintf("values[%d]", i), v, store.MaxExclusionValueLen); err != nil {
			return rule, err
		}
		if kind == store.ExclusionOwner {
			id, err := salesforce.ID18(v)
			if err != nil {
				return rule, errorf(http.StatusBadRequest, CodeInvalidInput, "values[%d]: %v.", i, err)
			}
			if p := id[:3]; p != "005" && p != "00G" {
				return rule, errorf(http.StatusBadRequest, CodeInvalidInput,
					"values[%d]: %s is not a user (005...) or queue (00G...) id; owner rules name who owns the records.", i, v)
			}
			v = id
		}
		if j, dup := seen[strings.ToLower(v)]; dup {
			return rule, errorf(http.StatusBadRequest, CodeInvalidInput, "values[%d] repeats values[%d] (%q).", i, j, v)
		}
		seen[strings.ToLower(v)] = i
		rule.Values = append(rule.Values, v)
	}
	return rule, nil
}

// GET /v1/workspaces/{ws}/connections/{id}/exclusions lists the rules,
// oldest first.
func (s *Server) listExclusionRules(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	rules, err := s.store.ListExclusionRules(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := list[exclusionRuleView]{Data: make([]exclusionRuleView, 0, len(rules))}
	for _, x := range rules {
		out.Data = append(out.Data, viewExclusionRule(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}
func (s *Server) getExclusionRule(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	x, err := s.store.GetExclusionRule(r.Context(), c.ID, r.PathValue("rule_id"))
	if isNotFound(err) {
		return errNoExclusionRule(r)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewExclusionRule(x))
	return nil
}

// DELETE /v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}
func (s *Server) deleteExclusionRule(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	err = s.store.DeleteExclusionRule(r.Context(), c.ID, r.PathValue("rule_id"))
	if isNotFound(err) {
		return errNoExclusionRule(r)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func errNoExclusionRule(r *http.Request) error {
	return errorf(http.StatusNotFound, CodeNotFound,
		"No exclusion rule %q on this connection. List them with GET .../connections/%s/exclusions.", r.PathValue("rule_id"), r.PathValue("id"))
}

type exclusionCheckRequest struct {
	Emails  []string `json:"emails"`
	Domains []string `json:"domains"`
	Phones  []string `json:"phones"`
	// Region reads phone numbers without a country code (ISO 3166 code,
	// default US).
	Region string `json:"region"`
}

type exclusionRecordView struct {
	Object string `json:"object"`
	ID     string `json:"id"`
	Name   string `json:"name"`
}

type exclusionMatchView struct {
	RuleID   string               `json:"rule_id"`
	RuleKind string               `json:"rule_kind"`
	Record   exclusionRecordView  `json:"record"`
	Via      *exclusionRecordView `json:"via,omitempty"`
}

type exclusionVerdictView struct {
	Value      string               `json:"value"`
	Normalized string               `json:"normalized,omitempty"`
	Excluded   bool                 `json:"excluded"`
	Invalid    string               `json:"invalid,omitempty"`
	Matches    []exclusionMatchView `json:"matches"`
}

type exclusionCheckView struct {
	Emails  []exclusionVerdictView `json:"emails"`
	Domains []exclusionVerdictView `json:"domains"`
	Phones  []exclusionVerdictView `json:"phones"`
	// Queries counts the SOQL queries the check sent.
	Queries int `json:"queries"`
}

func viewVerdicts(vs []exclusion.Verdict) []exclusionVerdictView {
	out := make([]exclusionVerdictView, len(vs))
	for i, v := range vs {
		out[i] = exclusionVerdictView{Value: v.Value, Normalized: v.Normalized, Excluded: v.Excluded, Invalid: v.Invalid,
			Matches: make([]exclusionMatchView, len(v.Matches))}
		for j, m := range v.Matches {
			mv := exclusionMatchView{RuleID: m.RuleID, RuleKind: string(m.Kind),
				Record: exclusionRecordView{Object: m.Record.Object, ID: m.Record.ID, Name: m.Record.Name}}
			if m.Via != nil {
				mv.Via = &exclusionRecordView{Object: m.Via.Object, ID: m.Via.ID, Name: m.Via.Name}
			}
			out[i].Matches[j] = mv
		}
	}
	return out
}

// POST /v1/workspaces/{ws}/connections/{id}/exclusions/check answers,
// for each email, domain and phone number, whether the connection's
// rules exclude it, with the rule and the Salesforce record that did.
func (s *Server) checkExclusions(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req exclusionCheckRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	n := len(req.Emails) + len(req.Domains) + len(req.Phones)
	if n == 0 || n > exclusion.MaxCheckValues {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Send 1 to %d values in \"emails\", \"domains\" and \"phones\" together; this body has %d.", exclusion.MaxCheckValues, n)
	}
	for field, vs := range map[string][]string{"emails": req.Emails, "domains": req.Domains, "phones": req.Phones} {
		for i, v := range vs {
			if err := optionalText(fmt.Sprintf("%s[%d]", field, i), v, store.MaxExclusionCheckText); err != nil {
				return err
			}
		}
	}
	if req.Region != "" && (len(req.Region) != 2 || strings.ToUpper(req.Region) != req.Region) {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"region\" must be a two-letter upper-case country code (ISO 3166-1, such as US or GB), not %q.", req.Region)
	}
	rules, err := s.store.ListExclusionRules(r.Context(), c.ID)
	if err != nil {
		return err
	}
	var res exclusion.Result
	checkReq := exclusion.Request{Emails: req.Emails, Domains: req.Domains, Phones: req.Phones, Region: req.Region}
	if len(rules) == 0 {
		// Nothing can be excluded: answer without calling Salesforce.
		res, err = exclusion.Check(r.Context(), nil, nil, checkReq)
	} else {
		client, cerr := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
		if cerr != nil {
			return connectionErr(r, cerr)
		}
		res, err = exclusion.Check(r.Context(), client, rules, checkReq)
	}
	if errors.Is(err, exclusion.ErrTooManyValues) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Send at most %d values.", exclusion.MaxCheckValues)
	}
	if err != nil {
		return s.salesforceFailure(r, c, err, "check exclusions")
	}
	writeJSON(w, http.StatusOK, exclusionCheckView{Emails: viewVerdicts(res.Emails), Domains: viewVerdicts(res.Domains),
		Phones: viewVerdicts(res.Phones), Queries: res.Queries})
	return nil
}
