package placement

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/plan"
)

const (
	zoneA, zoneB, zoneC = "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"
)

// layout builds the placement part of a plan the way plan.Build places brokers: broker i in
// zone (i-1) mod len(zones), at network+10+k of its zone's vSwitch.
func layout(zones, cidrs []string, brokers int) *plan.Plan {
	p := &plan.Plan{Stack: "dev"}
	for i, z := range zones {
		p.Zones = append(p.Zones, plan.Zone{Name: z, VswitchCIDR: cidrs[i]})
	}
	perZone := make([]int, len(zones))
	for id := 1; id <= brokers; id++ {
		zi := (id - 1) % len(zones)
		ip := netip.MustParseAddr(strings.Split(cidrs[zi], "/")[0]).As4()
		ip[3] += byte(plan.BrokerIPOffset + perZone[zi])
		p.Brokers = append(p.Brokers, plan.Broker{NodeID: id, Zone: zones[zi], VswitchCIDR: cidrs[zi],
			PrivateIP: netip.AddrFrom4(ip).String()})
		perZone[zi]++
	}
	return p
}

// existingLayout is the dev layout as mode existing plans it: brokers as configured, no
// managed vSwitch ranges.
func existingLayout() *plan.Plan {
	p := layout(devZones, devCidrs, 3)
	for i := range p.Zones {
		p.Zones[i].VswitchCIDR = ""
	}
	return p
}

var (
	devZones = []string{zoneA, zoneB, zoneC}
	devCidrs = []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"}
)

// devRunning are the three brokers of the dev stack as Alibaba Cloud reports them, in their
// vSwitches devVswitches.
var (
	devRunning = []Broker{
		{NodeID: 1, InstanceID: "i-1", Zone: zoneA, PrivateIP: "10.0.0.10", VswitchID: "vsw-a"},
		{NodeID: 2, InstanceID: "i-2", Zone: zoneB, PrivateIP: "10.0.64.10", VswitchID: "vsw-b"},
		{NodeID: 3, InstanceID: "i-3", Zone: zoneC, PrivateIP: "10.0.128.10", VswitchID: "vsw-c"},
	}
	devVswitches = []Vswitch{
		{ID: "vsw-a", Zone: zoneA, CIDR: "10.0.0.0/18"},
		{ID: "vsw-b", Zone: zoneB, CIDR: "10.0.64.0/18"},
		{ID: "vsw-c", Zone: zoneC, CIDR: "10.0.128.0/18"},
	}
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name    string
		plan    *plan.Plan
		running []Broker
		opts    Options
		// wantNodes are the conflicting node ids; nil means no refusal.
		wantNodes []int
		// want are texts the refusal must hold.
		want []string
	}{
		{name: "first deploy finds no broker", plan: layout(devZones, devCidrs, 3)},
		{name: "unchanged", plan: layout(devZones, devCidrs, 3), running: devRunning},
		{name: "more brokers", plan: layout(devZones, devCidrs, 5), running: devRunning},
		{
			// The case placedAsPlanned caught only inside an apply, after other changes.
			name: "zones reordered", plan: layout([]string{zoneB, zoneA, zoneC}, devCidrs, 3), running: devRunning,
			wantNodes: []int{1, 2},
			want: []string{
				"node 1 (i-1): runs in ap-southeast-1a at 10.0.0.10, but the plan puts it in ap-southeast-1b at 10.0.0.10",
				"its vSwitch vsw-a is 10.0.0.0/18, but brokerVswitchCidrs[1] (zone ap-southeast-1a) is 10.0.64.0/18",
				"zones = [ap-southeast-1a, ap-southeast-1b, ap-southeast-1c]",
				"pulumi config set --path 'zones[0]' ap-southeast-1a",
			},
		},
		{
			// Item 7: /18 → /19 keeps every broker address inside its range, but each vSwitch's
			// cidrBlock is ForceNew: the engine would create new vSwitches and delete the old ones
			// under the brokers.
			name: "broker vSwitch ranges narrowed", running: devRunning,
			plan:      layout(devZones, []string{"10.0.0.0/19", "10.0.64.0/19", "10.0.128.0/19"}, 3),
			wantNodes: []int{1, 2, 3},
			want: []string{
				"its vSwitch vsw-a is 10.0.0.0/18, but brokerVswitchCidrs[0] (zone ap-southeast-1a) is 10.0.0.0/19",
				"brokerVswitchCidrs = [10.0.0.0/18, 10.0.64.0/18, 10.0.128.0/18]",
				"pulumi config set --path 'brokerVswitchCidrs[2]' 10.0.128.0/18",
			},
		},
		{
			name: "zone dropped", running: devRunning[:2],
			plan:      layout([]string{zoneA, "ap-southeast-1d"}, []string{"10.0.0.0/18", "10.0.64.0/18"}, 2),
			wantNodes: []int{2},
			want:      []string{"its vSwitch vsw-b (ap-southeast-1b, 10.0.64.0/18) would be deleted: zone ap-southeast-1b is no longer in zones"},
		},
		{
			name: "broker count lowered", plan: layout(devZones, devCidrs, 2), running: devRunning,
			wantNodes: []int{3},
			want: []string{"the plan has no node 3 (brokerCount is 2): the update would delete it",
				"to remove node(s) 3 for real, move their replicas off first", "kplc rebalance --bootstrap ",
				"--exclude 3 --dry-run", "kafka-plc:allowBrokerDeletion true", "kplc rebalance --brokers 2", "raise brokerCount back to 3"},
		},
		{
			name: "broker count lowered with allowBrokerDeletion", plan: layout(devZones, devCidrs, 2), running: devRunning,
			opts: Options{AllowBrokerDeletion: true},
		},
		{
			name: "existing cluster as configured", plan: existingLayout(), running: devRunning,
			opts: Options{Existing: true},
		},
		{
			name: "existing cluster with a wrong address and a missing instance", plan: existingLayout(),
			running: []Broker{devRunning[0], {NodeID: 2, InstanceID: "i-2", Zone: zoneB, PrivateIP: "10.0.64.99", VswitchID: "vsw-x"}},
			opts:    Options{Existing: true}, wantNodes: []int{2, 3},
			want: []string{"node 2 (i-2): runs in ap-southeast-1b at 10.0.64.99, but the plan puts it in ap-southeast-1b at 10.0.64.10",
				"node 3 (-): its instance (existingBrokers) was not found", "correct existingBrokers"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.plan, tc.running, devVswitches, tc.opts)
			if tc.wantNodes == nil {
				if err != nil {
					t.Fatalf("Check refused: %v", err)
				}
				return
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Check = %v, want an *Error", err)
			}
			var nodes []int
			for _, c := range perr.Conflicts {
				nodes = append(nodes, c.NodeID)
			}
			if !slices.Equal(nodes, tc.wantNodes) {
				t.Errorf("conflicting nodes = %v, want %v", nodes, tc.wantNodes)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("refusal does not say %q:\n%v", w, err)
				}
			}
			if !tc.opts.Existing && !strings.Contains(err.Error(), "by hand, one broker at a time") {
				t.Errorf("refusal gives no manual procedure:\n%v", err)
			}
		})
	}
}
