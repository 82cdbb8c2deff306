package salesforce

import "testing"

func TestOptionsHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opt    Option
		header string
		want   string
	}{
		{"duplicate rule", WithDuplicateRule(DuplicateRule{AllowSave: true, RunAsCurrentUser: true}),
			"Sforce-Duplicate-Rule-Header", "allowSave=true, includeRecordDetails=false, runAsCurrentUser=true"},
		{"auto assign off", WithAutoAssign(false), "Sforce-Auto-Assign", "FALSE"},
		{"auto assign on", WithAutoAssign(true), "Sforce-Auto-Assign", "TRUE"},
		{"assignment rule", WithAssignmentRule("01Q000000000001"), "Sforce-Auto-Assign", "01Q000000000001"},
		{"client name", WithClientName("sfbridge"), "Sforce-Call-Options", "client=sfbridge"},
		{"batch size", WithBatchSize(500), "Sforce-Query-Options", "batchSize=500"},
		{"any header", WithHeader("X-Trace", "abc"), "X-Trace", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := applyOptions([]Option{tt.opt}).header.Get(tt.header); got != tt.want {
				t.Fatalf("%s = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
	o := applyOptions([]Option{WithAllOrNone(), WithUpdateOnly()})
	if !o.allOrNone || !o.updateOnly {
		t.Fatalf("flags = %+v", o)
	}
}
