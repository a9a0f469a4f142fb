package alicloud_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nlb"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/privatelink"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	getImagesToken    = "alicloud:ecs/getImages:getImages"
	getInstancesToken = "alicloud:ecs/getInstances:getInstances"
	getSwitchesToken  = "alicloud:vpc/getSwitches:getSwitches"
)

// registered is what the mock engine saw for one resource registration.
type registered struct {
	inputs  resource.PropertyMap
	version string
}

// mocks records registrations and invokes, and adds provider-computed outputs to the state.
type mocks struct {
	mu        sync.Mutex
	resources map[string]registered // by type token
	calls     []pulumi.MockCallArgs
}

// computed are the outputs the fake provider adds to a resource's state, by type token.
var computed = map[string]resource.PropertyMap{
	"alicloud:nlb/loadBalancer:LoadBalancer": {
		"dnsName": resource.NewStringProperty("nlb-abc.cn-hangzhou.nlb.aliyuncs.com"),
	},
	"alicloud:privatelink/vpcEndpointService:VpcEndpointService": {
		"vpcEndpointServiceName": resource.NewStringProperty("com.aliyuncs.privatelink.cn-hangzhou.epsrv-123"),
	},
	"alicloud:ecs/instance:Instance": {
		"publicIp": resource.NewStringProperty("203.0.113.7"),
	},
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.resources[args.TypeToken]; dup {
		return "", nil, fmt.Errorf("resource type %s registered twice", args.TypeToken)
	}
	m.resources[args.TypeToken] = registered{inputs: args.Inputs, version: args.RegisterRPC.GetVersion()}
	state := args.Inputs.Copy()
	for k, v := range computed[args.TypeToken] {
		state[k] = v
	}
	return args.Name + "-id", state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, args)
	if answer, ok := invokeAnswers[args.Token]; ok {
		return resource.NewPropertyMapFromMap(answer), nil
	}
	if args.Token != getImagesToken {
		return nil, fmt.Errorf("unexpected invoke %s", args.Token)
	}
	return resource.NewPropertyMapFromMap(map[string]any{
		"id":     "images-1",
		"ids":    []any{"aliyun_3_x64_20G_alibase_20250101.vhd"},
		"owners": "system",
		"images": []any{map[string]any{
			"id":           "aliyun_3_x64_20G_alibase_20250101.vhd",
			"imageId":      "aliyun_3_x64_20G_alibase_20250101.vhd",
			"architecture": "x86_64",
			"size":         20,
			"isCopied":     false,
			"tags":         map[string]any{"os": "alinux3"},
			"diskDeviceMappings": []any{map[string]any{
				"device": "/dev/xvda", "size": "20", "snapshotId": "s-1",
			}},
		}},
	}), nil
}

// scalar values by field type; string-typed fields get their own field name as value so that a
// misplaced property shows up.
var scalars = map[reflect.Type]func(field string) pulumi.Input{
	reflect.TypeFor[pulumi.StringInput]():      func(f string) pulumi.Input { return pulumi.String(f) },
	reflect.TypeFor[pulumi.StringPtrInput]():   func(f string) pulumi.Input { return pulumi.String(f) },
	reflect.TypeFor[pulumi.BoolPtrInput]():     func(string) pulumi.Input { return pulumi.Bool(true) },
	reflect.TypeFor[pulumi.IntInput]():         func(string) pulumi.Input { return pulumi.Int(7) },
	reflect.TypeFor[pulumi.IntPtrInput]():      func(string) pulumi.Input { return pulumi.Int(7) },
	reflect.TypeFor[pulumi.Float64PtrInput]():  func(string) pulumi.Input { return pulumi.Float64(0.5) },
	reflect.TypeFor[pulumi.StringArrayInput](): func(f string) pulumi.Input { return pulumi.StringArray{pulumi.String(f)} },
	reflect.TypeFor[pulumi.StringMapInput]():   func(string) pulumi.Input { return pulumi.StringMap{"team": pulumi.String("kafka")} },
}

// nested values for the nested-type fields, and the shape each must marshal to.
var nested = map[reflect.Type]struct {
	value pulumi.Input
	want  any
}{
	reflect.TypeFor[ecs.InstanceDataDiskArrayInput](): {
		value: ecs.InstanceDataDiskArray{ecs.InstanceDataDiskArgs{
			Size: pulumi.Int(500), Category: pulumi.String("cloud_essd"), PerformanceLevel: pulumi.String("PL1"),
			DeleteWithInstance: pulumi.Bool(false), Encrypted: pulumi.Bool(true), Name: pulumi.String("kafka-data"),
		}},
		want: []any{map[string]any{
			"size": 500.0, "category": "cloud_essd", "performanceLevel": "PL1",
			"deleteWithInstance": false, "encrypted": true, "name": "kafka-data",
		}},
	},
	reflect.TypeFor[ecs.InstanceCpuOptionsPtrInput]():   {value: ecs.InstanceCpuOptionsArgs{}, want: map[string]any{}},
	reflect.TypeFor[ecs.InstanceImageOptionsPtrInput](): {value: ecs.InstanceImageOptionsArgs{}, want: map[string]any{}},
	reflect.TypeFor[ecs.InstanceMaintenanceTimePtrInput](): {
		value: ecs.InstanceMaintenanceTimePtr(&ecs.InstanceMaintenanceTimeArgs{StartTime: pulumi.String("02:00:00Z"), EndTime: pulumi.String("04:00:00Z")}),
		want:  map[string]any{"startTime": "02:00:00Z", "endTime": "04:00:00Z"},
	},
	reflect.TypeFor[ecs.InstanceNetworkInterfacesPtrInput](): {
		value: ecs.InstanceNetworkInterfacesArgs{NetworkInterfaceId: pulumi.String("eni-1"), SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-1")}},
		want:  map[string]any{"networkInterfaceId": "eni-1", "securityGroupIds": []any{"sg-1"}},
	},
	reflect.TypeFor[nlb.LoadBalancerZoneMappingArrayInput](): {
		value: nlb.LoadBalancerZoneMappingArray{
			nlb.LoadBalancerZoneMappingArgs{ZoneId: pulumi.String("cn-hangzhou-h"), VswitchId: pulumi.String("vsw-h")},
			nlb.LoadBalancerZoneMappingArgs{ZoneId: pulumi.String("cn-hangzhou-i"), VswitchId: pulumi.String("vsw-i")},
		},
		want: []any{
			map[string]any{"zoneId": "cn-hangzhou-h", "vswitchId": "vsw-h"},
			map[string]any{"zoneId": "cn-hangzhou-i", "vswitchId": "vsw-i"},
		},
	},
	reflect.TypeFor[nlb.LoadBalancerDeletionProtectionConfigPtrInput](): {
		value: nlb.LoadBalancerDeletionProtectionConfigArgs{Enabled: pulumi.Bool(true), Reason: pulumi.String("keep")},
		want:  map[string]any{"enabled": true, "reason": "keep"},
	},
	reflect.TypeFor[nlb.LoadBalancerModificationProtectionConfigPtrInput](): {
		value: nlb.LoadBalancerModificationProtectionConfigPtr(&nlb.LoadBalancerModificationProtectionConfigArgs{Status: pulumi.String("NonProtection")}),
		want:  map[string]any{"status": "NonProtection"},
	},
	reflect.TypeFor[nlb.ServerGroupHealthCheckPtrInput](): {
		value: nlb.ServerGroupHealthCheckArgs{
			HealthCheckEnabled: pulumi.Bool(true), HealthCheckType: pulumi.String("TCP"), HealthCheckConnectPort: pulumi.Int(9092),
			HealthCheckInterval: pulumi.Int(5), HealthyThreshold: pulumi.Int(2), UnhealthyThreshold: pulumi.Int(3),
		},
		want: map[string]any{
			"healthCheckEnabled": true, "healthCheckType": "TCP", "healthCheckConnectPort": 9092.0,
			"healthCheckInterval": 5.0, "healthyThreshold": 2.0, "unhealthyThreshold": 3.0,
		},
	},
	reflect.TypeFor[nlb.ListenerProxyProtocolConfigPtrInput](): {
		value: nlb.ListenerProxyProtocolConfigArgs{ProxyProtocolConfigVpcIdEnabled: pulumi.Bool(false)},
		want:  map[string]any{"proxyProtocolConfigVpcIdEnabled": false},
	},
}

// fill sets every field of an Args struct, failing the test for a field type it cannot fill.
func fill[T any](t *testing.T) *T {
	t.Helper()
	var args T
	v := reflect.ValueOf(&args).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if mk, ok := scalars[f.Type]; ok {
			v.Field(i).Set(reflect.ValueOf(mk(f.Name)))
		} else if n, ok := nested[f.Type]; ok {
			v.Field(i).Set(reflect.ValueOf(n.value))
		} else {
			t.Fatalf("%s.%s: no test value for type %s", v.Type().Name(), f.Name, f.Type)
		}
	}
	return &args
}

// wantKeys is the exact property set each resource must send for fully populated Args: the
// non-deprecated arguments of pulumi-alicloud v3.105.0.
var wantKeys = map[string][]string{
	"alicloud:vpc/network:Network":                                               {"cidrBlock", "classicLinkEnabled", "description", "dnsHostnameStatus", "dryRun", "enableIpv6", "forceDelete", "ipv4CidrMask", "ipv4IpamPoolId", "ipv6CidrBlock", "ipv6Isp", "isDefault", "resourceGroupId", "secondaryCidrMask", "systemRouteTableDescription", "systemRouteTableName", "systemRouteTableRoutePropagationEnable", "tags", "userCidrs", "vpcName"},
	"alicloud:vpc/switch:Switch":                                                 {"cidrBlock", "description", "enableIpv6", "ipv6CidrBlockMask", "isDefault", "tags", "vpcId", "vpcIpv6CidrBlock", "vswitchName", "zoneId"},
	"alicloud:ecs/securityGroup:SecurityGroup":                                   {"description", "innerAccessPolicy", "resourceGroupId", "securityGroupName", "securityGroupType", "tags", "vpcId"},
	"alicloud:ecs/securityGroupRule:SecurityGroupRule":                           {"cidrIp", "description", "ipProtocol", "ipv6CidrIp", "nicType", "policy", "portRange", "prefixListId", "priority", "securityGroupId", "sourceGroupOwnerAccount", "sourceSecurityGroupId", "type"},
	"alicloud:ecs/ecsKeyPair:EcsKeyPair":                                         {"keyFile", "keyNamePrefix", "keyPairName", "publicKey", "resourceGroupId", "tags"},
	"alicloud:ecs/instance:Instance":                                             {"autoReleaseTime", "autoRenewPeriod", "availabilityZone", "cpuOptions", "creditSpecification", "dataDisks", "dedicatedHostId", "deletionProtection", "deploymentSetId", "description", "dryRun", "enableHighDensityMode", "enableJumboFrame", "forceDelete", "hostName", "hpcClusterId", "httpEndpoint", "httpPutResponseHopLimit", "httpTokens", "imageId", "imageOptions", "includeDataDisks", "instanceChargeType", "instanceName", "instanceType", "internetChargeType", "internetMaxBandwidthOut", "ipv6AddressCount", "ipv6Addresses", "isOutdated", "keyName", "kmsEncryptedPassword", "kmsEncryptionContext", "launchTemplateId", "launchTemplateName", "launchTemplateVersion", "maintenanceAction", "maintenanceNotify", "maintenanceTime", "networkCardIndex", "networkInterfaceId", "networkInterfaceTrafficMode", "networkInterfaces", "operatorType", "password", "passwordInherit", "period", "periodUnit", "privateIp", "privatePoolOptionsId", "privatePoolOptionsMatchCriteria", "queuePairNumber", "renewalStatus", "resourceGroupId", "roleName", "secondaryPrivateIpAddressCount", "secondaryPrivateIps", "securityEnhancementStrategy", "securityGroups", "sourceDestCheck", "spotDuration", "spotInterruptionBehavior", "spotPriceLimit", "spotStrategy", "status", "stoppedMode", "systemDiskAutoSnapshotPolicyId", "systemDiskBurstingEnabled", "systemDiskCategory", "systemDiskDescription", "systemDiskEncryptAlgorithm", "systemDiskEncrypted", "systemDiskKmsKeyId", "systemDiskName", "systemDiskPerformanceLevel", "systemDiskProvisionedIops", "systemDiskSize", "systemDiskStorageClusterId", "tags", "userData", "volumeTags", "vpcId", "vswitchId"},
	"alicloud:nlb/loadBalancer:LoadBalancer":                                     {"addressIpVersion", "addressType", "bandwidthPackageId", "cps", "crossZoneEnabled", "deletionProtectionConfig", "deletionProtectionEnabled", "deletionProtectionReason", "ipv6AddressType", "loadBalancerName", "loadBalancerType", "modificationProtectionConfig", "modificationProtectionReason", "modificationProtectionStatus", "paymentType", "resourceGroupId", "securityGroupIds", "tags", "vpcId", "zoneMappings"},
	"alicloud:nlb/serverGroup:ServerGroup":                                       {"addressIpVersion", "anyPortEnabled", "connectionDrainEnabled", "connectionDrainTimeout", "healthCheck", "preserveClientIpEnabled", "protocol", "resourceGroupId", "scheduler", "serverGroupName", "serverGroupType", "tags", "vpcId"},
	"alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment":       {"description", "port", "serverGroupId", "serverId", "serverIp", "serverType", "weight"},
	"alicloud:nlb/listener:Listener":                                             {"alpnEnabled", "alpnPolicy", "caCertificateIds", "caEnabled", "certificateIds", "cps", "endPort", "idleTimeout", "listenerDescription", "listenerPort", "listenerProtocol", "loadBalancerId", "mss", "proxyProtocolConfig", "proxyProtocolEnabled", "secSensorEnabled", "securityPolicyId", "serverGroupId", "startPort", "status", "tags"},
	"alicloud:privatelink/vpcEndpointService:VpcEndpointService":                 {"addressIpVersion", "autoAcceptConnection", "connectBandwidth", "dryRun", "payer", "resourceGroupId", "serviceDescription", "serviceResourceType", "serviceSupportIpv6", "supportedRegionLists", "tags", "zoneAffinityEnabled"},
	"alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource": {"dryRun", "resourceId", "resourceType", "serviceId", "zoneId"},
	"alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser":         {"dryRun", "serviceId", "userArn", "userId"},
}

// outputs collects resolved output values by name.
type outputs struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	vals map[string]any
}

func (o *outputs) capture(name string, out pulumi.Output) {
	o.wg.Add(1)
	out.ApplyT(func(v any) any {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.vals[name] = v
		o.wg.Done()
		return nil
	})
}

func run(t *testing.T, program pulumi.RunFunc) *mocks {
	t.Helper()
	m := &mocks{resources: map[string]registered{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks("kafka-plc", "test", m)); err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return m
}

func TestResourcesRegisterFullyPopulatedArgs(t *testing.T) {
	got := &outputs{vals: map[string]any{}}
	m := run(t, func(ctx *pulumi.Context) error {
		var errs []error
		keep := func(_ any, err error) { errs = append(errs, err) }
		keep(vpc.NewNetwork(ctx, "vpc", fill[vpc.NetworkArgs](t)))
		keep(vpc.NewSwitch(ctx, "vsw", fill[vpc.SwitchArgs](t)))
		keep(ecs.NewSecurityGroup(ctx, "sg", fill[ecs.SecurityGroupArgs](t)))
		keep(ecs.NewSecurityGroupRule(ctx, "rule", fill[ecs.SecurityGroupRuleArgs](t)))
		keep(ecs.NewEcsKeyPair(ctx, "key", fill[ecs.EcsKeyPairArgs](t)))
		keep(nlb.NewServerGroupServerAttachment(ctx, "att", fill[nlb.ServerGroupServerAttachmentArgs](t)))
		keep(nlb.NewListener(ctx, "lsn", fill[nlb.ListenerArgs](t)))
		keep(privatelink.NewVpcEndpointServiceResource(ctx, "epres", fill[privatelink.VpcEndpointServiceResourceArgs](t)))
		keep(privatelink.NewVpcEndpointServiceUser(ctx, "epuser", fill[privatelink.VpcEndpointServiceUserArgs](t)))

		inst, err := ecs.NewInstance(ctx, "broker", fill[ecs.InstanceArgs](t))
		errs = append(errs, err)
		lb, err := nlb.NewLoadBalancer(ctx, "nlb", fill[nlb.LoadBalancerArgs](t))
		errs = append(errs, err)
		sg, err := nlb.NewServerGroup(ctx, "sg", fill[nlb.ServerGroupArgs](t))
		errs = append(errs, err)
		eps, err := privatelink.NewVpcEndpointService(ctx, "eps", fill[privatelink.VpcEndpointServiceArgs](t))
		errs = append(errs, err)
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		got.capture("dnsName", lb.DnsName)
		got.capture("secondZone", lb.ZoneMappings.Index(pulumi.Int(1)).ToLoadBalancerZoneMappingOutput())
		got.capture("vpcEndpointServiceName", eps.VpcEndpointServiceName)
		got.capture("privateIp", inst.PrivateIp)
		got.capture("publicIp", inst.PublicIp)
		got.capture("firstDisk", inst.DataDisks.Index(pulumi.Int(0)))
		got.capture("maintenance", inst.MaintenanceTime.Elem())
		got.capture("healthCheck", sg.HealthCheck.ToServerGroupHealthCheckPtrOutput().Elem())
		return nil
	})
	got.wg.Wait()

	t.Run("property names", func(t *testing.T) {
		if len(m.resources) != len(wantKeys) {
			t.Errorf("registered %d resource types, want %d", len(m.resources), len(wantKeys))
		}
		for token, want := range wantKeys {
			reg, ok := m.resources[token]
			if !ok {
				t.Errorf("%s: not registered with this type token", token)
				continue
			}
			var keys []string
			for k := range reg.inputs {
				keys = append(keys, string(k))
			}
			slices.Sort(keys)
			if !slices.Equal(keys, want) {
				t.Errorf("%s: sent properties\n got %v\nwant %v", token, keys, want)
			}
		}
	})
	t.Run("plugin version", func(t *testing.T) {
		for token, reg := range m.resources {
			if reg.version != "3.105.0" {
				t.Errorf("%s: registered with plugin version %q, want 3.105.0", token, reg.version)
			}
		}
	})
	t.Run("scalar values land under their own property", func(t *testing.T) {
		inputs := m.resources["alicloud:ecs/securityGroupRule:SecurityGroupRule"].inputs
		for key, want := range map[string]string{"ipProtocol": "IpProtocol", "portRange": "PortRange", "nicType": "NicType"} {
			if got := inputs[resource.PropertyKey(key)]; !got.IsString() || got.StringValue() != want {
				t.Errorf("securityGroupRule %s = %v, want %q", key, got, want)
			}
		}
	})
	t.Run("password is sent as a secret", func(t *testing.T) {
		pw := m.resources["alicloud:ecs/instance:Instance"].inputs["password"]
		if !pw.IsSecret() {
			t.Errorf("instance password = %v, want a secret", pw)
		}
	})
	t.Run("nested shapes", func(t *testing.T) {
		cases := []struct {
			token, key string
			typ        reflect.Type
		}{
			{"alicloud:ecs/instance:Instance", "dataDisks", reflect.TypeFor[ecs.InstanceDataDiskArrayInput]()},
			{"alicloud:ecs/instance:Instance", "cpuOptions", reflect.TypeFor[ecs.InstanceCpuOptionsPtrInput]()},
			{"alicloud:ecs/instance:Instance", "imageOptions", reflect.TypeFor[ecs.InstanceImageOptionsPtrInput]()},
			{"alicloud:ecs/instance:Instance", "maintenanceTime", reflect.TypeFor[ecs.InstanceMaintenanceTimePtrInput]()},
			{"alicloud:ecs/instance:Instance", "networkInterfaces", reflect.TypeFor[ecs.InstanceNetworkInterfacesPtrInput]()},
			{"alicloud:nlb/loadBalancer:LoadBalancer", "zoneMappings", reflect.TypeFor[nlb.LoadBalancerZoneMappingArrayInput]()},
			{"alicloud:nlb/loadBalancer:LoadBalancer", "deletionProtectionConfig", reflect.TypeFor[nlb.LoadBalancerDeletionProtectionConfigPtrInput]()},
			{"alicloud:nlb/loadBalancer:LoadBalancer", "modificationProtectionConfig", reflect.TypeFor[nlb.LoadBalancerModificationProtectionConfigPtrInput]()},
			{"alicloud:nlb/serverGroup:ServerGroup", "healthCheck", reflect.TypeFor[nlb.ServerGroupHealthCheckPtrInput]()},
			{"alicloud:nlb/listener:Listener", "proxyProtocolConfig", reflect.TypeFor[nlb.ListenerProxyProtocolConfigPtrInput]()},
		}
		for _, c := range cases {
			got := m.resources[c.token].inputs[resource.PropertyKey(c.key)].Mappable()
			if want := nested[c.typ].want; !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s marshalled to\n %#v\nwant %#v", c.token, c.key, got, want)
			}
		}
	})
	t.Run("outputs resolve from provider state", func(t *testing.T) {
		want := map[string]any{
			"dnsName":                "nlb-abc.cn-hangzhou.nlb.aliyuncs.com",
			"vpcEndpointServiceName": "com.aliyuncs.privatelink.cn-hangzhou.epsrv-123",
			"privateIp":              "PrivateIp",
			"publicIp":               "203.0.113.7",
			"secondZone":             nlb.LoadBalancerZoneMapping{ZoneId: "cn-hangzhou-i", VswitchId: "vsw-i"},
			"maintenance":            ecs.InstanceMaintenanceTime{StartTime: ptr("02:00:00Z"), EndTime: ptr("04:00:00Z")},
		}
		for name, w := range want {
			if got := got.vals[name]; !reflect.DeepEqual(got, w) {
				t.Errorf("output %s = %#v, want %#v", name, got, w)
			}
		}
		disk, _ := got.vals["firstDisk"].(ecs.InstanceDataDisk)
		if disk.Size != 500 || disk.Category == nil || *disk.Category != "cloud_essd" {
			t.Errorf("output dataDisks[0] = %#v, want size 500 and category cloud_essd", got.vals["firstDisk"])
		}
		hc, _ := got.vals["healthCheck"].(nlb.ServerGroupHealthCheck)
		if hc.HealthCheckType == nil || *hc.HealthCheckType != "TCP" || hc.HealthCheckConnectPort == nil || *hc.HealthCheckConnectPort != 9092 {
			t.Errorf("output healthCheck = %#v, want type TCP on port 9092", got.vals["healthCheck"])
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestRequiredArguments(t *testing.T) {
	tests := []struct {
		name    string
		create  func(ctx *pulumi.Context) error
		wantErr string
	}{
		{
			name:    "security group rule without args",
			create:  func(ctx *pulumi.Context) error { _, err := ecs.NewSecurityGroupRule(ctx, "r", nil); return err },
			wantErr: "missing one or more required arguments",
		},
		{
			name: "security group rule without type",
			create: func(ctx *pulumi.Context) error {
				_, err := ecs.NewSecurityGroupRule(ctx, "r", &ecs.SecurityGroupRuleArgs{IpProtocol: pulumi.String("tcp"), SecurityGroupId: pulumi.String("sg-1")})
				return err
			},
			wantErr: "invalid value for required argument 'Type'",
		},
		{
			name: "load balancer without zone mappings",
			create: func(ctx *pulumi.Context) error {
				_, err := nlb.NewLoadBalancer(ctx, "lb", &nlb.LoadBalancerArgs{AddressType: pulumi.String("Intranet"), VpcId: pulumi.String("vpc-1")})
				return err
			},
			wantErr: "invalid value for required argument 'ZoneMappings'",
		},
		{
			name: "listener without server group",
			create: func(ctx *pulumi.Context) error {
				_, err := nlb.NewListener(ctx, "l", &nlb.ListenerArgs{ListenerPort: pulumi.Int(9092), ListenerProtocol: pulumi.String("TCP"), LoadBalancerId: pulumi.String("nlb-1")})
				return err
			},
			wantErr: "invalid value for required argument 'ServerGroupId'",
		},
		{
			name: "endpoint service user without user id",
			create: func(ctx *pulumi.Context) error {
				_, err := privatelink.NewVpcEndpointServiceUser(ctx, "u", &privatelink.VpcEndpointServiceUserArgs{ServiceId: pulumi.String("epsrv-1")})
				return err
			},
			wantErr: "invalid value for required argument 'UserId'",
		},
		{
			name:   "network needs no args",
			create: func(ctx *pulumi.Context) error { _, err := vpc.NewNetwork(ctx, "v", nil); return err },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got error
			m := run(t, func(ctx *pulumi.Context) error { got = tt.create(ctx); return nil })
			if tt.wantErr == "" {
				if got != nil || len(m.resources) != 1 {
					t.Errorf("err = %v, registered %d resources; want success and 1 resource", got, len(m.resources))
				}
				return
			}
			if got == nil || !strings.Contains(got.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", got, tt.wantErr)
			}
			if len(m.resources) != 0 {
				t.Errorf("registered %d resources despite the error", len(m.resources))
			}
		})
	}
}

func TestGetImages(t *testing.T) {
	var result *ecs.GetImagesResult
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		result, err = ecs.GetImages(ctx, &ecs.GetImagesArgs{
			Owners:     ptr("system"),
			NameRegex:  ptr("^aliyun_3_x64_20G_alibase_.*"),
			MostRecent: ptr(true),
		})
		return err
	})
	if len(m.calls) != 1 || m.calls[0].Token != getImagesToken {
		t.Fatalf("invokes = %v, want one call of %s", m.calls, getImagesToken)
	}
	wantArgs := map[string]any{"owners": "system", "nameRegex": "^aliyun_3_x64_20G_alibase_.*", "mostRecent": true}
	if got := m.calls[0].Args.Mappable(); !reflect.DeepEqual(got, wantArgs) {
		t.Errorf("invoke args = %v, want %v", got, wantArgs)
	}
	want := &ecs.GetImagesResult{
		Id: "images-1", Ids: []string{"aliyun_3_x64_20G_alibase_20250101.vhd"}, Owners: ptr("system"),
		Images: []ecs.GetImagesImage{{
			Id: "aliyun_3_x64_20G_alibase_20250101.vhd", ImageId: "aliyun_3_x64_20G_alibase_20250101.vhd",
			Architecture: "x86_64", Size: 20, Tags: map[string]string{"os": "alinux3"},
			DiskDeviceMappings: []ecs.GetImagesImageDiskDeviceMapping{{Device: "/dev/xvda", Size: "20", SnapshotId: "s-1"}},
		}},
	}
	if !reflect.DeepEqual(result, want) {
		t.Errorf("GetImages result =\n %#v\nwant %#v", result, want)
	}
}

// TestNestedInputsConvertToOutputs calls every To...Output conversion of every nested input used
// above; an output type missing from the init() registrations makes the conversion panic.
func TestNestedInputsConvertToOutputs(t *testing.T) {
	got := &outputs{vals: map[string]any{}}
	wantType := map[string]reflect.Type{}
	for typ, n := range nested {
		v := reflect.ValueOf(n.value)
		for i := range v.NumMethod() {
			name := v.Type().Method(i).Name
			if !strings.HasPrefix(name, "To") || !strings.HasSuffix(name, "Output") {
				continue
			}
			out := v.Method(i).Call(nil)[0].Interface().(pulumi.Output)
			key := typ.Name() + "." + name
			wantType[key] = out.ElementType()
			got.capture(key, out)
		}
	}
	got.wg.Wait()
	// 8 pointer-shaped types with To<T>Output and To<T>PtrOutput, 2 arrays with To<T>ArrayOutput.
	if len(wantType) != 18 {
		t.Errorf("found %d conversions, want 18", len(wantType))
	}
	for key, want := range wantType {
		if v := got.vals[key]; reflect.TypeOf(v) != want {
			t.Errorf("%s resolved to %T, want %v", key, v, want)
		}
	}
}

// invokeAnswers are the fake provider's answers to GetInstances and GetSwitches, shaped as the
// TF data sources alicloud_instances and alicloud_vswitches (v1.285.0) set their attributes.
var invokeAnswers = map[string]map[string]any{
	getInstancesToken: {
		"id": "3349123567", "ids": []any{"i-broker1"}, "names": []any{"kafka-plc-dev-broker-1"}, "totalCount": 1,
		"enableDetails": false, "tags": map[string]any{"project": "kafka-plc", "stack": "dev"},
		"instances": []any{map[string]any{
			"id": "i-broker1", "availabilityZone": "ap-southeast-1a", "privateIp": "10.0.0.10",
			"vpcId": "vpc-1", "vswitchId": "vsw-a", "status": "Running", "internetMaxBandwidthOut": 0,
			"securityGroups": []any{"sg-1"}, "tags": map[string]any{"node-id": "1"},
		}},
	},
	getSwitchesToken: {
		"id": "1402117894", "ids": []any{"vsw-a"}, "names": []any{"kafka-plc-dev-broker-ap-southeast-1a"},
		"vswitches": []any{map[string]any{
			"id": "vsw-a", "vswitchId": "vsw-a", "zoneId": "ap-southeast-1a", "cidrBlock": "10.0.0.0/18",
			"vpcId": "vpc-1", "availableIpAddressCount": 16379, "isDefault": false,
		}},
	},
}

func TestGetInstances(t *testing.T) {
	var result *ecs.GetInstancesResult
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		result, err = ecs.GetInstances(ctx, &ecs.GetInstancesArgs{
			Tags:          map[string]string{"project": "kafka-plc", "stack": "dev"},
			EnableDetails: ptr(false),
		})
		return err
	})
	if len(m.calls) != 1 || m.calls[0].Token != getInstancesToken {
		t.Fatalf("invokes = %v, want one call of %s", m.calls, getInstancesToken)
	}
	wantArgs := map[string]any{"tags": map[string]any{"project": "kafka-plc", "stack": "dev"}, "enableDetails": false}
	if got := m.calls[0].Args.Mappable(); !reflect.DeepEqual(got, wantArgs) {
		t.Errorf("invoke args = %v, want %v", got, wantArgs)
	}
	want := &ecs.GetInstancesResult{
		Id: "3349123567", Ids: []string{"i-broker1"}, Names: []string{"kafka-plc-dev-broker-1"}, TotalCount: 1,
		EnableDetails: ptr(false), Tags: map[string]string{"project": "kafka-plc", "stack": "dev"},
		Instances: []ecs.GetInstancesInstance{{
			Id: "i-broker1", AvailabilityZone: "ap-southeast-1a", PrivateIp: "10.0.0.10",
			VpcId: "vpc-1", VswitchId: "vsw-a", Status: "Running",
			SecurityGroups: []string{"sg-1"}, Tags: map[string]string{"node-id": "1"},
		}},
	}
	if !reflect.DeepEqual(result, want) {
		t.Errorf("GetInstances result =\n %#v\nwant %#v", result, want)
	}
}

func TestGetSwitches(t *testing.T) {
	var result *vpc.GetSwitchesResult
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		result, err = vpc.GetSwitches(ctx, &vpc.GetSwitchesArgs{Ids: []string{"vsw-a"}, VpcId: ptr("vpc-1")})
		return err
	})
	if len(m.calls) != 1 || m.calls[0].Token != getSwitchesToken {
		t.Fatalf("invokes = %v, want one call of %s", m.calls, getSwitchesToken)
	}
	wantArgs := map[string]any{"ids": []any{"vsw-a"}, "vpcId": "vpc-1"}
	if got := m.calls[0].Args.Mappable(); !reflect.DeepEqual(got, wantArgs) {
		t.Errorf("invoke args = %v, want %v", got, wantArgs)
	}
	want := &vpc.GetSwitchesResult{
		Id: "1402117894", Ids: []string{"vsw-a"}, Names: []string{"kafka-plc-dev-broker-ap-southeast-1a"},
		Vswitches: []vpc.GetSwitchesVswitch{{
			Id: "vsw-a", VswitchId: "vsw-a", ZoneId: "ap-southeast-1a", CidrBlock: "10.0.0.0/18",
			VpcId: "vpc-1", AvailableIpAddressCount: 16379,
		}},
	}
	if !reflect.DeepEqual(result, want) {
		t.Errorf("GetSwitches result =\n %#v\nwant %#v", result, want)
	}
}

// TestInvokeTypesMatchTheOfficialSDK pins the Go field names, Go types and pulumi property names
// of the invoke types, in declaration order, to those of pulumi-alicloud v3.105.0 (tag v3.105.0:
// sdk/go/alicloud/ecs/getInstances.go, ecs/pulumiTypes.go GetInstancesInstance and
// GetInstancesInstanceDiskDeviceMapping, vpc/getSwitches.go, vpc/pulumiTypes.go
// GetSwitchesVswitch), as "Field:property:type".
func TestInvokeTypesMatchTheOfficialSDK(t *testing.T) {
	want := map[reflect.Type]string{
		reflect.TypeFor[ecs.GetInstancesArgs]():                      "AvailabilityZone:availabilityZone:*string EnableDetails:enableDetails:*bool Ids:ids:[]string ImageId:imageId:*string InstanceName:instanceName:*string NameRegex:nameRegex:*string OutputFile:outputFile:*string PageNumber:pageNumber:*int PageSize:pageSize:*int RamRoleName:ramRoleName:*string ResourceGroupId:resourceGroupId:*string Status:status:*string Tags:tags:map[string]string VpcId:vpcId:*string VswitchId:vswitchId:*string",
		reflect.TypeFor[ecs.GetInstancesResult]():                    "AvailabilityZone:availabilityZone:*string EnableDetails:enableDetails:*bool Id:id:string Ids:ids:[]string ImageId:imageId:*string InstanceName:instanceName:*string Instances:instances:[]GetInstancesInstance NameRegex:nameRegex:*string Names:names:[]string OutputFile:outputFile:*string PageNumber:pageNumber:*int PageSize:pageSize:*int RamRoleName:ramRoleName:*string ResourceGroupId:resourceGroupId:*string Status:status:*string Tags:tags:map[string]string TotalCount:totalCount:int VpcId:vpcId:*string VswitchId:vswitchId:*string",
		reflect.TypeFor[ecs.GetInstancesInstance]():                  "AvailabilityZone:availabilityZone:string CreationTime:creationTime:string Description:description:string DiskDeviceMappings:diskDeviceMappings:[]GetInstancesInstanceDiskDeviceMapping Eip:eip:string Id:id:string ImageId:imageId:string InstanceChargeType:instanceChargeType:string InstanceType:instanceType:string InternetChargeType:internetChargeType:string InternetMaxBandwidthOut:internetMaxBandwidthOut:int KeyName:keyName:string Name:name:string PrivateIp:privateIp:string PublicIp:publicIp:string RamRoleName:ramRoleName:string RegionId:regionId:string ResourceGroupId:resourceGroupId:string SecurityGroups:securityGroups:[]string SpotStrategy:spotStrategy:string Status:status:string Tags:tags:map[string]string VpcId:vpcId:string VswitchId:vswitchId:string",
		reflect.TypeFor[ecs.GetInstancesInstanceDiskDeviceMapping](): "Category:category:string Device:device:string DiskId:diskId:string DiskName:diskName:string Size:size:int Type:type:string",
		reflect.TypeFor[vpc.GetSwitchesArgs]():                       "CidrBlock:cidrBlock:*string DryRun:dryRun:*bool Ids:ids:[]string IsDefault:isDefault:*bool NameRegex:nameRegex:*string OutputFile:outputFile:*string ResourceGroupId:resourceGroupId:*string RouteTableId:routeTableId:*string Status:status:*string Tags:tags:map[string]string VpcId:vpcId:*string VswitchName:vswitchName:*string VswitchOwnerId:vswitchOwnerId:*int ZoneId:zoneId:*string",
		reflect.TypeFor[vpc.GetSwitchesResult]():                     "CidrBlock:cidrBlock:*string DryRun:dryRun:*bool Id:id:string Ids:ids:[]string IsDefault:isDefault:*bool NameRegex:nameRegex:*string Names:names:[]string OutputFile:outputFile:*string ResourceGroupId:resourceGroupId:*string RouteTableId:routeTableId:*string Status:status:*string Tags:tags:map[string]string VpcId:vpcId:*string VswitchName:vswitchName:*string VswitchOwnerId:vswitchOwnerId:*int Vswitches:vswitches:[]GetSwitchesVswitch ZoneId:zoneId:*string",
		reflect.TypeFor[vpc.GetSwitchesVswitch]():                    "AvailableIpAddressCount:availableIpAddressCount:int CidrBlock:cidrBlock:string CreationTime:creationTime:string Description:description:string EnableIpv6:enableIpv6:bool Id:id:string Ipv6CidrBlock:ipv6CidrBlock:string IsDefault:isDefault:bool Name:name:string ResourceGroupId:resourceGroupId:string RouteTableId:routeTableId:string Status:status:string Tags:tags:map[string]string VpcId:vpcId:string VswitchId:vswitchId:string VswitchName:vswitchName:string ZoneId:zoneId:string",
	}
	for typ, w := range want {
		var fields []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			goType := strings.NewReplacer("ecs.", "", "vpc.", "").Replace(f.Type.String())
			fields = append(fields, f.Name+":"+f.Tag.Get("pulumi")+":"+goType)
		}
		if got := strings.Join(fields, " "); got != w {
			t.Errorf("%s fields\n got %s\nwant %s", typ.Name(), got, w)
		}
	}
}
