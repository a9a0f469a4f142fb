package metrics

import (
	"context"
	"fmt"
	"maps"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafka-plc/kafka-plc/kplc"
	"github.com/kafka-plc/kafka-plc/kplc/rehearse"
)

// FaultyCluster is a 3-broker kfake cluster (node IDs 0, 1, 2; min.insync.replicas 2) with
// topic cdc (3 partitions, RF 3, leaders 0, 1, 2) in which:
//   - partition cdc-1 has lost a replica: its ISR lacks its third replica. kfake never shrinks
//     an ISR (kfake 03_metadata.go answers "sp.ISR = sp.Replicas"), so a Metadata control
//     answers what Apache Kafka answers once a follower falls out of the ISR
//     (replica.lag.time.max.ms): the full replica set and the shrunk ISR;
//   - broker 2's log directories fail with KAFKA_STORAGE_ERROR, through kfake's fault
//     injection (kfake faults.go: Fault with Resource "" fails every log dir), which is the
//     error Apache Kafka's DescribeLogDirs reports for an offline log dir;
//   - group sink committed offset 2 of cdc-0, which holds 5 records: lag 3.
//
// Its ID is the rehearsal's, so the quorum (kfake has no DescribeQuorum) is not asked for.
func faultyCluster(t *testing.T) kplc.Options {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.ClusterID(kplc.RehearsalClusterID),
		kfake.BrokerConfigs(map[string]string{"min.insync.replicas": "2"}))
	if err != nil {
		t.Fatalf("kfake: %v", err)
	}
	t.Cleanup(c.Close)
	addrs := c.ListenAddrs()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...), kgo.DefaultProduceTopic("cdc"), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	if _, err := adm.CreateTopic(ctx, 3, 3, nil, "cdc"); err != nil {
		t.Fatalf("creating cdc: %v", err)
	}
	for p := int32(0); p < 3; p++ {
		if err := c.MoveTopicPartition("cdc", p, p); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 5; i++ {
		if err := cl.ProduceSync(ctx, &kgo.Record{Partition: 0, Value: []byte("v")}).FirstErr(); err != nil {
			t.Fatalf("producing: %v", err)
		}
	}
	var commit kadm.Offsets
	commit.Add(kadm.Offset{Topic: "cdc", Partition: 0, At: 2, LeaderEpoch: -1})
	if err := adm.CommitAllOffsets(ctx, "sink", commit); err != nil {
		t.Fatalf("committing sink's offset: %v", err)
	}

	topics, err := adm.ListTopics(ctx, "cdc")
	if err != nil || topics["cdc"].Err != nil {
		t.Fatalf("listing cdc: %v %v", err, topics["cdc"].Err)
	}
	topicID := topics["cdc"].ID
	c.ControlKey(int16(kmsg.Metadata), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		resp := kreq.ResponseKind().(*kmsg.MetadataResponse)
		resp.SetVersion(kreq.GetVersion())
		resp.ClusterID = kmsg.StringPtr(kplc.RehearsalClusterID)
		resp.ControllerID = 0
		for i, a := range addrs {
			host, port, _ := net.SplitHostPort(a)
			p, _ := strconv.Atoi(port)
			b := kmsg.NewMetadataResponseBroker()
			b.NodeID, b.Host, b.Port = int32(i), host, int32(p)
			resp.Brokers = append(resp.Brokers, b)
		}
		st := kmsg.NewMetadataResponseTopic()
		st.Topic, st.TopicID = kmsg.StringPtr("cdc"), topicID
		for p := int32(0); p < 3; p++ {
			sp := kmsg.NewMetadataResponseTopicPartition()
			sp.Partition, sp.Leader = p, p
			sp.Replicas = []int32{p, (p + 1) % 3, (p + 2) % 3}
			sp.ISR = sp.Replicas
			if p == 1 {
				sp.ISR = sp.Replicas[:2]
			}
			st.Partitions = append(st.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, st)
		return resp, nil, true
	})
	c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.DescribeLogDirs}, Nodes: []int32{2}, Resource: "/mem/kfake", Err: kerr.KafkaStorageError, Count: -1})
	return kplc.Options{Bootstrap: addrs[:1]}
}

func TestCollectorAgainstFaultyKfake(t *testing.T) {
	o := faultyCluster(t)
	col, err := NewCollector(Config{Cluster: o, Emit: Options{Brokers: 3}, Groups: []string{"sink"}, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := `
# HELP kplc_up ` + mUp.Help + `
# TYPE kplc_up gauge
kplc_up 1
# HELP kplc_partitions ` + mPartitions.Help + `
# TYPE kplc_partitions gauge
kplc_partitions 3
# HELP kplc_partitions_under_replicated ` + mURP.Help + `
# TYPE kplc_partitions_under_replicated gauge
kplc_partitions_under_replicated 1
# HELP kplc_partitions_at_min_isr ` + mAtMinISR.Help + `
# TYPE kplc_partitions_at_min_isr gauge
kplc_partitions_at_min_isr 1
# HELP kplc_partitions_offline ` + mOffline.Help + `
# TYPE kplc_partitions_offline gauge
kplc_partitions_offline 0
# HELP kplc_broker_registered ` + mRegistered.Help + `
# TYPE kplc_broker_registered gauge
kplc_broker_registered{broker="0"} 1
kplc_broker_registered{broker="1"} 1
kplc_broker_registered{broker="2"} 1
kplc_broker_registered{broker="3"} 0
# HELP kplc_consumer_group_lag ` + mLag.Help + `
# TYPE kplc_consumer_group_lag gauge
kplc_consumer_group_lag{group="sink"} 3
# HELP kplc_source_up ` + mSourceUp.Help + `
# TYPE kplc_source_up gauge
kplc_source_up{source="consumer_lag"} 1
kplc_source_up{source="log_dirs"} 1
kplc_source_up{source="metadata"} 1
kplc_source_up{source="min_isr"} 1
kplc_source_up{source="quorum"} 0
`
	names := []string{"kplc_up", "kplc_partitions", "kplc_partitions_under_replicated", "kplc_partitions_at_min_isr",
		"kplc_partitions_offline", "kplc_broker_registered", "kplc_consumer_group_lag", "kplc_source_up"}
	if err := testutil.CollectAndCompare(col, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	// Broker 2's directories are down (the injected fault); 0's and 1's are up.
	snap := col.snapshot()
	up := map[int32]bool{}
	for _, d := range snap.LogDirs {
		up[d.Broker] = d.Err == nil
	}
	if len(up) != 3 || !up[0] || !up[1] || up[2] {
		t.Errorf("log dirs up by broker = %v (%+v), want 0 and 1 up, 2 down", up, snap.LogDirs)
	}
}

// A cluster that cannot be reached within the scrape timeout gives kplc_up 0 in time, not a
// hung scrape.
func TestCollectorUnreachableCluster(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	col, err := NewCollector(Config{Cluster: kplc.Options{Bootstrap: []string{addr}}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := "# HELP kplc_up " + mUp.Help + "\n# TYPE kplc_up gauge\nkplc_up 0\n"
	if err := testutil.CollectAndCompare(col, strings.NewReader(want), "kplc_up"); err != nil {
		t.Error(err)
	}
	if p := Problems(col.snapshot()); len(p) != 1 || !strings.Contains(p[0], "connection refused") {
		t.Errorf("Problems = %q, want the refused bootstrap address", p)
	}
}

// refusePort wraps the rehearsal NLB's dialer: every dial to port is refused, as an NLB
// listener whose backend is down refuses it (see kplc's probewait_test.go, unhealthyNLB).
func refusePort(via string, port int) kplc.DialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if _, p, _ := net.SplitHostPort(addr); p == strconv.Itoa(port) {
			return nil, fmt.Errorf("dialing %s (stand-in NLB, no healthy backend): %w", addr, syscall.ECONNREFUSED)
		}
		return kplc.NLBDialer(via)(ctx, network, addr)
	}
}

// The collector probes the private-link path of a rehearsal (kfake behind a loopback NLB, the
// brokers' INTERNAL listeners beside it) on every scrape: a correct map shows every port up;
// a port that reaches the wrong broker (the rehearsal's miswire swaps brokers 2 and 3) or
// nothing (refused) shows 0, the others 1; a unique name other than the one advertised shows
// kplc_probe_advertised_ok 0. The output parses as the exposition format, and the probe wrote
// nothing: no topic beyond the rehearsal's own.
func TestCollectorProbesPrivateLink(t *testing.T) {
	for _, tc := range []struct {
		name    string
		miswire bool
		mod     func(*rehearse.Rehearsal, *kplc.ProbeConfig)
		up      map[string]float64
		adv     float64
	}{
		{name: "correct map", up: map[string]float64{"bootstrap": 1, "1": 1, "2": 1, "3": 1}, adv: 1},
		{name: "miswired: brokers 2 and 3 swapped", miswire: true, up: map[string]float64{"bootstrap": 1, "1": 1, "2": 0, "3": 0}, adv: 1},
		{name: "broker 1's port refused", mod: func(r *rehearse.Rehearsal, p *kplc.ProbeConfig) {
			p.Dial = refusePort(rehearse.LoopbackHost, r.Topology.FirstPort())
		}, up: map[string]float64{"bootstrap": 1, "1": 0, "2": 1, "3": 1}, adv: 1},
		{name: "unique name changed, brokers still advertise the placeholder", mod: func(_ *rehearse.Rehearsal, p *kplc.ProbeConfig) {
			p.UniqueName = "tidb-abc123"
		}, up: map[string]float64{"bootstrap": 1, "1": 1, "2": 1, "3": 1}, adv: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := rehearse.Start(rehearse.DefaultTopology(), rehearse.Options{AutoOffset: true, Internal: true, Miswire: tc.miswire})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(r.Close)
			pc := r.ProbeConfig()
			pc.Brokers, pc.SASL = 0, nil // the collector takes them from Emit and Cluster
			if tc.mod != nil {
				tc.mod(r, &pc)
			}
			col, err := NewCollector(Config{
				Cluster: kplc.Options{Bootstrap: strings.Split(r.InternalBootstrap(), ",")},
				Emit:    Options{Brokers: 3}, Timeout: 20 * time.Second, Probe: &pc,
			})
			if err != nil {
				t.Fatal(err)
			}
			reg := prometheus.NewPedanticRegistry()
			if err := reg.Register(col); err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			fams, err := reg.Gather()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fams {
				if _, err := expfmt.MetricFamilyToText(&text, f); err != nil {
					t.Fatal(err)
				}
			}
			parser := expfmt.NewTextParser(model.LegacyValidation)
			parsed, err := parser.TextToMetricFamilies(strings.NewReader(text.String()))
			if err != nil {
				t.Fatalf("not the exposition format: %v\n%s", err, text.String())
			}
			got := map[string]float64{}
			for _, m := range parsed["kplc_probe_port_up"].GetMetric() {
				got[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
			}
			if !maps.Equal(got, tc.up) {
				t.Errorf("kplc_probe_port_up = %v, want %v\nproblems: %q", got, tc.up, Problems(col.snapshot()))
			}
			if n := len(parsed["kplc_probe_port_duration_seconds"].GetMetric()); n != 4 {
				t.Errorf("%d duration series, want 4", n)
			}
			if v := parsed["kplc_probe_advertised_ok"].GetMetric()[0].GetGauge().GetValue(); v != tc.adv {
				t.Errorf("kplc_probe_advertised_ok = %v, want %v", v, tc.adv)
			}
			if v := parsed["kplc_up"].GetMetric()[0].GetGauge().GetValue(); v != 1 {
				t.Errorf("kplc_up = %v over the INTERNAL listeners, want 1", v)
			}
			adm := kadm.NewClient(mustClient(t, r.InternalBootstrap()))
			topics, err := adm.ListTopics(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if names := topics.Names(); len(names) != 1 || names[0] != kplc.DefaultRoundtripTopic {
				t.Errorf("topics after the probe %v, want only the rehearsal's %s: the probe must not write", names, kplc.DefaultRoundtripTopic)
			}
		})
	}
}

func mustClient(t *testing.T, bootstrap string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}
