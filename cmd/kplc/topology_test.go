package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

// The built-in topology must stay equal to what the repository's dev stack
// plans, so a rehearsal without a Pulumi project rehearses the same thing.
func TestDevStackPlanMatchesBuiltInTopology(t *testing.T) {
	got, source, err := stackTopology("../..", "dev")
	if err != nil {
		t.Fatalf("stackTopology: %v", err)
	}
	if !strings.Contains(source, "plan of stack") {
		t.Fatalf("source = %q, want the dev stack's plan", source)
	}
	if want := rehearse.DefaultTopology(); !reflect.DeepEqual(got, want) {
		t.Errorf("dev stack topology\n got %+v\nwant %+v", got, want)
	}
}

func TestStackTopologyFallback(t *testing.T) {
	dir := t.TempDir()
	if _, source, err := stackTopology(dir, "dev"); err != nil || !strings.Contains(source, "built-in dev stack") {
		t.Fatalf("dev without a project: source %q, err %v; want the built-in topology", source, err)
	}
	if _, _, err := stackTopology(dir, "prod"); err == nil || !strings.Contains(err.Error(), "--stack prod") {
		t.Fatalf("prod without a project: err %v, want an error naming --stack prod", err)
	}
}
