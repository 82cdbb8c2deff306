package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestConflictRow(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 6789, time.FixedZone("x", 3600))
	b := store.InboundBatch{WorkspaceID: "ws", ConnectionID: "c1", Object: "Contact", ConflictPolicy: store.ConflictAppWins}
	c, vals, err := ConflictRow(store.Conflict{WorkspaceID: "spoofed", AppID: "r1", Field: "Email",
		AppValue: "a", SalesforceValue: 2.5, BaseValue: nil}, b, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ID, "cfl_") || c.WorkspaceID != "ws" || c.ConnectionID != "c1" || c.Object != "Contact" ||
		c.Policy != store.ConflictAppWins || c.CreatedAt != now.UTC().Truncate(time.Microsecond) {
		t.Errorf("ConflictRow = %+v", c)
	}
	if got := string(vals[0]) + " " + string(vals[1]) + " " + string(vals[2]); got != `"a" 2.5 null` {
		t.Errorf("values = %s", got)
	}
	v, err := DecodeValue(vals[1])
	if err != nil || v != 2.5 {
		t.Errorf("DecodeValue = %v, %v", v, err)
	}
	c, _, err = ConflictRow(store.Conflict{ID: "cfl_given", Object: "Lead", Policy: store.ConflictSalesforceWins}, b, now)
	if err != nil || c.ID != "cfl_given" || c.Object != "Lead" || c.Policy != store.ConflictSalesforceWins {
		t.Errorf("ConflictRow keeps its own = %+v, %v", c, err)
	}
	if _, _, err := ConflictRow(store.Conflict{AppValue: make(chan int)}, b, now); err == nil {
		t.Error("an unencodable value was accepted")
	}
}
