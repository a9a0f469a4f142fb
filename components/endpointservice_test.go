package components

import (
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
		for key, o := range map[string]pulumi.Output{"serviceId": s.ServiceID, "serviceName": s.ServiceName, "serviceDomain": s.ServiceDomain} {
			if outputs[key], err = awaitOutput(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	return mocks, outputs, err
}

func TestPrivateLinkEndpointService(t *testing.T) {
	mocks, outputs, err := runEndpointService(t, testEndpointServiceArgs())
	if err != nil {
		t.Fatalf("NewPrivateLinkEndpointService: %v", err)
	}
	checkCounts(t, mocks, map[string]int{PrivateLinkEndpointServiceType: 1, tokEPService: 1, tokEPResource: 3, tokEPUser: 1})
	checkCustomChildren(t, mocks, PrivateLinkEndpointServiceType, "kafka")

	svc, _ := mocks.Named(tokEPService, "kafka-service")
	if got := inputString(svc, "serviceResourceType"); got != "nlb" {
		t.Errorf("serviceResourceType = %q, want nlb", got)
	}
	if auto, set := inputBool(svc, "autoAcceptConnection"); !set || auto {
		t.Errorf("autoAcceptConnection = %v (set %v), want explicitly false: connections are accepted by hand", auto, set)
	}
	if inputString(svc, "serviceDescription") == "" {
		t.Error("the endpoint service has no description")
	}
	zones := map[string]bool{}
	for _, r := range mocks.ByType(tokEPResource) {
		if inputString(r, "resourceType") != "nlb" || inputString(r, "resourceId") != "nlb-test" ||
			inputString(r, "serviceId") != mockID("kafka-service") {
			t.Errorf("service resource %s = %v, want the NLB nlb-test on the service", r.Name, r.Inputs)
		}
		zones[inputString(r, "zoneId")] = true
	}
	for _, z := range testZones {
		if !zones[z] {
			t.Errorf("no service resource in zone %s", z)
		}
	}
	users := mocks.ByType(tokEPUser)
	if len(users) != 1 || inputString(users[0], "userId") != "1234567890123456" ||
		inputString(users[0], "serviceId") != mockID("kafka-service") {
		t.Errorf("whitelisted users = %v, want exactly the TiDB Cloud account 1234567890123456", users)
	}
	want := map[string]any{
		"serviceId":     mockID("kafka-service"),
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
	cases := []struct {
		name      string
		edit      func(a *PrivateLinkEndpointServiceArgs)
		wantField string
		wantValue string
	}{
		{"account with letters", func(a *PrivateLinkEndpointServiceArgs) { a.AllowedAccountID = "tidb-cloud" }, "AllowedAccountID", "tidb-cloud"},
		{"no account", func(a *PrivateLinkEndpointServiceArgs) { a.AllowedAccountID = "" }, "AllowedAccountID", ""},
		{"no zones", func(a *PrivateLinkEndpointServiceArgs) { a.Zones = nil }, "Zones", "[]"},
		{"duplicate zone", func(a *PrivateLinkEndpointServiceArgs) { a.Zones[2] = a.Zones[0] }, "Zones[2]", "ap-southeast-1a"},
		{"empty zone", func(a *PrivateLinkEndpointServiceArgs) { a.Zones[1] = " " }, "Zones[1]", " "},
		{"no NLB", func(a *PrivateLinkEndpointServiceArgs) { a.LoadBalancerID = nil }, "LoadBalancerID", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := testEndpointServiceArgs()
			tc.edit(args)
			mocks, _, err := runEndpointService(t, args)
			checkArgError(t, err, "PrivateLinkEndpointService", tc.wantField, tc.wantValue)
			if n := len(mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error, want 0", n)
			}
		})
	}
}
