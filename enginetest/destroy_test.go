package enginetest

import (
	"strings"
	"testing"
)

// TestDestroyWithoutAllowBrokerDeletionDeletesNothing is scenario 5a: `pulumi destroy` of a
// deployed stack whose brokers are protected (allowBrokerDeletion unset) fails and deletes
// nothing, and says how to lift the protection.
func TestDestroyWithoutAllowBrokerDeletionDeletesNothing(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2, 11)
	stageOne(t, tw, b)
	liveBefore := len(tw.Cloud.All())
	destroy := tw.Destroy()
	if destroy.Err() == nil {
		t.Fatal("pulumi destroy of protected brokers succeeded")
	}
	var deleted []string
	for _, op := range tw.Cloud.Ops() {
		if op.Kind == "delete" && op.Err == "" {
			deleted = append(deleted, op.Type+" "+op.URN.Name())
		}
	}
	b.observed(11, len(deleted) > 0, strings.Join(deleted, ", "))
	if got := len(tw.Cloud.All()); got != liveBefore {
		t.Errorf("cloud holds %d resources after the refused destroy, %d before", got, liveBefore)
	}
	text := destroy.Last().ErrorText()
	b.observed(11, !strings.Contains(text, "allowBrokerDeletion"),
		"the refused destroy does not say how to lift the protection (allowBrokerDeletion): "+firstLine(text, "protect"))
}

// TestDestroyWithAllowBrokerDeletionDeletesEverything is scenario 5b: with allowBrokerDeletion
// set (and applied with `pulumi up`), `pulumi destroy` deletes every resource: the simulated
// account is empty afterwards and the state holds nothing.
func TestDestroyWithAllowBrokerDeletionDeletesEverything(t *testing.T) {
	tw := devTwin(t)
	b := blockedBy(t, 1, 2)
	stageOne(t, tw, b)
	tw.Set("kafka-plc:allowBrokerDeletion", true)
	b.must("pulumi up with allowBrokerDeletion", tw.Up())
	destroy := tw.Destroy()
	b.must("pulumi destroy", destroy)
	if left := tw.Cloud.All(); len(left) != 0 {
		var names []string
		for _, r := range left {
			names = append(names, r.Type+" "+r.ID)
		}
		t.Errorf("cloud still holds %d resources after destroy: %v", len(left), names)
	}
	if n := len(live(destroy.Update.Snapshot)); n != 0 {
		t.Errorf("state holds %d resources after destroy", n)
	}
}
