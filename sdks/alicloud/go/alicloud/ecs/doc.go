// Package ecs mirrors the ECS part of pulumi-alicloud v3.105.0 that kafka-plc uses: security groups and rules,
// key pairs, instances with their nested disk/network types, and the GetImages invoke.
package ecs
