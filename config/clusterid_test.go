package config

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// plainDerivedID is the derivation before the leading-'-' rule: the base64url form of the first
// 16 bytes of sha256("kafka-plc/<project>/<stack>"), which existing stacks were formatted with.
func plainDerivedID(project, stack string) string {
	sum := sha256.Sum256([]byte("kafka-plc/" + project + "/" + stack))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// TestDerivedClusterIDsOfExistingStacksDoNotChange: a cluster's storage is formatted once with
// its ID and the tool never compares it again (domain-facts.md, Storage formatting), so the ID of
// every stack whose ID did not start with '-' must stay exactly what it was.
func TestDerivedClusterIDsOfExistingStacksDoNotChange(t *testing.T) {
	for _, tc := range []struct{ project, stack, want string }{
		{"kafka-plc", "dev", "kUWI-eKKA7_N2pvAmh8v6A"},
		{"kafka-plc", "prod", "YF0Q7zYouZ-VUWyDiYJ2-A"},
		{"kafka-plc", "org/kafka-plc/prod", "YF0Q7zYouZ-VUWyDiYJ2-A"},
		{"kafka-plc", "staging", "RYlPJZag9rG-FCxAuCflvw"},
		{"kafka-plc", "existing", "kDOgbhoMfy4jxRSEPLruEA"},
		{"kafka-plc", "named", "1dNodGfiEAgBg-YX3zw5iw"},
		{"kafka-plc", "test", "ZZNBZcAn46LMDX8yeLylKA"},
	} {
		if got := DeriveClusterID(tc.project, tc.stack); got != tc.want {
			t.Errorf("DeriveClusterID(%q, %q) = %q, want %q (the ID its brokers were formatted with)", tc.project, tc.stack, got, tc.want)
		}
	}
}

// TestDerivedClusterIDNeverStartsWithDash: `kafka-storage.sh format -t -PsK...` reads the ID as
// a flag, and Kafka's Uuid.randomUuid never returns an ID with a leading '-' (domain-facts.md,
// Storage formatting). Over 10,000 stack names no derived ID starts with '-' or is a UUID Kafka
// reserves; names whose plain hash is fine keep it, and the others (e.g. prod-71, whose plain
// hash is -PsKUCFXCeTCo8yqfcp7kA) get a stable, different, valid ID.
func TestDerivedClusterIDNeverStartsWithDash(t *testing.T) {
	rederived := 0
	for i := 0; i < 10000; i++ {
		stack := fmt.Sprintf("prod-%d", i)
		id := DeriveClusterID("kafka-plc", stack)
		if strings.HasPrefix(id, "-") {
			t.Fatalf("DeriveClusterID(kafka-plc, %s) = %q starts with '-'", stack, id)
		}
		if msg := clusterIDProblem(id); msg != "" || len(id) != 22 {
			t.Fatalf("DeriveClusterID(kafka-plc, %s) = %q: %s", stack, id, msg)
		}
		plain := plainDerivedID("kafka-plc", stack)
		switch {
		case !strings.HasPrefix(plain, "-") && id != plain:
			t.Fatalf("DeriveClusterID(kafka-plc, %s) = %q, want the unchanged %q", stack, id, plain)
		case strings.HasPrefix(plain, "-"):
			rederived++
			if again := DeriveClusterID("kafka-plc", stack); again != id {
				t.Fatalf("DeriveClusterID(kafka-plc, %s) is not stable: %q then %q", stack, id, again)
			}
		}
	}
	// About 1 in 64 plain hashes starts with '-': the loop must have met that case.
	if rederived < 50 {
		t.Errorf("only %d of 10000 names needed a second hash; the test does not exercise the leading '-' case", rederived)
	}
	if got := DeriveClusterID("kafka-plc", "prod-71"); got == "-PsKUCFXCeTCo8yqfcp7kA" || strings.HasPrefix(got, "-") {
		t.Errorf("DeriveClusterID(kafka-plc, prod-71) = %q, want an ID without a leading '-'", got)
	}
}

// TestClusterIDStartingWithDashRefused: a configured clusterId with a leading '-' is refused in
// config validation, naming the setting, the value and the fix.
func TestClusterIDStartingWithDashRefused(t *testing.T) {
	_, err := Load("kafka-plc", "dev", with(validNew(), Values{"clusterId": raw("-PsKUCFXCeTCo8yqfcp7kA")}))
	ps, ok := AsProblems(err)
	if !ok || len(ps) != 1 || ps[0].Key != "clusterId" {
		t.Fatalf("Load error = %v, want one clusterId problem", err)
	}
	msg := ps[0].Error()
	for _, want := range []string{`clusterId = "-PsKUCFXCeTCo8yqfcp7kA"`, "starts with '-'", "pulumi config rm kafka-plc:clusterId", "kafka-storage.sh random-uuid"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problem %q does not say %q", msg, want)
		}
	}
}
