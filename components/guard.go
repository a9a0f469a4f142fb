package components

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BrokerDeletionGuardType is the type token of BrokerDeletionGuard.
const BrokerDeletionGuardType = "kafka-plc:index:BrokerDeletionGuard"

// BrokerDeletionGuardSuffix ends the guard's resource name. `pulumi destroy` does not run the
// program, so the engine's refusal ("resource <URN> cannot be deleted because it is protected",
// with a suggestion to `pulumi state unprotect`, the wrong fix) is all a user sees: the only text
// of ours in it is the URN, so the name says what the guard is and how to lift it properly.
const BrokerDeletionGuardSuffix = "-broker-deletion-guard--to-destroy-set-allowBrokerDeletion-true-then-pulumi-up"

// BrokerDeletionGuard makes `pulumi destroy` of a stack with protected brokers delete nothing.
//
// A broker's release protection (DeletionProtection) stops only the broker's own delete, at the
// cloud, after the engine has deleted whatever does not depend on it (the NLB, the endpoint
// service, the bastion, security group rules...). The guard is a component that touches no cloud
// and no host: it depends on every resource of the stack and is protected (Pulumi `protect`)
// while brokers are. Pulumi v3.274.1 deletes in reverse dependency order
// (resource/deploy/step_generator.go ScheduleDeletes), so the guard's delete is the only step of
// the first batch; a protected resource's DeleteStep fails when it is applied, in preview and
// update alike (resource/deploy/step.go L761-766, deleteProtectedError), and every resource the
// failed step depends on, transitively, is then left out of the later batches
// (resource/deploy/deployment_executor.go L588-622). So the destroy deletes nothing and names the
// guard. To tear a stack down on purpose: `pulumi config set allowBrokerDeletion true`, then
// `pulumi up` (which lifts the brokers' protection and, last, the guard's), then `pulumi destroy`.
// Do not use `pulumi state unprotect` on the guard: the brokers' release protection would then stop
// the destroy only after everything else is gone.
//
// The guard is not replaced with anything it depends on: the engine replaces a dependent of a
// delete-before-replace resource only when it is a custom resource
// (step_generator.go calculateDependentReplacements, "Neither component nor external resources
// require replacement"), so ordinary updates, a replaced bastion included, are not blocked.
type BrokerDeletionGuard struct {
	pulumi.ResourceState
}

// BrokerDeletionGuardArgs are the arguments of NewBrokerDeletionGuard.
type BrokerDeletionGuardArgs struct {
	// AllowBrokerDeletion lifts the guard's protection (the same setting that lifts the brokers').
	AllowBrokerDeletion bool `pulumi:"allowBrokerDeletion"`
	// Guards are the resources a destroy must not touch while brokers are protected: every
	// resource of the stack (ResourceTracker.Resources). Custom resources only: the Pulumi Go SDK
	// turns a component into the children it has registered so far, which may not be all.
	Guards []pulumi.Resource `pulumi:"-"`
}

// NewBrokerDeletionGuard registers the guard named name+BrokerDeletionGuardSuffix, protected
// unless args.AllowBrokerDeletion, depending on every resource in args.Guards. Register it after
// every other resource of the stack.
func NewBrokerDeletionGuard(ctx *pulumi.Context, name string, args *BrokerDeletionGuardArgs,
	opts ...pulumi.ResourceOption) (*BrokerDeletionGuard, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	guard := &BrokerDeletionGuard{}
	opts = append(append([]pulumi.ResourceOption(nil), opts...),
		pulumi.Protect(!args.AllowBrokerDeletion), pulumi.DependsOn(args.Guards))
	if err := ctx.RegisterComponentResource(BrokerDeletionGuardType, name+BrokerDeletionGuardSuffix, guard, opts...); err != nil {
		return nil, fmt.Errorf("registering the broker deletion guard of %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(guard, pulumi.Map{}); err != nil {
		return nil, fmt.Errorf("registering outputs of the broker deletion guard of %q: %w", name, err)
	}
	return guard, nil
}

// Validate checks the arguments of the guard of the stack prefix name.
func (args *BrokerDeletionGuardArgs) Validate(name string) error {
	fail := argFailer("BrokerDeletionGuard", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass a *BrokerDeletionGuardArgs")
	}
	if name == "" {
		return fail("name", "", "the guard needs a name", "pass the stack's resource name prefix")
	}
	if len(args.Guards) == 0 {
		return fail("Guards", "[]", "guards nothing", "pass every resource of the stack (ResourceTracker.Resources)")
	}
	for i, r := range args.Guards {
		if _, ok := r.(pulumi.CustomResource); !ok {
			return fail(fmt.Sprintf("Guards[%d]", i), fmt.Sprintf("%T", r),
				"not a custom resource; a component stands only for the children it has registered so far",
				"pass the custom resources (ResourceTracker.Resources)")
		}
	}
	return nil
}

// ResourceTracker records every custom resource the program registers after TrackResources.
type ResourceTracker struct {
	mu        sync.Mutex
	resources []pulumi.Resource
}

// TrackResources installs a stack transformation that records every custom resource registered
// from now on, components' children included. The SDK runs stack transformations synchronously
// in the registering call, so once the constructors have returned, Resources holds them all.
func TrackResources(ctx *pulumi.Context) (*ResourceTracker, error) {
	t := &ResourceTracker{}
	err := ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		if r, ok := args.Resource.(pulumi.CustomResource); ok {
			t.mu.Lock()
			t.resources = append(t.resources, r)
			t.mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tracking the stack's resources: %w", err)
	}
	return t, nil
}

// Resources returns the custom resources registered so far, in registration order.
func (t *ResourceTracker) Resources() []pulumi.Resource {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]pulumi.Resource(nil), t.resources...)
}
