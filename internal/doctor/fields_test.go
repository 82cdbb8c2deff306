package doctor

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

func TestFieldCheck(t *testing.T) {
	t.Parallel()
	d := &salesforce.SObjectDescribe{SObjectSummary: salesforce.SObjectSummary{Name: "Lead"}, Fields: []salesforce.Field{
		{Name: "Email", Label: "Email", Createable: true, Updateable: true},
		{Name: "Status", Label: "Lead Status", Createable: false, Updateable: false},
		{Name: "Score__c", Label: "Score", Calculated: true},
		{Name: "Code__c", Label: "Code", Createable: true},
		{Name: "Stage__c", Label: "Stage", Updateable: true},
	}}
	tests := []struct {
		name    string
		need    need
		status  Status
		title   string
		message string
		fix     string
	}{
		{"readable", need{field: "email", read: true}, Pass, "Lead.email readable", "This user can read it", ""},
		{"editable", need{field: "Email", read: true, create: true, update: true}, Pass, "Lead.Email readable and editable", "read and edit", ""},
		{"hidden standard", need{field: "Phone", read: true, why: []string{"sfbridge uses it"}}, Fail, "Lead.Phone readable",
			"Salesforce hides the Lead field Phone from this user (sfbridge uses it).", "Fields & Relationships > Phone > Set Field-Level Security, make it visible."},
		{"hidden custom", need{field: "Gone__c", read: true}, Fail, "", "it was deleted or renamed", "map another field"},
		{"task type", need{field: "Type", read: true}, Fail, "", "(Professional Edition does by default)", ""},
		{"read-only", need{field: "Status", read: true, create: true, update: true}, Fail, "", "read but not edit the Lead field Status",
			"Fields & Relationships > Lead Status (Status) > Set Field-Level Security, clear Read-Only"},
		{"read-only, not written yet", need{field: "Status", read: true, pending: true}, Warn, "Lead.Status readable", "Nothing is written yet", "clear Read-Only"},
		{"read-only, read only", need{field: "Status", read: true}, Pass, "", "This user can read it", ""},
		{"formula", need{field: "Score__c", update: true}, Fail, "Lead.Score__c editable on update", "is a formula", "Map it inbound only"},
		{"create only, written both ways", need{field: "Code__c", create: true, update: true}, Warn, "", "set only when a record is created", "map the field inbound"},
		{"create only, updates only", need{field: "Code__c", update: true}, Fail, "", "only when creating a record", "update_direction to inbound"},
		{"not on create", need{field: "Stage__c", create: true}, Fail, "Lead.Stage__c settable on create", "when creating a record", "create_direction to inbound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			object := "Lead"
			if tc.name == "task type" {
				object = "Task"
			}
			c := fieldCheck(object, d, &tc.need)
			if c.ID != CheckFieldAccess || c.Status != tc.status || c.Object != object ||
				(tc.title != "" && c.Title != tc.title) || !strings.Contains(c.Message, tc.message) || !strings.Contains(c.Fix, tc.fix) ||
				(c.Status == Pass) != (c.Fix == "") {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func TestObjectCheck(t *testing.T) {
	t.Parallel()
	p := &objectPlan{object: "Task", needs: []*need{{field: "Subject", read: true, create: true}}}
	tests := []struct {
		name    string
		summary salesforce.SObjectSummary
		status  Status
		lacks   string
	}{
		{"all", salesforce.SObjectSummary{Queryable: true, Createable: true, Updateable: true}, Pass, ""},
		{"no create", salesforce.SObjectSummary{Queryable: true, Updateable: true}, Fail, "lacks Create access"},
		{"nothing", salesforce.SObjectSummary{}, Fail, "lacks Read and Create access"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := objectCheck(p, &salesforce.SObjectDescribe{SObjectSummary: tc.summary}, "rep@acme.test")
			if c.Status != tc.status || !strings.Contains(c.Message, tc.lacks) || (c.Status == Fail && !strings.Contains(c.Fix, "rep@acme.test's profile > Object Settings > Task")) {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func TestPicklistCheck(t *testing.T) {
	t.Parallel()
	values := func(vs ...string) []salesforce.PicklistValue {
		out := make([]salesforce.PicklistValue, len(vs))
		for i, v := range vs {
			out[i] = salesforce.PicklistValue{Value: v, Label: v, Active: !strings.HasPrefix(v, "Old")}
		}
		return out
	}
	d := &salesforce.SObjectDescribe{Fields: []salesforce.Field{
		{Name: "Rating", Label: "Rating", Type: "picklist", RestrictedPicklist: true, PicklistValues: values("Hot", "Warm", "Cold", "Old Frozen")},
		{Name: "Source", Label: "Source", Type: "picklist", PicklistValues: values("Web")},
	}}
	list := func(sf string, writes bool, options ...string) listMapping {
		return listMapping{m: store.FieldMapping{SFField: sf, AppField: "x"}, app: store.AppField{Name: "x", Type: store.AppList, Options: options}, writes: writes}
	}
	tests := []struct {
		name    string
		lm      listMapping
		checked bool
		status  Status
		message string
	}{
		{"all there", list("Rating", true, "hot", "Warm"), true, Pass, "Every option"},
		{"one missing", list("Rating", true, "Hot", "Boiling"), true, Fail, `without the app's option "Boiling" (app field x)`},
		{"inactive value", list("Rating", true, "Old Frozen"), true, Fail, `"Old Frozen"`},
		{"not written yet", list("Rating", false, "Boiling"), true, Warn, "Nothing is written yet"},
		{"unrestricted", list("Source", true, "Email"), false, "", ""},
		{"hidden", list("Gone", true, "A"), false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ok := picklistCheck("Lead", d, tc.lm)
			if ok != tc.checked || c.Status != tc.status || !strings.Contains(c.Message, tc.message) {
				t.Errorf("got %v %+v", ok, c)
			}
		})
	}
}

func TestQuoteList(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"a": `"a"`, "a,b": `"a" and "b"`, "a,b,c": `"a", "b" and "c"`} {
		if got := quoteList(strings.Split(in, ",")); got != want {
			t.Errorf("quoteList(%s) = %s, want %s", in, got, want)
		}
	}
}
