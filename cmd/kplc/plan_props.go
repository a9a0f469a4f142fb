package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/kafka-plc/kafka-plc/propsedit"
)

// brokerPropsView is what brokerProperties does to the brokers' files: the effective extra
// entries and, in mode new, the diff against the file kafka-plc renders without them (the same
// on every broker; they are rolled one broker at a time, in node order).
type brokerPropsView struct {
	// Entries are the brokerProperties entries, sorted by key.
	Entries []brokerPropView `json:"entries"`
	// Diff is the unified diff of node FirstNode's file from without to with the entries.
	Diff string `json:"diff,omitempty"`
	// FirstNode is the node whose diff is shown.
	FirstNode int `json:"firstNode,omitempty"`
	// RestartOrder is the order the brokers get the change in, one at a time.
	RestartOrder []int `json:"restartOrder"`
}

// brokerPropView is one entry; Replaces is kafka-plc's own value it overrides ("" for a new key).
type brokerPropView struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Replaces string `json:"replaces,omitempty"`
}

// newBrokerPropsView returns nil when brokerProperties is empty.
func newBrokerPropsView(c *config.Config, p *plan.Plan) (*brokerPropsView, error) {
	if len(c.BrokerProperties) == 0 {
		return nil, nil
	}
	v := &brokerPropsView{RestartOrder: []int{}}
	for _, b := range p.Brokers {
		v.RestartOrder = append(v.RestartOrder, b.NodeID)
	}
	sort.Ints(v.RestartOrder)
	// What each entry replaces, and the diff, come from the file kafka-plc renders without
	// brokerProperties (mode new; in mode existing the running files are the brokers' own).
	var defaults map[string]string
	var bareFile string
	if c.Mode == config.ModeNew && len(p.Brokers) > 0 {
		bare := *c
		bare.BrokerProperties = nil
		without, err := plan.Build(&bare)
		if err != nil {
			return nil, fmt.Errorf("rendering the files without brokerProperties: %w", err)
		}
		for _, b := range without.Brokers {
			if b.NodeID == p.Brokers[0].NodeID {
				bareFile = b.ServerProperties
				defaults = map[string]string{}
				for _, pr := range b.Properties {
					defaults[pr.Key] = pr.Value
				}
			}
		}
	}
	for _, e := range c.BrokerProperties {
		v.Entries = append(v.Entries, brokerPropView{Key: e.Key, Value: e.Value, Replaces: defaults[e.Key]})
	}
	if bareFile != "" {
		v.FirstNode = p.Brokers[0].NodeID
		v.Diff = propsedit.UnifiedDiff(plan.ServerPropertiesPath, []byte(bareFile), []byte(p.Brokers[0].ServerProperties), 1)
	}
	return v, nil
}

// writeBrokerPropsText writes the brokerProperties section of the text report.
func writeBrokerPropsText(w io.Writer, v *brokerPropsView, mode string) {
	if v == nil {
		return
	}
	order := make([]string, len(v.RestartOrder))
	for i, n := range v.RestartOrder {
		order[i] = fmt.Sprint(n)
	}
	fmt.Fprintf(w, "\nBroker properties (brokerProperties), applied to every broker, one at a time in node order %s\n", strings.Join(order, ", "))
	for _, e := range v.Entries {
		note := "added"
		if e.Replaces != "" {
			note = "replaces kafka-plc's " + e.Replaces
		}
		if mode == string(config.ModeExisting) {
			note = "set or replaced in place"
		}
		fmt.Fprintf(w, "  %s=%s  (%s)\n", e.Key, e.Value, note)
	}
	if v.Diff != "" {
		fmt.Fprintf(w, "  The change to node %d's file (the same on every broker):\n", v.FirstNode)
		for _, line := range strings.Split(strings.TrimRight(v.Diff, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}
