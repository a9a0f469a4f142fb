package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/privatelink"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateLinkEndpointServiceType is the type token of the PrivateLinkEndpointService component.
const PrivateLinkEndpointServiceType = "kafka-plc:index:PrivateLinkEndpointService"

// PrivateLinkEndpointServiceArgs are the arguments of NewPrivateLinkEndpointService. Give the
// NLB as LoadBalancer (a *KafkaNlb), or, for an NLB made elsewhere, its LoadBalancerID and
// Zones.
type PrivateLinkEndpointServiceArgs struct {
	// LoadBalancer is the KafkaNlb the service exposes: its ID is used, and its zones unless
	// Zones names some of them.
	LoadBalancer *KafkaNlb `pulumi:"-"`
	// LoadBalancerID is the ID of an NLB not made by KafkaNlb; only without LoadBalancer.
	LoadBalancerID pulumi.StringInput `pulumi:"loadBalancerId"`
	// Zones are the zones the service gets a resource in. With LoadBalancer they default to all
	// of the NLB's zones and must be among them; with LoadBalancerID they are required, and
	// must be zones that NLB has (the component cannot check that for an NLB it does not know).
	Zones []string `pulumi:"zones"`
	// AllowedAccountID is the only Alibaba Cloud account allowed to connect: TiDB Cloud's.
	AllowedAccountID string `pulumi:"allowedAccountId"`
	// Description is the service's description (a default is used when empty).
	Description string `pulumi:"description"`
}

// loadBalancerID is the ID of the NLB the service exposes.
func (args *PrivateLinkEndpointServiceArgs) loadBalancerID() pulumi.StringInput {
	if args.LoadBalancer != nil {
		return args.LoadBalancer.LoadBalancerID
	}
	return args.LoadBalancerID
}

// zones are the zones the service gets a resource in.
func (args *PrivateLinkEndpointServiceArgs) zones() []string {
	if len(args.Zones) == 0 && args.LoadBalancer != nil {
		return args.LoadBalancer.Zones()
	}
	return args.Zones
}

// PrivateLinkEndpointService is a PrivateLink endpoint service in front of an NLB: connections
// are accepted manually and only one account is whitelisted.
type PrivateLinkEndpointService struct {
	pulumi.ResourceState

	// ServiceID is the endpoint service's ID.
	ServiceID pulumi.StringOutput `pulumi:"serviceId"`
	// ServiceName is the endpoint service's name: the value to enter in TiDB Cloud.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// ServiceDomain is the endpoint service's domain name.
	ServiceDomain pulumi.StringOutput `pulumi:"serviceDomain"`
}

// NewPrivateLinkEndpointService validates args, then registers the component and its children.
func NewPrivateLinkEndpointService(ctx *pulumi.Context, name string, args *PrivateLinkEndpointServiceArgs,
	opts ...pulumi.ResourceOption) (*PrivateLinkEndpointService, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	comp := &PrivateLinkEndpointService{}
	if err := ctx.RegisterComponentResource(PrivateLinkEndpointServiceType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering PrivateLinkEndpointService %q: %w", name, err)
	}
	parent := pulumi.Parent(comp)

	description := args.Description
	if description == "" {
		description = "kafka-plc: Kafka for TiDB Cloud (" + name + ")"
	}
	svc, err := privatelink.NewVpcEndpointService(ctx, name+"-service", &privatelink.VpcEndpointServiceArgs{
		ServiceResourceType:  pulumi.String("nlb"),
		AutoAcceptConnection: pulumi.Bool(false),
		ServiceDescription:   pulumi.String(description),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the endpoint service of %q: %w", name, err)
	}
	// The service is locked while a resource attaches: the API refuses concurrent attachments
	// ("resources cannot be attached concurrently", CreateVpcEndpointServiceResource; facts:
	// privatelink/vpcEndpointServiceResource). The provider retries EndpointServiceOperationDenied
	// and ConcurrentCallNotSupported only for a while, so the per-zone resources attach one after
	// another, and the whitelist entry (which modifies the same service) comes after all of them.
	var attached []pulumi.Resource
	for _, zone := range args.zones() {
		resName := name + "-nlb-" + zone
		res, err := privatelink.NewVpcEndpointServiceResource(ctx, resName, &privatelink.VpcEndpointServiceResourceArgs{
			ServiceId:    svc.ID(),
			ResourceType: pulumi.String("nlb"),
			ResourceId:   args.loadBalancerID(),
			ZoneId:       pulumi.String(zone),
		}, parent, pulumi.DependsOn(attached))
		if err != nil {
			return nil, fmt.Errorf("adding the NLB in %s to endpoint service %q: %w", zone, name, err)
		}
		attached = append(attached, res)
	}
	if _, err := privatelink.NewVpcEndpointServiceUser(ctx, name+"-user", &privatelink.VpcEndpointServiceUserArgs{
		ServiceId: svc.ID(),
		UserId:    pulumi.String(args.AllowedAccountID),
	}, parent, pulumi.DependsOn(attached)); err != nil {
		return nil, fmt.Errorf("whitelisting account %s on endpoint service %q: %w", args.AllowedAccountID, name, err)
	}

	comp.ServiceID = svc.ID().ToStringOutput()
	comp.ServiceName = svc.VpcEndpointServiceName
	comp.ServiceDomain = svc.ServiceDomain
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"serviceId":     comp.ServiceID,
		"serviceName":   comp.ServiceName,
		"serviceDomain": comp.ServiceDomain,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of PrivateLinkEndpointService %q: %w", name, err)
	}
	return comp, nil
}

// Validate checks the arguments of a PrivateLinkEndpointService named name.
func (args *PrivateLinkEndpointServiceArgs) Validate(name string) error {
	fail := argFailer("PrivateLinkEndpointService", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *PrivateLinkEndpointServiceArgs")
	}
	if name == "" {
		return fail("name", "", "the component needs a name", "pass a non-empty name")
	}
	var nlbZones []string
	switch {
	case args.LoadBalancer != nil && args.LoadBalancerID != nil:
		return fail("LoadBalancerID", "", "given together with LoadBalancer", "give only LoadBalancer (the *KafkaNlb)")
	case args.LoadBalancer != nil:
		nlbZones = args.LoadBalancer.Zones()
		if len(nlbZones) == 0 {
			return fail("LoadBalancer", "", "not made by NewKafkaNlb (it has no zones)", "pass the *KafkaNlb that NewKafkaNlb returned")
		}
	case args.LoadBalancerID == nil:
		return fail("LoadBalancer", "", "missing", "pass the *KafkaNlb (or, for an NLB made elsewhere, LoadBalancerID and Zones)")
	case missingID(args.LoadBalancerID):
		return fail("LoadBalancerID", "", "empty ID", "pass the NLB's ID, or the *KafkaNlb as LoadBalancer")
	case len(args.Zones) == 0:
		return fail("Zones", "[]", "no zone", "give the zones of the NLB with ID LoadBalancerID")
	}
	seen := map[string]bool{}
	for i, z := range args.Zones {
		field := fmt.Sprintf("Zones[%d]", i)
		if strings.TrimSpace(z) == "" {
			return fail(field, z, "empty zone", `give a zone ID, e.g. "ap-southeast-1a"`)
		}
		if seen[z] {
			return fail(field, z, "zone listed twice", "list each zone once")
		}
		seen[z] = true
		if nlbZones != nil && !slices.Contains(nlbZones, z) {
			return fail(field, z, "the NLB has no vSwitch in this zone (its zones: "+strings.Join(nlbZones, ", ")+")",
				"list only the NLB's zones, or leave Zones empty to use all of them")
		}
	}
	if !isAccountID(args.AllowedAccountID) {
		return fail("AllowedAccountID", args.AllowedAccountID, "not an Alibaba Cloud account ID (digits only)",
			"copy TiDB Cloud's account ID from its private link connection page")
	}
	return nil
}

// isAccountID reports whether s looks like an Alibaba Cloud account ID: 1..32 decimal digits.
func isAccountID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
