package metrics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// LogDir is one log directory of one broker as DescribeLogDirs reports it.
type LogDir struct {
	// Broker is the broker's node.id.
	Broker int32
	// Dir is the directory path.
	Dir string
	// Bytes is the sum of the sizes of the partitions in the directory.
	Bytes int64
	// TotalBytes is the size of the volume holding the directory, -1 when the broker does
	// not report it (DescribeLogDirs below v4, Kafka below 3.3).
	TotalBytes int64
	// UsableBytes is the free space of that volume, -1 when unreported.
	UsableBytes int64
	// Err is why the broker could not describe the directory (an offline log dir), or nil.
	Err error
}

// GroupLag is one consumer group's lag.
type GroupLag struct {
	// Group is the group name.
	Group string
	// Lag is the sum over the group's committed partitions of end offset minus committed
	// offset (partitions whose offsets cannot be read do not count).
	Lag int64
	// Err is why the lag could not be read, or nil.
	Err error
}

// Snapshot is everything one scrape read from the cluster.
type Snapshot struct {
	// Err is why the cluster metadata could not be read; the rest is then empty.
	Err error
	// State is what the gates read: brokers, partitions with min.insync.replicas, quorum.
	State kplc.ClusterState
	// LogDirs are the log directories of every broker that answered, sorted.
	LogDirs []LogDir
	// LogDirsErr is why some broker's log directories could not be read, or nil.
	LogDirsErr error
	// Lags are the configured consumer groups' lags, in the configured order.
	Lags []GroupLag
	// Duration is how long the reading took.
	Duration time.Duration
	// Probe is the private-link probe's reading through the NLB ([GatherProbe]), nil when the
	// probe is not configured.
	Probe *kplc.ProbeReport
}

// Gather reads a snapshot with a fresh client, within ctx (the caller bounds it). It never
// fails: what could not be read is recorded in the snapshot, and shows as a 0 in the
// matching kplc_*_up metric.
func Gather(ctx context.Context, o kplc.Options, groups []string) Snapshot {
	start := time.Now()
	s := gather(ctx, o, groups)
	s.Duration = time.Since(start)
	return s
}

func gather(ctx context.Context, o kplc.Options, groups []string) Snapshot {
	var s Snapshot
	cl, err := kplc.Connect(ctx, o)
	if err != nil {
		s.Err = err
		return s
	}
	defer cl.Close()
	s.State, s.Err = kplc.GatherState(ctx, cl)
	if s.Err != nil {
		return s
	}
	adm := kadm.NewClient(cl)
	dirs, err := adm.DescribeAllLogDirs(ctx, nil)
	if err != nil {
		s.LogDirsErr = fmt.Errorf("DescribeLogDirs: %s", kplc.Explain(err))
	}
	for broker, ds := range dirs {
		for _, d := range ds {
			s.LogDirs = append(s.LogDirs, LogDir{
				Broker: broker, Dir: d.Dir, Bytes: d.Size(),
				TotalBytes: d.TotalBytes, UsableBytes: d.UsableBytes, Err: d.Err,
			})
		}
	}
	sort.Slice(s.LogDirs, func(i, j int) bool {
		a, b := s.LogDirs[i], s.LogDirs[j]
		if a.Broker != b.Broker {
			return a.Broker < b.Broker
		}
		return a.Dir < b.Dir
	})
	if len(groups) > 0 {
		s.Lags = groupLags(ctx, adm, groups)
	}
	return s
}

// GatherProbe runs the private-link probe's checks (a) and (b) ([kplc.ProbePorts]) within ctx:
// one try per NLB port, no health wait, no roundtrip (the exporter never writes to the
// cluster). It never fails: a configuration the probe refuses shows as a bootstrap error.
func GatherProbe(ctx context.Context, c kplc.ProbeConfig) *kplc.ProbeReport {
	c.HealthWait, c.SkipRoundtrip = 0, true
	r, err := kplc.ProbePorts(ctx, c)
	if err != nil {
		r.BootstrapErr = err
	}
	return &r
}

// groupLags reads the lag of each group; a group that does not exist (yet) has lag 0.
func groupLags(ctx context.Context, adm *kadm.Client, groups []string) []GroupLag {
	out := make([]GroupLag, len(groups))
	lags, err := adm.Lag(ctx, groups...)
	for i, g := range groups {
		out[i].Group = g
		l, ok := lags[g]
		switch {
		case !ok && err != nil:
			out[i].Err = fmt.Errorf("lag of group %s: %s", g, kplc.Explain(err))
		case !ok:
			out[i].Err = fmt.Errorf("lag of group %s: not in the answer", g)
		case l.Error() != nil:
			out[i].Err = fmt.Errorf("lag of group %s: %s", g, kplc.Explain(l.Error()))
		default:
			out[i].Lag = l.Lag.Total()
		}
	}
	return out
}

// errNotRead marks a source that this scrape did not reach (an earlier read failed).
var errNotRead = errors.New("not read: the cluster metadata could not be read")
