package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// testPrivateKeyMarker is inside the test stack's private key; it must never reach the engine
// except as a secret.
const testPrivateKeyMarker = "kplc-test-private-key-material"

// devStack returns the dev stack's configuration (Pulumi.dev.yaml) with n brokers, as the
// engine passes it to the program: namespaced keys, arrays as JSON.
func devStack(n int) map[string]string {
	return map[string]string{
		"alicloud:region":              "ap-southeast-1",
		"kafka-plc:region":             "ap-southeast-1",
		"kafka-plc:zones":              `["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c"]`,
		"kafka-plc:vpcCidr":            "10.0.0.0/16",
		"kafka-plc:brokerVswitchCidrs": `["10.0.0.0/18","10.0.64.0/18","10.0.128.0/18"]`,
		"kafka-plc:bastionVswitchCidr": "10.0.192.0/24",
		"kafka-plc:nlbVswitchCidrs":    `["10.0.193.0/24","10.0.194.0/24","10.0.195.0/24"]`,
		"kafka-plc:brokerCount":        strconv.Itoa(n),
		"kafka-plc:kafkaVersion":       "3.7.1",
		"kafka-plc:scalaVersion":       "2.13",
		"kafka-plc:kafkaChecksum":      "sha256:62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9",
		"kafka-plc:tidbCloudAccountId": "1234567890123456",
		"kafka-plc:sshAllowedCidrs":    `["203.0.113.0/24"]`,
		"kafka-plc:sshPublicKey":       "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQC5AyCvTx+uWysA3DGzYvpLbApgOH+bLcxZhcGVA1r9QKEHnac0AG59feVz5mUcBT6ONKWzxb65rL6AW0GIU68KYybZAdXeetWa6x2LHNlWoROmkG+HuPrp+C/K4sc/E2rhE0L7NGFsGkgtxxpSnoqjnef+3VaIXljs3nf+T3aaoeT35cBDI7urB9SQ4m1mHbTLhcu36LWzhFFq0komg4qeFzNUE3oqIbunE2UUSBM0GWO5MQsZJN9qCQIzA3rurBxnoHMURRbNF8WYPg4Iy9ad6C5jNKXtR0Z2utYRhk6GwjjRyilzPbdUA+/O57dRuBbDIJaGILso8Kh2wtv/UO+UkzXP8wNdQeIuyUyXNKIBdHh81kxmvkXbyCAcRkBVOSDnp3ht8Scv4esICHKPNXoBt5AT817MN0gNENuJ4u1usRru63NxiCNKbM/m0d/Dti/JBErpOmprqXRltEXv5AOUoTF3W59x0Sho9jH6Pb59SOxfv55xzmHeGLFtY63RS6wzm/rbbcO+f/uAAlrcn94gao09He4Kx9bfKz3TOQZS8UbEv+CP/msdopdXGPS9EAAj5tveo3dEm2hmR+1Srs0O6t2UAinDNFtR4sOraxZvf2HH1B1B90HAW+GergURyyD3tABh4+YBCXyS2zoc28v9PTr1lAmpOQMBh1ZNEgO0YQ== kafka-plc-dev-example",
		"kafka-plc:sshPrivateKey":      "-----BEGIN OPENSSH PRIVATE KEY-----\n" + testPrivateKeyMarker + "\n-----END OPENSSH PRIVATE KEY-----\n",
	}
}

// existingStack returns the configuration of Pulumi.existing.yaml.
func existingStack() map[string]string {
	return map[string]string{
		"alicloud:region":              "ap-southeast-1",
		"kafka-plc:mode":               "existing",
		"kafka-plc:region":             "ap-southeast-1",
		"kafka-plc:zones":              `["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c"]`,
		"kafka-plc:vpcCidr":            "10.0.0.0/16",
		"kafka-plc:existingVpcId":      "vpc-t4nexample0vpc0001",
		"kafka-plc:existingVswitchIds": `{"ap-southeast-1a":"vsw-t4nexample0a0001","ap-southeast-1b":"vsw-t4nexample0b0001","ap-southeast-1c":"vsw-t4nexample0c0001"}`,
		"kafka-plc:jumpHost":           "198.51.100.10",
		"kafka-plc:jumpUser":           "root",
		"kafka-plc:existingBrokers": `[{"nodeId":1,"zone":"ap-southeast-1a","privateIp":"10.0.0.10","instanceId":"i-t4nexamplebroker01"},` +
			`{"nodeId":2,"zone":"ap-southeast-1b","privateIp":"10.0.64.10","instanceId":"i-t4nexamplebroker02"},` +
			`{"nodeId":3,"zone":"ap-southeast-1c","privateIp":"10.0.128.10","instanceId":"i-t4nexamplebroker03"}]`,
		"kafka-plc:tidbCloudAccountId": "1234567890123456",
		"kafka-plc:sshPrivateKey":      "-----BEGIN OPENSSH PRIVATE KEY-----\n" + testPrivateKeyMarker + "\n-----END OPENSSH PRIVATE KEY-----\n",
	}
}

// fakeModule creates a minimal kafka-plc module root (go.mod, cmd/kplc that builds, and a
// stand-in of the built kplc binary for prebuiltKplc).
func fakeModule(tb testing.TB) string {
	tb.Helper()
	root := tb.TempDir()
	files := map[string]string{
		"go.mod":                   "module github.com/kafka-plc/kafka-plc\n",
		"cmd/kplc/main.go":         "package main\n\nfunc main() {}\n",
		"bin/kplc-linux-amd64":     "\x7fELF stand-in kplc",
		"deploy/not-hashed.txt":    "ignored",
		"cmd/kplc/main_test.go":    "package main\n",
		"internal/x/testdata/x.go": "package x\n",
	}
	for name, text := range files {
		writeFile(tb, root, name, text, 0o644)
	}
	return root
}

// writeFile writes text to root/name with the permissions perm, making its directory first.
func writeFile(tb testing.TB, root, name, text string, perm os.FileMode) {
	tb.Helper()
	path := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), perm); err != nil {
		tb.Fatal(err)
	}
}

// prebuiltKplc stands in for the program's kplc build: it returns the stand-in binary that
// fakeModule wrote, so that the tests run no go build (TestProgramBuildsKplc builds for real).
func prebuiltKplc(_ context.Context, moduleDir string) (string, error) {
	return filepath.Join(moduleDir, "bin", "kplc-linux-amd64"), nil
}

// newMocks returns mocks that answer like Alibaba Cloud and the command provider.
func newMocks(tb testing.TB, moduleDir string) *mocktest.Mocks {
	return newMocksIn(tb, moduleDir, existingCloud())
}

// newMocksIn is newMocks over a region where cloud already runs.
func newMocksIn(tb testing.TB, moduleDir string, cloud *mocktest.Cloud) *mocktest.Mocks {
	return &mocktest.Mocks{
		Outputs: func(r mocktest.Resource) resource.PropertyMap {
			switch r.Type {
			case mocktest.TypeInstance:
				if strings.HasSuffix(r.Name, "-bastion") {
					return resource.PropertyMap{"publicIp": resource.NewProperty("198.51.100.7")}
				}
			case mocktest.TypeLoadBalancer:
				return resource.PropertyMap{"dnsName": resource.NewProperty("nlb-" + r.Name + ".ap-southeast-1.nlb.aliyuncsslb.com")}
			case mocktest.TypeEndpointService:
				return resource.PropertyMap{
					"vpcEndpointServiceName": resource.NewProperty("com.aliyuncs.privatelink.ap-southeast-1.epsrv-test"),
					"serviceDomain":          resource.NewProperty("epsrv-test.ap-southeast-1.privatelink.aliyuncs.com"),
				}
			case mocktest.TypeRemoteCommand:
				if out, ok := mocktest.StagingStdout(r); ok {
					return out
				}
				return resource.PropertyMap{"stdout": resource.NewProperty(`{"ok":true}`)}
			}
			return nil
		},
		CallResults: func(call mocktest.Invoke) (resource.PropertyMap, error) {
			if call.Token == mocktest.FuncGetImages {
				return mocktest.ImagesResult(), nil
			}
			if out, ok := cloud.Answer(call); ok {
				return out, nil
			}
			return nil, fmt.Errorf("unexpected invoke %s", call.Token)
		},
	}
}

// existingCloud is the region of the existing stack (Pulumi.existing.yaml): its three brokers
// run where existingBrokers says, untagged by kafka-plc. A stack in mode new finds none of them.
func existingCloud() *mocktest.Cloud {
	cloud := &mocktest.Cloud{}
	for i, b := range []struct{ zone, ip string }{
		{"ap-southeast-1a", "10.0.0.10"}, {"ap-southeast-1b", "10.0.64.10"}, {"ap-southeast-1c", "10.0.128.10"},
	} {
		cloud.Instances = append(cloud.Instances, mocktest.CloudInstance{
			ID: fmt.Sprintf("i-t4nexamplebroker%02d", i+1), Name: fmt.Sprintf("kafka-%d", i+1), Zone: b.zone, PrivateIP: b.ip,
			VpcID: "vpc-t4nexample0vpc0001", VswitchID: fmt.Sprintf("vsw-t4nexample0%c0001", 'a'+i),
			Tags: map[string]string{"team": "data"},
		})
	}
	return cloud
}

// withStack sets the stack configuration, marking sshPrivateKey secret as Pulumi does.
func withStack(stackConfig map[string]string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = stackConfig
		info.ConfigSecretKeys = []string{"kafka-plc:sshPrivateKey"}
	}
}

// runProgram runs the program for stack "dev" of project kafka-plc under mocks and returns the
// mocks and the awaited stack outputs.
func runProgram(tb testing.TB, stackConfig map[string]string) (*mocktest.Mocks, map[string]any, error) {
	tb.Helper()
	return runProgramIn(tb, fakeModule(tb), stackConfig)
}

// runProgramIn is runProgram with a given module root, so that two runs can share one.
func runProgramIn(tb testing.TB, moduleDir string, stackConfig map[string]string) (*mocktest.Mocks, map[string]any, error) {
	tb.Helper()
	return runProgramSecrets(tb, moduleDir, stackConfig, []string{"kafka-plc:sshPrivateKey"})
}

// runProgramSecrets is runProgramIn with the keys Pulumi marks secret given (as `pulumi config
// set --secret` would have marked them).
func runProgramSecrets(tb testing.TB, moduleDir string, stackConfig map[string]string, secretKeys []string) (*mocktest.Mocks, map[string]any, error) {
	tb.Helper()
	mocks := newMocks(tb, moduleDir)
	var outputs map[string]any
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		out, err := program(ctx, moduleDir, prebuiltKplc)
		if err != nil {
			return err
		}
		res, err := internals.UnsafeAwaitOutput(ctx.Context(), out.ToMapOutput())
		if err != nil {
			return err
		}
		// Through JSON, as `pulumi stack output --json` shows them: maps, lists and numbers.
		data, err := json.Marshal(res.Value)
		if err != nil {
			return err
		}
		return json.Unmarshal(data, &outputs)
	}, pulumi.WithMocks("kafka-plc", "dev", mocks), func(info *pulumi.RunInfo) {
		info.Config = stackConfig
		info.ConfigSecretKeys = secretKeys
	})
	return mocks, outputs, err
}

// mustRun is runProgram that fails the test on error.
func mustRun(t *testing.T, stackConfig map[string]string) (*mocktest.Mocks, map[string]any) {
	t.Helper()
	mocks, outputs, err := runProgram(t, stackConfig)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return mocks, outputs
}

// memberships maps each NLB server group name to the node ids attached to it, following
// attachment → server group (by ID) and attachment → instance (by ID) → private IP → node id.
func memberships(t *testing.T, mocks *mocktest.Mocks, nodeByIP map[string]int) map[string][]int {
	t.Helper()
	groupByID := mocks.NameByID(mocktest.TypeServerGroup)
	nodeByInstance := map[string]int{}
	for _, inst := range mocks.ByType(mocktest.TypeInstance) {
		if id, ok := nodeByIP[inst.Str("privateIp")]; ok {
			nodeByInstance[mocktest.ID(inst.Name)] = id
		}
	}
	out := map[string][]int{}
	for _, a := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		group, ok := groupByID[a.Str("serverGroupId")]
		if !ok {
			t.Errorf("attachment %s: no server group with ID %q", a.Name, a.Str("serverGroupId"))
			continue
		}
		node, ok := nodeByInstance[a.Str("serverId")]
		if !ok {
			t.Errorf("attachment %s: server %q is no broker instance", a.Name, a.Str("serverId"))
			continue
		}
		if port, _ := a.Int("port"); port != 39092 || a.Str("serverType") != "Ecs" {
			t.Errorf("attachment %s: port %d type %q, want 39092 Ecs", a.Name, port, a.Str("serverType"))
		}
		out[group] = append(out[group], node)
	}
	for _, ids := range out {
		sort.Ints(ids)
	}
	return out
}

// nodeByIP inverts the brokerPrivateIps output.
func nodeByIP(t *testing.T, outputs map[string]any) map[string]int {
	t.Helper()
	ips, ok := outputs["brokerPrivateIps"].(map[string]any)
	if !ok {
		t.Fatalf("brokerPrivateIps = %#v, want a map", outputs["brokerPrivateIps"])
	}
	out := map[string]int{}
	for id, ip := range ips {
		n, err := strconv.Atoi(id)
		if err != nil {
			t.Fatalf("brokerPrivateIps key %q is not a node id", id)
		}
		out[fmt.Sprint(ip)] = n
	}
	return out
}

func TestDevStackResources(t *testing.T) {
	mocks, outputs := mustRun(t, devStack(3))
	want := map[string]int{
		components.KafkaVpcType: 1, components.KafkaNlbType: 1, components.PrivateLinkEndpointServiceType: 1,
		mocktest.TypeNetwork: 1, mocktest.TypeSwitch: 7, mocktest.TypeSecurityGroup: 2, mocktest.TypeSecurityGroupRule: 9, mocktest.TypeKeyPair: 1, // EXTERNAL: one rule per NLB vSwitch
		mocktest.TypeInstance:     4, // the bastion and three brokers
		mocktest.TypeLoadBalancer: 1, mocktest.TypeServerGroup: 4, mocktest.TypeListener: 4, mocktest.TypeServerGroupAttachment: 6,
		mocktest.TypeEndpointService: 1, mocktest.TypeEndpointServiceResource: 3, mocktest.TypeEndpointServiceUser: 1,
	}
	counts := mocks.CountByType()
	for tok, n := range want {
		if counts[tok] != n {
			t.Errorf("%s: %d registered, want %d", tok, counts[tok], n)
		}
	}

	// Zones and CIDRs of the vSwitches.
	for zone, cidr := range map[string]string{"ap-southeast-1a": "10.0.0.0/18", "ap-southeast-1b": "10.0.64.0/18", "ap-southeast-1c": "10.0.128.0/18"} {
		sw, ok := mocks.Named(mocktest.TypeSwitch, "kafka-plc-dev-vsw-"+zone)
		if !ok || sw.Str("cidrBlock") != cidr || sw.Str("zoneId") != zone {
			t.Errorf("broker vSwitch in %s: %v, want %s", zone, sw.Inputs, cidr)
		}
	}
	for zone, cidr := range map[string]string{"ap-southeast-1a": "10.0.193.0/24", "ap-southeast-1b": "10.0.194.0/24", "ap-southeast-1c": "10.0.195.0/24"} {
		sw, ok := mocks.Named(mocktest.TypeSwitch, "kafka-plc-dev-vsw-nlb-"+zone)
		if !ok || sw.Str("cidrBlock") != cidr || sw.Str("zoneId") != zone {
			t.Errorf("NLB vSwitch in %s: %v, want %s", zone, sw.Inputs, cidr)
		}
	}
	if sw, _ := mocks.Named(mocktest.TypeSwitch, "kafka-plc-dev-vsw-bastion"); sw.Str("cidrBlock") != "10.0.192.0/24" {
		t.Errorf("bastion vSwitch cidr = %q, want 10.0.192.0/24", sw.Str("cidrBlock"))
	}

	// The NLB: intranet, cross-zone, three zones; listeners and memberships.
	lb, _ := mocks.Named(mocktest.TypeLoadBalancer, "kafka-plc-dev-nlb")
	if lb.Str("addressType") != "Intranet" || !lb.Inputs["crossZoneEnabled"].BoolValue() {
		t.Errorf("NLB = %v, want an intranet NLB with cross-zone balancing", lb.Inputs)
	}
	if n := len(lb.Inputs["zoneMappings"].ArrayValue()); n != 3 {
		t.Errorf("NLB has %d zone mappings, want 3", n)
	}
	wantGroups := map[string][]int{
		"kafka-plc-dev-bootstrap": {1, 2, 3},
		"kafka-plc-dev-broker-1":  {1}, "kafka-plc-dev-broker-2": {2}, "kafka-plc-dev-broker-3": {3},
	}
	if got := memberships(t, mocks, nodeByIP(t, outputs)); !reflect.DeepEqual(got, wantGroups) {
		t.Errorf("server group memberships = %v, want %v", got, wantGroups)
	}
	ports := map[int]string{}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		port, _ := l.Int("listenerPort")
		ports[port] = strings.TrimSuffix(l.Str("serverGroupId"), "-id")
	}
	wantPorts := map[int]string{9092: "kafka-plc-dev-bootstrap", 9093: "kafka-plc-dev-broker-1",
		9094: "kafka-plc-dev-broker-2", 9095: "kafka-plc-dev-broker-3"}
	if !reflect.DeepEqual(ports, wantPorts) {
		t.Errorf("listeners = %v, want %v", ports, wantPorts)
	}

	// The endpoint service: manual acceptance, NLB in every zone, exactly TiDB Cloud's account.
	svc, _ := mocks.Named(mocktest.TypeEndpointService, "kafka-plc-dev-service")
	if svc.Inputs["autoAcceptConnection"].BoolValue() || svc.Str("serviceResourceType") != "nlb" {
		t.Errorf("endpoint service = %v, want manual acceptance of an nlb service", svc.Inputs)
	}
	for _, r := range mocks.ByType(mocktest.TypeEndpointServiceResource) {
		if r.Str("resourceId") != mocktest.ID("kafka-plc-dev-nlb") {
			t.Errorf("service resource %s points at %q, want the NLB", r.Name, r.Str("resourceId"))
		}
	}
	users := mocks.ByType(mocktest.TypeEndpointServiceUser)
	if len(users) != 1 || users[0].Str("userId") != "1234567890123456" {
		t.Errorf("whitelisted users = %v, want exactly 1234567890123456", users)
	}
}

func TestDevStackOutputs(t *testing.T) {
	_, outputs := mustRun(t, devStack(3))
	for key, want := range map[string]string{
		"endpointServiceName": "com.aliyuncs.privatelink.ap-southeast-1.epsrv-test",
		"nlbDnsName":          "nlb-kafka-plc-dev-nlb.ap-southeast-1.nlb.aliyuncsslb.com",
		"bastionPublicIp":     "198.51.100.7",
		"stage":               "awaiting-unique-name",
	} {
		if got := fmt.Sprint(outputs[key]); got != want {
			t.Errorf("output %s = %q, want %q", key, got, want)
		}
	}
	ips := outputs["brokerPrivateIps"].(map[string]any)
	if fmt.Sprint(ips["1"]) != "10.0.0.10" || fmt.Sprint(ips["2"]) != "10.0.64.10" || fmt.Sprint(ips["3"]) != "10.0.128.10" {
		t.Errorf("brokerPrivateIps = %v, want the plan's addresses", ips)
	}
	adv := outputs["advertisedListeners"].(map[string]any)
	if got := fmt.Sprint(adv["2"]); got != "EXTERNAL://b2.unique_name.alicloud.plc.tidbcloud.com:9094" {
		t.Errorf("advertisedListeners[2] = %q, want broker 2's EXTERNAL listener on 9094", got)
	}
	tidb := outputs["tidbCloud"].(map[string]any)
	if fmt.Sprint(tidb["endpointServiceName"]) != "com.aliyuncs.privatelink.ap-southeast-1.epsrv-test" ||
		fmt.Sprint(tidb["accountId"]) != "1234567890123456" || fmt.Sprint(tidb["bootstrapPort"]) != "9092" ||
		fmt.Sprint(tidb["zones"]) != "[ap-southeast-1a ap-southeast-1b ap-southeast-1c]" {
		t.Errorf("tidbCloud = %v, want the service name, account, zones and bootstrap port", tidb)
	}
	if pm, ok := outputs["portMap"].([]any); !ok || len(pm) != 4 {
		t.Errorf("portMap = %#v, want 4 listeners", outputs["portMap"])
	}
	next := fmt.Sprint(outputs["nextStep"])
	if strings.Contains(next, "\n") || !strings.Contains(next, "epsrv-test") || !strings.Contains(next, "uniqueName") {
		t.Errorf("nextStep = %q, want one line naming the service and the uniqueName setting", next)
	}
	// The steps in TiDB Cloud and Alibaba Cloud, in order: connect, accept, attach domains.
	steps := []string{"create a private link connection", "accept it in the Alibaba Cloud PrivateLink console",
		"Attach Domains (TiDB Cloud Managed)", "copy the unique name", "pulumi config set kafka-plc:uniqueName"}
	at := -1
	for _, s := range steps {
		i := strings.Index(next, s)
		if i <= at {
			t.Errorf("nextStep = %q, want %q after the steps before it %q", next, s, steps)
			break
		}
		at = i
	}

	stack := devStack(3)
	stack["kafka-plc:uniqueName"] = "abc123"
	_, outputs = mustRun(t, stack)
	if got := fmt.Sprint(outputs["stage"]); got != "unique-name-set" {
		t.Errorf("stage with uniqueName set = %q, want unique-name-set", got)
	}
	if got := fmt.Sprint(outputs["advertisedListeners"].(map[string]any)["1"]); got != "EXTERNAL://b1.abc123.alicloud.plc.tidbcloud.com:9093" {
		t.Errorf("advertisedListeners[1] = %q, want the final name", got)
	}
	if next := fmt.Sprint(outputs["nextStep"]); !strings.Contains(next, "changefeed") || !strings.Contains(next, "b{id}.abc123") {
		t.Errorf("nextStep = %q, want the changefeed step with the final names", next)
	}
}

// TestDataDiskDevice: dataDiskDevice reaches every broker's install step, /dev/vdb by default.
func TestDataDiskDevice(t *testing.T) {
	for _, tc := range []struct{ set, want string }{{"", "/dev/vdb"}, {"/dev/nvme1n1", "/dev/nvme1n1"}} {
		t.Run(tc.want, func(t *testing.T) {
			stack := devStack(3)
			if tc.set != "" {
				stack["kafka-plc:dataDiskDevice"] = tc.set
			}
			mocks, _ := mustRun(t, stack)
			for i := 1; i <= 3; i++ {
				install := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-plc-dev-install-"+strconv.Itoa(i))
				if cmd := install.Str("create"); !strings.Contains(cmd, "'--data-device' '"+tc.want+"'") {
					t.Errorf("install step of node %d does not pass --data-device %s; its arguments: %s", i, tc.want, cmd[max(0, len(cmd)-300):])
				}
			}
		})
	}
}

// TestProgramWarnsWithoutProviderRegion: a stack without alicloud:region deploys, with a warning
// that the provider then needs ALICLOUD_REGION.
func TestProgramWarnsWithoutProviderRegion(t *testing.T) {
	for _, tc := range []struct {
		name string
		drop bool
		want int
	}{{"alicloud:region set", false, 0}, {"alicloud:region unset", true, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			stack["kafka-plc:tidbCloudAccountId"] = "5555666677778888" // no placeholder warning
			if tc.drop {
				delete(stack, "alicloud:region")
			}
			moduleDir := fakeModule(t)
			logs := &mocktest.Log{}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				ctx.Log = logs
				_, err := program(ctx, moduleDir, prebuiltKplc)
				return err
			}, pulumi.WithMocks("kafka-plc", "dev", newMocks(t, moduleDir)), withStack(stack))
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			if got := logs.WarningsContaining("alicloud:region is not set", "ALICLOUD_REGION", "pulumi config set alicloud:region ap-southeast-1"); len(got) != tc.want {
				t.Errorf("%d region warnings, want %d; warnings: %q", len(got), tc.want, logs.Warnings())
			}
			if len(logs.Warnings()) != tc.want {
				t.Errorf("warnings = %q, want %d", logs.Warnings(), tc.want)
			}
		})
	}
}

func TestFiveBrokersOverThreeZones(t *testing.T) {
	mocks, outputs := mustRun(t, devStack(5))
	if n := len(mocks.ByType(mocktest.TypeListener)); n != 6 {
		t.Errorf("%d listeners, want 6 (bootstrap + one per broker)", n)
	}
	want := map[string][]int{"kafka-plc-dev-bootstrap": {1, 2, 3, 4, 5}}
	for id := 1; id <= 5; id++ {
		want[fmt.Sprintf("kafka-plc-dev-broker-%d", id)] = []int{id}
	}
	if got := memberships(t, mocks, nodeByIP(t, outputs)); !reflect.DeepEqual(got, want) {
		t.Errorf("server group memberships = %v, want %v", got, want)
	}
	// Brokers 4 and 5 go round-robin to zones a and b.
	for _, inst := range mocks.ByType(mocktest.TypeInstance) {
		if id := nodeByIP(t, outputs)[inst.Str("privateIp")]; id != 0 {
			wantZone := []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"}[(id-1)%3]
			if got := inst.Str("availabilityZone"); got != "" && got != wantZone {
				t.Errorf("broker %d in zone %s, want %s", id, got, wantZone)
			}
		}
	}
}

func TestNoRuleOpenToTheWorld(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(map[string]string)
		wantOpen int
	}{
		{"dev stack", func(map[string]string) {}, 0},
		{"SSH from anywhere, explicitly allowed", func(s map[string]string) {
			s["kafka-plc:sshAllowedCidrs"] = `["0.0.0.0/0"]`
			s["kafka-plc:allowSshFromAnywhere"] = "true"
		}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			tc.edit(stack)
			mocks, _ := mustRun(t, stack)
			open := 0
			for _, r := range mocks.ByType(mocktest.TypeSecurityGroupRule) {
				if r.Str("cidrIp") == "0.0.0.0/0" {
					open++
					if r.Str("portRange") != "22/22" || !strings.Contains(r.Name, "bastion-ssh") {
						t.Errorf("rule %s admits 0.0.0.0/0 on %s", r.Name, r.Str("portRange"))
					}
				}
			}
			if open != tc.wantOpen {
				t.Errorf("%d rules admit 0.0.0.0/0, want %d", open, tc.wantOpen)
			}
		})
	}
}

// TestExternalPortOnlyFromNLBVswitches: the brokers' EXTERNAL port admits exactly the ranges of
// the vSwitches the NLB takes its (backend-facing) addresses from, not the whole VPC.
func TestExternalPortOnlyFromNLBVswitches(t *testing.T) {
	mocks, _ := mustRun(t, devStack(3))
	cidrOf := map[string]string{}
	for _, sw := range mocks.ByType(mocktest.TypeSwitch) {
		cidrOf[mocktest.ID(sw.Name)] = sw.Str("cidrBlock")
	}
	lb := mocks.ByType(mocktest.TypeLoadBalancer)
	if len(lb) != 1 {
		t.Fatalf("%d load balancers", len(lb))
	}
	var nlbRanges []string
	for _, z := range lb[0].Inputs["zoneMappings"].ArrayValue() {
		nlbRanges = append(nlbRanges, cidrOf[z.ObjectValue()["vswitchId"].StringValue()])
	}
	var external []string
	for _, r := range mocks.ByType(mocktest.TypeSecurityGroupRule) {
		if r.Str("portRange") == "39092/39092" {
			external = append(external, r.Str("cidrIp"))
			if r.Str("sourceSecurityGroupId") != "" {
				t.Errorf("EXTERNAL rule %s admits a security group", r.Name)
			}
		}
	}
	sort.Strings(nlbRanges)
	sort.Strings(external)
	if len(nlbRanges) != 3 || strings.Join(external, ",") != strings.Join(nlbRanges, ",") {
		t.Errorf("EXTERNAL port admits %v, want exactly the NLB's vSwitch ranges %v", external, nlbRanges)
	}
}

// TestNLBTakesNoBrokerAddress: the NLB takes its per-zone VIP and its local addresses toward
// the backends from the vSwitch of each zone mapping (Alibaba Cloud NLB docs: 3 addresses per
// vSwitch, 8 free recommended) while the brokers are created in parallel with planned static
// addresses; so no zone mapping may use a vSwitch whose range holds a broker's planned address
// now or after brokerCount grows, i.e. any broker vSwitch.
func TestNLBTakesNoBrokerAddress(t *testing.T) {
	for _, brokers := range []int{3, 9} {
		mocks, outputs := mustRun(t, devStack(brokers))
		switches := map[string]mocktest.Resource{}
		for _, sw := range mocks.ByType(mocktest.TypeSwitch) {
			switches[mocktest.ID(sw.Name)] = sw
		}
		lb := mocks.ByType(mocktest.TypeLoadBalancer)
		if len(lb) != 1 {
			t.Fatalf("%d load balancers", len(lb))
		}
		mappings := lb[0].Array("zoneMappings")
		if len(mappings) != 3 {
			t.Fatalf("%d zone mappings, want 3", len(mappings))
		}
		for _, m := range mappings {
			zone := mocktest.Str(m.ObjectValue(), "zoneId")
			sw, ok := switches[mocktest.Str(m.ObjectValue(), "vswitchId")]
			if !ok {
				t.Errorf("zone %s: the NLB's vSwitch is none of the stack's", zone)
				continue
			}
			nlbRange := netip.MustParsePrefix(sw.Str("cidrBlock"))
			if sw.Str("zoneId") != zone {
				t.Errorf("zone %s: the NLB's vSwitch %s is in zone %s", zone, sw.Name, sw.Str("zoneId"))
			}
			for ip := range nodeByIP(t, outputs) {
				if nlbRange.Contains(netip.MustParseAddr(ip)) {
					t.Errorf("%d brokers: the NLB's vSwitch %s (%s) in %s holds broker address %s", brokers, sw.Name, nlbRange, zone, ip)
				}
			}
			for _, other := range switches {
				if other.Name != sw.Name && netip.MustParsePrefix(other.Str("cidrBlock")).Overlaps(nlbRange) {
					t.Errorf("the NLB's vSwitch %s (%s) overlaps vSwitch %s (%s)", sw.Name, nlbRange, other.Name, other.Str("cidrBlock"))
				}
			}
		}
	}
}

func TestParentsAndVersions(t *testing.T) {
	mocks, _ := mustRun(t, devStack(3))
	wantParent := map[string]string{
		mocktest.TypeNetwork: components.KafkaVpcType, mocktest.TypeSwitch: components.KafkaVpcType, mocktest.TypeSecurityGroup: components.KafkaVpcType,
		mocktest.TypeSecurityGroupRule: components.KafkaVpcType, mocktest.TypeKeyPair: components.KafkaVpcType,
		mocktest.TypeLoadBalancer: components.KafkaNlbType, mocktest.TypeServerGroup: components.KafkaNlbType,
		mocktest.TypeServerGroupAttachment: components.KafkaNlbType, mocktest.TypeListener: components.KafkaNlbType,
		mocktest.TypeEndpointService: components.PrivateLinkEndpointServiceType, mocktest.TypeEndpointServiceResource: components.PrivateLinkEndpointServiceType,
		mocktest.TypeEndpointServiceUser: components.PrivateLinkEndpointServiceType,
	}
	for _, r := range mocks.Resources() {
		parentType, parentName := r.ParentTypeAndName()
		if parentType == components.SSHHostKeyType {
			// A host's key steps belong to its SSHHostKey (the bastion's at the stack, a
			// broker's inside KraftBrokerSet).
			if !strings.HasPrefix(parentName, "kafka-plc-dev-") || !strings.Contains(parentName, "host-key") {
				t.Errorf("%s %q: parent %s %q, want a host's key", r.Type, r.Name, parentType, parentName)
			}
			continue
		}
		if !r.Custom {
			if r.Type == components.SSHHostKeyType && (parentType == "" || parentType == components.KraftBrokerSetType) {
				continue
			}
			if parentType != "" {
				t.Errorf("component %s %q has parent %s, want the stack", r.Type, r.Name, parentType)
			}
			continue
		}
		if parentType == "" || parentName != "kafka-plc-dev" {
			t.Errorf("%s %q: parent %q, want one of the program's components", r.Type, r.Name, r.Parent)
		}
		if want, ok := wantParent[r.Type]; ok && parentType != want {
			t.Errorf("%s %q: parent %s, want %s", r.Type, r.Name, parentType, want)
		}
		if r.Type == mocktest.TypeInstance && strings.HasSuffix(r.Name, "-bastion") && parentType != components.KafkaVpcType {
			t.Errorf("bastion's parent is %s, want %s", parentType, components.KafkaVpcType)
		}
		if strings.HasPrefix(r.Type, "alicloud:") && r.Version != "3.105.0" {
			t.Errorf("%s %q: provider version %q, want 3.105.0", r.Type, r.Name, r.Version)
		}
	}
}

func TestPrivateKeyStaysSecret(t *testing.T) {
	mocks, _ := mustRun(t, devStack(3))
	var leaks func(v resource.PropertyValue) bool
	leaks = func(v resource.PropertyValue) bool {
		switch {
		case v.IsSecret():
			return false
		case v.IsString():
			return strings.Contains(v.StringValue(), testPrivateKeyMarker)
		case v.IsArray():
			for _, e := range v.ArrayValue() {
				if leaks(e) {
					return true
				}
			}
		case v.IsObject():
			for _, e := range v.ObjectValue() {
				if leaks(e) {
					return true
				}
			}
		}
		return false
	}
	for _, r := range mocks.Resources() {
		if leaks(resource.NewProperty(r.Inputs)) {
			t.Errorf("%s %q receives the SSH private key in plain text", r.Type, r.Name)
		}
	}
}

func TestExistingStack(t *testing.T) {
	mocks, outputs := mustRun(t, existingStack())
	counts := mocks.CountByType()
	for _, tok := range []string{mocktest.TypeNetwork, mocktest.TypeSwitch, mocktest.TypeSecurityGroup, mocktest.TypeSecurityGroupRule, mocktest.TypeKeyPair, mocktest.TypeInstance} {
		if counts[tok] != 0 {
			t.Errorf("%s: %d registered in mode existing, want none", tok, counts[tok])
		}
	}
	lb, _ := mocks.Named(mocktest.TypeLoadBalancer, "kafka-plc-dev-nlb")
	if lb.Str("vpcId") != "vpc-t4nexample0vpc0001" {
		t.Errorf("NLB vpcId = %q, want the existing VPC", lb.Str("vpcId"))
	}
	for _, zm := range lb.Inputs["zoneMappings"].ArrayValue() {
		z := zm.ObjectValue()
		if !strings.HasPrefix(z["vswitchId"].StringValue(), "vsw-t4nexample0") {
			t.Errorf("zone mapping %v does not use the existing vSwitch", z)
		}
	}
	members := map[string][]string{}
	for _, a := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		g := strings.TrimSuffix(a.Str("serverGroupId"), "-id")
		members[g] = append(members[g], a.Str("serverId"))
	}
	want := map[string][]string{
		"kafka-plc-dev-bootstrap": {"i-t4nexamplebroker01", "i-t4nexamplebroker02", "i-t4nexamplebroker03"},
		"kafka-plc-dev-broker-1":  {"i-t4nexamplebroker01"},
		"kafka-plc-dev-broker-2":  {"i-t4nexamplebroker02"},
		"kafka-plc-dev-broker-3":  {"i-t4nexamplebroker03"},
	}
	if !reflect.DeepEqual(members, want) {
		t.Errorf("server group memberships = %v, want %v", members, want)
	}
	if got := fmt.Sprint(outputs["bastionPublicIp"]); got != "198.51.100.10" {
		t.Errorf("bastionPublicIp = %q, want the jump host", got)
	}
}

func TestBadStackFailsBeforeAnyResource(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]string)
		want []string
	}{
		{"one zone", func(s map[string]string) {
			s["kafka-plc:zones"] = `["ap-southeast-1a"]`
			s["kafka-plc:brokerVswitchCidrs"] = `["10.0.0.0/18"]`
		}, []string{"zones", "ap-southeast-1a"}},
		{"no private key", func(s map[string]string) { delete(s, "kafka-plc:sshPrivateKey") }, []string{"sshPrivateKey", "--secret"}},
		{"SSH from anywhere not allowed", func(s map[string]string) { s["kafka-plc:sshAllowedCidrs"] = `["0.0.0.0/0"]` },
			[]string{"sshAllowedCidrs", "0.0.0.0/0"}},
		{"too many brokers for the NLB", func(s map[string]string) { s["kafka-plc:brokerCount"] = "60" }, []string{"brokerCount", "60"}},
		{"bad account", func(s map[string]string) { s["kafka-plc:tidbCloudAccountId"] = "tidb" }, []string{"tidbCloudAccountId", "tidb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := devStack(3)
			tc.edit(stack)
			mocks, _, err := runProgram(t, stack)
			if err == nil {
				t.Fatal("program succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if n := len(mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error, want 0", n)
			}
		})
	}
}

func TestBaseName(t *testing.T) {
	for _, tc := range []struct{ project, stack, want string }{
		{"kafka-plc", "dev", "kafka-plc-dev"},
		{"kafka-plc", "Prod_EU.1", "kafka-plc-prod-eu-1"},
		{"1st", "dev", "k-1st-dev"},
		{"kafka-plc", strings.Repeat("x", 60), "kafka-plc-" + strings.Repeat("x", 30)},
	} {
		if got := baseName(tc.project, tc.stack); got != tc.want {
			t.Errorf("baseName(%q, %q) = %q, want %q", tc.project, tc.stack, got, tc.want)
		}
	}
}

func TestStackValues(t *testing.T) {
	stack := devStack(3)
	var values config.Values
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		values = stackValues(ctx)
		return nil
	}, pulumi.WithMocks("kafka-plc", "dev", &mocktest.Mocks{}), func(info *pulumi.RunInfo) {
		info.Config = stack
		info.ConfigSecretKeys = []string{"kafka-plc:sshPrivateKey", "kafka-plc:tidbCloudAccountId"}
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := values["sshPrivateKey"]; !v.Secret || v.Raw != "" {
		t.Errorf("sshPrivateKey = %+v, want only its presence (Secret, empty Raw)", v)
	}
	if v := values["tidbCloudAccountId"]; !v.Secret || v.Raw != "1234567890123456" {
		t.Errorf("tidbCloudAccountId = %+v, want its value marked secret", v)
	}
	if v := values["zones"]; v.Secret || v.Raw != stack["kafka-plc:zones"] {
		t.Errorf("zones = %+v, want the engine's JSON text", v)
	}
	if v := values[config.ProviderRegionKey]; v.Raw != "ap-southeast-1" {
		t.Errorf("%s = %+v, want ap-southeast-1", config.ProviderRegionKey, v)
	}
	if _, ok := values["brokerHeap"]; ok {
		t.Error("an unset setting is in Values; Load should apply its default")
	}
}
