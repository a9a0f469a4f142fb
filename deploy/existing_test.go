package deploy

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/kplcbuild"
	"github.com/kafka-plc/kafka-plc/plan"
)

// The existing-mode program under mocks, from the example stack Pulumi.existing.yaml.

const exName = "kafka-plc-existing" // baseName("kafka-plc", "existing")

// exStack loads the example stack (with uniqueName set when given) and builds its plan.
func exStack(t *testing.T, uniqueName string) (*config.Config, *plan.Plan) {
	t.Helper()
	project, values, err := config.ReadStack("..", "existing")
	if err != nil {
		t.Fatalf("reading the example stack: %v", err)
	}
	if uniqueName != "" {
		values["uniqueName"] = config.Value{Raw: uniqueName}
	}
	cfg, err := config.Load(project, "existing", values)
	if err != nil {
		t.Fatalf("loading the example stack: %v", err)
	}
	p, err := plan.Build(cfg)
	if err != nil {
		t.Fatalf("planning the example stack: %v", err)
	}
	return cfg, p
}

// exRun runs programExisting under mocks and returns the recorder.
func exRun(t *testing.T, uniqueName string) *mocktest.Mocks {
	t.Helper()
	return exRunIn(t, uniqueName, exFakeModule(t))
}

// exFakeModule returns a stand-in module root holding a stand-in kplc binary, which does not
// change between two runs of one test.
func exFakeModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeFile(t, root, "cmd/kplc/main.go", "package main\n\nfunc main() {}\n", 0o644)
	// The build's output, as the program's build would leave it (the tests run no go build);
	// an asset of a missing file never compares equal to itself.
	writeFile(t, root, "bin/kplc-linux-amd64", "\x7fELF stand-in kplc", 0o755)
	return root
}

// exRunIn is exRun with the module root given.
func exRunIn(t *testing.T, uniqueName, root string) *mocktest.Mocks {
	t.Helper()
	cfg, p := exStack(t, uniqueName)
	mocks := &mocktest.Mocks{Outputs: func(r mocktest.Resource) resource.PropertyMap {
		out, _ := mocktest.StagingStdout(r)
		return out
	}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		key := pulumi.ToSecret(pulumi.String("not-a-real-key")).(pulumi.StringOutput)
		kplc := components.KplcBinary{Path: filepath.Join(root, kplcbuild.Output)}
		_, err := programExisting(ctx, baseName(ctx.Project(), ctx.Stack()), cfg, p, key, kplc, nil)
		return err
	}, pulumi.WithMocks("kafka-plc", "existing", mocks))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return mocks
}

func TestExistingModeCreatesNoNetworkOrInstances(t *testing.T) {
	mocks := exRun(t, "")
	got := mocks.CountByType()
	for _, tok := range []string{
		mocktest.TypeNetwork, mocktest.TypeSwitch, mocktest.TypeInstance,
		mocktest.TypeSecurityGroup, mocktest.TypeSecurityGroupRule,
		mocktest.TypeKeyPair, components.KraftBrokerSetType,
	} {
		if got[tok] != 0 {
			t.Errorf("%d %s registered in mode existing, want none", got[tok], tok)
		}
	}
	want := map[string]int{
		components.KafkaVpcType:                   1, // adopts the existing VPC, creates nothing
		components.ExistingBrokerExposureType:     1,
		components.KafkaNlbType:                   1,
		components.PrivateLinkEndpointServiceType: 1,
		mocktest.TypeLoadBalancer:                 1,
		mocktest.TypeServerGroup:                  4, // bootstrap + one per broker
		mocktest.TypeListener:                     4,
		mocktest.TypeRemoteCommand:                16, // per broker: host key, upload directory, install kplc, install the script, expose; the jump host's key
		mocktest.TypeLocalCommand:                 4,  // the host-key pins
		mocktest.TypeCopyToRemote:                 6,  // per broker: kplc, expose-existing-broker.sh
	}
	for tok, n := range want {
		if got[tok] != n {
			t.Errorf("%s: %d registered, want %d", tok, got[tok], n)
		}
	}

	// The NLB's backends are the configured instances, on the EXTERNAL port.
	var servers []string
	for _, r := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		port := r.Inputs["port"]
		servers = append(servers, fmt.Sprintf("%s:%v", r.Inputs["serverId"].StringValue(), port.NumberValue()))
	}
	sort.Strings(servers)
	wantServers := []string{
		"i-t4nexamplebroker01:39092", "i-t4nexamplebroker01:39092",
		"i-t4nexamplebroker02:39092", "i-t4nexamplebroker02:39092",
		"i-t4nexamplebroker03:39092", "i-t4nexamplebroker03:39092",
	}
	if fmt.Sprint(servers) != fmt.Sprint(wantServers) {
		t.Errorf("NLB backends %v, want %v", servers, wantServers)
	}
	lb := mocks.MustNamed(t, mocktest.TypeLoadBalancer, exName+"-nlb")
	if vpc := lb.Inputs["vpcId"].StringValue(); vpc != "vpc-t4nexample0vpc0001" {
		t.Errorf("NLB in VPC %q, want the existing vpc-t4nexample0vpc0001", vpc)
	}
}

func TestExistingModeChainsEditsNlbAndService(t *testing.T) {
	mocks := exRun(t, "")
	for i, id := range []int{1, 2, 3} {
		r := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("%s-expose-%d", exName, id))
		want := []string{fmt.Sprintf("%s-kplc-install-%d", exName, id), fmt.Sprintf("%s-scripts-%d", exName, id),
			fmt.Sprintf("%s-host-key-%d-pin", exName, id), exName + "-jump-host-key-pin"}
		if i > 0 {
			want = append(want, fmt.Sprintf("%s-expose-%d", exName, id-1))
		}
		sort.Strings(want)
		if got := r.DependencyNames(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("expose-%d depends on %v, want %v", id, got, want)
		}
	}
	// The load balancer and every server group (so every attachment and listener) wait for the
	// last broker's edit: a refused file stops the update before the NLB is created.
	lbs := append([]mocktest.Resource{mocks.MustNamed(t, mocktest.TypeLoadBalancer, exName+"-nlb")},
		mocks.ByType(mocktest.TypeServerGroup)...)
	for _, r := range lbs {
		if !r.DependsOnName(exName + "-expose-3") {
			t.Errorf("%s depends on %v, want the last broker's edit %s-expose-3 among them", r.Name, r.DependencyNames(), exName)
		}
	}
	// The endpoint service's per-zone resources take the load balancer's ID.
	for _, r := range mocks.ByType(mocktest.TypeEndpointServiceResource) {
		if !r.DependsOnName(exName + "-nlb") {
			t.Errorf("%s does not depend on the load balancer: %v", r.Name, r.DependencyNames())
		}
	}
}

func TestExistingModeEditCommands(t *testing.T) {
	mocks := exRun(t, "")
	for _, tc := range []struct {
		id   int
		sudo bool
		host string
		port string
	}{
		{1, false, "b1.unique_name.alicloud.plc.tidbcloud.com", "9093"},
		{2, false, "b2.unique_name.alicloud.plc.tidbcloud.com", "9094"},
		{3, true, "b3.unique_name.alicloud.plc.tidbcloud.com", "9095"}, // sshUser ecs-user
	} {
		r := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("%s-expose-%d", exName, tc.id))
		create := r.Inputs["create"].StringValue()
		for _, want := range []string{
			"'--advertised-host' '" + tc.host + "'", "'--advertised-port' '" + tc.port + "'",
			"'--external-port' '39092'", "'--file' '/opt/kafka/config/kraft/server.properties'", "'--service' 'kafka'",
			"'--bootstrap' '10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092'",
		} {
			if !strings.Contains(create, want) {
				t.Errorf("expose-%d lacks %s", tc.id, want)
			}
		}
		if strings.HasPrefix(create, "sudo -n ") != tc.sudo {
			t.Errorf("expose-%d: sudo = %v, want %v", tc.id, !tc.sudo, tc.sudo)
		}
	}
}

func TestExistingModeStage2ChangesOnlyEditSteps(t *testing.T) {
	root := exFakeModule(t)
	stage1, stage2 := exRunIn(t, "", root), exRunIn(t, "plc-7x2k9", root)
	changed := mocktest.ChangedResources(stage1, stage2)
	after := stage2.InputsByKey()
	expose := func(id int) string { return fmt.Sprintf("%s %s-expose-%d", mocktest.TypeRemoteCommand, exName, id) }
	want := []string{expose(1), expose(2), expose(3)}
	if fmt.Sprint(changed) != fmt.Sprint(want) {
		t.Errorf("stage 2 changed:\n  %s\nwant only the edit steps:\n  %s", strings.Join(changed, "\n  "), strings.Join(want, "\n  "))
	}
	if !strings.Contains(fmt.Sprint(after[expose(2)]), "b2.plc-7x2k9.alicloud.plc.tidbcloud.com") {
		t.Error("stage 2's edit of node 2 does not advertise the unique name")
	}
}
