package plan

// Stack outputs of the kafka-plc program: package deploy exports them, `kplc plan`, the engine
// twin and the README's doc checks name them. One name, one constant.
const (
	// OutputEndpointServiceName is the PrivateLink endpoint service's name, what TiDB Cloud asks for.
	OutputEndpointServiceName = "endpointServiceName"
	// OutputNLBDNSName is the NLB's DNS name inside the VPC.
	OutputNLBDNSName = "nlbDnsName"
	// OutputBastionPublicIP is the bastion's (mode existing: the jump host's) address.
	OutputBastionPublicIP = "bastionPublicIp"
	// OutputBrokerPrivateIPs maps each node id to the broker's private IP.
	OutputBrokerPrivateIPs = "brokerPrivateIps"
	// OutputPortMap lists the NLB's listeners and their server groups.
	OutputPortMap = "portMap"
	// OutputAdvertisedListeners maps each node id to the EXTERNAL endpoint the broker advertises.
	OutputAdvertisedListeners = "advertisedListeners"
	// OutputTiDBCloud is what to enter in TiDB Cloud (TiDBCloudEntry and the unique name).
	OutputTiDBCloud = "tidbCloud"
	// OutputStage is the rollout stage (Stage).
	OutputStage = "stage"
	// OutputNextStep says in one line what the user does next (NextStep).
	OutputNextStep = "nextStep"
	// OutputVerification is the end-to-end checks' summary (new clusters only).
	OutputVerification = "verification"
	// OutputClusterReady is kplc cluster-ready's report (new clusters only).
	OutputClusterReady = "clusterReady"
)

// SetUniqueNameCommand returns the command that sets the unique name TiDB Cloud shows, with
// "<unique name>" for the value. The key is written in the project's namespace, the form every
// other fix of the project uses: `pulumi config set` also takes the bare key and puts it in the
// project's namespace, but the qualified key is the one the stack file holds.
func (p *Plan) SetUniqueNameCommand() string {
	return "pulumi config set " + p.Project + ":uniqueName <unique name> --stack " + p.Stack
}
