// Package enginetest is kafka-plc's engine twin: the real Pulumi program (package deploy), run in
// process under Pulumi's own deployment engine (github.com/pulumi/pulumi/pkg/v3), against
// simulated Alibaba Cloud and command providers that accept and refuse what the real ones do.
package enginetest
