package mocktest

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func TestInputReaders(t *testing.T) {
	r := Resource{Inputs: resource.PropertyMap{
		"s":      resource.NewProperty("text"),
		"n":      resource.NewProperty(42.0),
		"b":      resource.NewProperty(false),
		"obj":    resource.NewProperty(resource.PropertyMap{"k": resource.NewProperty("v")}),
		"arr":    resource.NewProperty([]resource.PropertyValue{resource.NewProperty("x")}),
		"secret": resource.MakeSecret(resource.NewProperty("hidden")),
	}}
	for _, tc := range []struct {
		name, got, want string
	}{
		{"Str", r.Str("s"), "text"},
		{"Str of a number", r.Str("n"), ""},
		{"Str of a secret", r.Str("secret"), ""},
		{"Str of a missing key", r.Str("nope"), ""},
		{"RevealedStr of a secret", r.RevealedStr("secret"), "hidden"},
		{"RevealedStr of a plain string", r.RevealedStr("s"), "text"},
		{"RevealedStr of a number", r.RevealedStr("n"), ""},
		{"Str of an object field", Str(r.Map("obj"), "k"), "v"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if n, ok := r.Int("n"); n != 42 || !ok {
		t.Errorf("Int(n) = %d, %v; want 42, true", n, ok)
	}
	if n, ok := r.Int("s"); n != 0 || ok {
		t.Errorf("Int(s) = %d, %v; want 0, false", n, ok)
	}
	if b, ok := r.Bool("b"); b || !ok {
		t.Errorf("Bool(b) = %v, %v; want an explicit false", b, ok)
	}
	if _, ok := r.Bool("nope"); ok {
		t.Error("Bool of a missing key reports it set")
	}
	if m := r.Map("s"); m != nil {
		t.Errorf("Map of a string = %v, want nil", m)
	}
	if a := r.Array("arr"); len(a) != 1 || a[0].StringValue() != "x" {
		t.Errorf("Array(arr) = %v, want [x]", a)
	}
	if a := r.Array("obj"); a != nil {
		t.Errorf("Array of an object = %v, want nil", a)
	}
}

func TestDependencyNamesAndParent(t *testing.T) {
	r := Resource{
		Parent: "urn:pulumi:dev::kafka-plc::kafka-plc:index:KafkaNlb::kafka",
		Dependencies: []string{
			"urn:pulumi:dev::kafka-plc::kafka-plc:index:KafkaNlb$alicloud:nlb/serverGroup:ServerGroup::kafka-broker-1",
			"urn:pulumi:dev::kafka-plc::kafka-plc:index:KafkaNlb$alicloud:nlb/loadBalancer:LoadBalancer::kafka-nlb",
		},
	}
	if got := fmt.Sprint(r.DependencyNames()); got != "[kafka-broker-1 kafka-nlb]" {
		t.Errorf("DependencyNames = %s, want [kafka-broker-1 kafka-nlb]", got)
	}
	if !r.DependsOnName("kafka-nlb") || r.DependsOnName("kafka") {
		t.Errorf("DependsOnName: kafka-nlb %v (want true), kafka %v (want false)", r.DependsOnName("kafka-nlb"), r.DependsOnName("kafka"))
	}
	if tok, name := r.ParentTypeAndName(); tok != "kafka-plc:index:KafkaNlb" || name != "kafka" {
		t.Errorf("ParentTypeAndName = %q %q, want kafka-plc:index:KafkaNlb kafka", tok, name)
	}
	for _, parent := range []string{"", "urn:pulumi:dev::kafka-plc::pulumi:pulumi:Stack::kafka-plc-dev"} {
		child := Resource{Parent: parent}
		if tok, name := child.ParentTypeAndName(); tok != "" || name != "" {
			t.Errorf("parent %q: ParentTypeAndName = %q %q, want none (the stack)", parent, tok, name)
		}
	}
}

func TestChangedInputs(t *testing.T) {
	s := func(v string) resource.PropertyMap { return resource.PropertyMap{"k": resource.NewProperty(v)} }
	before := map[string]resource.PropertyMap{"a": s("1"), "b": s("2"), "gone": s("3")}
	after := map[string]resource.PropertyMap{"a": s("1"), "b": s("changed"), "new": s("4")}
	if got := fmt.Sprint(ChangedInputs(before, after)); got != "[b gone new]" {
		t.Errorf("ChangedInputs = %s, want [b gone new]", got)
	}
	if got := ChangedInputs(before, before); len(got) != 0 {
		t.Errorf("ChangedInputs of equal runs = %v, want none", got)
	}
}

func TestStagingStdout(t *testing.T) {
	for _, tc := range []struct {
		r    Resource
		want string // "" means no answer
	}{
		{Resource{Type: TypeRemoteCommand, Name: "kafka-kplc-staging"}, StagingHome + "/.kafka-plc/kafka\n"},
		{Resource{Type: TypeRemoteCommand, Name: "kafka-plc-dev-kplc-staging-2"}, StagingHome + "/.kafka-plc/kafka-plc-dev\n"},
		{Resource{Type: TypeRemoteCommand, Name: "kafka-plc-dev-staging-3"}, StagingHome + "/.kafka-plc/kafka-plc-dev\n"},
		{Resource{Type: TypeRemoteCommand, Name: "verify-checks-staging"}, StagingHome + "/.kafka-plc/verify\n"},
		{Resource{Type: TypeRemoteCommand, Name: "kafka-install-1"}, ""},
		{Resource{Type: TypeRemoteCommand, Name: "kafka-scripts-1"}, ""},
		{Resource{Type: TypeCopyToRemote, Name: "kafka-kplc-staging"}, ""},
	} {
		out, ok := StagingStdout(tc.r)
		if got := Str(out, "stdout"); ok != (tc.want != "") || got != tc.want {
			t.Errorf("%s %s: stdout %q (answered %v), want %q", tc.r.Type, tc.r.Name, got, ok, tc.want)
		}
	}
}
