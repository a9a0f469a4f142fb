package kplc

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// authCluster starts a kfake cluster with SASL and ACLs on. kfake requires SASL on every
// connection, so kplc's admin connection authenticates as a superuser here, where on a real
// cluster it reaches the unauthenticated INTERNAL listener as User:ANONYMOUS, a super.users
// entry (kraft.AnonymousPrincipal).
func authCluster(t *testing.T, opts ...kfake.Opt) (*kfake.Cluster, Options) {
	t.Helper()
	c, o := newCluster(t, append([]kfake.Opt{kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser("SCRAM-SHA-512", "kplc-admin", "admin-password")}, opts...)...)
	o.SASL = &SASL{Mechanism: "SCRAM-SHA-512", User: "kplc-admin", Password: "admin-password"}
	return c, o
}

// as returns o authenticating as user with password.
func as(o Options, user, password string) Options {
	o.SASL = &SASL{Mechanism: "SCRAM-SHA-512", User: user, Password: password}
	return o
}

// TestUpsertSCRAM: the credential upsert makes the password work, refuses a wrong one, and a
// second upsert (rotation) makes the new password work at once and the old one fail.
func TestUpsertSCRAM(t *testing.T) {
	t.Parallel()
	_, admin := authCluster(t)
	const user, first, second = "tidb-cdc", "q3X9v+Lr7Tz0Wb2Nf8Kd1Q==", "Zr8+Wq1mNc4Lp0Tx7Yb6Vh=="
	if _, err := CheckBrokers(ctxFor(t, 5*time.Second), as(admin, user, first)); err == nil {
		t.Fatal("the user authenticates before its credential exists")
	}
	if err := UpsertSCRAM(ctxFor(t, 10*time.Second), admin, user, first); err != nil {
		t.Fatalf("UpsertSCRAM: %v", err)
	}
	if _, err := CheckBrokers(ctxFor(t, 5*time.Second), as(admin, user, first)); err != nil {
		t.Fatalf("the upserted password is refused: %v", err)
	}
	if _, err := CheckBrokers(ctxFor(t, 5*time.Second), as(admin, user, first+"x")); err == nil {
		t.Fatal("a wrong password is accepted")
	}
	if err := UpsertSCRAM(ctxFor(t, 10*time.Second), admin, user, second); err != nil {
		t.Fatalf("UpsertSCRAM (rotation): %v", err)
	}
	if _, err := CheckBrokers(ctxFor(t, 5*time.Second), as(admin, user, second)); err != nil {
		t.Fatalf("the rotated password is refused: %v", err)
	}
	if _, err := CheckBrokers(ctxFor(t, 5*time.Second), as(admin, user, first)); err == nil {
		t.Fatal("the old password still works after the rotation")
	}
	var ue *UsageError
	if err := UpsertSCRAM(ctxFor(t, 5*time.Second), admin, user, ""); !errors.As(err, &ue) {
		t.Errorf("an empty password: %v, want a usage error", err)
	}
}

// TestApplyChangefeedACLs: the ACLs are exactly TiCDC's documented needs, re-applying them
// changes nothing, and a TiDB-like client may create and write its prefixed topics while a
// topic outside the prefix is refused (create, write and read).
func TestApplyChangefeedACLs(t *testing.T) {
	t.Parallel()
	_, admin := authCluster(t, kfake.SeedTopics(1, "billing-events"))
	const user, pw = "tidb-cdc", "q3X9v+Lr7Tz0Wb2Nf8Kd1Q=="
	if err := UpsertSCRAM(ctxFor(t, 10*time.Second), admin, user, pw); err != nil {
		t.Fatal(err)
	}
	access := ChangefeedAccess{User: user, TopicPrefix: "tidb_"}
	got, err := ApplyChangefeedACLs(ctxFor(t, 10*time.Second), admin, access)
	if err != nil {
		t.Fatalf("ApplyChangefeedACLs: %v", err)
	}
	want := []ACL{
		{"User:tidb-cdc", "*", "TOPIC", "tidb_", "PREFIXED", "CREATE", "ALLOW"},
		{"User:tidb-cdc", "*", "TOPIC", "tidb_", "PREFIXED", "DESCRIBE", "ALLOW"},
		{"User:tidb-cdc", "*", "CLUSTER", "kafka-cluster", "LITERAL", "DESCRIBE_CONFIGS", "ALLOW"},
		{"User:tidb-cdc", "*", "TOPIC", "tidb_", "PREFIXED", "WRITE", "ALLOW"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ACLs = %v\nwant %v", got, want)
	}
	again, err := ApplyChangefeedACLs(ctxFor(t, 10*time.Second), admin, access)
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("re-applying: %v, ACLs %v", err, again)
	}
	all, err := ListACLs(ctxFor(t, 5*time.Second), admin)
	if err != nil || !reflect.DeepEqual(all, want) {
		t.Fatalf("ListACLs = %v, %v", all, err)
	}

	cl, err := kgo.NewClient(as(admin, user, pw).clientOpts(admin.Bootstrap)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ctx := ctxFor(t, 15*time.Second)
	if r, err := adm.CreateTopic(ctx, 1, 3, nil, "tidb_orders"); err != nil || r.Err != nil {
		t.Fatalf("creating tidb_orders as the changefeed: %v %v", err, r.Err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "tidb_orders", Value: []byte("row")}).FirstErr(); err != nil {
		t.Fatalf("producing to tidb_orders: %v", err)
	}
	if r, _ := adm.CreateTopic(ctx, 1, 3, nil, "orders"); !errors.Is(r.Err, kerr.TopicAuthorizationFailed) {
		t.Errorf("creating orders outside the prefix: %v, want TOPIC_AUTHORIZATION_FAILED", r.Err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "billing-events", Value: []byte("x")}).FirstErr(); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Errorf("producing to billing-events: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	offs, err := adm.ListEndOffsets(ctx, "billing-events")
	if err == nil {
		if o, ok := offs.Lookup("billing-events", 0); ok && o.Err == nil {
			t.Error("the changefeed user may read billing-events' offsets")
		}
	}
}

// TestChangefeedAccessAllTopics: without a prefix the topic entries name every topic (the
// literal wildcard), and the user must be given.
func TestChangefeedAccessAllTopics(t *testing.T) {
	t.Parallel()
	_, admin := authCluster(t)
	got, err := ApplyChangefeedACLs(ctxFor(t, 10*time.Second), admin, ChangefeedAccess{User: "cdc"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		if a.Resource == "TOPIC" && (a.Name != AllTopics || a.Pattern != "LITERAL") {
			t.Errorf("topic ACL %v, want the literal wildcard *", a)
		}
	}
	if len(got) != 4 {
		t.Errorf("ACLs = %v, want 4", got)
	}
	if _, err := ApplyChangefeedACLs(ctxFor(t, 5*time.Second), admin, ChangefeedAccess{}); err == nil || !strings.Contains(err.Error(), "--user") {
		t.Errorf("no user: %v", err)
	}
}

// TestApplyChangefeedACLsPrunes: narrowing to a prefix removes the every-topic entries and an
// entry added by hand for the user, so the user has exactly TiCDC's access; another
// principal's entries are left alone.
func TestApplyChangefeedACLsPrunes(t *testing.T) {
	t.Parallel()
	_, admin := authCluster(t)
	if _, err := ApplyChangefeedACLs(ctxFor(t, 10*time.Second), admin, ChangefeedAccess{User: "cdc"}); err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(admin.clientOpts(admin.Bootstrap)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	for _, p := range []string{"User:cdc", "User:other"} {
		b := kadm.NewACLs().Allow(p).AllowHosts("*").Topics("orders").ResourcePatternType(kadm.ACLPatternLiteral).Operations(kadm.OpRead)
		if _, err := adm.CreateACLs(ctxFor(t, 5*time.Second), b); err != nil {
			t.Fatal(err)
		}
	}
	access := ChangefeedAccess{User: "cdc", TopicPrefix: "tidb_"}
	got, err := ApplyChangefeedACLs(ctxFor(t, 10*time.Second), admin, access)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(access.Wanted()) {
		t.Errorf("ACLs of cdc = %v, want exactly %v", got, access.Wanted())
	}
	for _, a := range got {
		if !access.Wanted()[a] {
			t.Errorf("stale ACL kept: %v", a)
		}
	}
	all, err := ListACLs(ctxFor(t, 5*time.Second), admin)
	if err != nil {
		t.Fatal(err)
	}
	other := ACL{"User:other", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"}
	found := false
	for _, a := range all {
		found = found || a == other
	}
	if !found {
		t.Errorf("another principal's ACL was deleted: %v", all)
	}
}
