package mocktest

// Type tokens of the Alibaba Cloud and command-provider resources kafka-plc creates, as the
// engine receives them in a registration (Resource.Type).
const (
	// TypeNetwork is a VPC (vpc.Network).
	TypeNetwork = "alicloud:vpc/network:Network"
	// TypeSwitch is a vSwitch (vpc.Switch).
	TypeSwitch = "alicloud:vpc/switch:Switch"
	// TypeSecurityGroup is a security group (ecs.SecurityGroup).
	TypeSecurityGroup = "alicloud:ecs/securityGroup:SecurityGroup"
	// TypeSecurityGroupRule is one rule of a security group (ecs.SecurityGroupRule).
	TypeSecurityGroupRule = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
	// TypeKeyPair is an SSH key pair (ecs.EcsKeyPair).
	TypeKeyPair = "alicloud:ecs/ecsKeyPair:EcsKeyPair"
	// TypeInstance is an ECS instance (ecs.Instance).
	TypeInstance = "alicloud:ecs/instance:Instance"
	// TypeLoadBalancer is a network load balancer (nlb.LoadBalancer).
	TypeLoadBalancer = "alicloud:nlb/loadBalancer:LoadBalancer"
	// TypeServerGroup is an NLB server group (nlb.ServerGroup).
	TypeServerGroup = "alicloud:nlb/serverGroup:ServerGroup"
	// TypeServerGroupAttachment attaches one backend to an NLB server group
	// (nlb.ServerGroupServerAttachment).
	TypeServerGroupAttachment = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
	// TypeListener is an NLB listener (nlb.Listener).
	TypeListener = "alicloud:nlb/listener:Listener"
	// TypeEndpointService is a PrivateLink endpoint service (privatelink.VpcEndpointService).
	TypeEndpointService = "alicloud:privatelink/vpcEndpointService:VpcEndpointService"
	// TypeEndpointServiceResource puts a load balancer behind an endpoint service in one zone
	// (privatelink.VpcEndpointServiceResource).
	TypeEndpointServiceResource = "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource"
	// TypeEndpointServiceUser allows one account to connect to an endpoint service
	// (privatelink.VpcEndpointServiceUser).
	TypeEndpointServiceUser = "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser"

	// TypeLocalCommand is a command run where Pulumi runs (local.Command).
	TypeLocalCommand = "command:local:Command"
	// TypeRemoteCommand is a command run over SSH (remote.Command).
	TypeRemoteCommand = "command:remote:Command"
	// TypeCopyToRemote is a file copied over SSH (remote.CopyToRemote).
	TypeCopyToRemote = "command:remote:CopyToRemote"
)

// FuncGetImages is the token of the provider function ecs.GetImages (Invoke.Token).
const FuncGetImages = "alicloud:ecs/getImages:getImages"

// FuncGetInstances is the token of the provider function ecs.GetInstances (Invoke.Token).
const FuncGetInstances = "alicloud:ecs/getInstances:getInstances"

// FuncGetSwitches is the token of the provider function vpc.GetSwitches (Invoke.Token).
const FuncGetSwitches = "alicloud:vpc/getSwitches:getSwitches"
