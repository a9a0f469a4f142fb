package kplc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// MetadataVersionFeature is the KRaft feature that gates new metadata records, RPC versions and
// on-disk formats (KIP-778); `kafka-features.sh upgrade --metadata` sets it.
const MetadataVersionFeature = "metadata.version"

// FeatureReport is what FinalizeFeatures found and did.
type FeatureReport struct {
	// Feature is the finalized feature, metadata.version.
	Feature string `json:"feature"`
	// Before is the finalized level found.
	Before int16 `json:"before"`
	// BeforeName is Before's release name, e.g. "3.7-IV4".
	BeforeName string `json:"beforeName"`
	// Supported is the highest level every registered broker supports: the level finalized.
	Supported int16 `json:"supported"`
	// SupportedName is Supported's release name.
	SupportedName string `json:"supportedName"`
	// After is the finalized level when the command ended.
	After int16 `json:"after"`
	// AfterName is After's release name.
	AfterName string `json:"afterName"`
	// Changed is true when this run raised the level.
	Changed bool `json:"changed"`
	// DryRun is true when nothing was asked to change.
	DryRun bool `json:"dryRun"`
}

// FinalizeOptions say what FinalizeFeatures waits for.
type FinalizeOptions struct {
	// Brokers is the number of brokers that must be registered (node ids 1..N): the level is
	// the highest that all of them support, so a broker not yet upgraded (or not registered)
	// must not be left out.
	Brokers int
	// DryRun only reports.
	DryRun bool
	// Poll is the interval between reads while the brokers learn the new level; zero means 1s.
	Poll time.Duration
}

// FinalizeFeatures raises metadata.version to the highest level that every broker supports,
// with UpdateFeatures (KIP-584; upgrade only, never a downgrade), after the brokers of a
// kafkaVersion change have rolled. It is what `kafka-features.sh upgrade --metadata` does, with
// the level read from the brokers (ApiVersions' SupportedFeatures), not from a table. The
// controller refuses a level that a registered broker or controller does not support
// (QuorumFeatures), so a cluster still being rolled fails here rather than being split. It is
// idempotent: a cluster already at that level is left alone, and a level above it (finalized
// by hand) is never lowered. It waits until every broker reports the new level.
func FinalizeFeatures(ctx context.Context, o Options, fo FinalizeOptions) (FeatureReport, error) {
	r := FeatureReport{Feature: MetadataVersionFeature, DryRun: fo.DryRun}
	if fo.Brokers < 1 {
		return r, &UsageError{Err: fmt.Errorf("--brokers %d: give the number of brokers, e.g. --brokers 3", fo.Brokers)}
	}
	cl, err := connect(ctx, o)
	if err != nil {
		return r, err
	}
	defer cl.Close()
	read := func() (supported, finalized int16, err error) {
		meta, err := readMetadata(ctx, cl, []string{})
		if err != nil {
			return 0, 0, err
		}
		seen := map[int32]bool{}
		supported, finalized = -1, -1
		for _, b := range meta.Brokers {
			seen[b.NodeID] = true
			resp, err := apiVersionsAt(ctx, o, net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port))))
			if err != nil {
				return 0, 0, fmt.Errorf("reading the features of broker %d: %w", b.NodeID, err)
			}
			max := int16(-1)
			for _, f := range resp.SupportedFeatures {
				if f.Name == MetadataVersionFeature {
					max = f.MaxVersion
				}
			}
			if max < 0 {
				return 0, 0, fmt.Errorf("broker %d does not report %s among its supported features (not a KRaft broker of Kafka 3.3 or later?)", b.NodeID, MetadataVersionFeature)
			}
			if supported < 0 || max < supported {
				supported = max
			}
			level := int16(0)
			for _, f := range resp.FinalizedFeatures {
				if f.Name == MetadataVersionFeature {
					level = f.MaxVersionLevel
				}
			}
			// A broker that has not replayed the update yet reports the old level: the
			// cluster's level is the one every broker has seen.
			if finalized < 0 || level < finalized {
				finalized = level
			}
		}
		for id := 1; id <= fo.Brokers; id++ {
			if !seen[int32(id)] {
				return 0, 0, fmt.Errorf("broker %d of %d is not registered: metadata.version is finalized only when every broker runs and supports it; "+
					"run `kplc cluster-ready --brokers %d` first", id, fo.Brokers, fo.Brokers)
			}
		}
		return supported, finalized, nil
	}
	supported, finalized, err := read()
	if err != nil {
		return r, err
	}
	r.Supported, r.SupportedName = supported, kraft.MetadataVersionName(supported)
	r.Before, r.BeforeName = finalized, kraft.MetadataVersionName(finalized)
	r.After, r.AfterName = r.Before, r.BeforeName
	if finalized >= supported || fo.DryRun {
		return r, nil
	}
	adm := kadm.NewClient(cl)
	res, err := adm.UpdateFeatures(ctx, false, kadm.FeatureUpdate{Feature: MetadataVersionFeature, MaxVersionLevel: supported, UpgradeType: 1})
	if err == nil {
		err = res.Error()
	}
	if err != nil {
		return r, fmt.Errorf("UpdateFeatures %s %d (%s): %s", MetadataVersionFeature, supported, r.SupportedName, Explain(err))
	}
	r.Changed = true
	poll := fo.Poll
	if poll <= 0 {
		poll = time.Second
	}
	for {
		_, finalized, err = read()
		if err == nil && finalized >= supported {
			r.After, r.AfterName = finalized, kraft.MetadataVersionName(finalized)
			return r, nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = fmt.Errorf("the brokers report %s %d after the update, want %d", MetadataVersionFeature, finalized, supported)
			}
			return r, errors.Join(fmt.Errorf("waiting for every broker to see %s %s: %w", MetadataVersionFeature, r.SupportedName, ctx.Err()), err)
		case <-time.After(poll):
		}
	}
}
