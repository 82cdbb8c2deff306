package main

import (
	"testing"

	"github.com/sfbridge/sfbridge/internal/ops"
)

func TestOpsKindsRegistersEveryOperation(t *testing.T) {
	kinds := opsKinds()
	for _, k := range []string{ops.KindPullAll, ops.KindPushAll, ops.KindFullResync, ops.KindPullLeadStatuses, ops.KindSyncUsers} {
		kind, ok := kinds[k]
		if !ok || kind.Run == nil || kind.Estimate == nil || kind.Description == "" {
			t.Errorf("kind %s: %+v, want registered with a run, an estimate and a description", k, kind)
		}
	}
}
