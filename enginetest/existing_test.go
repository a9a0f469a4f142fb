package enginetest

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/enginetest/cloudsim"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// existingBrokers are Pulumi.existing.yaml's brokers: node ID, zone, private IP and instance ID.
var existingBrokers = []struct {
	node             int
	zone, ip, id, sw string
}{
	{1, "ap-southeast-1a", "10.0.0.10", "i-t4nexamplebroker01", "vsw-t4nexample0a0001"},
	{2, "ap-southeast-1b", "10.0.64.10", "i-t4nexamplebroker02", "vsw-t4nexample0b0001"},
	{3, "ap-southeast-1c", "10.0.128.10", "i-t4nexamplebroker03", "vsw-t4nexample0c0001"},
}

// existingProperties is a running combined-mode broker's server.properties as an operator left
// it (the scripts tests' existingBroker1, for node n).
func existingProperties(n int) string {
	return "# payments cluster (managed by hand)\n" +
		"process.roles=broker,controller\n" +
		fmt.Sprintf("node.id=%d\n", n) +
		"controller.quorum.voters=1@10.0.0.10:9093,2@10.0.64.10:9093,3@10.0.128.10:9093\n" +
		"listeners=PLAINTEXT://:9092,CONTROLLER://:9093\n" +
		"inter.broker.listener.name=PLAINTEXT\n" +
		fmt.Sprintf("advertised.listeners=PLAINTEXT://%s:9092\n", existingBrokers[n-1].ip) +
		"controller.listener.names=CONTROLLER\n" +
		"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n" +
		"\nlog.dirs=/data/kafka-logs\n"
}

// existingPropertiesPath is where Pulumi.existing.yaml's brokers keep their file (the default).
const existingPropertiesPath = "/opt/kafka/config/kraft/server.properties"

// existingTwin is Pulumi.existing.yaml's stack with its account as the example describes it:
// the VPC, a vSwitch per zone, three running brokers with their server.properties and Kafka
// running, and the jump host (198.51.100.10), seeded into the simulated cloud. On each broker
// `kplc expose` is the real kplc (the program's build), every other kplc subcommand the stub,
// as in the scripts tests (scripts/expose_test.go, kplcWrapper).
func existingTwin(t *testing.T) *Twin {
	t.Helper()
	tw := newTwin(t, "existing", "Pulumi.existing.yaml")
	// Mode existing installs no key and downloads no Kafka: a user sets neither.
	tw.Reset("kafka-plc:sshPublicKey")
	tw.Reset("kafka-plc:kafkaChecksum")
	// The real `kplc expose` refuses an EXTERNAL port already bound on the host, and the host
	// it probes is the machine running the tests, shared with other tests: use a port that was
	// free a moment ago instead of the default 39092.
	tw.Set("kafka-plc:externalPort", freePort(t))
	str := resource.NewProperty[string]
	tw.Cloud.Seed(cloudsim.TokenNetwork, resource.PropertyMap{"id": str("vpc-t4nexample0vpc0001"),
		"cidrBlock": str("10.0.0.0/16"), "status": str("Available")})
	for i, b := range existingBrokers {
		tw.Cloud.Seed(cloudsim.TokenSwitch, resource.PropertyMap{"id": str(b.sw), "vpcId": str("vpc-t4nexample0vpc0001"),
			"zoneId": str(b.zone), "cidrBlock": str(fmt.Sprintf("10.0.%d.0/18", i*64)), "status": str("Available")})
		tw.Cloud.Seed(cloudsim.TokenInstance, resource.PropertyMap{"id": str(b.id), "instanceName": str(fmt.Sprintf("payments-kafka-%d", b.node)),
			"availabilityZone": str(b.zone), "privateIp": str(b.ip), "vswitchId": str(b.sw), "vpcId": str("vpc-t4nexample0vpc0001"), "status": str("Running"),
			"instanceType": str("ecs.g7.xlarge")})
	}
	tw.Cloud.Seed(cloudsim.TokenInstance, resource.PropertyMap{"id": str("i-t4nexamplejump0001"), "instanceName": str("jump"),
		"availabilityZone": str("ap-southeast-1a"), "privateIp": str("10.0.0.5"), "publicIp": str("198.51.100.10"),
		"vswitchId": str("vsw-t4nexample0a0001"), "vpcId": str("vpc-t4nexample0vpc0001"), "status": str("Running")})
	kplc := filepath.Join(projectDir(t), "bin", "kplc-linux-amd64")
	for _, b := range existingBrokers {
		box := tw.Hosts.Host(b.id)
		if err := box.WriteFile(existingPropertiesPath, existingProperties(b.node)); err != nil {
			t.Fatal(err)
		}
		if err := box.SetState("systemd/kafka.active", ""); err != nil {
			t.Fatal(err)
		}
		realKplc(t, box.Root(), box.StateDir(), kplc)
	}
	return tw
}

// freePort returns a TCP port that was free on this machine a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// realKplc makes `kplc expose` on the host run the real kplc, and every other subcommand the
// stub (cmdsim's host layout: <host>/bin holds the stubs, beside <host>/root).
func realKplc(t *testing.T, root, state, kplc string) {
	t.Helper()
	bin := filepath.Join(filepath.Dir(root), "bin")
	stub, err := os.ReadFile(filepath.Join(bin, "kplc"))
	if err != nil {
		t.Fatal(err)
	}
	wrapper := "#!/usr/bin/env bash\nset -euo pipefail\nif [[ \"${1:-}\" == expose ]]; then\n" +
		"  source \"$(dirname -- \"$0\")/_record.sh\"\n  exec \"${KPLC_STUB_STATE:?}/kplc-real\" \"$@\"\nfi\n" +
		"source \"$(dirname -- \"$0\")/kplc.stub\"\n"
	for name, content := range map[string][]byte{"kplc.stub": stub, "kplc": []byte(wrapper)} {
		if err := os.WriteFile(filepath.Join(bin, name), content, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(kplc, filepath.Join(state, "kplc-real")); err != nil {
		t.Fatal(err)
	}
}

// TestModeExisting is scenario 6: Pulumi.existing.yaml at stage 1 and stage 2. Stage 1 adds the
// EXTERNAL listener to each running broker's file in place (node order, one at a time), creates
// the NLB over the existing instances and the endpoint service, and creates no instance, VPC or
// vSwitch. Stage 2 changes only the per-broker edit steps and makes no cloud call.
func TestModeExisting(t *testing.T) {
	tw := existingTwin(t)
	b := blockedBy(t, 1, 2, 10)
	up := tw.Up()
	b.must("mode existing stage 1 pulumi up", up)
	for _, op := range tw.Cloud.Ops() {
		switch op.Type {
		case cloudsim.TokenInstance, cloudsim.TokenNetwork, cloudsim.TokenSwitch:
			t.Errorf("mode existing touched %s %s", op.Kind, op.URN.Name())
		}
	}
	expose := []string{"kafka-plc-existing-expose-1", "kafka-plc-existing-expose-2", "kafka-plc-existing-expose-3"}
	wantSequential(t, "stage 1 edits", runsOf(tw.Hosts.Runs(), expose...), expose)
	for _, eb := range existingBrokers {
		props, err := tw.Hosts.Host(eb.id).ReadFile(existingPropertiesPath)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(props, fmt.Sprintf("EXTERNAL://b%d.unique_name.", eb.node)) {
			t.Errorf("broker %d file has no EXTERNAL listener after stage 1:\n%s", eb.node, props)
		}
	}
	tw.Cloud.ResetOps()
	before := len(tw.Hosts.Runs())
	stage2 := stageTwo(t, tw, b)
	for _, name := range changedNames(stage2.Update) {
		if !strings.Contains(name, "-expose-") {
			t.Errorf("mode existing stage 2 changed %s, want only the edit steps", name)
		}
	}
	if ops := tw.CloudOps(); len(ops) != 0 {
		t.Errorf("mode existing stage 2 made alicloud operations: %v", ops)
	}
	wantSequential(t, "stage 2 edits", runsOf(tw.Hosts.Runs()[before:], expose...), expose)
	for _, eb := range existingBrokers {
		props, _ := tw.Hosts.Host(eb.id).ReadFile(existingPropertiesPath)
		if !strings.Contains(props, fmt.Sprintf("EXTERNAL://b%d.abc123xyz.", eb.node)) {
			t.Errorf("broker %d does not advertise the unique name after stage 2:\n%s", eb.node, props)
		}
	}
	var unused []string
	for _, w := range append(up.Preview.Warnings(), up.Update.Warnings()...) {
		if strings.Contains(w, "is set but not used") {
			unused = append(unused, w)
		}
	}
	b.observed(10, len(unused) > 0, fmt.Sprintf("%d warnings, e.g. %s", len(unused), strings.Join(head(unused, 2), "; ")))
}
