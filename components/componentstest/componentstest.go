// Package componentstest lets a program that uses kafka-plc's components run under Pulumi's
// mocks in one line:
//
//	err := pulumi.RunErr(program, componentstest.WithMocks("my-project", "test"))
//
// The mocks answer for Alibaba Cloud and the command provider the way they answer a real
// `pulumi up`: every resource the components create gets its inputs back as its state, plus
// the outputs the real provider computes, under the property names the real provider uses
// (alicloud provider v1.285.0 / SDK v3.105.0, see Defaults). A hand-written mock that answers
// `serviceName` instead of `vpcEndpointServiceName` leaves PrivateLinkEndpointService's
// ServiceName empty without an error; these do not.
package componentstest

import (
	"fmt"
	"hash/fnv"
	"maps"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the resources the components create, as the engine receives them.
const (
	// Alibaba Cloud (pulumi-alicloud SDK v3.105.0).
	TypeNetwork                 = "alicloud:vpc/network:Network"
	TypeSwitch                  = "alicloud:vpc/switch:Switch"
	TypeSecurityGroup           = "alicloud:ecs/securityGroup:SecurityGroup"
	TypeSecurityGroupRule       = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
	TypeKeyPair                 = "alicloud:ecs/ecsKeyPair:EcsKeyPair"
	TypeInstance                = "alicloud:ecs/instance:Instance"
	TypeLoadBalancer            = "alicloud:nlb/loadBalancer:LoadBalancer"
	TypeServerGroup             = "alicloud:nlb/serverGroup:ServerGroup"
	TypeServerGroupAttachment   = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
	TypeListener                = "alicloud:nlb/listener:Listener"
	TypeEndpointService         = "alicloud:privatelink/vpcEndpointService:VpcEndpointService"
	TypeEndpointServiceResource = "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource"
	TypeEndpointServiceUser     = "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser"
	// The command provider (pulumi-command v1.2.1).
	TypeLocalCommand  = "command:local:Command"
	TypeRemoteCommand = "command:remote:Command"
	TypeCopyToRemote  = "command:remote:CopyToRemote"
)

// FuncGetImages is the token of ecs.GetImages, which KafkaVpc calls when no image is given.
const FuncGetImages = "alicloud:ecs/getImages:getImages"

// ImageID is the system image the mocks' ecs.GetImages lists.
const ImageID = "aliyun_3_x64_20G_alibase_20250629.vhd"

// DefaultRegion is the region of the mock cloud unless Mocks.Region says otherwise.
const DefaultRegion = "ap-southeast-1"

// Mocks is a pulumi.MockResourceMonitor for programs built from kafka-plc's components.
type Mocks struct {
	// Region is the region named in computed outputs (DNS names); DefaultRegion when empty.
	Region string
	// Outputs, when set, adds to or replaces a resource's computed outputs (after Defaults),
	// by type token and resource name; nil keeps the defaults.
	Outputs func(token, name string, inputs resource.PropertyMap) resource.PropertyMap
	// Functions, when set, answers provider functions other than ecs.GetImages; nil answers
	// them with an empty result.
	Functions func(args pulumi.MockCallArgs) (resource.PropertyMap, error)
}

// WithMocks runs a program under Mocks with default answers, for the given project and stack.
func WithMocks(project, stack string) pulumi.RunOption {
	return pulumi.WithMocks(project, stack, &Mocks{})
}

// NewResource answers a registration: the resource's ID and its state, the inputs plus the
// outputs the real provider computes.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id := IDOf(args.TypeToken, args.Name, args.Inputs)
	state := args.Inputs.Copy()
	maps.Copy(state, Defaults(args.TypeToken, id, args.Inputs, m.region()))
	if m.Outputs != nil {
		maps.Copy(state, m.Outputs(args.TypeToken, args.Name, args.Inputs))
	}
	return id, state, nil
}

// Call answers a provider function: ecs.GetImages lists ImageID; others go to m.Functions.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if args.Token == FuncGetImages {
		return ImagesResult(), nil
	}
	if m.Functions != nil {
		return m.Functions(args)
	}
	return resource.PropertyMap{}, nil
}

func (m *Mocks) region() string {
	if m.Region == "" {
		return DefaultRegion
	}
	return m.Region
}

// ImagesResult is the answer of ecs.GetImages listing the one image ImageID (images[0].id is
// the image ID, alicloud-provider-facts.md, ecs.getImages).
func ImagesResult() resource.PropertyMap {
	image := resource.PropertyMap{"id": resource.NewProperty(ImageID), "name": resource.NewProperty(ImageID)}
	return resource.PropertyMap{
		"id":     resource.NewProperty("images"),
		"ids":    resource.NewProperty([]resource.PropertyValue{resource.NewProperty(ImageID)}),
		"images": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(image)}),
	}
}

// idPrefixes are the prefixes of the IDs Alibaba Cloud gives each kind of resource.
var idPrefixes = map[string]string{
	TypeNetwork:           "vpc-",
	TypeSwitch:            "vsw-",
	TypeSecurityGroup:     "sg-",
	TypeInstance:          "i-",
	TypeLoadBalancer:      "nlb-",
	TypeServerGroup:       "sgp-",
	TypeListener:          "lsn-",
	TypeEndpointService:   "epsrv-",
	TypeSecurityGroupRule: "sg-rule-",
}

// IDOf returns the ID the mock cloud gives a resource: the cloud's prefix for its kind and a
// short hash of its name, so IDs are stable between runs. A key pair's ID is its name
// (alicloud-provider-facts.md, ecs/ecsKeyPair: ID = key pair name).
func IDOf(token, name string, inputs resource.PropertyMap) string {
	if token == TypeKeyPair {
		if v, ok := inputs["keyPairName"]; ok && v.IsString() && v.StringValue() != "" {
			return v.StringValue()
		}
		return name
	}
	return idPrefixes[token] + shortHash(name)
}

// Defaults returns the outputs the real provider computes for a resource of the given type
// with the given ID and inputs, under the real property names (alicloud-provider-facts.md and
// pulumi-alicloud-v3.105.0-api.md; pulumi-command v1.2.1 for the commands):
//
//   - vpc.Network, vpc.Switch: status "Available" (create waits for it).
//   - ecs.EcsKeyPair: keyPairName (the ID).
//   - ecs.Instance: privateIp (the requested one, else one in 10.0.0.0/8), publicIp (one only
//     with internetMaxBandwidthOut > 0, otherwise ""), status "Running".
//   - nlb.LoadBalancer: dnsName, status "Active"; nlb.ServerGroup and its attachments: status
//     "Available"; nlb.Listener: status "Running".
//   - privatelink.VpcEndpointService: vpcEndpointServiceName
//     (com.aliyuncs.privatelink.<region>.<id>), serviceDomain, status "Active".
//   - command.remote.Command, command.local.Command: stdout and stderr; the components'
//     upload-directory step prints the absolute path of $HOME/<dir> as the real step does, the
//     host-key steps print HostKey.
func Defaults(token, id string, inputs resource.PropertyMap, region string) resource.PropertyMap {
	str := func(s string) resource.PropertyValue { return resource.NewProperty(s) }
	switch token {
	case TypeNetwork, TypeSwitch:
		return resource.PropertyMap{"status": str("Available")}
	case TypeKeyPair:
		return resource.PropertyMap{"keyPairName": str(id)}
	case TypeInstance:
		privateIP := stringIn(inputs, "privateIp")
		if privateIP == "" {
			h := fnv32(id)
			privateIP = fmt.Sprintf("10.%d.%d.%d", h>>16&0xff, h>>8&0xff, h&0xfe|1)
		}
		publicIP := ""
		if v, ok := inputs["internetMaxBandwidthOut"]; ok && v.IsNumber() && v.NumberValue() > 0 {
			publicIP = fmt.Sprintf("198.51.100.%d", fnv32(id)%250+1) // TEST-NET-2 (RFC 5737)
		}
		return resource.PropertyMap{"privateIp": str(privateIP), "publicIp": str(publicIP), "status": str("Running")}
	case TypeLoadBalancer:
		return resource.PropertyMap{
			"dnsName": str(fmt.Sprintf("%s.%s.nlb.aliyuncsslbintl.com", id, region)),
			"status":  str("Active"),
		}
	case TypeServerGroup, TypeServerGroupAttachment:
		return resource.PropertyMap{"status": str("Available")}
	case TypeListener:
		return resource.PropertyMap{"status": str("Running")}
	case TypeEndpointService:
		return resource.PropertyMap{
			"vpcEndpointServiceName": str(fmt.Sprintf("com.aliyuncs.privatelink.%s.%s", region, id)),
			"serviceDomain":          str(fmt.Sprintf("%s.%s.privatelink.aliyuncs.com", id, region)),
			"status":                 str("Active"),
		}
	case TypeRemoteCommand, TypeLocalCommand:
		return resource.PropertyMap{"stdout": str(commandStdout(token, inputs)), "stderr": str("")}
	}
	return resource.PropertyMap{}
}

// stagingArg matches the components' upload-directory step, `... kplc-staging '<dir>'`, whose
// real output is the absolute path of $HOME/<dir>.
var stagingArg = regexp.MustCompile(`kplc-staging '([^']+)'$`)

// HostKey is the SSH host public key every host answers the components' host-key step with.
const HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjydj1NA/Zv6mRyDHbrFb3LMFhUXigx+yu+h7z9Jb9G"

// commandStdout is what a command prints: the staging directory for the upload-directory step,
// HostKey for a host-key read step (`... kplc-host-key`), the key it was given for a host-key pin
// step (local, $KPLC_HOST_KEY), nothing for every other command.
func commandStdout(token string, inputs resource.PropertyMap) string {
	if token == TypeLocalCommand {
		if env, ok := inputs["environment"]; ok && env.IsObject() {
			return stringIn(env.ObjectValue(), "KPLC_HOST_KEY")
		}
		return ""
	}
	if token != TypeRemoteCommand {
		return ""
	}
	if strings.HasSuffix(stringIn(inputs, "create"), " kplc-host-key") {
		return HostKey + "\n"
	}
	m := stagingArg.FindStringSubmatch(stringIn(inputs, "create"))
	if m == nil {
		return ""
	}
	home := "/root"
	if conn, ok := inputs["connection"]; ok && conn.IsObject() {
		if user := stringIn(conn.ObjectValue(), "user"); user != "" && user != "root" {
			home = "/home/" + user
		}
	}
	return home + "/" + m[1] + "\n"
}

// stringIn returns the string property key of props, or "".
func stringIn(props resource.PropertyMap, key resource.PropertyKey) string {
	v, ok := props[key]
	if !ok {
		return ""
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		return ""
	}
	return v.StringValue()
}

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// shortHash is a stable 16-character lower-case name for s, like the cloud's ID suffixes.
func shortHash(s string) string {
	return strings.ToLower(fmt.Sprintf("%08x%08x", fnv32(s), fnv32("kafka-plc/"+s)))
}
