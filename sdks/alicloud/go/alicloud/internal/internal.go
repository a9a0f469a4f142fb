// Package internal holds the helpers shared by every resource, invoke and nested type of this
// SDK subset: the plugin version option, resource registration with required-argument checks,
// invoke calls, and the generic Input/Output conversions that nested types delegate to.
package internal

import (
	"context"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Version is the pulumi-alicloud release this subset mirrors; it selects the provider plugin.
const Version = "3.105.0"

// ErrMissingArgs is returned when a resource with required arguments gets a nil Args pointer.
var ErrMissingArgs = errors.New("missing one or more required arguments")

// PkgResourceDefaultOpts puts the plugin version ahead of the caller's options, so an explicit
// pulumi.Version from the caller still wins.
func PkgResourceDefaultOpts(opts []pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Version(Version)}, opts...)
}

// PkgInvokeDefaultOpts is PkgResourceDefaultOpts for invokes.
func PkgInvokeDefaultOpts(opts []pulumi.InvokeOption) []pulumi.InvokeOption {
	return append([]pulumi.InvokeOption{pulumi.Version(Version)}, opts...)
}

// Arg names one required argument and the value the caller gave for it.
type Arg struct {
	// Name is the Go field name of the argument, as used in the error message.
	Name string
	// Value is the caller's value; nil means the argument was left out.
	Value pulumi.Input
}

// Required pairs a required argument's field name with its value.
func Required(name string, value pulumi.Input) Arg {
	return Arg{Name: name, Value: value}
}

// CheckRequired returns an error naming the first required argument that was left out.
func CheckRequired(args ...Arg) error {
	for _, a := range args {
		if a.Value == nil {
			return fmt.Errorf("invalid value for required argument '%s'", a.Name)
		}
	}
	return nil
}

// NewResource checks the required arguments, then registers a custom resource of type R under
// token with the package version option added, and returns it.
func NewResource[R any, P interface {
	*R
	pulumi.CustomResource
}](ctx *pulumi.Context, token, name string, args pulumi.Input, opts []pulumi.ResourceOption, required ...Arg) (*R, error) {
	if err := CheckRequired(required...); err != nil {
		return nil, err
	}
	res := P(new(R))
	if err := ctx.RegisterResource(token, name, args, res, PkgResourceDefaultOpts(opts)...); err != nil {
		return nil, fmt.Errorf("registering %s %q: %w", token, name, err)
	}
	return (*R)(res), nil
}

// Invoke calls the provider function token with args, decoding the result into an R.
func Invoke[R any](ctx *pulumi.Context, token string, args any, opts []pulumi.InvokeOption) (*R, error) {
	var result R
	if err := ctx.Invoke(token, args, &result, PkgInvokeDefaultOpts(opts)...); err != nil {
		return nil, fmt.Errorf("invoking %s: %w", token, err)
	}
	return &result, nil
}

// ToOutput converts an input into its registered output type O.
func ToOutput[O pulumi.Output](ctx context.Context, in pulumi.Input) O {
	return pulumi.ToOutputWithContext(ctx, in).(O)
}

// ToPtrOutput lifts an output of plain T into the registered output type P of *T.
func ToPtrOutput[T any, P pulumi.Output](ctx context.Context, o pulumi.Output) P {
	return o.ApplyTWithContext(ctx, func(_ context.Context, v T) *T { return &v }).(P)
}

// Elem dereferences an output of *T into the registered output type O of T (zero T for nil).
func Elem[T any, O pulumi.Output](o pulumi.Output) O {
	return o.ApplyT(func(v *T) T {
		if v == nil {
			var zero T
			return zero
		}
		return *v
	}).(O)
}

// Index selects element i of an output of []T as the registered output type O of T.
func Index[T any, O pulumi.Output](o pulumi.Output, i pulumi.IntInput) O {
	return pulumi.All(o, i).ApplyT(func(vs []any) T {
		return vs[0].([]T)[vs[1].(int)]
	}).(O)
}
