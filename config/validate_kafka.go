package config

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/rules"
)

// Values of rollConcurrency.
const (
	// RollOne restarts the brokers one at a time, in node order.
	RollOne = "one"
	// RollZone restarts the brokers of one zone together, zone after zone.
	RollZone = "zone"
)

// rollConcurrency checks rollConcurrency (mode new): one, or zone over 3 or more zones (with two
// zones a zone holds two of the three controllers, so every wave would be refused).
func (l *loader) rollConcurrency(c *Config) {
	c.RollConcurrency = l.str("rollConcurrency")
	switch c.RollConcurrency {
	case RollOne:
	case RollZone:
		if len(c.Zones) < 3 {
			l.problem("rollConcurrency", c.RollConcurrency, fmt.Sprintf("needs 3 or more zones (zones has %d): with fewer, one zone holds a majority of the controllers or two replicas of a partition, and every wave would fall back to one broker at a time", len(c.Zones)),
				l.fix.set("rollConcurrency", RollOne))
		}
	default:
		l.problem("rollConcurrency", c.RollConcurrency, "must be one (restart one broker at a time) or zone (the brokers of one zone together, zone after zone)",
			l.fix.set("rollConcurrency", RollOne))
	}
}

// kafka checks the Kafka release, download and broker settings (mode new).
func (l *loader) kafka(c *Config) {
	l.rollConcurrency(c)
	c.KafkaVersion = l.str("kafkaVersion")
	c.ScalaVersion = l.str("scalaVersion")
	c.JavaPackage = l.str("javaPackage")
	c.BrokerHeap = l.str("brokerHeap")

	major := 0
	versionOK := false
	if ma, mi, _, ok := rules.KafkaVersion(c.KafkaVersion); !ok {
		l.problem("kafkaVersion", c.KafkaVersion, "must be a release number x.y.z, like 3.7.1", l.fix.set("kafkaVersion", "3.7.1"))
	} else {
		major, _ = strconv.Atoi(ma)
		minor, _ := strconv.Atoi(mi)
		if major < 3 || major == 3 && minor < 7 {
			l.problem("kafkaVersion", c.KafkaVersion, "is older than 3.7.0; the rendered KRaft configuration needs Kafka 3.7 or later",
				l.fix.set("kafkaVersion", "3.7.1"))
		} else {
			versionOK = true
			if major >= 4 {
				l.warn("kafkaVersion %s: kafka-plc is tested with Kafka 3.7; check the rendered server.properties against the %s release notes", c.KafkaVersion, c.KafkaVersion)
			}
		}
	}
	switch {
	case c.ScalaVersion != "2.12" && c.ScalaVersion != "2.13":
		l.problem("scalaVersion", c.ScalaVersion, "must be 2.12 or 2.13 (the Scala builds Apache publishes)", l.fix.set("scalaVersion", "2.13"))
	case c.ScalaVersion == "2.12" && major >= 4:
		l.problem("scalaVersion", c.ScalaVersion, "Kafka 4 is published for Scala 2.13 only", l.fix.set("scalaVersion", "2.13"))
	}

	tmpl := l.str("kafkaDownloadUrl")
	if tmpl == "" {
		tmpl = DefaultKafkaDownloadURL
	}
	c.KafkaDownloadURL = expandDownloadURL(tmpl, c.KafkaVersion, c.ScalaVersion)
	l.checkURL(c)

	if c.Mode == ModeNew {
		raw := l.str("kafkaChecksum")
		if raw == "" {
			l.problem("kafkaChecksum", "", "is required: the published digest of "+c.KafkaTarballName()+", verified before anything is unpacked",
				l.fix.set("kafkaChecksum", "sha512:<the 128 hex digits of "+c.KafkaTarballName()+".sha512>")+
					" (Apache publishes it next to the tarball: https://downloads.apache.org/kafka/"+c.KafkaVersion+"/"+c.KafkaTarballName()+".sha512)")
		} else if sum, err := ParseChecksum(raw); err != nil {
			l.problem("kafkaChecksum", raw, err.Error(), l.fix.set("kafkaChecksum", checksumTemplate(raw)))
		} else {
			c.KafkaChecksum = sum
			if versionOK {
				l.checkKnownChecksum(c)
			}
		}
	}

	if c.JavaPackage == "" || !rules.IsPackageName(c.JavaPackage) {
		l.problem("javaPackage", c.JavaPackage, "is not an OS package name", l.fix.set("javaPackage", "java-17-openjdk-headless"))
	}
	c.RebalanceAfterScaleOut, _ = l.boolean("rebalanceAfterScaleOut")
	if t, ok := l.integer("rebalanceThrottleBytes"); ok {
		c.RebalanceThrottleBytes = t
		if t < 1_000_000 || t > 10_000_000_000 {
			l.problem("rebalanceThrottleBytes", itoa(t), "must be between 1000000 (1 MB/s) and 10000000000 bytes per second per broker",
				l.fix.set("rebalanceThrottleBytes", "50000000"))
		}
	}
	if !rules.IsHeap(c.BrokerHeap) {
		l.problem("brokerHeap", c.BrokerHeap, "must be "+rules.HeapRule,
			l.fix.set("brokerHeap", "2g"))
	}

	const mib = 1 << 20
	msg, okMsg := l.integer("messageMaxBytes")
	fetch, okFetch := l.integer("replicaFetchMaxBytes")
	c.MessageMaxBytes, c.ReplicaFetchMaxBytes = msg, fetch
	if okMsg {
		switch {
		case msg < mib:
			okMsg = false
			l.problem("messageMaxBytes", itoa(msg), "is below 1 MiB (1048576); TiCDC's messages would be refused (its default maximum is 10 MiB)",
				l.fix.set("messageMaxBytes", "16777216"))
		case msg > 1<<31-1:
			okMsg = false
			l.problem("messageMaxBytes", itoa(msg), "exceeds Kafka's limit of 2147483647", l.fix.set("messageMaxBytes", "16777216"))
		case msg < 10*mib:
			l.warn("messageMaxBytes %d is below TiCDC's default maximum message of 10 MiB (10485760): lower the changefeed's max-message-bytes to %d or raise messageMaxBytes", msg, msg)
		}
	}
	if okFetch && (fetch < 1 || fetch > 1<<31-1) {
		okFetch = false
		l.problem("replicaFetchMaxBytes", itoa(fetch), "must be between 1 and 2147483647", l.fix.set("replicaFetchMaxBytes", "16777216"))
	}
	if okMsg && okFetch && fetch < msg {
		l.problem("replicaFetchMaxBytes", itoa(fetch), fmt.Sprintf("is below messageMaxBytes %d; followers could not copy the largest messages", msg),
			l.fix.set("replicaFetchMaxBytes", itoa(msg)))
	}
}

// checkURL checks the expanded download URL.
func (l *loader) checkURL(c *Config) {
	raw := c.KafkaDownloadURL
	fix := l.fix.rm("kafkaDownloadUrl") + " (to use " + DefaultKafkaDownloadURL + ")"
	if left := placeholderRe.FindString(raw); left != "" {
		l.problem("kafkaDownloadUrl", raw, fmt.Sprintf("has the unknown placeholder %s; only {kafkaVersion} and {scalaVersion} are expanded", left), fix)
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		l.problem("kafkaDownloadUrl", raw, "is not an absolute URL", fix)
		return
	}
	switch u.Scheme {
	case "https":
	case "http":
		l.warn("kafkaDownloadUrl %s is plain http: the download can be read on the way (kafkaChecksum still rejects a changed file)", raw)
	default:
		l.problem("kafkaDownloadUrl", raw, fmt.Sprintf("uses %s://; the bastion downloads over https (or http)", u.Scheme), fix)
		return
	}
	if u.Host == "" {
		l.problem("kafkaDownloadUrl", raw, "has no host", fix)
		return
	}
	if base := path.Base(u.Path); base != c.KafkaTarballName() {
		l.warn("kafkaDownloadUrl ends in %q, not %q: check that it is the release kafkaVersion and scalaVersion name", base, c.KafkaTarballName())
	}
}

// ParseChecksum parses a checksum written "<algorithm>:<hex>", where algorithm is sha256 (64 hex
// digits) or sha512 (128). Upper-case hex and the spaces of Apache's .sha512 files are accepted;
// the result is lower-case.
func ParseChecksum(s string) (Checksum, error) {
	s = strings.TrimSpace(s)
	algo, hexPart, found := strings.Cut(s, ":")
	if !found {
		digits := len(strings.Join(strings.Fields(s), ""))
		switch digits {
		case 64:
			return Checksum{}, fmt.Errorf("has no algorithm prefix; a 64-digit digest is SHA-256: write sha256:<hex>")
		case 128:
			return Checksum{}, fmt.Errorf("has no algorithm prefix; a 128-digit digest is SHA-512: write sha512:<hex>")
		}
		return Checksum{}, fmt.Errorf(`must be "<algorithm>:<hex>", with algorithm sha256 or sha512`)
	}
	algo = strings.ToLower(strings.TrimSpace(algo))
	hex := strings.ToLower(strings.Join(strings.Fields(hexPart), ""))
	want := map[string]int{"sha256": 64, "sha512": 128}[algo]
	if want == 0 {
		return Checksum{}, fmt.Errorf("has the unknown algorithm %q; use sha256 or sha512", algo)
	}
	for _, r := range hex {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return Checksum{}, fmt.Errorf("has %q in its digest; a digest is hexadecimal (0-9, a-f)", r)
		}
	}
	if len(hex) != want {
		return Checksum{}, fmt.Errorf("has a %d-digit %s digest; %s digests have %d hex digits", len(hex), algo, algo, want)
	}
	return Checksum{Algorithm: algo, Hex: hex}, nil
}

// checksumTemplate returns the form a malformed kafkaChecksum should take, in the algorithm its
// author chose: the prefix written, or, without one, the algorithm its digit count suggests
// (SHA-512, Apache's published digest, when neither tells).
func checksumTemplate(raw string) string {
	algo, _, found := strings.Cut(strings.TrimSpace(raw), ":")
	algo = strings.ToLower(strings.TrimSpace(algo))
	if !found && len(strings.Join(strings.Fields(raw), "")) == 64 {
		algo = "sha256"
	}
	if algo == "sha256" {
		return "sha256:<64 hex digits>"
	}
	return "sha512:<128 hex digits>"
}

// KnownChecksums are published digests of Kafka releases that kafka-plc knows offline, by
// tarball name.
var KnownChecksums = map[string][]Checksum{
	"kafka_2.13-3.7.1.tgz": {{Algorithm: "sha256", Hex: "62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9"}},
	"kafka_2.13-3.7.2.tgz": {{Algorithm: "sha512", Hex: "65c09fbe8c78098b1efb26632a35d90ee709327a7aab13b37b2023692e1649105714ea513253a19f2cb685dc2c0c3837f32e39e9fb1d8d2367fe4650e5ad3cdc"}},
}

// checkKnownChecksum compares kafkaChecksum with the digests known offline.
func (l *loader) checkKnownChecksum(c *Config) {
	name := c.KafkaTarballName()
	for tarball, sums := range KnownChecksums {
		for _, k := range sums {
			if k.Algorithm != c.KafkaChecksum.Algorithm {
				continue
			}
			switch {
			case tarball == name && k.Hex != c.KafkaChecksum.Hex:
				l.problem("kafkaChecksum", c.KafkaChecksum.String(), fmt.Sprintf("differs from the published %s digest of %s, %s", k.Algorithm, name, k.Hex),
					l.fix.set("kafkaChecksum", k.String()))
			case tarball != name && k.Hex == c.KafkaChecksum.Hex:
				l.problem("kafkaChecksum", c.KafkaChecksum.String(), fmt.Sprintf("is the digest of %s, but kafkaVersion and scalaVersion name %s", tarball, name),
					l.fix.set("kafkaChecksum", c.KafkaChecksum.Algorithm+":<the digest of "+name+">"))
			}
		}
	}
}

// ports checks the listener and NLB ports.
func (l *loader) ports(c *Config) {
	get := func(key string) (int, bool) {
		n, ok := l.integer(key)
		if ok && (n < 1 || n > 65535) {
			l.problem(key, itoa(n), "must be a port between 1 and 65535", l.fix.set(key, mustLookup(key).raw()))
			return n, false
		}
		return n, ok
	}
	var okC, okI, okE, okB, okF, okD bool
	c.ControllerPort, okC = get("controllerPort")
	c.InternalPort, okI = get("internalPort")
	c.ExternalPort, okE = get("externalPort")
	c.NLBBootstrapPort, okB = get("nlbBootstrapPort")
	c.NLBFirstBrokerPort, okF = get("nlbFirstBrokerPort")
	c.DistPort, okD = get("distPort")

	if c.Mode == ModeNew {
		type port struct {
			key string
			n   int
			ok  bool
		}
		listeners := []port{{"controllerPort", c.ControllerPort, okC}, {"internalPort", c.InternalPort, okI}, {"externalPort", c.ExternalPort, okE}}
		for i, p := range listeners {
			if !p.ok {
				continue
			}
			if p.n < 1024 {
				l.problem(p.key, itoa(p.n), "is a privileged port (below 1024), which Kafka, running as user kafka, cannot open",
					l.fix.set(p.key, mustLookup(p.key).raw()))
			}
			for _, q := range listeners[:i] {
				if q.ok && q.n == p.n {
					l.problem(p.key, itoa(p.n), fmt.Sprintf("equals %s; each broker listener needs its own port", q.key),
						l.fix.set(p.key, mustLookup(p.key).raw()))
				}
			}
		}
		if okD && c.DistPort == 22 {
			l.problem("distPort", "22", "is the bastion's SSH port", l.fix.set("distPort", "8081"))
		}
	}

	n := c.BrokerCount
	if c.Mode == ModeExisting && c.Existing != nil {
		n = len(c.Existing.Brokers)
	}
	if okF && n >= 1 && n <= MaxBrokers {
		last := c.NLBFirstBrokerPort + n - 1
		if last > 65535 {
			l.problem("nlbFirstBrokerPort", itoa(c.NLBFirstBrokerPort), fmt.Sprintf("leaves no room for %d brokers: the last would get port %d", n, last),
				l.fix.set("nlbFirstBrokerPort", "9093"))
		} else if okB && c.NLBBootstrapPort >= c.NLBFirstBrokerPort && c.NLBBootstrapPort <= last {
			// Blame the setting the user changed: moving nlbFirstBrokerPort just past the
			// bootstrap port fixes it when the brokers' ports still fit.
			if l.isSet("nlbFirstBrokerPort") && !l.isSet("nlbBootstrapPort") && c.NLBBootstrapPort+n <= 65535 {
				l.problem("nlbFirstBrokerPort", itoa(c.NLBFirstBrokerPort),
					fmt.Sprintf("gives the brokers NLB ports %d-%d, which include nlbBootstrapPort %d", c.NLBFirstBrokerPort, last, c.NLBBootstrapPort),
					l.fix.set("nlbFirstBrokerPort", itoa(c.NLBBootstrapPort+1)))
			} else {
				l.problem("nlbBootstrapPort", itoa(c.NLBBootstrapPort),
					fmt.Sprintf("falls inside the per-broker NLB ports %d-%d", c.NLBFirstBrokerPort, last),
					l.fix.set("nlbBootstrapPort", "9092")+" && "+l.fix.set("nlbFirstBrokerPort", "9093"))
			}
		}
	}
}
