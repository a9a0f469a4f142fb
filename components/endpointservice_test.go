package components

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// testEndpointServiceArgs returns endpoint service arguments for an NLB in the three test zones.
func testEndpointServiceArgs() *PrivateLinkEndpointServiceArgs {
	return &PrivateLinkEndpointServiceArgs{
		LoadBalancerID:   pulumi.String("nlb-test"),
		Zones:            append([]string(nil), testZones...),
		AllowedAccountID: "1234567890123456",
	}
}

// runEndpointService creates a PrivateLinkEndpointService named "kafka" under fresh mocks and
// returns its awaited outputs.
func runEndpointService(t *testing.T, args *PrivateLinkEndpointServiceArgs) (*mocktest.Mocks, map[string]any, error) {
	t.Helper()
	mocks := newTestMocks()
	outputs := map[string]any{}
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		s, err := NewPrivateLinkEndpointService(ctx, "kafka", args)
		if err != nil {
			return err
		}
		return awaitAll(ctx, outputs, map[string]pulumi.Output{"serviceId": s.ServiceID, "serviceName": s.ServiceName, "serviceDomain": s.ServiceDomain})
	})
	return mocks, outputs, err
}

func TestPrivateLinkEndpointService(t *testing.T) {
	mocks, outputs, err := runEndpointService(t, testEndpointServiceArgs())
	if err != nil {
		t.Fatalf("NewPrivateLinkEndpointService: %v", err)
	}
	checkCounts(t, mocks, map[string]int{PrivateLinkEndpointServiceType: 1, mocktest.TypeEndpointService: 1, mocktest.TypeEndpointServiceResource: 3, mocktest.TypeEndpointServiceUser: 1})
	checkCustomChildren(t, mocks, PrivateLinkEndpointServiceType, "kafka")

	svc, _ := mocks.Named(mocktest.TypeEndpointService, "kafka-service")
	if got := svc.Str("serviceResourceType"); got != "nlb" {
		t.Errorf("serviceResourceType = %q, want nlb", got)
	}
	if auto, set := svc.Bool("autoAcceptConnection"); !set || auto {
		t.Errorf("autoAcceptConnection = %v (set %v), want explicitly false: connections are accepted by hand", auto, set)
	}
	if svc.Str("serviceDescription") == "" {
		t.Error("the endpoint service has no description")
	}
	zones := map[string]bool{}
	for _, r := range mocks.ByType(mocktest.TypeEndpointServiceResource) {
		if r.Str("resourceType") != "nlb" || r.Str("resourceId") != "nlb-test" ||
			r.Str("serviceId") != mocktest.ID("kafka-service") {
			t.Errorf("service resource %s = %v, want the NLB nlb-test on the service", r.Name, r.Inputs)
		}
		zones[r.Str("zoneId")] = true
	}
	for _, z := range testZones {
		if !zones[z] {
			t.Errorf("no service resource in zone %s", z)
		}
	}
	users := mocks.ByType(mocktest.TypeEndpointServiceUser)
	if len(users) != 1 || users[0].Str("userId") != "1234567890123456" ||
		users[0].Str("serviceId") != mocktest.ID("kafka-service") {
		t.Errorf("whitelisted users = %v, want exactly the TiDB Cloud account 1234567890123456", users)
	}
	want := map[string]any{
		"serviceId":     mocktest.ID("kafka-service"),
		"serviceName":   "com.aliyuncs.privatelink.ap-southeast-1.epsrv-kafka-service",
		"serviceDomain": "epsrv-kafka-service.privatelink.example.com",
	}
	for key, w := range want {
		if outputs[key] != w {
			t.Errorf("output %s = %v, want %v", key, outputs[key], w)
		}
	}
}

func TestPrivateLinkEndpointServiceInvalidArgs(t *testing.T) {
	checkInvalidArgs(t, "PrivateLinkEndpointService", testEndpointServiceArgs, runEndpointService, []argCase[PrivateLinkEndpointServiceArgs]{
		{"account with letters", func(a *PrivateLinkEndpointServiceArgs) { a.AllowedAccountID = "tidb-cloud" }, "AllowedAccountID", "tidb-cloud"},
		{"no account", func(a *PrivateLinkEndpointServiceArgs) { a.AllowedAccountID = "" }, "AllowedAccountID", ""},
		{"no zones", func(a *PrivateLinkEndpointServiceArgs) { a.Zones = nil }, "Zones", "[]"},
		{"duplicate zone", func(a *PrivateLinkEndpointServiceArgs) { a.Zones[2] = a.Zones[0] }, "Zones[2]", "ap-southeast-1a"},
		{"empty zone", func(a *PrivateLinkEndpointServiceArgs) { a.Zones[1] = " " }, "Zones[1]", " "},
		{"no NLB", func(a *PrivateLinkEndpointServiceArgs) { a.LoadBalancerID = nil }, "LoadBalancer", ""},
		{"empty NLB ID", func(a *PrivateLinkEndpointServiceArgs) { a.LoadBalancerID = pulumi.String("") }, "LoadBalancerID", ""},
		{"NLB not made by NewKafkaNlb", func(a *PrivateLinkEndpointServiceArgs) {
			a.LoadBalancerID, a.LoadBalancer = nil, &KafkaNlb{}
		}, "LoadBalancer", ""},
		{"both NLB and NLB ID", func(a *PrivateLinkEndpointServiceArgs) { a.LoadBalancer = &KafkaNlb{zones: testZones} }, "LoadBalancerID", ""},
	})
}

// The endpoint service is locked while a resource attaches, and resources cannot be attached
// concurrently (API doc of CreateVpcEndpointServiceResource; facts:
// privatelink/vpcEndpointServiceResource). So the per-zone attachments must run one after
// another, and the whitelist entry, which changes the same service, after every attachment.
func TestPrivateLinkEndpointServiceAttachesOneAtATime(t *testing.T) {
	mocks, _, err := runEndpointService(t, testEndpointServiceArgs())
	if err != nil {
		t.Fatalf("NewPrivateLinkEndpointService: %v", err)
	}
	var previous []string
	for _, zone := range testZones {
		r := mocks.MustNamed(t, mocktest.TypeEndpointServiceResource, "kafka-nlb-"+zone)
		for _, p := range previous {
			if !r.DependsOnName(p) {
				t.Errorf("%s does not wait for %s: the service refuses concurrent attachments; dependencies %v",
					r.Name, p, r.DependencyNames())
			}
		}
		previous = append(previous, r.Name)
	}
	user := mocks.MustNamed(t, mocktest.TypeEndpointServiceUser, "kafka-user")
	for _, p := range previous {
		if !user.DependsOnName(p) {
			t.Errorf("the whitelist entry does not wait for %s: the service is locked while it attaches; dependencies %v",
				p, user.DependencyNames())
		}
	}
}

// runServiceOnNlb creates a KafkaNlb "kafka" for three brokers in the three test zones and a
// PrivateLinkEndpointService "kafka" on it, with the zones given.
func runServiceOnNlb(t *testing.T, zones []string) (*mocktest.Mocks, error) {
	t.Helper()
	mocks := newTestMocks()
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		nlb, err := NewKafkaNlb(ctx, "kafka", testNlbArgs(3))
		if err != nil {
			return err
		}
		_, err = NewPrivateLinkEndpointService(ctx, "kafka", &PrivateLinkEndpointServiceArgs{
			LoadBalancer: nlb, Zones: zones, AllowedAccountID: "1234567890123456",
		})
		return err
	})
	return mocks, err
}

// Given the KafkaNlb, the service takes the NLB's ID and, by default, all of its zones.
func TestPrivateLinkEndpointServiceOnKafkaNlb(t *testing.T) {
	for _, tc := range []struct {
		name  string
		zones []string
		want  []string
	}{
		{"all the NLB's zones", nil, testZones},
		{"some of them", []string{"ap-southeast-1c", "ap-southeast-1a"}, []string{"ap-southeast-1a", "ap-southeast-1c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mocks, err := runServiceOnNlb(t, tc.zones)
			if err != nil {
				t.Fatalf("program failed: %v", err)
			}
			var got []string
			for _, r := range mocks.ByType(mocktest.TypeEndpointServiceResource) {
				if id := r.Str("resourceId"); id != mocktest.ID("kafka-nlb") {
					t.Errorf("%s: resourceId = %q, want the KafkaNlb's load balancer %q", r.Name, id, mocktest.ID("kafka-nlb"))
				}
				got = append(got, r.Str("zoneId"))
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("service resources in zones %v, want %v", got, tc.want)
			}
		})
	}
}

// A zone the NLB does not have is refused before the service registers anything.
func TestPrivateLinkEndpointServiceRefusesZoneOutsideTheNlb(t *testing.T) {
	mocks, err := runServiceOnNlb(t, []string{"ap-southeast-1a", "ap-southeast-1d"})
	want := `PrivateLinkEndpointService "kafka": Zones[1] = "ap-southeast-1d": the NLB has no vSwitch in this zone ` +
		`(its zones: ap-southeast-1a, ap-southeast-1b, ap-southeast-1c); fix: list only the NLB's zones, or leave Zones empty to use all of them`
	var argErr *ArgError
	if !errors.As(err, &argErr) || argErr.Error() != want {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
	for _, r := range mocks.Resources() {
		if strings.HasPrefix(r.Type, "alicloud:privatelink/") || r.Type == PrivateLinkEndpointServiceType {
			t.Errorf("%s %s registered despite the bad zone", r.Type, r.Name)
		}
	}
}
