package deploy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// programExisting is the program for mode existing: the VPC, its vSwitches and the brokers
// already run, so nothing of theirs is created. It adds the EXTERNAL listener to each broker
// in node order (ExistingBrokerExposure, each edit behind the restart gates), then builds the
// NLB over the existing instances and the PrivateLink endpoint service in front of it, and
// returns the same stack outputs as a new cluster.
//
// The order is deliberate: a broker whose file is refused (not KRaft, the EXTERNAL name or port
// taken) stops the update before anything billable is created, and the NLB's health checks
// find the EXTERNAL listener up when it appears. At stage 2 (uniqueName set) only the edit
// steps change.
//
// With externalAuth, the exposure also creates the SCRAM credential before the first edit and
// applies the ACLs after the last; password is the secret externalPassword (nil without auth).
func programExisting(ctx *pulumi.Context, name string, cfg *config.Config, p *plan.Plan,
	sshKey pulumi.StringInput, kplc components.KplcBinary, password pulumi.StringInput) (pulumi.Map, error) {
	if cfg.Existing == nil {
		return nil, fmt.Errorf("stack %s: mode existing without existing cluster settings (existingVpcId, existingBrokers)", p.Stack)
	}
	network, err := components.NewKafkaVpc(ctx, name, vpcArgs(cfg, p))
	if err != nil {
		return nil, err
	}
	exposeArgs, err := exposureArgs(cfg, p, sshKey, kplc)
	if err != nil {
		return nil, err
	}
	if exposeArgs.JumpHostKey, err = jumpHostKey(ctx, name, cfg, sshKey); err != nil {
		return nil, err
	}
	exposeArgs.Auth, exposeArgs.ExternalPassword = saslAuth(p), password
	exposure, err := components.NewExistingBrokerExposure(ctx, name, exposeArgs)
	if err != nil {
		return nil, err
	}

	var backends []components.NlbBroker
	for _, b := range cfg.Existing.Brokers {
		backends = append(backends, components.NlbBroker{NodeID: b.NodeID, Zone: b.Zone, InstanceID: pulumi.String(b.InstanceID)})
	}
	lbArgs := nlbArgs(cfg, network, backends)
	lbArgs.DependsOn = []pulumi.Resource{exposure.Last}
	nlb, err := components.NewKafkaNlb(ctx, name, lbArgs)
	if err != nil {
		return nil, err
	}
	service, err := newEndpointService(ctx, name, cfg, p, nlb)
	if err != nil {
		return nil, err
	}
	outputs := stackOutputs(cfg, p, network, nlb, service)
	outputs["brokerEdits"] = exposure.Results
	return outputs, nil
}

// exposureArgs joins the plan's brokers (EXTERNAL host and NLB port) with their configured
// access (SSH user, file, service). The restart gates reach the cluster on each broker's
// private IP at internalPort, the running brokers' client listener.
func exposureArgs(cfg *config.Config, p *plan.Plan, sshKey pulumi.StringInput, kplc components.KplcBinary) (*components.ExistingBrokerExposureArgs, error) {
	byID := map[int]config.ExistingBroker{}
	for _, b := range cfg.Existing.Brokers {
		byID[b.NodeID] = b
	}
	args := &components.ExistingBrokerExposureArgs{
		ExternalPort: p.ExternalPort,
		JumpHost:     cfg.Existing.JumpHost,
		JumpUser:     cfg.Existing.JumpUser,
		PrivateKey:   sshKey,
		Kplc:         kplc,
	}
	var bootstrap []string
	for _, b := range p.Brokers {
		eb, ok := byID[b.NodeID]
		if !ok {
			return nil, fmt.Errorf("stack %s: planned node %d is not in existingBrokers (a bug: the plan is built from them)", p.Stack, b.NodeID)
		}
		args.Brokers = append(args.Brokers, components.ExposedBroker{
			NodeID:         b.NodeID,
			PrivateIP:      b.PrivateIP,
			SSHUser:        eb.SSHUser,
			PropertiesPath: eb.PropertiesPath,
			ServiceName:    eb.ServiceName,
			AdvertisedHost: b.ExternalHost,
			AdvertisedPort: b.NLBPort,
		})
		bootstrap = append(bootstrap, b.PrivateIP+":"+strconv.Itoa(p.InternalPort))
	}
	args.Bootstrap = strings.Join(bootstrap, ",")
	return args, nil
}
