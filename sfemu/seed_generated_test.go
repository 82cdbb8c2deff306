package sfemu

import (
	"strings"
	"testing"
)

func TestGenerateContacts(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{GenerateContacts: 25_001})
	res, raw := b.query(t, "SELECT COUNT() FROM Contact")
	if res.TotalSize != 25_001 {
		t.Fatalf("Contacts: %d, want 25001 (%d %s)", res.TotalSize, raw.status, raw.body)
	}
	res, _ = b.query(t, "SELECT LastName, Email, Phone FROM Contact WHERE Email = 'contact25001@load.sfemu.example'")
	if res.TotalSize != 1 || !strings.HasSuffix(res.Records[0]["LastName"].(string), " 25001") || res.Records[0]["Phone"] == nil {
		t.Fatalf("the last generated Contact: %+v", res)
	}
	// They are a day old, so an incremental read finds none of them.
	res, _ = b.query(t, "SELECT COUNT() FROM Contact WHERE SystemModstamp > YESTERDAY")
	if res.TotalSize != 0 {
		t.Errorf("%d generated Contacts changed since yesterday, want 0", res.TotalSize)
	}
	res, _ = b.query(t, "SELECT COUNT() FROM Contact WHERE CreatedDate = LAST_N_DAYS:3")
	if res.TotalSize != 25_001 {
		t.Errorf("%d generated Contacts created in the last 3 days, want 25001", res.TotalSize)
	}
	if _, err := New(Options{GenerateContacts: -1}); err == nil {
		t.Error("a negative count was accepted")
	}
}
