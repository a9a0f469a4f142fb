package kplc

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// BrokerCheck is one broker as the cluster advertises it and whether its
// advertised address answers a Kafka ApiVersions request.
type BrokerCheck struct {
	// NodeID is the broker's node.id.
	NodeID int32
	// Host is the advertised host.
	Host string
	// Port is the advertised port.
	Port int32
	// Rack is the advertised broker.rack, or "" if none.
	Rack string
	// Latency is how long the ApiVersions exchange took, connect included.
	Latency time.Duration
	// Err is why the advertised address did not answer, or nil.
	Err error
}

// Addr returns the advertised host:port.
func (b BrokerCheck) Addr() string { return net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port))) }

// MarshalJSON encodes the check with its error as text.
func (b BrokerCheck) MarshalJSON() ([]byte, error) {
	return marshalJSON(struct {
		NodeID    int32   `json:"nodeId"`
		Address   string  `json:"address"`
		Rack      string  `json:"rack"`
		LatencyMs float64 `json:"latencyMs"`
		OK        bool    `json:"ok"`
		Error     string  `json:"error,omitempty"`
	}{b.NodeID, b.Addr(), b.Rack, Millis(b.Latency), b.Err == nil, errText(b.Err)})
}

// BrokersReport is the result of [CheckBrokers].
type BrokersReport struct {
	// ClusterID is the cluster ID from metadata.
	ClusterID string `json:"clusterId"`
	// ControllerID is the controller node reported by metadata, or -1.
	ControllerID int32 `json:"controllerId"`
	// Brokers are the advertised brokers, sorted by node ID.
	Brokers []BrokerCheck `json:"brokers"`
}

// Failed returns the brokers whose advertised address did not answer.
func (r BrokersReport) Failed() []BrokerCheck {
	var out []BrokerCheck
	for _, b := range r.Brokers {
		if b.Err != nil {
			out = append(out, b)
		}
	}
	return out
}

// CheckBrokers reads cluster metadata through the bootstrap addresses and
// sends an ApiVersions request to every advertised broker address, on its
// own connection to that exact address. The returned error is non-nil only
// when the metadata itself cannot be read; per-broker failures are in the
// report.
func CheckBrokers(ctx context.Context, o Options) (BrokersReport, error) {
	cl, err := connect(ctx, o)
	if err != nil {
		return BrokersReport{}, err
	}
	defer cl.Close()
	meta, err := readMetadata(ctx, cl, []string{})
	if err != nil {
		return BrokersReport{}, err
	}
	r := BrokersReport{ControllerID: meta.ControllerID}
	if meta.ClusterID != nil {
		r.ClusterID = *meta.ClusterID
	}
	for _, b := range meta.Brokers {
		bc := BrokerCheck{NodeID: b.NodeID, Host: b.Host, Port: b.Port}
		if b.Rack != nil {
			bc.Rack = *b.Rack
		}
		r.Brokers = append(r.Brokers, bc)
	}
	sort.Slice(r.Brokers, func(i, j int) bool { return r.Brokers[i].NodeID < r.Brokers[j].NodeID })
	for i := range r.Brokers {
		b := &r.Brokers[i]
		start := time.Now()
		_, b.Err = apiVersionsAt(ctx, o, b.Addr())
		b.Latency = time.Since(start)
	}
	return r, nil
}

// readMetadata issues a Metadata request for topics (nil: all topics,
// empty: none) and explains failures in terms of the bootstrap addresses.
func readMetadata(ctx context.Context, cl *kgo.Client, topics []string) (*kmsg.MetadataResponse, error) {
	req := kmsg.NewPtrMetadataRequest()
	if topics != nil {
		req.Topics = []kmsg.MetadataRequestTopic{}
		for _, t := range topics {
			rt := kmsg.NewMetadataRequestTopic()
			rt.Topic = kmsg.StringPtr(t)
			req.Topics = append(req.Topics, rt)
		}
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("reading cluster metadata: %w", explained{err})
	}
	return resp, nil
}

// apiVersionsAt opens a client whose only seed is addr and sends ApiVersions
// to that seed, so the request travels to exactly that address.
func apiVersionsAt(ctx context.Context, o Options, addr string) (*kmsg.ApiVersionsResponse, error) {
	cl, err := kgo.NewClient(o.clientOpts([]string{addr})...)
	if err != nil {
		return nil, fmt.Errorf("creating client for %s: %w", addr, err)
	}
	defer cl.Close()
	seeds := cl.SeedBrokers()
	if len(seeds) == 0 {
		return nil, fmt.Errorf("no seed for %s", addr)
	}
	ctx, cancel := context.WithTimeout(ctx, o.dialTimeout()+5*time.Second)
	defer cancel()
	req := kmsg.NewPtrApiVersionsRequest()
	req.ClientSoftwareName = "kplc"
	req.ClientSoftwareVersion = "1"
	kresp, err := seeds[0].Request(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("ApiVersions to %s: %s", addr, Explain(err))
	}
	resp := kresp.(*kmsg.ApiVersionsResponse)
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		return nil, fmt.Errorf("ApiVersions to %s: %s", addr, Explain(err))
	}
	return resp, nil
}
