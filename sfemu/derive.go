package sfemu

import (
	"fmt"
	"strings"
)

// opportunityStages gives each standard stage its default probability and
// whether it is closed and won, as a new org's sales process defines them.
var opportunityStages = map[string]struct {
	probability  float64
	closed, won  bool
	forecastName string
}{
	"prospecting":          {10, false, false, "Pipeline"},
	"qualification":        {10, false, false, "Pipeline"},
	"needs analysis":       {20, false, false, "Pipeline"},
	"value proposition":    {50, false, false, "Pipeline"},
	"id. decision makers":  {60, false, false, "Pipeline"},
	"perception analysis":  {70, false, false, "Pipeline"},
	"proposal/price quote": {75, false, false, "Pipeline"},
	"negotiation/review":   {90, false, false, "Pipeline"},
	"closed won":           {100, true, true, "Closed"},
	"closed lost":          {0, true, false, "Omitted"},
}

// derive fills in the fields Salesforce computes and stores on save: the
// compound Name of people, stage-driven Opportunity fields, closed flags,
// and auto-numbers. prev is the version being replaced, nil on create.
func (o *org) derive(r *record, prev *record) {
	get := func(name string) any {
		if f := r.obj.Field(name); f != nil {
			return r.get(f)
		}
		return nil
	}
	str := func(name string) string { s, _ := get(name).(string); return s }
	changed := func(name string) bool {
		f := r.obj.Field(name)
		return f != nil && (prev == nil || prev.get(f) != r.get(f))
	}

	// People's Name compounds FirstName and LastName and is read-only.
	if nf := r.obj.Field("Name"); nf != nil && !nf.Createable && r.obj.Field("LastName") != nil {
		name := strings.TrimSpace(str("FirstName") + " " + str("LastName"))
		if name == "" {
			r.set(nf, nil)
		} else {
			r.set(nf, name)
		}
	}

	switch r.obj.Name {
	case "Opportunity":
		if changed("StageName") {
			if st, ok := opportunityStages[strings.ToLower(str("StageName"))]; ok {
				if prev == nil && get("Probability") == nil || prev != nil && !probabilitySetExplicitly(r, prev) {
					o.setSystem(r, "Probability", st.probability)
				}
				o.setSystem(r, "IsClosed", st.closed)
				o.setSystem(r, "IsWon", st.won)
				o.setSystem(r, "ForecastCategoryName", st.forecastName)
				o.setSystem(r, "ForecastCategory", forecastCategory(st.forecastName, st.won))
			}
		}
	case "Case":
		closed := strings.EqualFold(str("Status"), "Closed")
		o.setSystem(r, "IsClosed", closed)
		if closed && get("ClosedDate") == nil {
			o.setSystem(r, "ClosedDate", toDateTime(o.now()))
		}
		if !closed {
			o.setSystem(r, "ClosedDate", nil)
		}
	case "Task":
		o.setSystem(r, "IsClosed", strings.EqualFold(str("Status"), "Completed"))
	case "PricebookEntry":
		// The entry shows its product's name and code.
		if pid, _ := get("Product2Id").(string); pid != "" {
			if p := o.byID[pid]; p != nil {
				o.setSystem(r, "Name", p.get(p.obj.Field("Name")))
				if pc := p.obj.Field("ProductCode"); pc != nil {
					o.setSystem(r, "ProductCode", p.get(pc))
				}
			}
		}
	case "User":
		if get("CommunityNickname") == nil {
			nick, _, _ := strings.Cut(str("Username"), "@")
			o.setSystem(r, "CommunityNickname", nick)
		}
	case "Group":
		if get("DeveloperName") == nil {
			o.setSystem(r, "DeveloperName", strings.ReplaceAll(strings.TrimSpace(str("Name")), " ", "_"))
		}
	}

	if prev == nil {
		for _, field := range []struct{ object, name, format string }{
			{"Case", "CaseNumber", "%08d"},
			{"Order", "OrderNumber", "%08d"},
		} {
			if r.obj.Name == field.object && get(field.name) == nil {
				o.setSystem(r, field.name, fmt.Sprintf(field.format, 1000+len(o.tables[r.obj].rows)+1))
			}
		}
	}
}

// rollUp keeps roll-up summaries current after a write to r: an Order's
// TotalAmount is the sum of its items' TotalPrice. The parent gets a new
// version in the same transaction, as Salesforce recalculates it.
func (t *tx) rollUp(r *record) {
	if r.obj.Name != "OrderItem" {
		return
	}
	o := t.o
	orderID, _ := r.get(r.obj.Field("OrderId")).(string)
	order := o.byID[orderID]
	if order == nil || order.deleted {
		return
	}
	total := 0.0
	price := r.obj.Field("TotalPrice")
	parent := r.obj.Field("OrderId")
	for _, item := range o.tables[r.obj].rows {
		if item == nil || item.deleted {
			continue
		}
		if id, _ := item.get(parent).(string); id == orderID {
			if v, ok := item.get(price).(float64); ok {
				total += v
			}
		}
	}
	next := order.clone()
	o.setSystem(next, "TotalAmount", total)
	o.setSystem(next, "SystemModstamp", toDateTime(o.now()))
	t.put(next)
}

// probabilitySetExplicitly reports whether an update changed Probability
// itself, in which case a stage change leaves it alone.
func probabilitySetExplicitly(r, prev *record) bool {
	f := r.obj.Field("Probability")
	return f != nil && r.get(f) != prev.get(f)
}

func forecastCategory(name string, won bool) string {
	switch {
	case won:
		return "Closed"
	case name == "Omitted":
		return "Omitted"
	default:
		return "Pipeline"
	}
}
