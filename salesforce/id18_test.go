package salesforce_test

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestID18(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want, err string
	}{
		{name: "15 characters get the suffix", in: "001A0000006Vm9r", want: "001A0000006Vm9rIAC"},
		{name: "18 characters are kept", in: "001A0000006Vm9rIAC", want: "001A0000006Vm9rIAC"},
		{name: "the suffix ignores case", in: "001A0000006Vm9riac", want: "001A0000006Vm9rIAC"},
		{name: "all lowercase", in: "003xx000004tmiq", want: "003xx000004tmiqAAA"},
		{name: "wrong suffix", in: "001A0000006Vm9rAAA", err: "last 3 characters do not match"},
		{name: "too short", in: "001A0000006", err: "15 or 18"},
		{name: "16 characters", in: "001A0000006Vm9rI", err: "15 or 18"},
		{name: "not alphanumeric", in: "001A0000006Vm9_", err: "letters and digits only"},
		{name: "empty", in: "", err: "15 or 18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := salesforce.ID18(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("salesforceID18(%q) = %q, %v; want an error with %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("salesforceID18(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func FuzzID18(f *testing.F) {
	for _, s := range []string{"001A0000006Vm9r", "001A0000006Vm9rIAC", "003xx000004TmiQAAS", "", "zzzzzzzzzzzzzzzzzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := salesforce.ID18(in)
		if err != nil {
			return
		}
		if len(got) != 18 || !strings.EqualFold(got[:15], in[:15]) {
			t.Fatalf("salesforceID18(%q) = %q", in, got)
		}
		// The 18-character form is a fixed point, and so is its 15.
		for _, again := range []string{got, got[:15]} {
			if g, err := salesforce.ID18(again); err != nil || g != got {
				t.Fatalf("salesforceID18(%q) = %q, %v; want %q", again, g, err, got)
			}
		}
	})
}
