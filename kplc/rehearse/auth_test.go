package rehearse

import (
	"context"
	"testing"
	"time"
)

// TestRehearsalAuth: with --auth scram-sha-512 the checks pass authenticated as the
// changefeed user (created with kplc's credential upsert and ACLs), and a client without
// credentials is refused.
func TestRehearsalAuth(t *testing.T) {
	r := start(t, Options{Auth: AuthScramSHA512})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep := r.Run(ctx)
	if !rep.OK() {
		t.Fatalf("authenticated rehearsal failed: %v", rep.Problems())
	}
	if rep.UnauthenticatedRefused == nil || !*rep.UnauthenticatedRefused || rep.Unauthenticated == "" {
		t.Errorf("the unauthenticated client was not refused: %+v %q", rep.UnauthenticatedRefused, rep.Unauthenticated)
	}
	if o := r.ClientOptions(); o.SASL == nil || o.SASL.User != ChangefeedUser || o.SASL.Mechanism != "SCRAM-SHA-512" {
		t.Errorf("the checks do not authenticate as the changefeed: %+v", o.SASL)
	}
	// The rehearsal's verdict depends on the refusal: a report whose unauthenticated client got
	// in fails.
	accepted := false
	rep.UnauthenticatedRefused = &accepted
	if rep.OK() {
		t.Error("a report with an accepted unauthenticated client is OK")
	}
}

func TestRehearsalAuthUnknown(t *testing.T) {
	if _, err := Start(DefaultTopology(), Options{AutoOffset: true, Auth: "plain"}); err == nil {
		t.Fatal("an unknown --auth was accepted")
	}
}
