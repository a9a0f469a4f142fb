package components

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Day-2 steps that run on the bastion once a roll is over (issue 14, parts 3 and 4).
const (
	// DefaultRebalanceThrottleBytes is the replication throttle of the rebalance step, bytes
	// per second per broker: a fraction of an ECS instance's network so that clients keep
	// most of it while replicas are copied.
	DefaultRebalanceThrottleBytes = 50_000_000
	// finalizeTimeoutSeconds bounds kplc finalize-features (it waits until every broker has
	// seen the new level).
	finalizeTimeoutSeconds = 300
	// rebalanceTimeoutSeconds bounds kplc rebalance in one pulumi up. A reassignment that takes
	// longer goes on in the cluster: the step fails, and the next pulumi up runs it again, which
	// waits for the running reassignment and then finishes (kplc rebalance resumes).
	rebalanceTimeoutSeconds = maxStepTimeoutSeconds
)

// DayOps are the settings of the day-2 steps.
type DayOps struct {
	// ManualRebalance leaves `kplc rebalance` to the operator after brokerCount grows; by
	// default the rebalance step runs it once the new brokers have rolled and are healthy.
	ManualRebalance bool `pulumi:"manualRebalance"`
	// RebalanceThrottleBytes is the rebalance's replication throttle in bytes per second per
	// broker; 0 means DefaultRebalanceThrottleBytes.
	RebalanceThrottleBytes int64 `pulumi:"rebalanceThrottleBytes"`
}

// dayOpsSteps renders the bastion's finalize and rebalance commands (rebalance "" when manual).
//
// finalize raises metadata.version to the highest level every broker supports: what
// `kafka-features.sh upgrade --metadata` does after a rolling upgrade. It re-runs when
// kafkaVersion changes (its trigger), after cluster-ready has seen every broker back; on a
// cluster already at that level it changes nothing.
//
// rebalance moves replicas onto the brokers a scale-out added (and evens out leaders), with a
// throttle, and waits for the copies; it re-runs when brokerCount changes (its trigger). With
// --brokers N it drains registered brokers above N: when brokerCount is lowered (which needs
// allowBrokerDeletion), the engine deletes the removed instances only after every resource the
// program registers is done, so this step has emptied them first, and a failed or refused
// rebalance stops the update before any deletion.
func dayOpsSteps(a *KraftBrokerSetArgs) (finalize, rebalance string) {
	bootstrap := shellQuote(a.bootstrap())
	finalize = fmt.Sprintf("timeout --kill-after=30 %d %s finalize-features --bootstrap %s --brokers %d --timeout %ds",
		finalizeTimeoutSeconds+60, kplcPath, bootstrap, len(a.Brokers), finalizeTimeoutSeconds)
	if a.DayOps.ManualRebalance {
		return finalize, ""
	}
	throttle := a.DayOps.RebalanceThrottleBytes
	if throttle == 0 {
		throttle = DefaultRebalanceThrottleBytes
	}
	rebalance = fmt.Sprintf("timeout --kill-after=60 %d %s rebalance --bootstrap %s --brokers %d --throttle %d --poll 10s --timeout %ds",
		rebalanceTimeoutSeconds+120, kplcPath, bootstrap, len(a.Brokers), throttle, rebalanceTimeoutSeconds)
	return finalize, rebalance
}

// buildDayOps registers the finalize step after cluster-ready, and the rebalance step after it
// (unless the rebalance is manual).
func (comp *KraftBrokerSet) buildDayOps(ctx *pulumi.Context, name string, a *KraftBrokerSetArgs, hostDeps func(extra ...pulumi.Resource) pulumi.ResourceOption) error {
	finalize, rebalance := dayOpsSteps(a)
	var err error
	comp.FinalizeStep, err = remote.NewCommand(ctx, name+"-finalize-features", &remote.CommandArgs{
		Connection:             a.SSH.bastion(),
		Create:                 pulumi.String(finalize),
		Update:                 pulumi.String(finalize),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// Once per Kafka version: after the roll of a kafkaVersion change.
		Triggers: pulumi.Array{pulumi.String(a.Kafka.Version)},
	}, pulumi.Parent(comp), hostDeps(comp.ClusterReadyStep))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: finalizing metadata.version: %w", name, err)
	}
	if rebalance == "" {
		return nil
	}
	comp.RebalanceStep, err = remote.NewCommand(ctx, name+"-rebalance", &remote.CommandArgs{
		Connection:             a.SSH.bastion(),
		Create:                 pulumi.String(rebalance),
		Update:                 pulumi.String(rebalance),
		AddPreviousOutputInEnv: pulumi.Bool(false),
		// Once per broker count: after a scale-out has rolled and cluster-ready saw every
		// broker (a lowered brokerCount re-runs it too: it then refuses while replicas remain
		// on a broker that is gone, and changes nothing).
		Triggers: pulumi.Array{pulumi.String(strconv.Itoa(len(a.Brokers)))},
	}, pulumi.Parent(comp), hostDeps(comp.FinalizeStep))
	if err != nil {
		return fmt.Errorf("KraftBrokerSet %q: rebalancing the replicas: %w", name, err)
	}
	return nil
}

// validateDayOps checks the day-2 arguments.
func (args *KraftBrokerSetArgs) validateDayOps(fail func(field, value, problem, fix string) error) error {
	if t := args.DayOps.RebalanceThrottleBytes; t < 0 {
		return fail("DayOps.RebalanceThrottleBytes", strconv.FormatInt(t, 10), "negative",
			"use 0 for the default (50000000 bytes/s per broker) or a positive rate")
	}
	return nil
}
