package componentstest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nlb"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/privatelink"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi-command/sdk/go/command/local"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// sdkTypes are the SDK resource types behind the type tokens the components register.
var sdkTypes = map[string]any{
	TypeNetwork:                 vpc.Network{},
	TypeSwitch:                  vpc.Switch{},
	TypeSecurityGroup:           ecs.SecurityGroup{},
	TypeSecurityGroupRule:       ecs.SecurityGroupRule{},
	TypeKeyPair:                 ecs.EcsKeyPair{},
	TypeInstance:                ecs.Instance{},
	TypeLoadBalancer:            nlb.LoadBalancer{},
	TypeServerGroup:             nlb.ServerGroup{},
	TypeServerGroupAttachment:   nlb.ServerGroupServerAttachment{},
	TypeListener:                nlb.Listener{},
	TypeEndpointService:         privatelink.VpcEndpointService{},
	TypeEndpointServiceResource: privatelink.VpcEndpointServiceResource{},
	TypeEndpointServiceUser:     privatelink.VpcEndpointServiceUser{},
	TypeLocalCommand:            local.Command{},
	TypeRemoteCommand:           remote.Command{},
	TypeCopyToRemote:            remote.CopyToRemote{},
}

// outputNames returns the `pulumi:"..."` names of the output fields of an SDK resource type.
func outputNames(v any) []string {
	var names []string
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("pulumi"), ","); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// Every default is an output the SDK's resource type declares: a misspelt or invented name
// (`serviceName` for `vpcEndpointServiceName`) would never reach the component's field.
func TestDefaultsUseTheSDKsPropertyNames(t *testing.T) {
	// Inputs that make every optional default appear (a public IP, the staging step's output).
	inputs := resource.PropertyMap{
		"internetMaxBandwidthOut": resource.NewProperty(5.0),
		"create":                  resource.NewProperty("timeout 60 sh -c 'script' kplc-staging '.kafka-plc/x'"),
	}
	for token, sdkType := range sdkTypes {
		names := outputNames(sdkType)
		if len(names) == 0 {
			t.Fatalf("%s: reflection found no output fields on %T", token, sdkType)
		}
		for key := range Defaults(token, "id-1", inputs, DefaultRegion) {
			if !slices.Contains(names, string(key)) {
				t.Errorf("%s: default output %q is not an output of %T (its outputs: %v)", token, key, sdkType, names)
			}
		}
	}
}

// The properties the components read from the provider all have a default.
func TestDefaultsCoverWhatTheComponentsRead(t *testing.T) {
	inputs := resource.PropertyMap{"internetMaxBandwidthOut": resource.NewProperty(5.0)}
	for _, want := range []struct {
		token string
		key   resource.PropertyKey
	}{
		{TypeInstance, "privateIp"}, {TypeInstance, "publicIp"}, {TypeKeyPair, "keyPairName"},
		{TypeLoadBalancer, "dnsName"}, {TypeEndpointService, "vpcEndpointServiceName"},
		{TypeEndpointService, "serviceDomain"}, {TypeRemoteCommand, "stdout"},
	} {
		v, ok := Defaults(want.token, "id-1", inputs, DefaultRegion)[want.key]
		if !ok || (want.key != "stdout" && v.StringValue() == "") {
			t.Errorf("%s: no default %s", want.token, want.key)
		}
	}
}

func TestDefaultsAnswerLikeTheProvider(t *testing.T) {
	svc := Defaults(TypeEndpointService, "epsrv-abc", nil, "ap-southeast-5")
	if got, want := svc["vpcEndpointServiceName"].StringValue(), "com.aliyuncs.privatelink.ap-southeast-5.epsrv-abc"; got != want {
		t.Errorf("vpcEndpointServiceName = %q, want %q", got, want)
	}
	noBandwidth := Defaults(TypeInstance, "i-1", resource.PropertyMap{"privateIp": resource.NewProperty("10.0.0.10")}, DefaultRegion)
	if got := noBandwidth["publicIp"].StringValue(); got != "" {
		t.Errorf("publicIp without bandwidth = %q, want \"\" (no public IP is allocated)", got)
	}
	if got := noBandwidth["privateIp"].StringValue(); got != "10.0.0.10" {
		t.Errorf("privateIp = %q, want the requested 10.0.0.10", got)
	}
	if got := IDOf(TypeKeyPair, "kafka-key", resource.PropertyMap{"keyPairName": resource.NewProperty("kp-1")}); got != "kp-1" {
		t.Errorf("key pair ID = %q, want its name kp-1", got)
	}
	for _, tc := range []struct{ user, want string }{{"root", "/root/.kafka-plc/kafka\n"}, {"ecs-user", "/home/ecs-user/.kafka-plc/kafka\n"}} {
		out := Defaults(TypeRemoteCommand, "x", resource.PropertyMap{
			"create":     resource.NewProperty("timeout 60 sh -c 'set -eu' kplc-staging '.kafka-plc/kafka'"),
			"connection": resource.NewProperty(resource.PropertyMap{"user": resource.NewProperty(tc.user)}),
		}, DefaultRegion)
		if got := out["stdout"].StringValue(); got != tc.want {
			t.Errorf("staging step as %s printed %q, want %q", tc.user, got, tc.want)
		}
	}
}
