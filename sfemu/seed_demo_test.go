package sfemu

import (
	"bytes"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// demoNow is the fixed clock of the demo org under test.
var demoNow = time.Date(2025, time.March, 14, 17, 30, 15, 0, time.UTC)

func demoOptions() Options {
	return Options{Seed: "demo", Now: func() time.Time { return demoNow }}
}

// sharedDemo is one demo org the read-only tests share; seeding it once
// keeps the suite fast.
var sharedDemo = sync.OnceValues(func() (*Server, error) { return New(demoOptions()) })

func demoOrg(t *testing.T) *org {
	t.Helper()
	s, err := sharedDemo()
	if err != nil {
		t.Fatalf("New(demo): %v", err)
	}
	return s.org
}

// liveRows returns the live records of an object.
func demoRows(o *org, object string) []*record {
	var rows []*record
	for _, r := range o.tables[o.object(object)].rows {
		if r != nil && !r.deleted {
			rows = append(rows, r)
		}
	}
	return rows
}

// value returns a field of r by name.
func demoValue(r *record, field string) any {
	f := r.obj.Field(field)
	if f == nil {
		return nil
	}
	return r.get(f)
}

func demoText(r *record, field string) string {
	s, _ := demoValue(r, field).(string)
	return s
}

// dumpDemoOrg renders every row of every table, in table order.
func dumpDemoOrg(o *org) []byte {
	o.mu.RLock()
	defer o.mu.RUnlock()
	w := &renderer{o: o, version: latestVersion}
	for _, obj := range o.objectList() {
		for _, r := range o.tables[obj].rows {
			if r != nil {
				w.fullRecord(r, nil)
				w.buf = append(w.buf, '\n')
			}
		}
	}
	return w.buf
}

func TestSeedDemoCounts(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	tests := []struct {
		object string
		min    int
	}{
		{"Account", 300},
		{"Contact", 2000},
		{"Lead", 1000},
		{"Opportunity", 300},
		{"Task", 1000},
		{"Event", 100},
		{"Note", 100},
		{"Product2", 10},
		{"PricebookEntry", 10},
		{"Order", 50},
		{"OrderItem", 50},
		{"Case", 10},
		{"CaseComment", 10},
		{"User", 10},
	}
	for _, tt := range tests {
		t.Run(tt.object, func(t *testing.T) {
			t.Parallel()
			if n := o.tables[o.object(tt.object)].live; n < tt.min {
				t.Errorf("%d live %s records, want at least %d", n, tt.object, tt.min)
			}
		})
	}
}

func TestSeedDemoDeterministic(t *testing.T) {
	t.Parallel()
	a, err := New(demoOptions())
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(demoOptions())
	if err != nil {
		t.Fatal(err)
	}
	da, db := dumpDemoOrg(a.org), dumpDemoOrg(b.org)
	if bytes.Equal(da, db) {
		return
	}
	la, lb := bytes.Split(da, []byte("\n")), bytes.Split(db, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			t.Fatalf("seeded orgs differ at row %d:\n%s\n%s", i, la[i], lb[i])
		}
	}
	t.Fatalf("seeded orgs differ in size: %d and %d rows", len(la), len(lb))
}

func TestSeedDemoOpportunityStages(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	seen := map[string]int{}
	for _, r := range demoRows(o, "Opportunity") {
		seen[demoText(r, "StageName")]++
	}
	for _, v := range o.object("Opportunity").Field("StageName").Picklist {
		if seen[v.Value] == 0 {
			t.Errorf("no opportunity in stage %q", v.Value)
		}
	}
}

// TestSeedDemoReferences checks that every reference field of every live
// record points at a live record of a type the field allows.
func TestSeedDemoReferences(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	for _, obj := range o.objectList() {
		for _, r := range demoRows(o, obj.Name) {
			for _, f := range obj.Fields {
				if f.Type != TypeReference {
					continue
				}
				id, ok := r.get(f).(string)
				if !ok {
					continue
				}
				target := o.byID[id]
				switch {
				case target == nil || target.deleted:
					t.Errorf("%s %s: %s %s points at no live record", obj.Name, r.id, f.Name, id)
				case !f.refersTo(target.obj.Name):
					t.Errorf("%s %s: %s points at a %s", obj.Name, r.id, f.Name, target.obj.Name)
				}
			}
		}
	}
}

func TestSeedDemoRequiredLinks(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	tests := []struct{ object, field string }{
		{"Contact", "AccountId"},
		{"Opportunity", "AccountId"},
		{"Order", "AccountId"},
		{"Order", "Pricebook2Id"},
		{"Case", "ContactId"},
		{"Task", "WhoId"},
		{"Event", "WhatId"},
	}
	for _, tt := range tests {
		t.Run(tt.object+"."+tt.field, func(t *testing.T) {
			t.Parallel()
			for _, r := range demoRows(o, tt.object) {
				if demoValue(r, tt.field) == nil {
					t.Fatalf("%s %s has no %s", tt.object, r.id, tt.field)
				}
			}
		})
	}
}

// TestSeedDemoPicklists checks stored picklist values against the
// field's value list, restricted or not, so describe tells the truth.
func TestSeedDemoPicklists(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	for _, obj := range o.objectList() {
		for _, f := range obj.Fields {
			if f.Type != TypePicklist {
				continue
			}
			for _, r := range demoRows(o, obj.Name) {
				if v, ok := r.get(f).(string); ok {
					if _, ok := f.picklistValue(v); !ok {
						t.Errorf("%s.%s = %q, not in the picklist", obj.Name, f.Name, v)
						break
					}
				}
			}
		}
	}
}

func TestSeedDemoDuplicateLeads(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	emails, phones := map[string]bool{}, map[string]bool{}
	for _, c := range demoRows(o, "Contact") {
		if e := demoText(c, "Email"); e != "" {
			emails[strings.ToLower(e)] = true
		}
		for _, p := range []string{"Phone", "MobilePhone"} {
			if n := demoText(c, p); n != "" {
				phones[n] = true
			}
		}
	}
	leads := demoRows(o, "Lead")
	var byEmail, byPhone, shared, open int
	for _, l := range leads {
		e, p := emails[strings.ToLower(demoText(l, "Email"))], phones[demoText(l, "Phone")]
		if e {
			byEmail++
		}
		if p {
			byPhone++
		}
		if e || p {
			shared++
			if demoValue(l, "IsConverted") == false {
				open++
			}
		}
	}
	share := float64(shared) / float64(len(leads))
	if share < 0.05 || share > 0.10 {
		t.Errorf("%d of %d leads (%.1f%%) share an email or phone with a contact, want 5-10%%", shared, len(leads), 100*share)
	}
	if byEmail == 0 || byPhone == 0 || open == 0 {
		t.Errorf("leads sharing: %d by email, %d by phone, %d not converted; want some of each", byEmail, byPhone, open)
	}
}

func TestSeedDemoUsers(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	active := map[string]bool{}
	usernames := map[string]bool{}
	inactive := 0
	for _, u := range demoRows(o, "User") {
		name := strings.ToLower(demoText(u, "Username"))
		if usernames[name] {
			t.Errorf("username %s is used twice", name)
		}
		usernames[name] = true
		if demoValue(u, "IsActive") == true {
			active[u.id] = true
		} else {
			inactive++
		}
		if o.byID[demoText(u, "ProfileId")] == nil {
			t.Errorf("user %s has no profile", name)
		}
	}
	if inactive == 0 {
		t.Error("no inactive users")
	}
	owners := map[string]int{}
	for _, object := range []string{"Account", "Contact", "Lead", "Opportunity", "Task", "Event", "Note", "Order", "Case"} {
		for _, r := range demoRows(o, object) {
			owner := demoText(r, "OwnerId")
			if !active[owner] {
				t.Fatalf("%s %s is owned by %s, not an active user", object, r.id, owner)
			}
			owners[owner]++
		}
	}
	if len(owners) < 8 {
		t.Errorf("records are owned by %d users, want them spread over at least 8", len(owners))
	}
}

// TestSeedDemoAuditDates checks CreatedDate <= LastModifiedDate <=
// SystemModstamp <= now on every record, within the org's history, and
// that the history is actually spread out.
func TestSeedDemoAuditDates(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	now := toDateTime(demoNow)
	oldest := toDateTime(demoNow.Add(-demoHistory))
	var edited, total int
	first, last := now, oldest
	for _, obj := range o.objectList() {
		for _, r := range demoRows(o, obj.Name) {
			created, _ := demoValue(r, "CreatedDate").(dateTime)
			modified, _ := demoValue(r, "LastModifiedDate").(dateTime)
			stamp, _ := demoValue(r, "SystemModstamp").(dateTime)
			if !(oldest <= created && created <= modified && modified <= stamp && stamp <= now) {
				t.Fatalf("%s %s: created %v, modified %v, stamp %v; want ordered within [%v, %v]",
					obj.Name, r.id, created, modified, stamp, oldest, now)
			}
			total++
			if modified > created {
				edited++
			}
			first, last = min(first, created), max(last, created)
		}
	}
	if span := last.time().Sub(first.time()); span < 300*demoDay {
		t.Errorf("records were created over %v, want most of the org's history", span)
	}
	if edited < total/4 || edited > total*9/10 {
		t.Errorf("%d of %d records were edited after creation, want a realistic mix", edited, total)
	}
}

func TestSeedDemoActivities(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	prefix := func(id any) string {
		s, _ := id.(string)
		if len(s) < 3 {
			return ""
		}
		return o.byPrefix[s[:3]].Name
	}
	seen := map[string]bool{}
	for _, r := range demoRows(o, "Task") {
		seen["Task.Status "+demoText(r, "Status")] = true
		seen["Task.Type "+demoText(r, "Type")] = true
		seen["Task.Who "+prefix(demoValue(r, "WhoId"))] = true
		seen["Task.What "+prefix(demoValue(r, "WhatId"))] = true
		if prefix(demoValue(r, "WhoId")) == "Lead" && demoValue(r, "WhatId") != nil {
			t.Errorf("task %s names a lead and a WhatId", r.id)
		}
		if (demoText(r, "Status") == "Completed") != (demoValue(r, "CompletedDateTime") != nil) {
			t.Errorf("task %s: status %s, CompletedDateTime %v", r.id, demoText(r, "Status"), demoValue(r, "CompletedDateTime"))
		}
	}
	for _, r := range demoRows(o, "Event") {
		seen["Event.What "+prefix(demoValue(r, "WhatId"))] = true
	}
	for _, r := range demoRows(o, "Note") {
		seen["Note.Parent "+prefix(demoValue(r, "ParentId"))] = true
	}
	for _, want := range []string{
		"Task.Status Completed", "Task.Status Not Started", "Task.Type Call", "Task.Type Email",
		"Task.Who Contact", "Task.Who Lead", "Task.What Account", "Task.What Opportunity",
		"Event.What Account", "Event.What Opportunity",
		"Note.Parent Account", "Note.Parent Opportunity",
	} {
		if !seen[want] {
			t.Errorf("no %s", want)
		}
	}
}

func TestSeedDemoOrders(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	totals := map[string]float64{}
	for _, item := range demoRows(o, "OrderItem") {
		q, _ := demoValue(item, "Quantity").(float64)
		p, _ := demoValue(item, "UnitPrice").(float64)
		totals[demoText(item, "OrderId")] += q * p
		entry := o.byID[demoText(item, "PricebookEntryId")]
		if demoText(entry, "Product2Id") != demoText(item, "Product2Id") {
			t.Errorf("order item %s: product %s, price book entry for %s", item.id, demoText(item, "Product2Id"), demoText(entry, "Product2Id"))
		}
		if demoText(entry, "Pricebook2Id") != demoText(o.byID[demoText(item, "OrderId")], "Pricebook2Id") {
			t.Errorf("order item %s: price book entry from another price book", item.id)
		}
	}
	statuses := map[string]int{}
	for _, r := range demoRows(o, "Order") {
		statuses[demoText(r, "Status")]++
		got, _ := demoValue(r, "TotalAmount").(float64)
		if want := totals[r.id]; want == 0 || math.Abs(got-want) > 0.005 {
			t.Errorf("order %s: TotalAmount %v, items add up to %v", r.id, got, want)
		}
		if demoText(r, "Status") == "Activated" && demoValue(r, "ActivatedDate") == nil {
			t.Errorf("order %s is activated with no ActivatedDate", r.id)
		}
	}
	if statuses["Draft"] == 0 || statuses["Activated"] == 0 {
		t.Errorf("order statuses %v, want Draft and Activated", statuses)
	}
}

func TestSeedDemoCases(t *testing.T) {
	t.Parallel()
	o := demoOrg(t)
	comments := map[string]int{}
	for _, c := range demoRows(o, "CaseComment") {
		comments[demoText(c, "ParentId")]++
	}
	var closed, commented int
	for _, r := range demoRows(o, "Case") {
		if comments[r.id] > 0 {
			commented++
		}
		if demoValue(r, "IsClosed") == true {
			closed++
			if demoValue(r, "ClosedDate") != demoValue(r, "LastModifiedDate") {
				t.Errorf("case %s closed at %v, last modified %v", r.id, demoValue(r, "ClosedDate"), demoValue(r, "LastModifiedDate"))
			}
		}
	}
	if closed == 0 || commented == 0 {
		t.Errorf("%d closed cases, %d with comments; want some of each", closed, commented)
	}
}

// TestSeedDemoOverAPI reads the demo org the way clients do, through
// SOQL over REST.
func TestSeedDemoOverAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{Seed: "demo"})
	q := func(soql string) string { return "/services/data/v59.0/query?q=" + url.QueryEscape(soql) }
	runScenarios(t, b, []scenario{
		{name: "contacts", method: "GET", path: q("SELECT COUNT() FROM Contact"), wantStatus: http.StatusOK,
			contains: []string{`"totalSize":` + strconv.Itoa(demoContacts)}},
		{name: "inactive users", method: "GET", path: q("SELECT Username FROM User WHERE IsActive = false"), wantStatus: http.StatusOK,
			contains: []string{`"totalSize":3`, "@demo.sfemu.example"}},
		{name: "stages", method: "GET", path: q("SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY StageName"), wantStatus: http.StatusOK,
			contains: []string{`"totalSize":10`, `"Closed Won"`, `"Id. Decision Makers"`}},
		{name: "contacts of an account", method: "GET", path: q("SELECT Name, (SELECT Email FROM Contacts) FROM Account WHERE ParentId = null LIMIT 3"), wantStatus: http.StatusOK,
			contains: []string{`"Contacts":{"totalSize":`, `.example"`}},
	})
}

func BenchmarkSeedDemo(b *testing.B) {
	for b.Loop() {
		if _, err := New(demoOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
