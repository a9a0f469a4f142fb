// Package privatelink mirrors the PrivateLink endpoint service resources of pulumi-alicloud v3.105.0:
// VpcEndpointService, VpcEndpointServiceResource and VpcEndpointServiceUser.
package privatelink
