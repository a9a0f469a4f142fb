package components

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Shared test helpers of package components: mocks that answer like Alibaba Cloud, a runner,
// and readers for the recorded inputs. Names are generic so every component's tests use them.

// Type tokens of the Alibaba Cloud resources the components create.
const (
	tokNetwork       = "alicloud:vpc/network:Network"
	tokSwitch        = "alicloud:vpc/switch:Switch"
	tokSecurityGroup = "alicloud:ecs/securityGroup:SecurityGroup"
	tokSGRule        = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
	tokKeyPair       = "alicloud:ecs/ecsKeyPair:EcsKeyPair"
	tokInstance      = "alicloud:ecs/instance:Instance"
	tokGetImages     = "alicloud:ecs/getImages:getImages"
	tokLoadBalancer  = "alicloud:nlb/loadBalancer:LoadBalancer"
	tokServerGroup   = "alicloud:nlb/serverGroup:ServerGroup"
	tokAttachment    = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
	tokListener      = "alicloud:nlb/listener:Listener"
	tokEPService     = "alicloud:privatelink/vpcEndpointService:VpcEndpointService"
	tokEPResource    = "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource"
	tokEPUser        = "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser"
)

// mockImageID is the image the mocked ecs.GetImages returns.
const mockImageID = "aliyun_3_x64_20G_alibase_20250629.vhd"

// mockHome is the home directory the mocked upload-directory steps report.
const mockHome = "/home/tester"

// stagingStdout returns the stdout of a mocked upload-directory step ("<comp>-kplc-staging" or
// "<comp>-kplc-staging-<n>"): the absolute staging directory of component comp, as the real
// step prints it. ok is false for every other resource.
func stagingStdout(r mocktest.Resource) (resource.PropertyMap, bool) {
	i := strings.Index(r.Name, "-kplc-staging")
	if r.Type != "command:remote:Command" || i < 0 {
		return nil, false
	}
	return resource.PropertyMap{"stdout": resource.NewProperty(mockHome + "/.kafka-plc/" + r.Name[:i] + "\n")}, true
}

// newTestMocks returns mocks that add the provider-computed outputs the components read.
func newTestMocks() *mocktest.Mocks {
	return &mocktest.Mocks{
		Outputs: func(r mocktest.Resource) resource.PropertyMap {
			if out, ok := stagingStdout(r); ok {
				return out
			}
			switch r.Type {
			case tokInstance:
				return resource.PropertyMap{"publicIp": resource.NewProperty("198.51.100.7")}
			case tokLoadBalancer:
				return resource.PropertyMap{"dnsName": resource.NewProperty(r.Name + ".nlb.example.com")}
			case tokEPService:
				return resource.PropertyMap{
					"vpcEndpointServiceName": resource.NewProperty("com.aliyuncs.privatelink.ap-southeast-1.epsrv-" + r.Name),
					"serviceDomain":          resource.NewProperty("epsrv-" + r.Name + ".privatelink.example.com"),
				}
			}
			return nil
		},
		CallResults: func(call mocktest.Invoke) (resource.PropertyMap, error) {
			if call.Token == tokGetImages {
				return resource.PropertyMap{
					"id": resource.NewProperty("images"),
					"images": resource.NewProperty([]resource.PropertyValue{
						resource.NewProperty(resource.PropertyMap{
							"id":   resource.NewProperty(mockImageID),
							"name": resource.NewProperty(mockImageID),
						}),
					}),
				}, nil
			}
			return resource.PropertyMap{}, nil
		},
	}
}

// runWithMocks runs fn as a Pulumi program of project kafka-plc, stack dev, under mocks.
func runWithMocks(mocks *mocktest.Mocks, fn pulumi.RunFunc, opts ...pulumi.RunOption) error {
	return pulumi.RunErr(fn, append([]pulumi.RunOption{pulumi.WithMocks("kafka-plc", "dev", mocks)}, opts...)...)
}

// awaitOutput waits for an output inside a mocked program and returns its value.
func awaitOutput(ctx *pulumi.Context, o pulumi.Output) (any, error) {
	res, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	if err != nil {
		return nil, err
	}
	return res.Value, nil
}

// parentOf returns the type token and name of r's parent ("", "" for the stack's children).
func parentOf(r mocktest.Resource) (token, name string) {
	u := resource.URN(r.Parent)
	if r.Parent == "" || u.QualifiedType() == resource.RootStackType {
		return "", ""
	}
	return string(u.Type()), u.Name()
}

// urnName returns the name part of a URN.
func urnName(urn string) string { return resource.URN(urn).Name() }

// checkCustomChildren checks that every custom (provider) resource has the component named
// compName of type compToken as its parent and asks for the alicloud plugin version 3.105.0.
func checkCustomChildren(t *testing.T, mocks *mocktest.Mocks, compToken, compName string) {
	t.Helper()
	for _, r := range mocks.Resources() {
		if !r.Custom {
			continue
		}
		if tok, name := parentOf(r); tok != compToken || name != compName {
			t.Errorf("%s %q: parent is %s %q, want the component %s %q", r.Type, r.Name, tok, name, compToken, compName)
		}
		if strings.HasPrefix(r.Type, "alicloud:") && r.Version != "3.105.0" {
			t.Errorf("%s %q: provider version %q, want 3.105.0", r.Type, r.Name, r.Version)
		}
		if !strings.HasPrefix(r.Name, compName+"-") {
			t.Errorf("%s %q: name is not derived from the component's name %q", r.Type, r.Name, compName)
		}
	}
}

// checkCounts compares the number of registrations per type token with want (a token missing
// from want must not be registered at all).
func checkCounts(t *testing.T, mocks *mocktest.Mocks, want map[string]int) {
	t.Helper()
	got := mocks.CountByType()
	for tok, n := range want {
		if got[tok] != n {
			t.Errorf("%s: %d registered, want %d", tok, got[tok], n)
		}
	}
	for tok, n := range got {
		if _, ok := want[tok]; !ok {
			t.Errorf("%s: %d registered, want none", tok, n)
		}
	}
}

// inputString returns a string input of r ("" when it is absent or not a string).
func inputString(r mocktest.Resource, key string) string {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// inputInt returns a number input of r as an int, and whether it is set.
func inputInt(r mocktest.Resource, key string) (int, bool) {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsNumber() {
		return 0, false
	}
	return int(v.NumberValue()), true
}

// inputBool returns a bool input of r, and whether it is set.
func inputBool(r mocktest.Resource, key string) (bool, bool) {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// inputObject returns an object input of r (nil when absent).
func inputObject(r mocktest.Resource, key string) resource.PropertyMap {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsObject() {
		return nil
	}
	return v.ObjectValue()
}

// inputArray returns an array input of r (nil when absent).
func inputArray(r mocktest.Resource, key string) []resource.PropertyValue {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsArray() {
		return nil
	}
	return v.ArrayValue()
}

// objectString returns a string field of an object input ("" when absent).
func objectString(m resource.PropertyMap, key string) string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// objectInt returns a number field of an object input as an int, and whether it is set.
func objectInt(m resource.PropertyMap, key string) (int, bool) {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsNumber() {
		return 0, false
	}
	return int(v.NumberValue()), true
}

// objectBool returns a bool field of an object input, and whether it is set.
func objectBool(m resource.PropertyMap, key string) (bool, bool) {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// mockID is the ID the mocks give the resource named name.
func mockID(name string) string { return name + "-id" }
