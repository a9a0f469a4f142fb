package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

// Durability settings for a cluster spread over three zones. With fewer than three brokers the
// replication factors shrink to the broker count and min.insync.replicas to one less (at least
// 1), so that topics can still be created.
const (
	// DefaultPartitions is num.partitions, the partition count of a topic created without one.
	DefaultPartitions = 3
	// TargetReplicationFactor is the replication factor with three or more brokers.
	TargetReplicationFactor = 3
	// TargetMinInsyncReplicas is min.insync.replicas with three or more brokers.
	TargetMinInsyncReplicas = 2
)

// section is a commented group of settings in the rendered file.
type section struct {
	title   string
	comment []string
	entries []entry
}

// entry is one setting with the comment lines written above it.
type entry struct {
	comment []string
	key     string
	value   string
}

// replication returns the replication factor and min.insync.replicas for n brokers.
func replication(n int) (rf, minISR int) {
	rf = min(TargetReplicationFactor, n)
	minISR = min(TargetMinInsyncReplicas, max(1, rf-1))
	return rf, minISR
}

// sections decides broker b's settings, grouped and commented, in file order. Nothing in it
// depends on the stage except the advertised.listeners value, so that the stage-1 and stage-2
// files differ in exactly that line.
func sections(c *config.Config, p *Plan, b Broker) []section {
	rf, minISR := replication(len(p.Brokers))
	rfs, minISRs := strconv.Itoa(rf), strconv.Itoa(minISR)
	role := "broker-only node: it follows the quorum but does not vote."
	if b.IsController() {
		role = "combined node: broker and controller (a quorum voter)."
	}
	return append([]section{
		{
			title:   "KRaft identity and quorum",
			comment: []string{"This is a " + role},
			entries: []entry{
				{key: kraft.KeyProcessRoles, value: b.RoleNames()},
				{key: kraft.KeyNodeID, value: strconv.Itoa(b.NodeID)},
				{
					comment: []string{"Every controller as node.id@private-ip:port, the same on every node."},
					key:     kraft.KeyQuorumVoters, value: p.QuorumVoters,
				},
				{key: kraft.KeyControllerListenerNames, value: ListenerController},
			},
		},
		{
			title: "Listeners",
			comment: []string{
				"Every listener binds to this broker's private IP only; the NLB's health checks reach",
				fmt.Sprintf("EXTERNAL (%d) there. INTERNAL (%d) carries replication and clients inside the VPC.", c.ExternalPort, c.InternalPort),
			},
			entries: []entry{
				{key: kraft.KeyListeners, value: b.Listeners},
				{
					comment: []string{
						"CONTROLLER is never advertised (Kafka 3.7 refuses to start). EXTERNAL is the name TiDB Cloud",
						fmt.Sprintf("resolves through PrivateLink; NLB port %d forwards only to this broker's EXTERNAL listener.", b.NLBPort),
						"Changing this line needs a restart of this broker.",
					},
					key: kraft.KeyAdvertisedListeners, value: b.AdvertisedListeners,
				},
				{key: kraft.KeyProtocolMap, value: b.ProtocolMap},
				{key: kraft.KeyInterBrokerListenerName, value: ListenerInternal},
			},
		},
		{
			title: "Storage",
			comment: []string{
				"On the data disk mounted at /var/lib/kafka. Never delete or re-format it: it holds the",
				"partitions and the cluster metadata log.",
			},
			entries: []entry{{key: keyLogDirs, value: LogDir}},
		},
		{
			title: "Placement and durability",
			comment: []string{
				"broker.rack is the zone, so the copies of a partition spread over zones. A write with",
				fmt.Sprintf("acks=all needs %s of the %s copies in sync.", minISRs, rfs),
			},
			entries: []entry{
				{key: "broker.rack", value: b.Zone},
				{key: "num.partitions", value: strconv.Itoa(DefaultPartitions)},
				{key: "default.replication.factor", value: rfs},
				{key: "min.insync.replicas", value: minISRs},
				{key: "offsets.topic.replication.factor", value: rfs},
				{key: "transaction.state.log.replication.factor", value: rfs},
				{key: "transaction.state.log.min.isr", value: minISRs},
				{key: "unclean.leader.election.enable", value: "false"},
				{
					comment: []string{
						"TiDB Cloud's changefeed creates its topics through the admin API; a typo in a client's",
						"topic name must not create a topic silently.",
					},
					key: "auto.create.topics.enable", value: "false",
				},
			},
		},
		{
			title: "Message size",
			comment: []string{
				"TiCDC sends messages of up to 10 MiB by default; Kafka's own default (about 1 MiB) would",
				"stall the changefeed. Followers must be able to fetch the largest message.",
			},
			entries: []entry{
				{key: "message.max.bytes", value: strconv.Itoa(c.MessageMaxBytes)},
				{key: "replica.fetch.max.bytes", value: strconv.Itoa(c.ReplicaFetchMaxBytes)},
			},
		},
		{
			title:   "Shutdown",
			comment: []string{"Move partition leadership off this broker before it stops (rolling restarts)."},
			entries: []entry{{key: "controlled.shutdown.enable", value: "true"}},
		},
	}, append(retentionSections(c), authSection(p.Auth)...)...)
}

// properties flattens broker b's settings in file order.
func properties(c *config.Config, p *Plan, b Broker) []Property {
	var out []Property
	for _, s := range sections(c, p, b) {
		for _, e := range s.entries {
			out = append(out, Property{Key: e.key, Value: e.value})
		}
	}
	return out
}

// render writes broker b's server.properties: a header, then the commented sections. The
// output depends only on its inputs (no maps, no clock), so it is identical on every run.
func render(c *config.Config, p *Plan, b Broker) string {
	var w strings.Builder
	fmt.Fprintf(&w, "# Kafka server.properties of node %d, stack %q (project %q).\n", b.NodeID, p.Stack, p.Project)
	w.WriteString("# Generated by kafka-plc: do not edit by hand, the next `pulumi up` replaces this file.\n")
	w.WriteString("# To change a setting, change the stack configuration (`pulumi config set ...`),\n")
	fmt.Fprintf(&w, "# preview with `kplc plan --stack %s --broker %d`, then run `pulumi up`.\n", p.Stack, b.NodeID)
	for _, s := range sections(c, p, b) {
		w.WriteString("\n")
		fmt.Fprintf(&w, "## %s\n", s.title)
		for _, line := range s.comment {
			fmt.Fprintf(&w, "# %s\n", line)
		}
		for _, e := range s.entries {
			for _, line := range e.comment {
				fmt.Fprintf(&w, "# %s\n", line)
			}
			fmt.Fprintf(&w, "%s=%s\n", e.key, e.value)
		}
	}
	return w.String()
}
