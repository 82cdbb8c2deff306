package connection_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestSetPeoplePriorityAndOwnerPolicy(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")
	if connection.EffectivePeoplePriority(c) != store.PriorityContact || connection.EffectiveOwnerPolicy(c) != store.OwnerMapped {
		t.Fatalf("defaults %q %q", connection.EffectivePeoplePriority(c), connection.EffectiveOwnerPolicy(c))
	}
	got, err := b.svc.SetPeoplePriority(ctx, b.ws.ID, c.ID, store.PriorityLead)
	if err != nil || got.PeoplePriority != store.PriorityLead {
		t.Fatalf("priority %+v %v", got.PeoplePriority, err)
	}
	if _, err := b.svc.SetPeoplePriority(ctx, b.ws.ID, c.ID, "account"); err == nil {
		t.Fatal("an unknown priority was accepted")
	}
	// A 15-character user id is kept in its 18-character form.
	got, err = b.svc.SetOwnerPolicy(ctx, b.ws.ID, c.ID, store.OwnerFixed, "005A0000006Vm9r")
	if err != nil || got.OwnerPolicy != store.OwnerFixed || got.FixedOwnerID != "005A0000006Vm9rIAC" {
		t.Fatalf("fixed owner %q %q %v", got.OwnerPolicy, got.FixedOwnerID, err)
	}
	for _, bad := range []string{"", "001A0000006Vm9r", "005A0000006Vm9rAAA", "not an id"} {
		if _, err := b.svc.SetOwnerPolicy(ctx, b.ws.ID, c.ID, store.OwnerFixed, bad); err == nil || !strings.Contains(err.Error(), "Salesforce user id") {
			t.Errorf("fixed owner %q: %v, want refused", bad, err)
		}
	}
	got, err = b.svc.SetOwnerPolicy(ctx, b.ws.ID, c.ID, store.OwnerAssignmentRules, "005A0000006Vm9r")
	if err != nil || got.OwnerPolicy != store.OwnerAssignmentRules || got.FixedOwnerID != "" {
		t.Fatalf("assignment rules %q %q %v", got.OwnerPolicy, got.FixedOwnerID, err)
	}
}
