package mocktest

import "github.com/kafka-plc/kafka-plc/components/componentstest"

// Type tokens of the Alibaba Cloud and command-provider resources kafka-plc creates, as the
// engine receives them in a registration (Resource.Type); their one home is componentstest.
const (
	// TypeNetwork is a VPC (vpc.Network).
	TypeNetwork = componentstest.TypeNetwork
	// TypeSwitch is a vSwitch (vpc.Switch).
	TypeSwitch = componentstest.TypeSwitch
	// TypeSecurityGroup is a security group (ecs.SecurityGroup).
	TypeSecurityGroup = componentstest.TypeSecurityGroup
	// TypeSecurityGroupRule is one rule of a security group (ecs.SecurityGroupRule).
	TypeSecurityGroupRule = componentstest.TypeSecurityGroupRule
	// TypeKeyPair is an SSH key pair (ecs.EcsKeyPair).
	TypeKeyPair = componentstest.TypeKeyPair
	// TypeInstance is an ECS instance (ecs.Instance).
	TypeInstance = componentstest.TypeInstance
	// TypeLoadBalancer is a network load balancer (nlb.LoadBalancer).
	TypeLoadBalancer = componentstest.TypeLoadBalancer
	// TypeServerGroup is an NLB server group (nlb.ServerGroup).
	TypeServerGroup = componentstest.TypeServerGroup
	// TypeServerGroupAttachment attaches one backend to an NLB server group
	// (nlb.ServerGroupServerAttachment).
	TypeServerGroupAttachment = componentstest.TypeServerGroupAttachment
	// TypeListener is an NLB listener (nlb.Listener).
	TypeListener = componentstest.TypeListener
	// TypeEndpointService is a PrivateLink endpoint service (privatelink.VpcEndpointService).
	TypeEndpointService = componentstest.TypeEndpointService
	// TypeEndpointServiceResource puts a load balancer behind an endpoint service in one zone
	// (privatelink.VpcEndpointServiceResource).
	TypeEndpointServiceResource = componentstest.TypeEndpointServiceResource
	// TypeEndpointServiceUser allows one account to connect to an endpoint service
	// (privatelink.VpcEndpointServiceUser).
	TypeEndpointServiceUser = componentstest.TypeEndpointServiceUser

	// TypeLocalCommand is a command run where Pulumi runs (local.Command).
	TypeLocalCommand = componentstest.TypeLocalCommand
	// TypeRemoteCommand is a command run over SSH (remote.Command).
	TypeRemoteCommand = componentstest.TypeRemoteCommand
	// TypeCopyToRemote is a file copied over SSH (remote.CopyToRemote).
	TypeCopyToRemote = componentstest.TypeCopyToRemote
)

// FuncGetImages is the token of the provider function ecs.GetImages (Invoke.Token).
const FuncGetImages = componentstest.FuncGetImages

// FuncGetInstances is the token of the provider function ecs.GetInstances (Invoke.Token).
const FuncGetInstances = "alicloud:ecs/getInstances:getInstances"

// FuncGetSwitches is the token of the provider function vpc.GetSwitches (Invoke.Token).
const FuncGetSwitches = "alicloud:vpc/getSwitches:getSwitches"
