package components

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var testZones = []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"}

// testNlbArgs returns NLB arguments for n brokers spread round-robin over the three test
// zones, with bootstrap port 9092 and broker i on 9092+i, as the plan lays them out.
func testNlbArgs(n int) *KafkaNlbArgs {
	args := &KafkaNlbArgs{VpcID: pulumi.String("vpc-test"), BackendPort: 39092}
	for _, z := range testZones {
		args.Zones = append(args.Zones, NlbZone{Zone: z, VswitchID: pulumi.String("vsw-" + z)})
	}
	all := NlbPortMapping{ListenerPort: 9092, ServerGroup: "bootstrap"}
	var perBroker []NlbPortMapping
	for id := 1; id <= n; id++ {
		args.Brokers = append(args.Brokers, NlbBroker{
			NodeID: id, Zone: testZones[(id-1)%len(testZones)], InstanceID: pulumi.String(fmt.Sprintf("i-broker-%d", id)),
		})
		all.NodeIDs = append(all.NodeIDs, id)
		perBroker = append(perBroker, NlbPortMapping{ListenerPort: 9092 + id, ServerGroup: fmt.Sprintf("broker-%d", id), NodeIDs: []int{id}})
	}
	args.PortMap = append([]NlbPortMapping{all}, perBroker...)
	return args
}

// runNlb creates a KafkaNlb named "kafka" under fresh mocks and returns the awaited port map.
func runNlb(t *testing.T, args *KafkaNlbArgs) (*mocktest.Mocks, []map[string]any, error) {
	t.Helper()
	mocks := newTestMocks()
	var portMap []map[string]any
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		n, err := NewKafkaNlb(ctx, "kafka", args)
		if err != nil {
			return err
		}
		v, err := awaitOutput(ctx, n.PortMap)
		if err != nil {
			return err
		}
		for _, m := range v.([]map[string]any) {
			portMap = append(portMap, m)
		}
		return nil
	})
	return mocks, portMap, err
}

// membership returns, for each server group name, the instance IDs attached to it, read
// through the attachments' serverGroupId (attachment → server group → instance).
func membership(t *testing.T, mocks *mocktest.Mocks) map[string][]string {
	t.Helper()
	groupByID := mocks.NameByID(mocktest.TypeServerGroup)
	out := map[string][]string{}
	for _, a := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		group, ok := groupByID[a.Str("serverGroupId")]
		if !ok {
			t.Errorf("attachment %s: serverGroupId %q is no server group of the NLB", a.Name, a.Str("serverGroupId"))
			continue
		}
		out[group] = append(out[group], a.Str("serverId"))
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}

func TestKafkaNlbFiveBrokersThreeZones(t *testing.T) {
	mocks, portMap, err := runNlb(t, testNlbArgs(5))
	if err != nil {
		t.Fatalf("NewKafkaNlb: %v", err)
	}
	checkCounts(t, mocks, map[string]int{
		KafkaNlbType: 1, mocktest.TypeLoadBalancer: 1, mocktest.TypeServerGroup: 6, mocktest.TypeListener: 6, mocktest.TypeServerGroupAttachment: 10,
	})
	checkCustomChildren(t, mocks, KafkaNlbType, "kafka")

	want := map[string][]string{
		"kafka-bootstrap": {"i-broker-1", "i-broker-2", "i-broker-3", "i-broker-4", "i-broker-5"},
	}
	for id := 1; id <= 5; id++ {
		want[fmt.Sprintf("kafka-broker-%d", id)] = []string{fmt.Sprintf("i-broker-%d", id)}
	}
	if got := membership(t, mocks); !reflect.DeepEqual(got, want) {
		t.Errorf("server group membership = %v, want %v", got, want)
	}

	// Each listener port reaches the server group the port map names.
	wantListeners := map[int]string{9092: "kafka-bootstrap"}
	for id := 1; id <= 5; id++ {
		wantListeners[9092+id] = fmt.Sprintf("kafka-broker-%d", id)
	}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		port, _ := l.Int("listenerPort")
		group, ok := wantListeners[port]
		if !ok {
			t.Errorf("listener %s on unexpected port %d", l.Name, port)
			continue
		}
		delete(wantListeners, port)
		if got := l.Str("serverGroupId"); got != mocktest.ID(group) {
			t.Errorf("listener %d forwards to %q, want %s", port, got, mocktest.ID(group))
		}
		if got := l.Str("loadBalancerId"); got != mocktest.ID("kafka-nlb") {
			t.Errorf("listener %d is on %q, want the NLB %s", port, got, mocktest.ID("kafka-nlb"))
		}
		if p := l.Str("listenerProtocol"); p != "TCP" {
			t.Errorf("listener %d protocol %q, want TCP", port, p)
		}
		if on, set := l.Bool("proxyProtocolEnabled"); !set || on {
			t.Errorf("listener %d proxyProtocolEnabled = %v (set %v), want explicitly false", port, on, set)
		}
	}
	if len(wantListeners) != 0 {
		t.Errorf("no listener on ports %v", wantListeners)
	}

	if len(portMap) != 6 {
		t.Fatalf("portMap output has %d entries, want 6", len(portMap))
	}
	if fmt.Sprint(portMap[0]["listenerPort"]) != "9092" || fmt.Sprint(portMap[0]["nodeIds"]) != "[1 2 3 4 5]" {
		t.Errorf("portMap[0] = %v, want the bootstrap port 9092 with every broker first", portMap[0])
	}
	if portMap[5]["serverGroup"] != "broker-5" || fmt.Sprint(portMap[5]["serverGroupId"]) != mocktest.ID("kafka-broker-5") {
		t.Errorf("portMap[5] = %v, want broker-5 and its server group ID", portMap[5])
	}
}

func TestKafkaNlbProperties(t *testing.T) {
	mocks, _, err := runNlb(t, testNlbArgs(3))
	if err != nil {
		t.Fatalf("NewKafkaNlb: %v", err)
	}
	lb, ok := mocks.Named(mocktest.TypeLoadBalancer, "kafka-nlb")
	if !ok {
		t.Fatal("load balancer kafka-nlb not registered")
	}
	if got := lb.Str("addressType"); got != "Intranet" {
		t.Errorf("addressType = %q, want Intranet", got)
	}
	if on, _ := lb.Bool("crossZoneEnabled"); !on {
		t.Error("crossZoneEnabled is not true: a per-broker server group has its backend in one zone")
	}
	if got := lb.Str("vpcId"); got != "vpc-test" {
		t.Errorf("vpcId = %q, want vpc-test", got)
	}
	var zones []string
	for _, zm := range lb.Array("zoneMappings") {
		z := zm.ObjectValue()
		zone, vsw := mocktest.Str(z, "zoneId"), mocktest.Str(z, "vswitchId")
		if vsw != "vsw-"+zone {
			t.Errorf("zone mapping %s uses vSwitch %q, want vsw-%s", zone, vsw, zone)
		}
		zones = append(zones, zone)
	}
	if !reflect.DeepEqual(zones, testZones) {
		t.Errorf("zone mappings = %v, want %v", zones, testZones)
	}

	for _, sg := range mocks.ByType(mocktest.TypeServerGroup) {
		for key, want := range map[string]string{"protocol": "TCP", "scheduler": "Wrr", "vpcId": "vpc-test", "serverGroupType": "Instance"} {
			if got := sg.Str(key); got != want {
				t.Errorf("server group %s: %s = %q, want %q", sg.Name, key, got, want)
			}
		}
		if on, set := sg.Bool("preserveClientIpEnabled"); !set || on {
			t.Errorf("server group %s: preserveClientIpEnabled = %v (set %v), want explicitly false", sg.Name, on, set)
		}
		if on, _ := sg.Bool("connectionDrainEnabled"); !on {
			t.Errorf("server group %s: connection draining is off", sg.Name)
		}
		if d, ok := sg.Int("connectionDrainTimeout"); !ok || d <= 0 {
			t.Errorf("server group %s: connectionDrainTimeout = %d, want > 0", sg.Name, d)
		}
		hc := sg.Map("healthCheck")
		if got := mocktest.Str(hc, "healthCheckType"); got != "TCP" {
			t.Errorf("server group %s: health check type %q, want TCP", sg.Name, got)
		}
		if on, _ := mocktest.Bool(hc, "healthCheckEnabled"); !on {
			t.Errorf("server group %s: health check disabled", sg.Name)
		}
		for key, want := range map[string]int{"healthCheckConnectPort": 39092, "healthCheckInterval": 10,
			"healthyThreshold": 2, "unhealthyThreshold": 2} {
			if got, _ := mocktest.Int(hc, key); got != want {
				t.Errorf("server group %s: %s = %d, want %d", sg.Name, key, got, want)
			}
		}
	}
	for _, a := range mocks.ByType(mocktest.TypeServerGroupAttachment) {
		if got := a.Str("serverType"); got != "Ecs" {
			t.Errorf("attachment %s: serverType %q, want Ecs", a.Name, got)
		}
		if port, ok := a.Int("port"); !ok || port != 39092 {
			t.Errorf("attachment %s: port = %d (set %v), want the EXTERNAL port 39092 always set", a.Name, port, ok)
		}
	}
}

func TestKafkaNlbInvalidArgs(t *testing.T) {
	checkInvalidArgs(t, "KafkaNlb", func() *KafkaNlbArgs { return testNlbArgs(3) }, runNlb, []argCase[KafkaNlbArgs]{
		{"one zone", func(a *KafkaNlbArgs) { a.Zones = a.Zones[:1] }, "Zones", "1 zone(s)"},
		{"eleven zones", func(a *KafkaNlbArgs) {
			for i := 0; i < 8; i++ {
				a.Zones = append(a.Zones, NlbZone{Zone: fmt.Sprintf("z%d", i), VswitchID: pulumi.String("vsw")})
			}
		}, "Zones", "11 zone(s)"},
		{"duplicate zone", func(a *KafkaNlbArgs) { a.Zones[1].Zone = a.Zones[0].Zone }, "Zones[1].Zone", "ap-southeast-1a"},
		{"zone without vSwitch", func(a *KafkaNlbArgs) { a.Zones[2].VswitchID = nil }, "Zones[2].VswitchID", ""},
		{"broker zone without vSwitch", func(a *KafkaNlbArgs) { a.Brokers[1].Zone = "ap-southeast-1d" },
			"Brokers[1].Zone", "ap-southeast-1d"},
		{"duplicate node id", func(a *KafkaNlbArgs) { a.Brokers[2].NodeID = 1 }, "Brokers[2].NodeID", "1"},
		{"missing instance", func(a *KafkaNlbArgs) { a.Brokers[0].InstanceID = nil }, "Brokers[0].InstanceID", ""},
		{"empty instance ID", func(a *KafkaNlbArgs) { a.Brokers[1].InstanceID = pulumi.String("") }, "Brokers[1].InstanceID", ""},
		{"empty VPC ID", func(a *KafkaNlbArgs) { a.VpcID = pulumi.String(" ") }, "VpcID", ""},
		{"empty vSwitch ID", func(a *KafkaNlbArgs) { a.Zones[0].VswitchID = pulumi.String("") }, "Zones[0].VswitchID", ""},
		{"backend port out of range", func(a *KafkaNlbArgs) { a.BackendPort = 0 }, "BackendPort", "0"},
		{"duplicate listener port", func(a *KafkaNlbArgs) { a.PortMap[2].ListenerPort = 9092 }, "PortMap[2].ListenerPort", "9092"},
		{"listener port out of range", func(a *KafkaNlbArgs) { a.PortMap[1].ListenerPort = 65536 }, "PortMap[1].ListenerPort", "65536"},
		{"unknown node in port map", func(a *KafkaNlbArgs) { a.PortMap[3].NodeIDs = []int{7} }, "PortMap[3].NodeIDs[0]", "7"},
		{"empty server group", func(a *KafkaNlbArgs) { a.PortMap[1].NodeIDs = nil }, "PortMap[1].NodeIDs", "[]"},
		{"bad server group name", func(a *KafkaNlbArgs) { a.PortMap[0].ServerGroup = "Boot Strap" }, "PortMap[0].ServerGroup", "Boot Strap"},
		{"too many listeners", func(a *KafkaNlbArgs) { *a = *testNlbArgs(50) }, "PortMap", "51 listeners"},
		{"too many backends", func(a *KafkaNlbArgs) {
			*a = *testNlbArgs(40)
			for i := 0; i < 9; i++ { // 40 + 40 + 9*40 = 440 backends over 50 listeners
				all := a.PortMap[0]
				all.ListenerPort, all.ServerGroup = 10000+i, fmt.Sprintf("all-%d", i)
				a.PortMap = append(a.PortMap, all)
			}
		}, "PortMap", "440 backends"},
	})
}

func TestListenerDescription(t *testing.T) {
	cases := []struct {
		name string
		m    NlbPortMapping
		want string
	}{
		{"bootstrap", NlbPortMapping{ServerGroup: "bootstrap", NodeIDs: []int{1, 2, 3}}, "kafka_bootstrap_to_brokers_1,2,3"},
		{"one broker", NlbPortMapping{ServerGroup: "broker-2", NodeIDs: []int{2}}, "kafka_broker-2_to_broker_2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := listenerDescription(tc.m); got != tc.want {
				t.Errorf("listenerDescription = %q, want %q", got, tc.want)
			}
		})
	}
}

// nlbRevisionAndDNS creates a KafkaNlb named "kafka" under fresh mocks (an optional outputs hook
// stands for what the cloud reports) and returns its awaited Revision and DNSName.
func nlbRevisionAndDNS(t *testing.T, args *KafkaNlbArgs, outputs func(mocktest.Resource) resource.PropertyMap) (string, string) {
	t.Helper()
	mocks := newTestMocks()
	if outputs != nil {
		base := mocks.Outputs
		mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
			out := base(r)
			if out == nil {
				out = resource.PropertyMap{}
			}
			for k, v := range outputs(r) {
				out[k] = v
			}
			return out
		}
	}
	var rev, dns any
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		n, err := NewKafkaNlb(ctx, "kafka", args)
		if err != nil {
			return err
		}
		if rev, err = awaitOutput(ctx, n.Revision); err != nil {
			return err
		}
		dns, err = awaitOutput(ctx, n.DNSName)
		return err
	})
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return rev.(string), dns.(string)
}

// TestKafkaNlbRevision is issue 12 item 12: the revision the checks re-run on changes with every
// change of a listener, server group or backend, also when the DNS name stays; it does not
// change when nothing changes, nor with what only the cloud reports (statuses).
func TestKafkaNlbRevision(t *testing.T) {
	baseRev, baseDNS := nlbRevisionAndDNS(t, testNlbArgs(3), nil)
	if len(baseRev) != 64 {
		t.Fatalf("Revision = %q, want a hex SHA-256", baseRev)
	}
	for _, tc := range []struct {
		name    string
		args    func() *KafkaNlbArgs
		outputs func(mocktest.Resource) resource.PropertyMap
		changed bool
	}{
		{"nothing changed", func() *KafkaNlbArgs { return testNlbArgs(3) }, nil, false},
		{"only statuses differ", func() *KafkaNlbArgs { return testNlbArgs(3) }, func(r mocktest.Resource) resource.PropertyMap {
			return resource.PropertyMap{"status": resource.NewProperty("Stopped"), "loadBalancerBusinessStatus": resource.NewProperty("Abnormal")}
		}, false},
		{"a listener port moved", func() *KafkaNlbArgs {
			a := testNlbArgs(3)
			a.PortMap[0].ListenerPort = 9192
			return a
		}, nil, true},
		{"a listener reaches another server group", func() *KafkaNlbArgs {
			a := testNlbArgs(3)
			a.PortMap[1].ServerGroup, a.PortMap[2].ServerGroup = a.PortMap[2].ServerGroup, a.PortMap[1].ServerGroup
			return a
		}, nil, true},
		{"a backend left the bootstrap group", func() *KafkaNlbArgs {
			a := testNlbArgs(3)
			a.PortMap[0].NodeIDs = []int{1, 2}
			return a
		}, nil, true},
		{"a broker's instance replaced", func() *KafkaNlbArgs {
			a := testNlbArgs(3)
			a.Brokers[1].InstanceID = pulumi.String("i-broker-2-new")
			return a
		}, nil, true},
		{"the backend port changed", func() *KafkaNlbArgs {
			a := testNlbArgs(3)
			a.BackendPort = 39093
			return a
		}, nil, true},
		{"a listener added", func() *KafkaNlbArgs { return testNlbArgs(4) }, nil, true},
		{"a backend's weight changed in the cloud's answer", func() *KafkaNlbArgs { return testNlbArgs(3) }, func(r mocktest.Resource) resource.PropertyMap {
			if r.Type == mocktest.TypeServerGroupAttachment {
				return resource.PropertyMap{"weight": resource.NewProperty(50.0)}
			}
			return nil
		}, true},
		{"a server group's health check changed in the cloud's answer", func() *KafkaNlbArgs { return testNlbArgs(3) }, func(r mocktest.Resource) resource.PropertyMap {
			if r.Type == mocktest.TypeServerGroup {
				return resource.PropertyMap{"healthCheck": resource.NewProperty(resource.PropertyMap{"healthCheckInterval": resource.NewProperty(20.0)})}
			}
			return nil
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rev, dns := nlbRevisionAndDNS(t, tc.args(), tc.outputs)
			if dns != baseDNS {
				t.Fatalf("test setup: the DNS name changed (%q, was %q); the point is a change that keeps it", dns, baseDNS)
			}
			if changed := rev != baseRev; changed != tc.changed {
				t.Errorf("revision changed = %v, want %v", changed, tc.changed)
			}
		})
	}
}
