package metrics

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// fixed is a collector serving one snapshot, for the pure tests of Emit.
func fixed(t *testing.T, s Snapshot, o Options) *Collector {
	t.Helper()
	c, err := NewCollector(Config{Emit: o, Timeout: 1})
	if err != nil {
		t.Fatal(err)
	}
	c.gather = func(context.Context) Snapshot { return s }
	return c
}

func part(topic string, n int32, leader int32, replicas, isr []int32, minISR int) kplc.PartitionState {
	p := kplc.PartitionState{Topic: topic, Partition: n, Leader: leader, Replicas: replicas, ISR: isr, MinISR: minISR}
	if minISR == 0 {
		p.MinISRErr = "TOPIC_AUTHORIZATION_FAILED"
	}
	return p
}

// quorum returns voters 1..3 led by leader; lastCaughtUp gives each voter's timestamp.
func quorum(leader int32, lastCaughtUp ...int64) *kplc.QuorumState {
	q := &kplc.QuorumState{LeaderID: leader, HighWatermark: 100, TimestampsKnown: true}
	for i, ts := range lastCaughtUp {
		q.Voters = append(q.Voters, kplc.VoterState{NodeID: int32(i + 1), LogEndOffset: 100, LastCaughtUp: ts})
	}
	return q
}

func brokers(fenced map[int32]bool, ids ...int32) []kplc.BrokerState {
	var out []kplc.BrokerState
	for _, id := range ids {
		out = append(out, kplc.BrokerState{NodeID: id, Host: "10.0.0.1", Port: 9092, Fenced: fenced[id]})
	}
	return out
}

var r3 = []int32{1, 2, 3}

func TestEmit(t *testing.T) {
	t.Parallel()
	healthy := kplc.ClusterState{
		Brokers: brokers(nil, 1, 2, 3), FencingKnown: true, Quorum: quorum(2, 9000, 10000, 9500),
		Partitions: []kplc.PartitionState{part("cdc", 0, 1, r3, r3, 2), part("cdc", 1, 2, r3, r3, 2)},
	}
	for _, tc := range []struct {
		name    string
		snap    Snapshot
		brokers int
		names   []string
		want    string
	}{
		{
			name: "healthy cluster", snap: Snapshot{State: healthy}, brokers: 3,
			names: []string{"kplc_up", "kplc_controller_active", "kplc_partitions", "kplc_partitions_under_replicated", "kplc_broker_registered", "kplc_quorum_voter_caught_up"},
			want: `
# HELP kplc_up ` + mUp.Help + `
# TYPE kplc_up gauge
kplc_up 1
# HELP kplc_controller_active ` + mActive.Help + `
# TYPE kplc_controller_active gauge
kplc_controller_active 1
# HELP kplc_partitions ` + mPartitions.Help + `
# TYPE kplc_partitions gauge
kplc_partitions 2
# HELP kplc_partitions_under_replicated ` + mURP.Help + `
# TYPE kplc_partitions_under_replicated gauge
kplc_partitions_under_replicated 0
# HELP kplc_broker_registered ` + mRegistered.Help + `
# TYPE kplc_broker_registered gauge
kplc_broker_registered{broker="1"} 1
kplc_broker_registered{broker="2"} 1
kplc_broker_registered{broker="3"} 1
# HELP kplc_quorum_voter_caught_up ` + mCaughtUp.Help + `
# TYPE kplc_quorum_voter_caught_up gauge
kplc_quorum_voter_caught_up{voter="1"} 1
kplc_quorum_voter_caught_up{voter="2"} 1
kplc_quorum_voter_caught_up{voter="3"} 1
`,
		},
		{
			name: "missing broker 3, fenced broker 2, voter 1 lagging 2.5 s, no leader for cdc-1",
			snap: Snapshot{State: kplc.ClusterState{
				Brokers: brokers(map[int32]bool{2: true}, 1, 2), FencingKnown: true, Quorum: quorum(2, 7500, 10000, 9000),
				Partitions: []kplc.PartitionState{
					part("cdc", 0, 1, r3, []int32{1, 2}, 2), // under-replicated, at min ISR
					part("cdc", 1, -1, r3, []int32{3}, 2),   // offline: counts only as offline
					part("cdc", 2, 1, r3, []int32{1}, 2),    // under min ISR
					part("x", 0, 1, r3, r3, 0),              // min ISR unreadable
				},
			}},
			brokers: 3,
			names: []string{"kplc_broker_registered", "kplc_broker_fenced", "kplc_quorum_voter_caught_up", "kplc_partitions_offline",
				"kplc_partitions_under_replicated", "kplc_partitions_under_min_isr", "kplc_partitions_at_min_isr", "kplc_partitions_min_isr_unknown", "kplc_source_up"},
			want: `
# HELP kplc_broker_registered ` + mRegistered.Help + `
# TYPE kplc_broker_registered gauge
kplc_broker_registered{broker="1"} 1
kplc_broker_registered{broker="2"} 1
kplc_broker_registered{broker="3"} 0
# HELP kplc_broker_fenced ` + mFenced.Help + `
# TYPE kplc_broker_fenced gauge
kplc_broker_fenced{broker="1"} 0
kplc_broker_fenced{broker="2"} 1
# HELP kplc_quorum_voter_caught_up ` + mCaughtUp.Help + `
# TYPE kplc_quorum_voter_caught_up gauge
kplc_quorum_voter_caught_up{voter="1"} 0
kplc_quorum_voter_caught_up{voter="2"} 1
kplc_quorum_voter_caught_up{voter="3"} 1
# HELP kplc_partitions_offline ` + mOffline.Help + `
# TYPE kplc_partitions_offline gauge
kplc_partitions_offline 1
# HELP kplc_partitions_under_replicated ` + mURP.Help + `
# TYPE kplc_partitions_under_replicated gauge
kplc_partitions_under_replicated 2
# HELP kplc_partitions_under_min_isr ` + mUnderMinISR.Help + `
# TYPE kplc_partitions_under_min_isr gauge
kplc_partitions_under_min_isr 1
# HELP kplc_partitions_at_min_isr ` + mAtMinISR.Help + `
# TYPE kplc_partitions_at_min_isr gauge
kplc_partitions_at_min_isr 1
# HELP kplc_partitions_min_isr_unknown ` + mMinISRUnknown.Help + `
# TYPE kplc_partitions_min_isr_unknown gauge
kplc_partitions_min_isr_unknown 1
# HELP kplc_source_up ` + mSourceUp.Help + `
# TYPE kplc_source_up gauge
kplc_source_up{source="consumer_lag"} 1
kplc_source_up{source="log_dirs"} 1
kplc_source_up{source="metadata"} 1
kplc_source_up{source="min_isr"} 0
kplc_source_up{source="quorum"} 1
`,
		},
		{
			name:  "quorum without a leader: no active controller, no voter counts as caught up",
			snap:  Snapshot{State: kplc.ClusterState{Brokers: brokers(nil, 1, 2, 3), FencingKnown: true, Quorum: quorum(-1, -1, -1, -1)}},
			names: []string{"kplc_controller_active", "kplc_quorum_leader", "kplc_quorum_voter_caught_up"},
			want: `
# HELP kplc_controller_active ` + mActive.Help + `
# TYPE kplc_controller_active gauge
kplc_controller_active 0
# HELP kplc_quorum_leader ` + mLeader.Help + `
# TYPE kplc_quorum_leader gauge
kplc_quorum_leader -1
# HELP kplc_quorum_voter_caught_up ` + mCaughtUp.Help + `
# TYPE kplc_quorum_voter_caught_up gauge
kplc_quorum_voter_caught_up{voter="1"} 0
kplc_quorum_voter_caught_up{voter="2"} 0
kplc_quorum_voter_caught_up{voter="3"} 0
`,
		},
		{
			name:  "quorum unreadable: its metrics are absent (not 0) and its source is down",
			snap:  Snapshot{State: kplc.ClusterState{Brokers: brokers(nil, 1), QuorumErr: errors.New("DescribeQuorum: timed out")}},
			names: []string{"kplc_controller_active", "kplc_quorum_voter_caught_up", "kplc_source_up"},
			want: `
# HELP kplc_source_up ` + mSourceUp.Help + `
# TYPE kplc_source_up gauge
kplc_source_up{source="consumer_lag"} 1
kplc_source_up{source="log_dirs"} 1
kplc_source_up{source="metadata"} 1
kplc_source_up{source="min_isr"} 1
kplc_source_up{source="quorum"} 0
`,
		},
		{
			name: "metadata unreadable: kplc_up 0, every source down, no cluster metric",
			snap: Snapshot{Err: errors.New("no bootstrap address answers")}, brokers: 3,
			names: []string{"kplc_up", "kplc_broker_registered", "kplc_partitions_offline", "kplc_source_up"},
			want: `
# HELP kplc_up ` + mUp.Help + `
# TYPE kplc_up gauge
kplc_up 0
# HELP kplc_source_up ` + mSourceUp.Help + `
# TYPE kplc_source_up gauge
kplc_source_up{source="consumer_lag"} 0
kplc_source_up{source="log_dirs"} 0
kplc_source_up{source="metadata"} 0
kplc_source_up{source="min_isr"} 0
kplc_source_up{source="quorum"} 0
`,
		},
		{
			name: "log dirs: an offline dir has only its up series; unreported volume sizes are absent",
			snap: Snapshot{State: healthy, LogDirs: []LogDir{
				{Broker: 1, Dir: "/data/kafka", Bytes: 1000, TotalBytes: 200 << 30, UsableBytes: 150 << 30},
				{Broker: 2, Dir: "/data/kafka", Bytes: 900, TotalBytes: -1, UsableBytes: -1},
				{Broker: 3, Dir: "/data/kafka", Err: errors.New("KAFKA_STORAGE_ERROR")},
			}},
			brokers: 3,
			names:   []string{"kplc_log_dir_up", "kplc_log_dir_partitions_bytes", "kplc_log_dir_volume_bytes", "kplc_log_dir_volume_free_bytes"},
			want: `
# HELP kplc_log_dir_up ` + mDirUp.Help + `
# TYPE kplc_log_dir_up gauge
kplc_log_dir_up{broker="1",dir="/data/kafka"} 1
kplc_log_dir_up{broker="2",dir="/data/kafka"} 1
kplc_log_dir_up{broker="3",dir="/data/kafka"} 0
# HELP kplc_log_dir_partitions_bytes ` + mDirBytes.Help + `
# TYPE kplc_log_dir_partitions_bytes gauge
kplc_log_dir_partitions_bytes{broker="1",dir="/data/kafka"} 1000
kplc_log_dir_partitions_bytes{broker="2",dir="/data/kafka"} 900
# HELP kplc_log_dir_volume_bytes ` + mDirVolume.Help + `
# TYPE kplc_log_dir_volume_bytes gauge
kplc_log_dir_volume_bytes{broker="1",dir="/data/kafka"} 2.147483648e+11
# HELP kplc_log_dir_volume_free_bytes ` + mDirFree.Help + `
# TYPE kplc_log_dir_volume_free_bytes gauge
kplc_log_dir_volume_free_bytes{broker="1",dir="/data/kafka"} 1.6106127360e+11
`,
		},
		{
			name:  "consumer lag: one group read, one not",
			snap:  Snapshot{State: healthy, Lags: []GroupLag{{Group: "sink", Lag: 42}, {Group: "audit", Err: errors.New("GROUP_AUTHORIZATION_FAILED")}}},
			names: []string{"kplc_consumer_group_lag", "kplc_consumer_group_lag_up"},
			want: `
# HELP kplc_consumer_group_lag ` + mLag.Help + `
# TYPE kplc_consumer_group_lag gauge
kplc_consumer_group_lag{group="sink"} 42
# HELP kplc_consumer_group_lag_up ` + mLagUp.Help + `
# TYPE kplc_consumer_group_lag_up gauge
kplc_consumer_group_lag_up{group="audit"} 0
kplc_consumer_group_lag_up{group="sink"} 1
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := fixed(t, tc.snap, Options{Brokers: tc.brokers})
			if err := testutil.CollectAndCompare(c, strings.NewReader(tc.want), tc.names...); err != nil {
				t.Error(err)
			}
		})
	}
}

// Label values stay bounded however large the cluster: brokers beyond MaxBrokers and dirs
// beyond MaxDirsPerBroker are dropped and counted, not served.
func TestEmitCapsLabelValues(t *testing.T) {
	t.Parallel()
	var s Snapshot
	for id := int32(1); id <= MaxBrokers+10; id++ {
		s.State.Brokers = append(s.State.Brokers, kplc.BrokerState{NodeID: id})
	}
	for i := 0; i < MaxDirsPerBroker+3; i++ {
		s.LogDirs = append(s.LogDirs, LogDir{Broker: 1, Dir: "/d" + string(rune('a'+i)), TotalBytes: -1, UsableBytes: -1})
	}
	c := fixed(t, s, Options{})
	for _, tc := range []struct {
		name string
		want int
	}{
		{"kplc_broker_registered", MaxBrokers},
		{"kplc_log_dir_up", MaxDirsPerBroker},
	} {
		if n := testutil.CollectAndCount(c, tc.name); n != tc.want {
			t.Errorf("%s: %d series, want the cap %d", tc.name, n, tc.want)
		}
	}
	want := `
# HELP kplc_series_dropped ` + mDropped.Help + `
# TYPE kplc_series_dropped gauge
kplc_series_dropped 23
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), "kplc_series_dropped"); err != nil {
		t.Error(err)
	}
}

// The collector passes the registry's own consistency checks (descriptors match metrics,
// no duplicate series, valid names and help) for every kind of snapshot.
func TestCollectorIsPedanticallyValid(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]Snapshot{
		"metadata error":        {Err: errors.New("x")},
		"probe, metadata error": {Err: errors.New("x"), Probe: &kplc.ProbeReport{BootstrapErr: errors.New("refused"), Ports: []kplc.PortCheck{{Want: -1}, {Want: 1}}}},
		"full":                  {Probe: &kplc.ProbeReport{Ports: []kplc.PortCheck{{Want: -1}, {Want: 1}, {Want: 2}}}, State: kplc.ClusterState{Brokers: brokers(nil, 1, 2), Quorum: quorum(1, 1, 1)}, Lags: []GroupLag{{Group: "g"}}, LogDirs: []LogDir{{Broker: 1, Dir: "/d"}}},
	} {
		reg := prometheus.NewPedanticRegistry()
		if err := reg.Register(fixed(t, s, Options{Brokers: 3})); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := reg.Gather(); err != nil {
			t.Errorf("%s: the pedantic registry refuses the output: %v", name, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	many := make([]string, MaxGroups+1)
	for i := range many {
		many[i] = "g" + string(rune('a'+i))
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"ok", Config{Timeout: 1, Groups: []string{"sink"}}, ""},
		{"no timeout", Config{}, "--timeout 0s: must be positive"},
		{"too many brokers", Config{Timeout: 1, Emit: Options{Brokers: MaxBrokers + 1}}, "--brokers 65: must be 0 (unknown) to 64"},
		{"too many groups", Config{Timeout: 1, Groups: many}, "17 --group flags: at most 16"},
		{"duplicate group", Config{Timeout: 1, Groups: []string{"a", "a"}}, `--group "a" given twice`},
		{"empty group", Config{Timeout: 1, Groups: []string{" "}}, `--group "": name a consumer group`},
		{"probe ok", Config{Timeout: 1, Emit: Options{Brokers: 3}, Probe: &goodProbe}, ""},
		{"probe without brokers", Config{Timeout: 1, Probe: &goodProbe}, "--brokers 0: need at least 1"},
		{"probe without via", Config{Timeout: 1, Emit: Options{Brokers: 3}, Probe: probeWith(func(p *kplc.ProbeConfig) { p.Via = "" })}, "--probe-via is empty"},
		{"probe ports collide", Config{Timeout: 1, Emit: Options{Brokers: 3}, Probe: probeWith(func(p *kplc.ProbeConfig) { p.BootstrapPort = 9094 })}, "--probe-bootstrap-port 9094 collides with the broker ports 9093-9095"},
		{"probe pattern without id", Config{Timeout: 1, Emit: Options{Brokers: 3}, Probe: probeWith(func(p *kplc.ProbeConfig) { p.HostPattern = "kafka.example" })}, `--probe-host-pattern "kafka.example" has no {id}`},
	} {
		err := tc.cfg.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want it to say %q", tc.name, err, tc.want)
		}
	}
}

// The catalogue the docs are checked against is what Describe serves.
func TestCatalogueMatchesDescribe(t *testing.T) {
	t.Parallel()
	c := fixed(t, Snapshot{}, Options{})
	ch := make(chan *prometheus.Desc, 100)
	c.Describe(ch)
	close(ch)
	var described []string
	for d := range ch {
		described = append(described, d.String())
	}
	cat := Catalogue()
	if len(described) != len(cat) {
		t.Fatalf("Describe sends %d descriptors, Catalogue has %d", len(described), len(cat))
	}
	for i, d := range cat {
		if !strings.Contains(described[i], `fqName: "`+d.Name+`"`) {
			t.Errorf("descriptor %d = %s, want %s", i, described[i], d.Name)
		}
	}
}

var goodProbe = kplc.ProbeConfig{Via: "nlb.example", BootstrapPort: 9092, FirstPort: 9093, HostPattern: kplc.DefaultHostPattern, UniqueName: "u"}

func probeWith(mod func(*kplc.ProbeConfig)) *kplc.ProbeConfig {
	p := goodProbe
	mod(&p)
	return &p
}

// The probe's series: one per NLB port (bootstrap, then each broker's, by node ID), its
// duration, whether the advertised names follow the plan; only kplc_probe_configured 0 when
// unconfigured; served also when the cluster metadata cannot be read (another path).
func TestEmitProbe(t *testing.T) {
	t.Parallel()
	ports := func(errs ...error) []kplc.PortCheck {
		out := []kplc.PortCheck{{Port: 9092, Want: -1, Got: 1, Latency: 2 * time.Millisecond, Err: errs[0]}}
		for i, err := range errs[1:] {
			out = append(out, kplc.PortCheck{Port: 9093 + i, Want: int32(i + 1), Got: int32(i + 1), Latency: 2 * time.Millisecond, Err: err})
		}
		return out
	}
	wrong := errors.New("port 9094 reaches broker 3, expected broker 2")
	names := []string{"kplc_probe_configured", "kplc_probe_port_up", "kplc_probe_advertised_ok"}
	head := func(configured int) string {
		return "# HELP kplc_probe_configured " + mProbeConf.Help + "\n# TYPE kplc_probe_configured gauge\nkplc_probe_configured " + strconv.Itoa(configured) + "\n"
	}
	up := "# HELP kplc_probe_port_up " + mProbeUp.Help + "\n# TYPE kplc_probe_port_up gauge\n"
	adv := "# HELP kplc_probe_advertised_ok " + mProbeAdv.Help + "\n# TYPE kplc_probe_advertised_ok gauge\n"
	for _, tc := range []struct {
		name string
		snap Snapshot
		want string
	}{
		{"not configured", Snapshot{}, head(0)},
		{"healthy path", Snapshot{Probe: &kplc.ProbeReport{Ports: ports(nil, nil, nil, nil), Advertised: []kplc.AdvertisedCheck{{NodeID: 1}}}},
			head(1) + up + `kplc_probe_port_up{port="1"} 1
kplc_probe_port_up{port="2"} 1
kplc_probe_port_up{port="3"} 1
kplc_probe_port_up{port="bootstrap"} 1
` + adv + "kplc_probe_advertised_ok 1\n"},
		{"broker 2's port reaches broker 3, a broker advertises the placeholder", Snapshot{Probe: &kplc.ProbeReport{Ports: ports(nil, nil, wrong, nil),
			Advertised: []kplc.AdvertisedCheck{{NodeID: 1}, {NodeID: 2, Err: errors.New("broker 2 advertises b2.unique_name...")}}}},
			head(1) + up + `kplc_probe_port_up{port="1"} 1
kplc_probe_port_up{port="2"} 0
kplc_probe_port_up{port="3"} 1
kplc_probe_port_up{port="bootstrap"} 1
` + adv + "kplc_probe_advertised_ok 0\n"},
		{"bootstrap metadata unreadable through the NLB, cluster unreadable too", Snapshot{Err: errors.New("x"),
			Probe: &kplc.ProbeReport{BootstrapErr: errors.New("refused"), Ports: ports(nil, nil)}},
			head(1) + up + `kplc_probe_port_up{port="1"} 1
kplc_probe_port_up{port="bootstrap"} 0
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := fixed(t, tc.snap, Options{Brokers: 3})
			if err := testutil.CollectAndCompare(c, strings.NewReader(tc.want), names...); err != nil {
				t.Error(err)
			}
			if n, want := testutil.CollectAndCount(c, "kplc_probe_port_duration_seconds"), testutil.CollectAndCount(c, "kplc_probe_port_up"); n != want {
				t.Errorf("%d duration series, want one per port (%d)", n, want)
			}
		})
	}
}

// A probe report with more broker ports than MaxBrokers serves MaxBrokers+1 ports and counts
// the rest as dropped.
func TestEmitProbeCapsPorts(t *testing.T) {
	t.Parallel()
	r := &kplc.ProbeReport{Ports: []kplc.PortCheck{{Want: -1}}}
	for id := int32(1); id <= MaxBrokers+2; id++ {
		r.Ports = append(r.Ports, kplc.PortCheck{Want: id})
	}
	c := fixed(t, Snapshot{Probe: r}, Options{})
	if n := testutil.CollectAndCount(c, "kplc_probe_port_up"); n != MaxBrokers+1 {
		t.Errorf("%d port series, want %d", n, MaxBrokers+1)
	}
	want := "# HELP kplc_series_dropped " + mDropped.Help + "\n# TYPE kplc_series_dropped gauge\nkplc_series_dropped 4\n"
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), "kplc_series_dropped"); err != nil {
		t.Error(err)
	}
}
