// Package focused holds focused engine-level tests of kafka-plc: the real program
// (deploy.Program) run in process under Pulumi's deployment engine (pkg/v3 v3.274.1) against small
// stand-in alicloud and command providers that follow alicloud-provider-facts.md. They prove
// issue 10's broker deletion guard (item 11) and the bastion's delete-first replacement (item 6)
// until the engine twin's scenarios cover them.
package focused
