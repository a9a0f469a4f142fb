// Package cloudsim simulates one Alibaba Cloud account and region as the Pulumi alicloud provider
// v3.105.0 (terraform-provider-alicloud v1.285.0 behind pulumi-terraform-bridge v3.134.0) presents it to
// the Pulumi engine: Check refuses what the TF schema refuses, Diff replaces what the schema marks
// ForceNew, and Create, Update and Delete refuse what the TF code and the cloud API refuse, with the API's
// error codes and TF's error wrapping.
//
// Every rule cites its source: a row of /work/shared/reference/alicloud-provider-facts.md ("facts:") or a
// line of the TF provider source at tag v1.285.0 ("tf:"). Rules the facts file marks unverified follow
// the stricter reading and say so where they are implemented.
package cloudsim
