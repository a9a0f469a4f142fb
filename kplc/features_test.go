package kplc

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kversion"
)

// numberedCluster starts a kfake cluster whose brokers are node ids 1..n, as kafka-plc numbers
// them: kfake numbers from 0 and makes the last broker its controller (cluster.go L276-282), so
// n+1 brokers start and node 0 is removed.
func numberedCluster(t *testing.T, n int, opts ...kfake.Opt) (*kfake.Cluster, Options) {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(n + 1)}, opts...)...)
	if err != nil {
		t.Fatalf("kfake: %v", err)
	}
	t.Cleanup(c.Close)
	if err := c.RemoveNode(0); err != nil {
		t.Fatalf("kfake RemoveNode 0: %v", err)
	}
	return c, Options{Bootstrap: c.ListenAddrs()[:1]}
}

// featureCluster is a kfake cluster whose brokers run Kafka `release` (kfake.MaxVersions: its
// supported metadata.version range is that release's, 57_update_features.go) with
// metadata.version finalized at level `at`, as a cluster formatted by an older release and
// then rolled to this one is. kfake keeps one level for the whole cluster, so every broker
// reports the same.
func featureCluster(t *testing.T, release *kversion.Versions, at int16) Options {
	t.Helper()
	_, o := numberedCluster(t, 3, kfake.MaxVersions(release))
	cl, err := kgo.NewClient(kgo.SeedBrokers(o.Bootstrap...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	// The setup lowers the level with a safe downgrade (UpgradeType 2), which kfake allows.
	res, err := kadm.NewClient(cl).UpdateFeatures(ctxFor(t, 5*time.Second), false,
		kadm.FeatureUpdate{Feature: MetadataVersionFeature, MaxVersionLevel: at, UpgradeType: 2})
	if err == nil {
		err = res.Error()
	}
	if err != nil {
		t.Fatalf("setting up metadata.version %d: %v", at, err)
	}
	return o
}

// TestFinalizeFeatures: against kfake's UpdateFeatures (57_update_features.go), a cluster
// rolled from 3.7 to 3.8 is finalized from 3.7-IV4 (19) to 3.8-IV0 (20), a second run changes
// nothing, a dry run reports without changing, and a cluster already at its highest level is
// left alone.
func TestFinalizeFeatures(t *testing.T) {
	for _, tc := range []struct {
		name          string
		release       *kversion.Versions
		at            int16
		dryRun        bool
		before, after int16
		changed       bool
		wantAfterName string
	}{
		{"3.7 rolled to 3.8", kversion.V3_8_0(), 19, false, 19, 20, true, "3.8-IV0"},
		{"dry run", kversion.V3_8_0(), 19, true, 19, 19, false, "3.7-IV4"},
		{"already finalized", kversion.V3_7_0(), 19, false, 19, 19, false, "3.7-IV4"},
		{"3.7 rolled to 3.9", kversion.V3_9_0(), 19, false, 19, 21, true, "3.9-IV0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := featureCluster(t, tc.release, tc.at)
			fo := FinalizeOptions{Brokers: 3, DryRun: tc.dryRun, Poll: 10 * time.Millisecond}
			r, err := FinalizeFeatures(ctxFor(t, 10*time.Second), o, fo)
			if err != nil {
				t.Fatalf("FinalizeFeatures: %v", err)
			}
			if r.Before != tc.before || r.After != tc.after || r.Changed != tc.changed || r.AfterName != tc.wantAfterName {
				t.Errorf("report %+v\nwant before %d, after %d (%s), changed %v", r, tc.before, tc.after, tc.wantAfterName, tc.changed)
			}
			again, err := FinalizeFeatures(ctxFor(t, 10*time.Second), o, FinalizeOptions{Brokers: 3, DryRun: true})
			if err != nil || again.Before != tc.after {
				t.Errorf("read back: %+v, %v; want the level %d", again, err, tc.after)
			}
			if !tc.dryRun {
				second, err := FinalizeFeatures(ctxFor(t, 10*time.Second), o, fo)
				if err != nil || second.Changed || second.After != tc.after {
					t.Errorf("second run: %+v, %v; want no change at %d (idempotent)", second, err, tc.after)
				}
			}
		})
	}
}

// TestFinalizeFeaturesRefuses: a broker missing from the registration (still rolling) stops
// the finalization before anything changes, naming it and the gate to run first.
func TestFinalizeFeaturesRefuses(t *testing.T) {
	o := featureCluster(t, kversion.V3_8_0(), 19)
	// Brokers 1..3 run; broker 4 of 4 is still rolling.
	_, err := FinalizeFeatures(ctxFor(t, 10*time.Second), o, FinalizeOptions{Brokers: 4})
	if err == nil || !strings.Contains(err.Error(), "broker 4 of 4 is not registered") || !strings.Contains(err.Error(), "kplc cluster-ready") {
		t.Fatalf("FinalizeFeatures with broker 3 missing: %v", err)
	}
	r, err := FinalizeFeatures(ctxFor(t, 10*time.Second), o, FinalizeOptions{Brokers: 2, DryRun: true})
	if err != nil || r.Before != 19 {
		t.Errorf("after the refusal: %+v, %v; want metadata.version still 19", r, err)
	}
	if _, err := FinalizeFeatures(ctxFor(t, time.Second), o, FinalizeOptions{}); err == nil {
		t.Error("--brokers 0 accepted")
	}
}
