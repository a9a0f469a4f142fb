package deploy

import (
	"fmt"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// brokerSet is what the program knows about the brokers: the NLB's backends and, for a new
// cluster, the KraftBrokerSet that made them.
type brokerSet struct {
	// backends are the brokers as the NLB takes them.
	backends []components.NlbBroker
	// set is the broker set of a new cluster (nil for an existing one).
	set *components.KraftBrokerSet
}

// newBrokers creates the brokers of a new cluster with a KraftBrokerSet in the network's
// vSwitches, or describes the running brokers of an existing cluster by their instance IDs.
func newBrokers(ctx *pulumi.Context, name string, cfg *config.Config, p *plan.Plan, network *components.KafkaVpc,
	access components.SSHAccess, kplc components.KplcBinary, password pulumi.StringInput) (*brokerSet, error) {
	if cfg.Mode == config.ModeExisting {
		out := &brokerSet{}
		for _, b := range cfg.Existing.Brokers {
			out.backends = append(out.backends, components.NlbBroker{
				NodeID: b.NodeID, Zone: b.Zone, InstanceID: pulumi.String(b.InstanceID),
			})
		}
		return out, nil
	}

	set, err := components.NewKraftBrokerSet(ctx, name, &components.KraftBrokerSetArgs{
		Project:            p.Project,
		Stack:              p.Stack,
		Brokers:            kraftNodes(p),
		RollWaves:          rollWaves(p),
		ClusterID:          p.ClusterID,
		InternalPort:       p.InternalPort,
		DistHost:           p.Bastion.PrivateIP,
		Auth:               saslAuth(p),
		VswitchIDs:         network.VswitchIDs,
		SecurityGroupID:    network.BrokerSecurityGroupID,
		KeyPairName:        network.KeyPairName,
		ImageID:            network.ImageID,
		InstanceType:       cfg.BrokerInstanceType,
		SystemDiskCategory: cfg.SystemDiskCategory,
		DataDiskSizeGB:     cfg.DataDiskSizeGB,
		DataDiskCategory:   cfg.DataDiskCategory,
		SSH:                access,
		// A replaced bastion (delete-first, see KafkaVpc) gets the bastion steps again.
		BastionInstanceID: network.BastionInstanceID,
		Kafka: components.KafkaInstall{
			Version:      cfg.KafkaVersion,
			ScalaVersion: cfg.ScalaVersion,
			DownloadURL:  cfg.KafkaDownloadURL,
			Checksum:     cfg.KafkaChecksum.String(),
			JavaPackage:  cfg.JavaPackage,
			Heap:         cfg.BrokerHeap,
			DataDevice:   cfg.DataDiskDevice,
			DistPort:     cfg.DistPort,
		},
		Kplc: kplc,
		// Brokers hold the data: they keep release protection unless the stack says otherwise
		// (allowBrokerDeletion, set before a deliberate `pulumi destroy`).
		AllowBrokerDeletion: cfg.AllowBrokerDeletion,
		//
		// The security group rules (brokers → bastion dist port, bastion → brokers SSH and
		// INTERNAL) and the bastion itself must exist before any host step runs; these are the
		// resources themselves, not the KafkaVpc component, whose dependency would cover only
		// the children registered so far.
		DependsOn: network.HostPrerequisites(),
		// The changefeed's password (auth on), for the stdin of the credential steps.
		ExternalPassword: password,
		// kplc rebalance after a brokerCount change, unless the stack leaves it manual.
		DayOps: components.DayOps{
			ManualRebalance:        !cfg.RebalanceAfterScaleOut,
			RebalanceThrottleBytes: int64(cfg.RebalanceThrottleBytes),
		},
	})
	if err != nil {
		return nil, err
	}
	out := &brokerSet{set: set}
	for _, h := range set.Hosts {
		out.backends = append(out.backends, components.NlbBroker{NodeID: h.NodeID, Zone: h.Zone, InstanceID: h.InstanceID})
	}
	if len(out.backends) != len(p.Brokers) {
		return nil, fmt.Errorf("KraftBrokerSet %q made %d brokers, the plan has %d", name, len(out.backends), len(p.Brokers))
	}
	return out, nil
}

// rollWaves maps the plan's waves for the broker set: nil with the default roll (one at a
// time), the zones' node ids with rollConcurrency zone.
func rollWaves(p *plan.Plan) [][]int {
	if p.RollConcurrency != config.RollZone {
		return nil
	}
	var out [][]int
	for _, w := range p.Waves() {
		out = append(out, append([]int(nil), w.NodeIDs...))
	}
	return out
}
