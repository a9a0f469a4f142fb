package config

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"
)

// Addresses inside a vSwitch, as package plan assigns them.
const (
	// HostOffset is the offset from a vSwitch's network address of its first planned host (the
	// first broker of a zone, or the bastion); the next broker of the zone gets HostOffset+1.
	HostOffset = 10
	// ReservedTop is how many addresses at the top of a vSwitch no planned host may use: the
	// three Alibaba Cloud reserves and the broadcast address.
	ReservedTop = 4
)

// Zone limits of one NLB.
const (
	// MinZones is the fewest zones an NLB accepts.
	MinZones = 2
	// MaxZones is the most zones an NLB spans.
	MaxZones = 10
)

// MaxBrokers is the most brokers one NLB can front: it has 50 listeners, one of them bootstrap.
const MaxBrokers = 49

// DefaultKafkaDownloadURL is the template of kafkaDownloadUrl's default.
const DefaultKafkaDownloadURL = "https://archive.apache.org/dist/kafka/{kafkaVersion}/kafka_{scalaVersion}-{kafkaVersion}.tgz"

// DeriveClusterID returns the KRaft cluster ID a stack uses when clusterId is not configured:
// the unpadded base64url form of the first 16 bytes of sha256("kafka-plc/"+project+"/"+stack),
// 22 characters. It depends only on the names, so it never changes across updates. A fully
// qualified stack name ("org/project/stack") counts as its last part.
//
// An ID starting with '-' is never returned: `kafka-storage.sh format -t -PsK...` reads it as a
// flag, and Kafka's own Uuid.randomUuid never returns one (domain-facts.md, Storage formatting;
// about 1 stack name in 64 hashes to one). Nor is one of the UUIDs Kafka reserves (all zero, or
// zero but a final 1). For those names the hash is taken again over the same text followed by
// "#1", "#2", ... until the ID is usable; every other name keeps the ID of the plain hash, so no
// existing stack's ID changes.
func DeriveClusterID(project, stack string) string {
	if i := strings.LastIndex(stack, "/"); i >= 0 {
		stack = stack[i+1:]
	}
	seed := "kafka-plc/" + project + "/" + stack
	for n := 0; ; n++ {
		text := seed
		if n > 0 {
			text = fmt.Sprintf("%s#%d", seed, n)
		}
		sum := sha256.Sum256([]byte(text))
		if id := base64.RawURLEncoding.EncodeToString(sum[:16]); clusterIDProblem(id) == "" {
			return id
		}
	}
}

// BrokerZone returns the zone of broker nodeID (1-based, round-robin over Zones) in mode new,
// or the configured zone of that broker in mode existing; "" when there is no such broker.
func (c *Config) BrokerZone(nodeID int) string {
	if c.Existing != nil {
		for _, b := range c.Existing.Brokers {
			if b.NodeID == nodeID {
				return b.Zone
			}
		}
		return ""
	}
	if nodeID < 1 || nodeID > c.BrokerCount || len(c.Zones) == 0 {
		return ""
	}
	return c.Zones[(nodeID-1)%len(c.Zones)]
}

// BrokersPerZone returns how many brokers each zone holds in mode new, in Zones order.
func (c *Config) BrokersPerZone() []int {
	return brokersPerZone(c.BrokerCount, len(c.Zones))
}

// brokersPerZone spreads n brokers round-robin over z zones.
func brokersPerZone(n, z int) []int {
	out := make([]int, z)
	for id := 1; id <= n && z > 0; id++ {
		out[(id-1)%z]++
	}
	return out
}

// AdvertisedHost renders AdvertisedHostPattern for broker nodeID with EffectiveUniqueName.
func (c *Config) AdvertisedHost(nodeID int) string {
	return renderHost(c.AdvertisedHostPattern, nodeID, c.EffectiveUniqueName())
}

// renderHost expands {id} and {uniqueName} in a host pattern.
func renderHost(pattern string, id int, uniqueName string) string {
	return strings.NewReplacer("{id}", fmt.Sprint(id), "{uniqueName}", uniqueName).Replace(pattern)
}

// KafkaTarballName returns the file name of the Kafka release, "kafka_<scala>-<version>.tgz".
func (c *Config) KafkaTarballName() string {
	return KafkaTarballName(c.KafkaVersion, c.ScalaVersion)
}

// KafkaTarballName returns the file name of a Kafka release, "kafka_<scala>-<version>.tgz".
func KafkaTarballName(kafkaVersion, scalaVersion string) string {
	return "kafka_" + scalaVersion + "-" + kafkaVersion + ".tgz"
}

// expandDownloadURL expands {kafkaVersion} and {scalaVersion} in a download URL template.
func expandDownloadURL(tmpl, kafkaVersion, scalaVersion string) string {
	return strings.NewReplacer("{kafkaVersion}", kafkaVersion, "{scalaVersion}", scalaVersion).Replace(tmpl)
}

// carve splits vpc into equal blocks and returns the first n+1 of them: n broker vSwitches and
// one for the bastion. The blocks are as large as possible (but no larger than a /16, the
// largest vSwitch) while n+1 of them fit.
func carve(vpc netip.Prefix, n int) ([]netip.Prefix, error) {
	bits := max(vpc.Bits()+bitsFor(n+1), 16)
	if bits > 29 {
		return nil, fmt.Errorf("%s is too small to hold %d vSwitches of at least a /29", vpc, n+1)
	}
	out := make([]netip.Prefix, 0, n+1)
	next := vpc.Addr()
	for i := 0; i <= n; i++ {
		p := netip.PrefixFrom(next, bits)
		out = append(out, p)
		next = nextBlock(p)
	}
	return out, nil
}

// NLBVswitchMaxBits is the longest prefix (smallest range) of an NLB vSwitch: a /28 has 16
// addresses, 12 after the 4 Alibaba Cloud reserves, above the 8 free addresses Alibaba Cloud
// recommends per NLB vSwitch (the NLB takes 3 of them: the zone's VIP and two local addresses
// toward the backends).
const NLBVswitchMaxBits = 28

// spareMaxPart is the largest part splitSpare makes: a /24 is plenty for a bastion or an NLB zone.
const spareMaxPart = 24

// bitsFor returns the number of prefix bits that split a block into at least n parts.
func bitsFor(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// splitSpare splits the spare block (the block after the broker vSwitches) into n+1 equal parts
// of at most a /24 and returns them: the bastion's default range, then one NLB vSwitch per zone.
// It fails when the parts would be smaller than a /28 (NLBVswitchMaxBits).
func splitSpare(spare netip.Prefix, n int) ([]netip.Prefix, error) {
	bits := max(spare.Bits()+bitsFor(n+1), spareMaxPart)
	if bits > NLBVswitchMaxBits {
		return nil, fmt.Errorf("the block after the broker vSwitches, %s, is too small for the bastion's and %d NLB vSwitches of at least a /%d",
			spare, n, NLBVswitchMaxBits)
	}
	out := make([]netip.Prefix, 0, n+1)
	next := spare.Addr()
	for i := 0; i <= n; i++ {
		p := netip.PrefixFrom(next, bits)
		out = append(out, p)
		next = nextBlock(p)
	}
	return out, nil
}

// nextBlock returns the first address after prefix p (wrapping past 255.255.255.255 to 0.0.0.0).
func nextBlock(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	n += uint32(1) << (32 - p.Bits())
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// contains reports whether outer contains all of inner.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// hostCapacity returns how many planned hosts fit in a vSwitch of prefix p: the addresses from
// HostOffset up to the top ReservedTop.
func hostCapacity(p netip.Prefix) int {
	size := 1 << (32 - p.Bits())
	return max(size-ReservedTop-HostOffset, 0)
}
