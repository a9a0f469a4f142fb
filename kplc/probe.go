package kplc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// DefaultHostPattern is the advertised host pattern TiDB Cloud expects.
const DefaultHostPattern = "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com"

// PlaceholderUniqueName is the unique name brokers advertise before TiDB
// Cloud has issued the real one (stage 1).
const PlaceholderUniqueName = "unique_name"

// ExpandHost fills {id} and {uniqueName} in pattern.
func ExpandHost(pattern string, id int32, uniqueName string) string {
	s := strings.ReplaceAll(pattern, "{id}", strconv.Itoa(int(id)))
	return strings.ReplaceAll(s, "{uniqueName}", uniqueName)
}

// NLBDialer returns a dialer that connects to via on the port of the
// requested address, whatever its host: what TiDB Cloud's private-link DNS
// does for every advertised broker name.
func NLBDialer(via string) DialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		_, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, fmt.Errorf("advertised address %q is not HOST:PORT: %w", addr, err)
		}
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(via, port))
		if err != nil {
			return nil, fmt.Errorf("dialing %s (for advertised %s): %w", net.JoinHostPort(via, port), addr, err)
		}
		return conn, nil
	}
}

// ProbeConfig describes the private-link path to check.
type ProbeConfig struct {
	// Via is the NLB host (name or IP) that every broker name maps to.
	Via string
	// BootstrapPort is the NLB listener that reaches every broker.
	BootstrapPort int
	// FirstPort is the NLB listener for broker 1; broker i uses FirstPort+i-1.
	FirstPort int
	// Brokers is the expected broker count; node IDs are 1..Brokers.
	Brokers int
	// HostPattern is the advertised host pattern with {id} and {uniqueName}.
	HostPattern string
	// UniqueName is TiDB Cloud's unique name, or the placeholder at stage 1.
	UniqueName string
	// SASL, if non-nil, authenticates every connection.
	SASL *SASL
	// Roundtrip tunes the roundtrip over the mapped path.
	Roundtrip RoundtripOptions
	// SkipRoundtrip, when true, leaves out check (c), the roundtrip through the NLB.
	SkipRoundtrip bool
	// HealthWait bounds how long the probe keeps asking again while the NLB path does not
	// answer (the bootstrap port, or a broker port that reaches no broker): on a first deploy
	// the NLB forwards to a backend only after its health checks passed (TCP, every 10 s,
	// healthy after 2). A port that reaches the WRONG broker is judged at once. Zero asks once.
	HealthWait time.Duration
	// HealthPoll is the pause between two tries while waiting; zero means 2 s.
	HealthPoll time.Duration
	// Dial, if non-nil, replaces NLBDialer(Via) (a test's stand-in for the NLB).
	Dial DialFunc
}

func (c ProbeConfig) healthPoll() time.Duration {
	if c.HealthPoll > 0 {
		return c.HealthPoll
	}
	return 2 * time.Second
}

// untilHealthy runs try until it succeeds or the health wait that began at start is over,
// pausing between tries; it returns try's last error.
func (c ProbeConfig) untilHealthy(ctx context.Context, start time.Time, try func() error) error {
	for {
		err := try()
		if err == nil || time.Since(start)+c.healthPoll() > c.HealthWait {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(c.healthPoll()):
		}
	}
}

// Validate checks the configuration before any I/O, naming each bad setting as the flag
// flagPrefix+"via", flagPrefix+"bootstrap-port" and so on (the broker count as --brokers):
// "" for `kplc probe-privatelink`, "probe-" for `kplc exporter`'s --probe-* flags.
func (c ProbeConfig) Validate(flagPrefix string) error {
	flag := func(name string) string { return "--" + flagPrefix + name }
	var errs []error
	if c.Via == "" {
		errs = append(errs, fmt.Errorf("%s is empty: pass the NLB's DNS name or IP", flag("via")))
	}
	for _, p := range []struct {
		name string
		v    int
	}{{flag("bootstrap-port"), c.BootstrapPort}, {flag("first-port"), c.FirstPort}} {
		if p.v < 1 || p.v > 65535 {
			errs = append(errs, fmt.Errorf("%s %d is not a TCP port (1-65535)", p.name, p.v))
		}
	}
	if c.Brokers < 1 {
		errs = append(errs, fmt.Errorf("--brokers %d: need at least 1 (the probe checks one NLB port per broker)", c.Brokers))
	} else if c.FirstPort+c.Brokers-1 > 65535 {
		errs = append(errs, fmt.Errorf("%s %d with --brokers %d runs past port 65535", flag("first-port"), c.FirstPort, c.Brokers))
	}
	if c.BootstrapPort >= c.FirstPort && c.BootstrapPort < c.FirstPort+c.Brokers {
		errs = append(errs, fmt.Errorf("%s %d collides with the broker ports %d-%d", flag("bootstrap-port"), c.BootstrapPort, c.FirstPort, c.FirstPort+c.Brokers-1))
	}
	if !strings.Contains(c.HostPattern, "{id}") {
		errs = append(errs, fmt.Errorf("%s %q has no {id}: every broker needs its own name, e.g. %s", flag("host-pattern"), c.HostPattern, DefaultHostPattern))
	}
	if c.UniqueName == "" && strings.Contains(c.HostPattern, "{uniqueName}") {
		errs = append(errs, fmt.Errorf("%s is empty: pass TiDB Cloud's unique name, or %q before it is known", flag("unique-name"), PlaceholderUniqueName))
	}
	return errors.Join(errs...)
}

// AdvertisedCheck compares one advertised broker with the plan.
type AdvertisedCheck struct {
	// NodeID is the broker's node.id.
	NodeID int32
	// Addr is the advertised host:port ("" when the broker is missing).
	Addr string
	// Want is the planned host:port.
	Want string
	// Err says how Addr breaks the plan, or nil.
	Err error
}

// MarshalJSON encodes the check with its error as text.
func (a AdvertisedCheck) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		NodeID int32  `json:"nodeId"`
		Addr   string `json:"advertised"`
		Want   string `json:"planned"`
		OK     bool   `json:"ok"`
		Error  string `json:"error,omitempty"`
	}{a.NodeID, a.Addr, a.Want, a.Err == nil, errText(a.Err)})
}

// PortCheck records which broker answers behind one NLB port.
type PortCheck struct {
	// Port is the NLB port.
	Port int
	// Want is the broker the port should reach, or -1 for the bootstrap port.
	Want int32
	// Got is the broker that answered, or -1 if none was identified.
	Got int32
	// Latency is the time to connect and identify the broker.
	Latency time.Duration
	// Err says what is wrong, or nil.
	Err error
}

// MarshalJSON encodes the check with its error as text.
func (p PortCheck) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		Port      int     `json:"port"`
		Want      int32   `json:"expectedBroker"`
		Got       int32   `json:"answeringBroker"`
		LatencyMs float64 `json:"latencyMs"`
		OK        bool    `json:"ok"`
		Error     string  `json:"error,omitempty"`
	}{p.Port, p.Want, p.Got, Millis(p.Latency), p.Err == nil, errText(p.Err)})
}

// ProbeReport is the result of [ProbePrivateLink].
type ProbeReport struct {
	// Bootstrap is the NLB bootstrap address used.
	Bootstrap string `json:"bootstrap"`
	// BootstrapErr is why metadata could not be read through the NLB.
	BootstrapErr error `json:"-"`
	// Advertised is check (a): each advertised address against the plan.
	Advertised []AdvertisedCheck `json:"advertised"`
	// Ports is check (b): which broker answers behind each NLB port.
	Ports []PortCheck `json:"ports"`
	// Roundtrip is check (c), nil when skipped.
	Roundtrip *RoundtripReport `json:"roundtrip,omitempty"`
	// RoundtripSkipped says why check (c) did not run.
	RoundtripSkipped string `json:"roundtripSkipped,omitempty"`
	// Method names how the answering broker was identified.
	Method string `json:"identifyMethod"`
}

// Problems lists everything wrong, one line each; empty means the path works.
func (r ProbeReport) Problems() []string {
	var out []string
	if r.BootstrapErr != nil {
		out = append(out, fmt.Sprintf("bootstrap %s: %s", r.Bootstrap, r.BootstrapErr))
	}
	for _, a := range r.Advertised {
		if a.Err != nil {
			out = append(out, a.Err.Error())
		}
	}
	for _, p := range r.Ports {
		if p.Err != nil {
			out = append(out, p.Err.Error())
		}
	}
	if r.Roundtrip != nil {
		for _, p := range r.Roundtrip.Problems() {
			out = append(out, "roundtrip over the mapped path: "+p)
		}
	}
	return out
}

// OK reports whether the probe found nothing wrong.
func (r ProbeReport) OK() bool { return len(r.Problems()) == 0 }

// IdentifyMethod documents how [IdentifyBroker] tells brokers apart.
const IdentifyMethod = "DescribeConfigs(BROKER, name=<id>) on a direct connection: only broker <id> answers it, others return INVALID_REQUEST"

// IdentifyBroker connects to addr directly (no metadata redirection) and
// finds which of the candidate node IDs answers there. It asks
// DescribeConfigs for resource BROKER named after each candidate in turn:
// Kafka (and kfake) serve that resource only on the broker with that id and
// answer INVALID_REQUEST elsewhere. It needs DescribeConfigs on the cluster
// when ACLs are on.
func IdentifyBroker(ctx context.Context, o Options, addr string, candidates []int32) (int32, error) {
	cl, err := kgo.NewClient(o.clientOpts([]string{addr})...)
	if err != nil {
		return -1, fmt.Errorf("creating client for %s: %w", addr, err)
	}
	defer cl.Close()
	seeds := cl.SeedBrokers()
	if len(seeds) == 0 {
		return -1, fmt.Errorf("no seed for %s", addr)
	}
	var invalid []string
	for _, id := range candidates {
		req := kmsg.NewPtrDescribeConfigsRequest()
		res := kmsg.NewDescribeConfigsRequestResource()
		res.ResourceType = kmsg.ConfigResourceTypeBroker
		res.ResourceName = strconv.Itoa(int(id))
		res.ConfigNames = []string{"broker.id", "node.id"}
		req.Resources = append(req.Resources, res)
		kresp, err := seeds[0].Request(ctx, req)
		if err != nil {
			return -1, fmt.Errorf("asking %s which broker it is: %s", addr, Explain(err))
		}
		resp := kresp.(*kmsg.DescribeConfigsResponse)
		if len(resp.Resources) != 1 {
			return -1, fmt.Errorf("asking %s which broker it is: %d resources in the DescribeConfigs response, want 1", addr, len(resp.Resources))
		}
		switch err := kerr.ErrorForCode(resp.Resources[0].ErrorCode); {
		case err == nil:
			return id, nil
		case errors.Is(err, kerr.InvalidRequest):
			invalid = append(invalid, strconv.Itoa(int(id)))
		case errors.Is(err, kerr.ClusterAuthorizationFailed):
			return -1, fmt.Errorf("asking %s which broker it is: %s: grant the user DescribeConfigs on the cluster (Kafka authorizes DescribeConfigs of a BROKER resource there)", addr, Explain(err))
		default:
			return -1, fmt.Errorf("asking %s which broker it is: %s", addr, Explain(err))
		}
	}
	return -1, fmt.Errorf("%s answers but is none of brokers %s", addr, strings.Join(invalid, ", "))
}

// ProbePrivateLink checks the private-link path as TiDB Cloud uses it:
// (a) every advertised address follows the host pattern and the port plan
// (broker i at FirstPort+i-1); (b) each NLB port reaches the broker it
// should; (c) a roundtrip through the NLB succeeds. A usage error is
// returned for a bad configuration; everything else is in the report.
func ProbePrivateLink(ctx context.Context, c ProbeConfig) (ProbeReport, error) {
	r, o, err := probePorts(ctx, c)
	if err != nil {
		return r, err
	}
	// (c) roundtrip over the mapped path.
	switch {
	case c.SkipRoundtrip:
		r.RoundtripSkipped = "skipped on request"
	case len(r.Problems()) > 0:
		r.RoundtripSkipped = "skipped: the path is already known to be wrong (a roundtrip would stall on the misrouted brokers)"
	default:
		rt := Roundtrip(ctx, o, c.Roundtrip)
		r.Roundtrip = &rt
	}
	return r, nil
}

// ProbePorts runs checks (a) and (b) of [ProbePrivateLink], never its roundtrip: it reads the
// metadata through the NLB bootstrap port and compares the advertised addresses with the plan,
// then asks, on a direct connection to each NLB port, which broker answers there. It writes
// nothing to the cluster, so a long-running watcher (`kplc exporter`) may call it on every
// scrape; with HealthWait zero it asks each port once, and ctx bounds it all. A usage error is
// returned for a bad configuration; everything else is in the report (RoundtripSkipped says
// the roundtrip was not run).
func ProbePorts(ctx context.Context, c ProbeConfig) (ProbeReport, error) {
	r, _, err := probePorts(ctx, c)
	if err == nil {
		r.RoundtripSkipped = "not part of ProbePorts"
	}
	return r, err
}

// probePorts is checks (a) and (b); it also returns the client options of the NLB path.
func probePorts(ctx context.Context, c ProbeConfig) (ProbeReport, Options, error) {
	if err := c.Validate(""); err != nil {
		return ProbeReport{}, Options{}, &UsageError{Err: err}
	}
	r := ProbeReport{Bootstrap: net.JoinHostPort(c.Via, strconv.Itoa(c.BootstrapPort)), Method: IdentifyMethod}
	o := Options{Bootstrap: []string{r.Bootstrap}, Dial: NLBDialer(c.Via), Via: c.Via, SASL: c.SASL}
	if c.Dial != nil {
		o.Dial = c.Dial
	}
	start := time.Now()

	candidates := make([]int32, 0, c.Brokers)
	for i := 1; i <= c.Brokers; i++ {
		candidates = append(candidates, int32(i))
	}

	// (a) advertised addresses against the plan.
	var meta *kmsg.MetadataResponse
	err := c.untilHealthy(ctx, start, func() error {
		cl, err := connect(ctx, o)
		if err == nil {
			meta, err = readMetadata(ctx, cl, []string{})
			cl.Close()
		}
		return err
	})
	if err != nil {
		r.BootstrapErr = err
	} else {
		r.Advertised = checkAdvertised(c, meta.Brokers)
		for _, b := range meta.Brokers {
			if b.NodeID < 1 || int(b.NodeID) > c.Brokers {
				candidates = append(candidates, b.NodeID)
			}
		}
	}

	// (b) each NLB port reaches the right broker; the bootstrap port must reach some broker.
	// The ports are asked at once: one that does not answer costs its own dial timeout, not
	// every later port's.
	ports := []PortCheck{{Port: c.BootstrapPort, Want: -1}}
	for i := 1; i <= c.Brokers; i++ {
		ports = append(ports, PortCheck{Port: c.FirstPort + i - 1, Want: int32(i)})
	}
	var wg sync.WaitGroup
	for i := range ports {
		wg.Add(1)
		go func(p *PortCheck) {
			defer wg.Done()
			_ = c.untilHealthy(ctx, start, func() error {
				*p = CheckPort(ctx, o, c.Via, p.Port, p.Want, candidates)
				if p.Got >= 0 {
					return nil // a broker answered: a wrong one is judged at once
				}
				return p.Err
			})
		}(&ports[i])
	}
	wg.Wait()
	r.Ports = ports
	return r, o, nil
}

// CheckPort is check (b) for one NLB port: it connects to via:port directly (o's dialer and
// SASL; no metadata redirection) and identifies the broker answering there with
// [IdentifyBroker], asking want first. The result's Err says the port reaches no broker, or
// reaches another broker than want (want -1, the bootstrap port: any broker will do). One try,
// bounded by 15 s and ctx.
func CheckPort(ctx context.Context, o Options, via string, port int, want int32, candidates []int32) PortCheck {
	p := PortCheck{Port: port, Want: want}
	began := time.Now()
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	p.Got, p.Err = IdentifyBroker(pctx, o, net.JoinHostPort(via, strconv.Itoa(port)), ordered(candidates, want))
	cancel()
	p.Latency = time.Since(began)
	switch {
	case p.Err != nil:
		p.Err = fmt.Errorf("port %d: %w", p.Port, p.Err)
	case p.Want >= 0 && p.Got != p.Want:
		p.Err = fmt.Errorf("port %d reaches broker %d, expected broker %d", p.Port, p.Got, p.Want)
	}
	return p
}

// ordered returns ids with want first, so the common case costs one request.
func ordered(ids []int32, want int32) []int32 {
	out := make([]int32, 0, len(ids))
	if want >= 0 {
		out = append(out, want)
	}
	for _, id := range ids {
		if id != want {
			out = append(out, id)
		}
	}
	return out
}

func checkAdvertised(c ProbeConfig, brokers []kmsg.MetadataResponseBroker) []AdvertisedCheck {
	byID := map[int32]kmsg.MetadataResponseBroker{}
	owner := map[string]int32{}
	var out []AdvertisedCheck
	for _, b := range brokers {
		byID[b.NodeID] = b
	}
	ids := make([]int32, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	for i := 1; i <= c.Brokers; i++ {
		if _, ok := byID[int32(i)]; !ok {
			ids = append(ids, int32(i))
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		ac := AdvertisedCheck{NodeID: id}
		inPlan := id >= 1 && int(id) <= c.Brokers
		if inPlan {
			ac.Want = net.JoinHostPort(ExpandHost(c.HostPattern, id, c.UniqueName), strconv.Itoa(c.FirstPort+int(id)-1))
		}
		b, ok := byID[id]
		if ok {
			ac.Addr = net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port)))
		}
		switch {
		case !ok:
			ac.Err = fmt.Errorf("broker %d is not in the cluster metadata (expected at %s)", id, ac.Want)
		case !inPlan:
			ac.Err = fmt.Errorf("broker %d (advertised %s) is outside the plan's node IDs 1-%d", id, ac.Addr, c.Brokers)
		case !strings.EqualFold(ac.Addr, ac.Want):
			ac.Err = fmt.Errorf("broker %d advertises %s, the plan says %s", id, ac.Addr, ac.Want)
		}
		if ok {
			key := strings.ToLower(ac.Addr)
			if other, dup := owner[key]; dup && ac.Err == nil {
				ac.Err = fmt.Errorf("broker %d advertises %s, which broker %d also advertises", id, ac.Addr, other)
			}
			owner[key] = id
		}
		out = append(out, ac)
	}
	return out
}
