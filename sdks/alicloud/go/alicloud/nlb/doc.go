// Package nlb mirrors the Network Load Balancer resources of pulumi-alicloud v3.105.0: LoadBalancer,
// ServerGroup, ServerGroupServerAttachment and Listener, with their nested types.
package nlb
