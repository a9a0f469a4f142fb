package rehearse

import (
	"context"
	"fmt"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// Report is what a rehearsal run found: the same three checks a user runs
// in the cloud, through the loopback NLB.
type Report struct {
	// Note repeats that the brokers are kfake, not Apache Kafka.
	Note string `json:"note"`
	// Bootstrap is the NLB bootstrap address used.
	Bootstrap string `json:"bootstrap"`
	// Swapped lists the NLB ports swapped by --miswire.
	Swapped []int `json:"swappedPorts,omitempty"`
	// Brokers is the result of `kplc brokers` through the NLB.
	Brokers kplc.BrokersReport `json:"brokers"`
	// BrokersErr is why the broker list could not be read.
	BrokersErr error `json:"-"`
	// Roundtrip is the result of `kplc roundtrip` through the NLB; nil
	// when skipped because the port map is known to be wrong.
	Roundtrip *kplc.RoundtripReport `json:"roundtrip,omitempty"`
	// Probe is the result of `kplc probe-privatelink`.
	Probe kplc.ProbeReport `json:"probe"`
	// ProbeErr is a configuration error of the probe.
	ProbeErr error `json:"-"`
	// Auth says how the checks authenticated ("" without Options.Auth).
	Auth string `json:"auth,omitempty"`
	// UnauthenticatedRefused reports, with Options.Auth, whether a client without credentials
	// was refused (it must be); nil without auth.
	UnauthenticatedRefused *bool `json:"unauthenticatedRefused,omitempty"`
	// Unauthenticated is the error the unauthenticated client got.
	Unauthenticated string `json:"unauthenticated,omitempty"`
	// Elapsed is the wall time of the three checks.
	Elapsed time.Duration `json:"elapsedNs"`
}

// OK reports whether every check passed.
func (r Report) OK() bool {
	if r.BrokersErr != nil || r.ProbeErr != nil || len(r.Brokers.Failed()) > 0 || !r.Probe.OK() {
		return false
	}
	if r.UnauthenticatedRefused != nil && !*r.UnauthenticatedRefused {
		return false
	}
	return r.Roundtrip == nil || r.Roundtrip.OK()
}

// Problems lists everything that failed, one line each.
func (r Report) Problems() []string {
	var out []string
	if r.BrokersErr != nil {
		out = append(out, "brokers: "+r.BrokersErr.Error())
	}
	for _, b := range r.Brokers.Failed() {
		out = append(out, fmt.Sprintf("brokers: broker %d at %s does not answer: %v", b.NodeID, b.Addr(), b.Err))
	}
	if r.ProbeErr != nil {
		out = append(out, "probe-privatelink: "+r.ProbeErr.Error())
	}
	if r.UnauthenticatedRefused != nil && !*r.UnauthenticatedRefused {
		out = append(out, "auth: a client without credentials was accepted")
	}
	for _, p := range r.Probe.Problems() {
		out = append(out, "probe-privatelink: "+p)
	}
	return out
}

// Run runs brokers, roundtrip and probe-privatelink against r. The
// standalone roundtrip is skipped when the probe found the port map wrong,
// since it would only stall until the timeout on the misrouted brokers.
func (r *Rehearsal) Run(ctx context.Context) Report {
	start := time.Now()
	rep := Report{Note: "The " + Disclaimer + ".", Bootstrap: r.Bootstrap(), Swapped: r.Swapped}
	o := r.ClientOptions()
	rep.Brokers, rep.BrokersErr = kplc.CheckBrokers(ctx, o)
	rep.Probe, rep.ProbeErr = kplc.ProbePrivateLink(ctx, r.ProbeConfig())
	r.checkUnauthenticated(ctx, &rep)
	if rep.ProbeErr == nil && rep.Probe.OK() {
		// The probe's own check (c) already ran a roundtrip over the
		// mapped path; report it as the roundtrip result too.
		rep.Roundtrip = rep.Probe.Roundtrip
	}
	rep.Elapsed = time.Since(start)
	return rep
}
