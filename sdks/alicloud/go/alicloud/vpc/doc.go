// Package vpc mirrors the VPC resources of pulumi-alicloud v3.105.0: Network (a VPC) and Switch (a vSwitch).
package vpc
