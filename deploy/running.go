package deploy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
	"github.com/kafka-plc/kafka-plc/placement"
	"github.com/kafka-plc/kafka-plc/plan"
)

// checkRunningBrokers reads the brokers that already run, and the vSwitches they run in, and
// refuses (package placement) a plan that would move them or re-create their vSwitches. It runs
// before anything registers: invokes in the Go SDK are synchronous and run in preview too, so
// the refusal comes first in `pulumi preview`, `pulumi up` and `pulumi up --skip-preview`
// alike. A first deploy finds no broker and passes.
//
// Mode new finds the stack's brokers by the tags every broker instance carries (project and
// stack, see components.BrokerTags), mode existing the configured instances by ID. Both reads
// set enableDetails false: with the default (true) the TF data source alicloud_instances also
// calls DescribeInstanceRamRole and DescribeDisks and keeps only the instances the first call
// returns (data_source_alicloud_instances.go L365-366 at v1.285.0); zone, private IP, vSwitch and
// tags come from DescribeInstances alone. Unset status means every status, stopped brokers
// included.
func checkRunningBrokers(ctx *pulumi.Context, cfg *config.Config, p *plan.Plan) error {
	args := &ecs.GetInstancesArgs{EnableDetails: pulumi.BoolRef(false)}
	nodeOf := map[string]int{} // mode existing: instance ID → configured node id
	if cfg.Mode == config.ModeExisting {
		for _, b := range cfg.Existing.Brokers {
			args.Ids = append(args.Ids, b.InstanceID)
			nodeOf[b.InstanceID] = b.NodeID
		}
	} else {
		args.Tags = components.BrokerSelector(p.Project, p.Stack)
	}
	found, err := ecs.GetInstances(ctx, args)
	if err != nil {
		return fmt.Errorf("stack %s: reading the running brokers before any change: %w", p.Stack, err)
	}

	var running []placement.Broker
	versions := map[string][]int{} // kafka-version tag → nodes (mode new)
	vpcs, vswitchIDs := map[string]bool{}, map[string]bool{}
	for _, inst := range found.Instances {
		node, ok := nodeOf[inst.Id]
		if cfg.Mode != config.ModeExisting {
			// The bastion and anything else of the stack without a node-id tag is no broker.
			if node, ok = placement.NodeID(inst.Tags[components.NodeIDTag]); !ok {
				continue
			}
		}
		if !ok {
			continue
		}
		running = append(running, placement.Broker{NodeID: node, InstanceID: inst.Id, Zone: inst.AvailabilityZone,
			PrivateIP: inst.PrivateIp, VswitchID: inst.VswitchId})
		if v, ok := inst.Tags[components.KafkaVersionTag]; ok && cfg.Mode != config.ModeExisting {
			versions[v] = append(versions[v], node)
		}
		vpcs[inst.VpcId] = true
		vswitchIDs[inst.VswitchId] = true
	}

	var vswitches []placement.Vswitch
	if cfg.Mode != config.ModeExisting && len(vswitchIDs) > 0 {
		// Never call it without IDs: that would list every vSwitch of the region.
		swArgs := &vpc.GetSwitchesArgs{Ids: sortedKeys(vswitchIDs)}
		if len(vpcs) == 1 {
			swArgs.VpcId = pulumi.StringRef(sortedKeys(vpcs)[0])
		}
		sws, err := vpc.GetSwitches(ctx, swArgs)
		if err != nil {
			return fmt.Errorf("stack %s: reading the running brokers' vSwitches before any change: %w", p.Stack, err)
		}
		for _, sw := range sws.Vswitches {
			vswitches = append(vswitches, placement.Vswitch{ID: sw.Id, Zone: sw.ZoneId, CIDR: sw.CidrBlock})
		}
	}
	if err := placement.Check(p, running, vswitches, placement.Options{
		Existing:            cfg.Mode == config.ModeExisting,
		AllowBrokerDeletion: cfg.AllowBrokerDeletion,
	}); err != nil {
		return err
	}
	return checkKafkaVersion(p.Stack, cfg.KafkaVersion, versions)
}

// checkKafkaVersion refuses a kafkaVersion change Kafka does not support in one rolling step
// (kraft.CheckUpgrade) from any version the running brokers carry in their kafka-version tag
// (what the stack last applied). Brokers created before the tag existed carry none and are not
// checked.
func checkKafkaVersion(stack, target string, running map[string][]int) error {
	var problems []string
	for _, v := range sortedKeys(toSet(running)) {
		if err := kraft.CheckUpgrade(v, target); err != nil {
			problems = append(problems, fmt.Sprintf("nodes %v: %v", running[v], err))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("stack %s: pulumi up changes nothing and stops here: %s", stack, strings.Join(problems, "; "))
	}
	return nil
}

// toSet returns the keys of m as a set.
func toSet(m map[string][]int) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// sortedKeys returns the keys of a set, sorted.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
