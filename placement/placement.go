// Package placement checks the brokers that already run against a plan, before the program
// registers anything: a plan that would move a running broker to another zone or address, or
// re-create (or delete) the vSwitch it runs in, is refused with one error that lists every
// conflict and the way out. It is pure Go with no Pulumi import; package deploy reads the
// running brokers and their vSwitches from Alibaba Cloud (invokes ecs.GetInstances and
// vpc.GetSwitches) and hands them over.
//
// Why a refusal and not an update: a broker instance ignores changes of its zone, vSwitch and
// private IP (the provider would stop it, or replace it with its data disk), while a vSwitch's
// cidrBlock and zoneId are ForceNew (alicloud-provider-facts.md, vpc/switch: cidr_block and
// zone_id ForceNew), so Pulumi would create a new vSwitch first and delete the old one under
// the running broker. Nothing of that may start.
package placement

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/plan"
)

// Broker is one broker instance that runs in the cloud, as ecs.GetInstances reports it.
type Broker struct {
	// NodeID is the broker's node id (the instance's node-id tag in mode new, the configured
	// node of its instance ID in mode existing).
	NodeID int
	// InstanceID is the ECS instance ID, e.g. "i-t4n...".
	InstanceID string
	// Zone is the instance's availability zone.
	Zone string
	// PrivateIP is the instance's private address.
	PrivateIP string
	// VswitchID is the vSwitch the instance runs in.
	VswitchID string
}

// Vswitch is one vSwitch as vpc.GetSwitches reports it.
type Vswitch struct {
	// ID is the vSwitch ID, e.g. "vsw-t4n...".
	ID string
	// Zone is the vSwitch's availability zone.
	Zone string
	// CIDR is the vSwitch's IPv4 range.
	CIDR string
}

// Options say which rules apply.
type Options struct {
	// Existing is set in mode existing: the brokers are given by instance ID and their vSwitches
	// are not managed, so only the zone and address of each configured broker are checked, and
	// every configured broker must run.
	Existing bool
	// AllowBrokerDeletion is the stack's allowBrokerDeletion: with it, a running broker the plan
	// no longer has (brokerCount lowered) may be deleted.
	AllowBrokerDeletion bool
}

// Conflict is one running broker the plan would move, re-create or delete.
type Conflict struct {
	// NodeID is the broker's node id.
	NodeID int
	// InstanceID is the broker's instance.
	InstanceID string
	// Problem says what the plan would do to it.
	Problem string
}

// Error is the refusal: every conflict, and what to do.
type Error struct {
	// Stack is the stack's name.
	Stack string
	// Conflicts are the conflicts in node-id order.
	Conflicts []Conflict
	// Fix says how to get out: restore the settings the brokers run with, or move them by hand.
	Fix string
	// Existing is set for mode existing, where the conflicts are configuration mistakes.
	Existing bool
}

// Error lists the conflicts, one per line, then the fix.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Existing {
		fmt.Fprintf(&b, "stack %s: existingBrokers does not match %d running broker instance(s); nothing was changed:", e.Stack, len(e.Conflicts))
	} else {
		fmt.Fprintf(&b, "stack %s: the configuration would move or re-create %d running broker(s); a broker holds data, so pulumi up changes nothing and stops here:",
			e.Stack, len(e.Conflicts))
	}
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "\n  - node %d (%s): %s", c.NodeID, c.InstanceID, c.Problem)
	}
	b.WriteString("\nfix: " + e.Fix)
	return b.String()
}

// Check compares the running brokers and the vSwitches they run in (by ID) with plan p. It
// returns nil when every running broker stays where it is, or an *Error listing every conflict:
//
//   - a planned broker that runs in another zone or at another address than the plan's;
//   - (mode new) a broker whose vSwitch the plan would re-create or delete: no planned zone of
//     that name, or the zone's planned range differs from the vSwitch's (cidrBlock is ForceNew);
//   - (mode new) a running broker the plan no longer has, unless AllowBrokerDeletion;
//   - (mode existing) a configured broker whose instance does not run.
//
// A first deploy finds no brokers and passes.
func Check(p *plan.Plan, running []Broker, vswitches []Vswitch, opts Options) error {
	planned := map[int]plan.Broker{}
	for _, b := range p.Brokers {
		planned[b.NodeID] = b
	}
	zoneIndex := map[string]int{}
	for i, z := range p.Zones {
		zoneIndex[z.Name] = i
	}
	vswByID := map[string]Vswitch{}
	for _, v := range vswitches {
		vswByID[v.ID] = v
	}

	var conflicts []Conflict
	var removed []int
	seen := map[int]bool{}
	for _, r := range running {
		if _, ok := planned[r.NodeID]; !ok && !opts.AllowBrokerDeletion {
			removed = append(removed, r.NodeID)
		}
		seen[r.NodeID] = true
		var problems []string
		want, isPlanned := planned[r.NodeID]
		switch {
		case !isPlanned && !opts.AllowBrokerDeletion:
			problems = append(problems, fmt.Sprintf("runs in %s at %s, but the plan has no node %d (brokerCount is %d): the update would delete it with its data disk",
				r.Zone, r.PrivateIP, r.NodeID, len(p.Brokers)))
		case isPlanned && (r.Zone != want.Zone || r.PrivateIP != want.PrivateIP):
			problems = append(problems, fmt.Sprintf("runs in %s at %s, but the plan puts it in %s at %s",
				r.Zone, r.PrivateIP, want.Zone, want.PrivateIP))
		}
		if !opts.Existing && (isPlanned || !opts.AllowBrokerDeletion) {
			problems = append(problems, vswitchProblems(p, r, vswByID, zoneIndex)...)
		}
		if len(problems) > 0 {
			conflicts = append(conflicts, Conflict{NodeID: r.NodeID, InstanceID: r.InstanceID, Problem: strings.Join(problems, "; ")})
		}
	}
	if opts.Existing {
		for _, b := range p.Brokers {
			if !seen[b.NodeID] {
				conflicts = append(conflicts, Conflict{NodeID: b.NodeID, InstanceID: "-",
					Problem: "its instance (existingBrokers) was not found in the region: the NLB could not reach it"})
			}
		}
	}
	if len(conflicts) == 0 {
		return nil
	}
	sort.SliceStable(conflicts, func(i, j int) bool { return conflicts[i].NodeID < conflicts[j].NodeID })
	sort.Ints(removed)
	return &Error{Stack: p.Stack, Conflicts: conflicts, Fix: fix(p, running, removed, vswByID, opts), Existing: opts.Existing}
}

// vswitchProblems says what the plan would do to the vSwitch broker r runs in.
func vswitchProblems(p *plan.Plan, r Broker, vswByID map[string]Vswitch, zoneIndex map[string]int) []string {
	v, ok := vswByID[r.VswitchID]
	if !ok {
		return []string{fmt.Sprintf("its vSwitch %s was not found, so it cannot be checked against brokerVswitchCidrs", r.VswitchID)}
	}
	i, ok := zoneIndex[v.Zone]
	if !ok {
		return []string{fmt.Sprintf("its vSwitch %s (%s, %s) would be deleted: zone %s is no longer in zones", v.ID, v.Zone, v.CIDR, v.Zone)}
	}
	if want := p.Zones[i].VswitchCIDR; want != v.CIDR {
		return []string{fmt.Sprintf("its vSwitch %s is %s, but brokerVswitchCidrs[%d] (zone %s) is %s: a vSwitch's range cannot change in place, "+
			"so the update would create a new vSwitch and delete this one under the running broker", v.ID, v.CIDR, i, v.Zone, want)}
	}
	return nil
}

// fix says how to get out: the settings the brokers run with, when the running brokers show them,
// and the manual way to move a broker.
func fix(p *plan.Plan, running []Broker, removed []int, vswByID map[string]Vswitch, opts Options) string {
	if opts.Existing {
		return "correct existingBrokers so that each node's zone, privateIp and instanceId are the running instance's " +
			"(ECS console or `aliyun ecs DescribeInstances`), e.g. pulumi config set --path 'existingBrokers[0].privateIp' <address>"
	}
	var steps []string
	if zones, cidrs, ok := runningLayout(running, vswByID); ok {
		var args []string
		for i := range zones {
			args = append(args, fmt.Sprintf("pulumi config set --path 'zones[%d]' %s", i, zones[i]))
		}
		for i := range cidrs {
			args = append(args, fmt.Sprintf("pulumi config set --path 'brokerVswitchCidrs[%d]' %s", i, cidrs[i]))
		}
		steps = append(steps, fmt.Sprintf("restore the layout the brokers run with (zones = [%s], brokerVswitchCidrs = [%s]): %s",
			strings.Join(zones, ", "), strings.Join(cidrs, ", "), strings.Join(args, " && ")))
	} else {
		steps = append(steps, "restore the zones order and brokerVswitchCidrs the brokers were created with (see each node's zone and vSwitch range above)")
	}
	if len(removed) > 0 {
		steps = append(steps, drainFix(p, removed))
	} else {
		steps = append(steps, "if brokerCount was lowered, raise it back (removing brokers needs their partitions moved first, then allowBrokerDeletion)")
	}
	steps = append(steps, "to really move a broker, do it by hand, one broker at a time and only while `kplc safe-to-restart` says yes: "+
		"stop Kafka, move the instance (ECS console: Change vSwitch/Private IP, in the same zone only; a zone change needs a new broker), "+
		"start it, wait with `kplc wait-ready`; new vSwitch ranges need new vSwitches created by hand first. Then set the stack to the "+
		"new layout and run pulumi refresh before pulumi up")
	return strings.Join(steps, "; or ")
}

// drainFix is the procedure that removes brokers for real: drain them, then delete them.
func drainFix(p *plan.Plan, removed []int) string {
	ids := make([]string, len(removed))
	for i, id := range removed {
		ids[i] = strconv.Itoa(id)
	}
	list := strings.Join(ids, ",")
	return fmt.Sprintf("to remove node(s) %s for real, move their replicas off first: on the bastion run "+
		"`kplc rebalance --bootstrap %s --exclude %s --dry-run` to see the moves, then without --dry-run (throttled; it waits until every copy is done); "+
		"then `pulumi config set kafka-plc:allowBrokerDeletion true` and pulumi up with the lower brokerCount "+
		"(with rebalanceAfterScaleOut on, that update drains them itself with `kplc rebalance --brokers %d` before it deletes them, and stops if it cannot); "+
		"set allowBrokerDeletion back to false afterwards. Otherwise raise brokerCount back to %d",
		list, p.InternalBootstrap(), list, len(p.Brokers), len(p.Brokers)+len(removed))
}

// runningLayout reconstructs zones and brokerVswitchCidrs from the running brokers: zone i is
// the zone of node i+1 (brokers go round-robin over zones), and its range is that broker's
// vSwitch's. ok is false when nodes 1..Z (Z the number of distinct zones) do not all run or
// disagree.
func runningLayout(running []Broker, vswByID map[string]Vswitch) (zones, cidrs []string, ok bool) {
	byNode := map[int]Broker{}
	distinct := map[string]bool{}
	for _, r := range running {
		byNode[r.NodeID] = r
		distinct[r.Zone] = true
	}
	for id := 1; id <= len(distinct); id++ {
		r, found := byNode[id]
		v, vok := vswByID[r.VswitchID]
		if !found || !vok || v.Zone != r.Zone {
			return nil, nil, false
		}
		zones = append(zones, r.Zone)
		cidrs = append(cidrs, v.CIDR)
	}
	for _, r := range running {
		i := (r.NodeID - 1) % len(zones)
		if r.NodeID < 1 || zones[i] != r.Zone || vswByID[r.VswitchID].CIDR != cidrs[i] {
			return nil, nil, false
		}
	}
	return zones, cidrs, len(zones) > 0
}

// NodeID parses a node-id tag; ok is false for a missing or malformed value.
func NodeID(tag string) (int, bool) {
	n, err := strconv.Atoi(tag)
	return n, err == nil && n >= 1
}
