package components

import (
	"reflect"
	"testing"
)

func TestStandardPortMap(t *testing.T) {
	tests := []struct {
		name            string
		bootstrap, from int
		ids             []int
		want            []NlbPortMapping
	}{
		{
			name: "three brokers 1..3", bootstrap: 9092, from: 9093, ids: []int{1, 2, 3},
			want: []NlbPortMapping{
				{ListenerPort: 9092, ServerGroup: "bootstrap", NodeIDs: []int{1, 2, 3}},
				{ListenerPort: 9093, ServerGroup: "broker-1", NodeIDs: []int{1}},
				{ListenerPort: 9094, ServerGroup: "broker-2", NodeIDs: []int{2}},
				{ListenerPort: 9095, ServerGroup: "broker-3", NodeIDs: []int{3}},
			},
		},
		{
			// Existing clusters need not number their brokers 1..N: ports follow node-id order.
			name: "sparse ids out of order", bootstrap: 19092, from: 19100, ids: []int{7, 0, 4},
			want: []NlbPortMapping{
				{ListenerPort: 19092, ServerGroup: "bootstrap", NodeIDs: []int{0, 4, 7}},
				{ListenerPort: 19100, ServerGroup: "broker-0", NodeIDs: []int{0}},
				{ListenerPort: 19101, ServerGroup: "broker-4", NodeIDs: []int{4}},
				{ListenerPort: 19102, ServerGroup: "broker-7", NodeIDs: []int{7}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := append([]int(nil), tt.ids...)
			got := StandardPortMap(tt.bootstrap, tt.from, ids)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("StandardPortMap(%d, %d, %v) =\n%+v\nwant\n%+v", tt.bootstrap, tt.from, tt.ids, got, tt.want)
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("StandardPortMap changed its argument to %v", ids)
			}
		})
	}
}

// The standard map is what KafkaNlb accepts for the brokers it was made from.
func TestStandardPortMapValidates(t *testing.T) {
	args := testNlbArgs(5)
	want := args.PortMap
	args.PortMap = StandardPortMap(9092, 9093, NodeIDs(args.Brokers))
	if !reflect.DeepEqual(args.PortMap, want) {
		t.Errorf("standard port map = %+v, want the plan's layout %+v", args.PortMap, want)
	}
	if err := args.Validate("kafka"); err != nil {
		t.Errorf("Validate: %v", err)
	}
}
