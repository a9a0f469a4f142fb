package cloudsim

import "testing"

// TestZoneOfRegion: zone IDs are the region ID followed by a letter, with or without a dash
// (ECS DescribeZones: ap-southeast-1a, cn-hangzhou-h). The twin found the simulator refusing
// ap-southeast-1a, which made every vSwitch of the example stacks fail.
func TestZoneOfRegion(t *testing.T) {
	for _, tc := range []struct {
		zone, region string
		want         bool
	}{
		{"ap-southeast-1a", "ap-southeast-1", true},
		{"ap-southeast-1c", "ap-southeast-1", true},
		{"cn-hangzhou-h", "cn-hangzhou", true},
		{"cn-hangzhou", "cn-hangzhou", false},
		{"ap-southeast-2a", "ap-southeast-1", false},
		{"ap-southeast-1ab", "ap-southeast-1", false},
		{"ap-southeast-1-", "ap-southeast-1", false},
	} {
		if got := zoneOfRegion(tc.zone, tc.region); got != tc.want {
			t.Errorf("zoneOfRegion(%q, %q) = %v, want %v", tc.zone, tc.region, got, tc.want)
		}
	}
}
