// Package alicloud is the root of kafka-plc's API-compatible subset of the official Alibaba Cloud
// Pulumi Go SDK (github.com/pulumi/pulumi-alicloud/sdk/v3, v3.105.0). The resources live in the
// vpc, ecs, nlb and privatelink sub-packages; see README.md at the module root for the list and
// for how to switch to the official module. This package itself declares nothing.
package alicloud
