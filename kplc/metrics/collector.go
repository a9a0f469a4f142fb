package metrics

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// Config configures a [Collector].
type Config struct {
	// Cluster says how to reach the cluster.
	Cluster kplc.Options
	// Emit says which brokers are expected and when a voter is caught up.
	Emit Options
	// Groups are the consumer groups to report lag for, at most [MaxGroups].
	Groups []string
	// Timeout bounds one scrape's reads of the cluster; it must be positive.
	Timeout time.Duration
	// Reuse is how long a snapshot is served again instead of reading the cluster anew, so
	// that several Prometheus servers (or a retrying one) do not multiply the load; zero reads
	// on every scrape.
	Reuse time.Duration
	// Log, when non-nil, receives one line per scrape whose problems differ from the last's.
	Log *log.Logger
	// Probe, when non-nil, is the private-link path to probe on every scrape, next to the
	// cluster reads and within the same Timeout (see [GatherProbe]). Its Brokers is taken
	// from Emit.Brokers and its SASL from Cluster.SASL: the probe authenticates as the
	// exporter does.
	Probe *kplc.ProbeConfig
}

// probeConfig returns the probe's configuration as the collector runs it.
func (c Config) probeConfig() kplc.ProbeConfig {
	p := *c.Probe
	p.Brokers, p.SASL = c.Emit.Brokers, c.Cluster.SASL
	return p
}

// Validate checks the configuration, naming the flag to fix.
func (c Config) Validate() error {
	var problems []string
	if c.Timeout <= 0 {
		problems = append(problems, fmt.Sprintf("--timeout %s: must be positive, e.g. 10s (it bounds one scrape)", c.Timeout))
	}
	if c.Emit.Brokers < 0 || c.Emit.Brokers > MaxBrokers {
		problems = append(problems, fmt.Sprintf("--brokers %d: must be 0 (unknown) to %d", c.Emit.Brokers, MaxBrokers))
	}
	if len(c.Groups) > MaxGroups {
		problems = append(problems, fmt.Sprintf("%d --group flags: at most %d, each a series of its own", len(c.Groups), MaxGroups))
	}
	if c.Probe != nil {
		if err := c.probeConfig().Validate("probe-"); err != nil {
			problems = append(problems, strings.ReplaceAll(err.Error(), "\n", "; "))
		}
	}
	seen := map[string]bool{}
	for _, g := range c.Groups {
		switch {
		case strings.TrimSpace(g) == "":
			problems = append(problems, "--group \"\": name a consumer group")
		case seen[g]:
			problems = append(problems, fmt.Sprintf("--group %q given twice", g))
		}
		seen[g] = true
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Collector is a prometheus.Collector that reads the cluster once per scrape (or reuses a
// snapshot younger than Config.Reuse). Scrapes are serialised: a second concurrent scrape
// waits for the first's snapshot instead of reading the cluster again.
type Collector struct {
	cfg    Config
	gather func(context.Context) Snapshot

	mu       sync.Mutex
	last     Snapshot
	lastAt   time.Time
	have     bool
	lastProb string
}

// NewCollector validates cfg and returns a collector for it.
func NewCollector(cfg Config) (*Collector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Collector{cfg: cfg}
	c.gather = func(ctx context.Context) Snapshot {
		if cfg.Probe == nil {
			return Gather(ctx, cfg.Cluster, cfg.Groups)
		}
		// The probe and the cluster reads run side by side, so a probe port that does not
		// answer costs the cluster reads nothing of the scrape's time.
		probe := make(chan *kplc.ProbeReport, 1)
		go func() { probe <- GatherProbe(ctx, cfg.probeConfig()) }()
		s := Gather(ctx, cfg.Cluster, cfg.Groups)
		s.Probe = <-probe
		return s
	}
	return c, nil
}

// Describe sends the descriptors of every metric in [Catalogue].
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range catalogue {
		ch <- d.desc
	}
}

// Collect reads the cluster (bounded by Config.Timeout) and sends the metrics.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	Emit(c.snapshot(), c.cfg.Emit, func(m prometheus.Metric) { ch <- m })
}

func (c *Collector) snapshot() Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.have && c.cfg.Reuse > 0 && time.Since(c.lastAt) < c.cfg.Reuse {
		return c.last
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.Timeout)
	defer cancel()
	s := c.gather(ctx)
	c.last, c.lastAt, c.have = s, time.Now(), true
	if c.cfg.Log != nil {
		prob := strings.Join(Problems(s), "; ")
		if prob != c.lastProb {
			if prob == "" {
				c.cfg.Log.Print("every source read again")
			} else {
				c.cfg.Log.Print(prob)
			}
			c.lastProb = prob
		}
	}
	return s
}
