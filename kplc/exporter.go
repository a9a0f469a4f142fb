package kplc

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Connect validates o, checks that a bootstrap address accepts TCP connections and returns a
// client seeded with the reachable addresses, configured like every other client kplc makes
// (dial timeout, retries, SASL). The caller closes it. It is what a long-running reader of the
// cluster, such as the metrics exporter, opens once per scrape.
func Connect(ctx context.Context, o Options) (*kgo.Client, error) {
	return connect(ctx, o)
}

// CaughtUp reports whether voter v is caught up with the quorum leader by the rule the restart
// gates apply (see [SafeToRestart]): the leader always is; with timestamps (DescribeQuorum v1+)
// the voter's last caught-up time trails the leader's by less than lim.MaxCaughtUpAge; without,
// its log end trails the high watermark by at most lim.MaxLag.
func (q *QuorumState) CaughtUp(v VoterState, lim Limits) bool {
	return caughtUp(q, v, lim)
}
