// Package metrics turns the cluster health that the kplc gates read (brokers, partitions,
// min.insync.replicas, the KRaft quorum) plus log-dir sizes and consumer-group lag into
// Prometheus metrics, for `kplc exporter`. Reading is [Gather] (I/O, bounded by the caller's
// context); turning a [Snapshot] into metrics is [Emit] (pure). [Collector] ties the two for a
// prometheus.Registry, one bounded read per scrape.
//
// Label values are bounded: a broker label takes only node IDs of expected or registered
// brokers (at most [MaxBrokers]), a dir label at most [MaxDirsPerBroker] directories per
// broker, a voter label at most [MaxVoters] voters, a group label only the groups named on the
// command line (at most [MaxGroups]), a port label "bootstrap" or the node ID of an expected
// broker whose NLB port it is (at most [MaxBrokers]+1). Topics and partitions are never labels:
// partition health is counted cluster-wide. What a cap drops is counted in kplc_series_dropped.
//
// The private-link probe (optional, [Config].Probe) reads through the NLB what TiDB Cloud
// reads, with [kplc.ProbePorts]: the metadata through the bootstrap port (and whether the
// advertised addresses follow the plan), and which broker answers behind each NLB port. It
// writes nothing and never waits for health checks: one try per port per scrape.
package metrics

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// Caps on label values; see the package documentation.
const (
	// MaxBrokers bounds the broker label values.
	MaxBrokers = 64
	// MaxDirsPerBroker bounds the dir label values per broker.
	MaxDirsPerBroker = 8
	// MaxVoters bounds the voter label values.
	MaxVoters = 16
	// MaxGroups bounds the consumer groups the exporter reports lag for.
	MaxGroups = 16
)

// Sources are the values of kplc_source_up's source label, one per kind of read.
var Sources = []string{"metadata", "quorum", "min_isr", "log_dirs", "consumer_lag"}

// Def is one metric the exporter serves.
type Def struct {
	// Name is the metric name.
	Name string
	// Help is its HELP text: what it measures and when it is what value.
	Help string
	// Labels are its variable labels.
	Labels []string
	desc   *prometheus.Desc
}

func def(name, help string, labels ...string) *Def {
	return &Def{Name: name, Help: help, Labels: labels, desc: prometheus.NewDesc(name, help, labels, nil)}
}

// The metrics, in the order of [Catalogue].
var (
	mUp            = def("kplc_up", "1 when this scrape read the cluster metadata through a bootstrap address, else 0 (every other cluster metric is then absent).")
	mDuration      = def("kplc_scrape_duration_seconds", "How long this scrape's reads of the cluster took, in seconds.")
	mSourceUp      = def("kplc_source_up", "1 when this scrape read the source (metadata, quorum, min_isr, log_dirs, consumer_lag), else 0; a 0 means the metrics of that source are missing, not healthy.", "source")
	mExpected      = def("kplc_brokers_expected", "How many brokers the cluster should have (node IDs 1..N, from --brokers).")
	mRegistered    = def("kplc_broker_registered", "1 when the broker is registered with the controller (in DescribeCluster), 0 when an expected broker is missing.", "broker")
	mFenced        = def("kplc_broker_fenced", "1 when the controller reports the registered broker as fenced (DescribeCluster v2+), else 0.", "broker")
	mFencingKnown  = def("kplc_broker_fencing_known", "1 when the cluster reports fenced brokers (DescribeCluster v2+); at 0, kplc_broker_fenced is always 0 and fenced brokers show as unregistered.")
	mActive        = def("kplc_controller_active", "1 when the KRaft quorum has a leader (an active controller), 0 when it has none. Absent when the quorum could not be read.")
	mLeader        = def("kplc_quorum_leader", "Node ID of the KRaft quorum leader (the active controller), -1 when there is none.")
	mCaughtUp      = def("kplc_quorum_voter_caught_up", "1 when the KRaft voter is caught up with the leader (the rule of kplc safe-to-restart: last caught up less than 2 s before the leader), else 0.", "voter")
	mPartitions    = def("kplc_partitions", "Partitions of every topic, internal topics included.")
	mOffline       = def("kplc_partitions_offline", "Partitions with no leader: they accept neither reads nor writes.")
	mURP           = def("kplc_partitions_under_replicated", "Partitions with a leader whose ISR is smaller than the replica set (as kafka-topics --under-replicated-partitions counts).")
	mUnderMinISR   = def("kplc_partitions_under_min_isr", "Partitions with a leader whose ISR is smaller than the topic's min.insync.replicas: acks=all producers (the changefeed) get NOT_ENOUGH_REPLICAS.")
	mAtMinISR      = def("kplc_partitions_at_min_isr", "Partitions with a leader whose ISR equals min.insync.replicas: one more replica lost stops acks=all writes.")
	mMinISRUnknown = def("kplc_partitions_min_isr_unknown", "Partitions whose topic's min.insync.replicas could not be read (DescribeConfigs refused or failed); they are not in the min-ISR counts.")
	mDirUp         = def("kplc_log_dir_up", "1 when the broker described the log directory, 0 when it reported an error for it (an offline log dir).", "broker", "dir")
	mDirBytes      = def("kplc_log_dir_partitions_bytes", "Sum of the sizes of the partitions in the log directory, in bytes.", "broker", "dir")
	mDirVolume     = def("kplc_log_dir_volume_bytes", "Size of the volume holding the log directory, in bytes (Kafka 3.3+; absent when the broker does not report it).", "broker", "dir")
	mDirFree       = def("kplc_log_dir_volume_free_bytes", "Usable (free) space on the volume holding the log directory, in bytes (Kafka 3.3+; absent when unreported).", "broker", "dir")
	mLag           = def("kplc_consumer_group_lag", "Sum over the group's partitions of end offset minus committed offset (only groups named with --group).", "group")
	mLagUp         = def("kplc_consumer_group_lag_up", "1 when the group's lag was read, else 0.", "group")
	mDropped       = def("kplc_series_dropped", "Series not served because a label cap was reached (brokers, dirs per broker, voters, probe ports): those brokers or dirs are not alerted on.")
	mProbeConf     = def("kplc_probe_configured", "1 when the exporter probes the private-link path through the NLB (--probe-via, written on the bastion by the stack's exporter-probe step once the NLB exists), else 0 and no kplc_probe_* series.")
	mProbeUp       = def("kplc_probe_port_up", "1 when the NLB port answered this scrape as TiDB Cloud needs: port=\"bootstrap\" served the cluster metadata through the NLB, port=\"<id>\" (broker <id>'s own NLB port) reached broker <id>; 0 when it reached nothing or another broker.", "port")
	mProbeDur      = def("kplc_probe_port_duration_seconds", "How long connecting to the NLB port and identifying the broker behind it took, in seconds.", "port")
	mProbeAdv      = def("kplc_probe_advertised_ok", "1 when every broker read through the NLB advertises the planned name and port (host pattern, unique name, port plan), else 0; absent when the bootstrap port did not answer.")
	catalogue      = []*Def{mUp, mDuration, mSourceUp, mExpected, mRegistered, mFenced, mFencingKnown, mActive, mLeader, mCaughtUp,
		mPartitions, mOffline, mURP, mUnderMinISR, mAtMinISR, mMinISRUnknown, mDirUp, mDirBytes, mDirVolume, mDirFree, mLag, mLagUp, mDropped,
		mProbeConf, mProbeUp, mProbeDur, mProbeAdv}
)

// Catalogue returns every metric the exporter serves, in a stable order: the README and
// `kplc plan` list the same.
func Catalogue() []Def {
	out := make([]Def, len(catalogue))
	for i, d := range catalogue {
		out[i] = *d
		out[i].desc = nil
	}
	return out
}

// PartitionCounts are the cluster-wide partition health counts.
type PartitionCounts struct {
	// Total counts every partition.
	Total int
	// Offline counts partitions without a leader.
	Offline int
	// UnderReplicated counts led partitions with ISR < replicas.
	UnderReplicated int
	// UnderMinISR counts led partitions with ISR < min.insync.replicas.
	UnderMinISR int
	// AtMinISR counts led partitions with ISR == min.insync.replicas.
	AtMinISR int
	// MinISRUnknown counts led partitions whose min.insync.replicas could not be read.
	MinISRUnknown int
}

// Count applies the gates' partition rules (see [kplc.Ready] and [kplc.SafeToRestart]) to
// every partition. An offline partition counts only as offline.
func Count(s kplc.ClusterState) PartitionCounts {
	c := PartitionCounts{Total: len(s.Partitions)}
	for _, p := range s.Partitions {
		if p.Offline() {
			c.Offline++
			continue
		}
		if len(p.ISR) < len(p.Replicas) {
			c.UnderReplicated++
		}
		switch {
		case p.MinISR <= 0:
			c.MinISRUnknown++
		case len(p.ISR) < p.MinISR:
			c.UnderMinISR++
		case len(p.ISR) == p.MinISR:
			c.AtMinISR++
		}
	}
	return c
}

// Options are what [Emit] needs besides the snapshot.
type Options struct {
	// Brokers is the expected broker count: node IDs 1..Brokers; 0 means unknown (only
	// registered brokers are reported).
	Brokers int
	// Limits decide whether a voter is caught up.
	Limits kplc.Limits
}

// Emit turns a snapshot into metrics, calling fn for each.
func Emit(s Snapshot, o Options, fn func(prometheus.Metric)) {
	gauge := func(d *Def, v float64, labels ...string) {
		fn(prometheus.MustNewConstMetric(d.desc, prometheus.GaugeValue, v, labels...))
	}
	gauge(mDuration, s.Duration.Seconds())
	gauge(mExpected, float64(o.Brokers))
	// The probe reads through the NLB, apart from the cluster reads: served either way.
	dropped := emitProbe(s.Probe, gauge)
	if s.Err != nil {
		gauge(mUp, 0)
		for _, src := range Sources {
			gauge(mSourceUp, 0, src)
		}
		if dropped > 0 {
			gauge(mDropped, float64(dropped))
		}
		return
	}
	gauge(mUp, 1)
	up := map[string]bool{"metadata": true}

	// Brokers: the expected ones, registered or not, then any other registered one.
	ids := make([]int32, 0, o.Brokers+len(s.State.Brokers))
	for id := int32(1); id <= int32(o.Brokers); id++ {
		ids = append(ids, id)
	}
	for _, b := range s.State.Brokers {
		if !slices.Contains(ids, b.NodeID) {
			ids = append(ids, b.NodeID)
		}
	}
	for i, id := range ids {
		if i >= MaxBrokers {
			dropped += 2
			continue
		}
		b, ok := s.State.Broker(id)
		gauge(mRegistered, bit(ok), label(id))
		if ok {
			gauge(mFenced, bit(b.Fenced), label(id))
		}
	}
	gauge(mFencingKnown, bit(s.State.FencingKnown))

	if q := s.State.Quorum; q != nil {
		up["quorum"] = true
		gauge(mActive, bit(q.LeaderID >= 0))
		gauge(mLeader, float64(q.LeaderID))
		for i, v := range q.Voters {
			if i >= MaxVoters {
				dropped++
				continue
			}
			gauge(mCaughtUp, bit(q.LeaderID >= 0 && q.CaughtUp(v, o.Limits)), label(v.NodeID))
		}
	}

	c := Count(s.State)
	up["min_isr"] = c.MinISRUnknown == 0
	gauge(mPartitions, float64(c.Total))
	gauge(mOffline, float64(c.Offline))
	gauge(mURP, float64(c.UnderReplicated))
	gauge(mUnderMinISR, float64(c.UnderMinISR))
	gauge(mAtMinISR, float64(c.AtMinISR))
	gauge(mMinISRUnknown, float64(c.MinISRUnknown))

	up["log_dirs"] = s.LogDirsErr == nil
	perBroker := map[int32]int{}
	for _, d := range s.LogDirs {
		if perBroker[d.Broker] >= MaxDirsPerBroker || !slices.Contains(ids[:min(len(ids), MaxBrokers)], d.Broker) {
			dropped++
			continue
		}
		perBroker[d.Broker]++
		l := []string{label(d.Broker), d.Dir}
		gauge(mDirUp, bit(d.Err == nil), l...)
		if d.Err != nil {
			continue
		}
		gauge(mDirBytes, float64(d.Bytes), l...)
		if d.TotalBytes >= 0 {
			gauge(mDirVolume, float64(d.TotalBytes), l...)
		}
		if d.UsableBytes >= 0 {
			gauge(mDirFree, float64(d.UsableBytes), l...)
		}
	}

	up["consumer_lag"] = true
	for _, l := range s.Lags {
		gauge(mLagUp, bit(l.Err == nil), l.Group)
		if l.Err != nil {
			up["consumer_lag"] = false
			continue
		}
		gauge(mLag, float64(l.Lag), l.Group)
	}
	for _, src := range Sources {
		gauge(mSourceUp, bit(up[src]), src)
	}
	gauge(mDropped, float64(dropped))
}

// emitProbe emits the private-link probe's metrics from r (nil: not configured) and returns
// how many port series the cap dropped.
func emitProbe(r *kplc.ProbeReport, gauge func(*Def, float64, ...string)) (dropped int) {
	gauge(mProbeConf, bit(r != nil))
	if r == nil {
		return 0
	}
	for i, p := range r.Ports {
		if i > MaxBrokers {
			dropped += 2
			continue
		}
		port, up := "bootstrap", p.Err == nil && r.BootstrapErr == nil
		if p.Want >= 0 {
			port, up = label(p.Want), p.Err == nil
		}
		gauge(mProbeUp, bit(up), port)
		gauge(mProbeDur, p.Latency.Seconds(), port)
	}
	if r.BootstrapErr == nil {
		ok := true
		for _, a := range r.Advertised {
			ok = ok && a.Err == nil
		}
		gauge(mProbeAdv, bit(ok))
	}
	return dropped
}

// Problems lists, one line each, why the sources that are down are down, and what the
// private-link probe found wrong: the exporter logs them (the metrics only say 0).
func Problems(s Snapshot) []string {
	var out []string
	if s.Probe != nil {
		for _, p := range s.Probe.Problems() {
			out = append(out, "private-link probe: "+p)
		}
	}
	if s.Err != nil {
		return append([]string{s.Err.Error()}, out...)
	}
	if s.State.Quorum == nil {
		err := s.State.QuorumErr
		if err == nil {
			err = errNotRead
		}
		if errors.Is(err, kplc.ErrRehearsalQuorum) {
			err = errors.New("the cluster is kfake, which does not implement DescribeQuorum")
		}
		out = append(out, "quorum: "+err.Error())
	}
	for _, p := range s.State.Partitions {
		if p.MinISRErr != "" {
			out = append(out, fmt.Sprintf("min.insync.replicas of topic %s: %s", p.Topic, p.MinISRErr))
			break
		}
	}
	if s.LogDirsErr != nil {
		out = append(out, s.LogDirsErr.Error())
	}
	for _, l := range s.Lags {
		if l.Err != nil {
			out = append(out, l.Err.Error())
		}
	}
	return out
}

func bit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func label(id int32) string { return strconv.Itoa(int(id)) }
