package components

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Shared test helpers of package components: mocks that answer like Alibaba Cloud, a runner,
// and checks. Names are generic so every component's tests use them; the type tokens and the
// readers of recorded inputs are in internal/mocktest, shared with package deploy.

// newTestMocks returns mocks that add the provider-computed outputs the components read.
func newTestMocks() *mocktest.Mocks {
	return &mocktest.Mocks{
		Outputs: func(r mocktest.Resource) resource.PropertyMap {
			if out, ok := mocktest.StagingStdout(r); ok {
				return out
			}
			switch r.Type {
			case mocktest.TypeInstance:
				return resource.PropertyMap{"publicIp": resource.NewProperty("198.51.100.7")}
			case mocktest.TypeLoadBalancer:
				return resource.PropertyMap{"dnsName": resource.NewProperty(r.Name + ".nlb.example.com")}
			case mocktest.TypeEndpointService:
				return resource.PropertyMap{
					"vpcEndpointServiceName": resource.NewProperty("com.aliyuncs.privatelink.ap-southeast-1.epsrv-" + r.Name),
					"serviceDomain":          resource.NewProperty("epsrv-" + r.Name + ".privatelink.example.com"),
				}
			}
			return nil
		},
		CallResults: func(call mocktest.Invoke) (resource.PropertyMap, error) {
			if call.Token == mocktest.FuncGetImages {
				return mocktest.ImagesResult(), nil
			}
			return resource.PropertyMap{}, nil
		},
	}
}

// runWithMocks runs fn as a Pulumi program of project kafka-plc, stack dev, under mocks.
func runWithMocks(mocks *mocktest.Mocks, fn pulumi.RunFunc, opts ...pulumi.RunOption) error {
	return pulumi.RunErr(fn, append([]pulumi.RunOption{pulumi.WithMocks("kafka-plc", "dev", mocks)}, opts...)...)
}

// awaitOutput waits for an output inside a mocked program and returns its value.
func awaitOutput(ctx *pulumi.Context, o pulumi.Output) (any, error) {
	res, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	if err != nil {
		return nil, err
	}
	return res.Value, nil
}

// awaitAll waits for each output inside a mocked program and stores its value in into under
// the output's key.
func awaitAll(ctx *pulumi.Context, into map[string]any, outputs map[string]pulumi.Output) error {
	for key, o := range outputs {
		v, err := awaitOutput(ctx, o)
		if err != nil {
			return err
		}
		into[key] = v
	}
	return nil
}

// checkCustomChildren checks that every custom (provider) resource has the component named
// compName of type compToken as its parent and asks for the alicloud plugin version 3.105.0.
func checkCustomChildren(t *testing.T, mocks *mocktest.Mocks, compToken, compName string) {
	t.Helper()
	for _, r := range mocks.Resources() {
		if !r.Custom {
			continue
		}
		if tok, name := r.ParentTypeAndName(); tok != compToken || name != compName {
			t.Errorf("%s %q: parent is %s %q, want the component %s %q", r.Type, r.Name, tok, name, compToken, compName)
		}
		if strings.HasPrefix(r.Type, "alicloud:") && r.Version != "3.105.0" {
			t.Errorf("%s %q: provider version %q, want 3.105.0", r.Type, r.Name, r.Version)
		}
		if !strings.HasPrefix(r.Name, compName+"-") {
			t.Errorf("%s %q: name is not derived from the component's name %q", r.Type, r.Name, compName)
		}
	}
}

// checkCounts compares the number of registrations per type token with want (a token missing
// from want must not be registered at all).
func checkCounts(t *testing.T, mocks *mocktest.Mocks, want map[string]int) {
	t.Helper()
	got := mocks.CountByType()
	for tok, n := range want {
		if got[tok] != n {
			t.Errorf("%s: %d registered, want %d", tok, got[tok], n)
		}
	}
	for tok, n := range got {
		if _, ok := want[tok]; !ok {
			t.Errorf("%s: %d registered, want none", tok, n)
		}
	}
}

// stringMap returns an awaited map output as map[string]string (nil when it is no map).
func stringMap(v any) map[string]string {
	switch m := v.(type) {
	case map[string]string:
		return m
	case map[string]any:
		out := map[string]string{}
		for k, x := range m {
			out[k] = fmt.Sprint(x)
		}
		return out
	}
	return nil
}

// checkArgError checks that err is an *ArgError of the component naming field and value, with
// a fix.
func checkArgError(t *testing.T, err error, component, field, value string) {
	t.Helper()
	var ae *ArgError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an *ArgError about %s", err, field)
	}
	if ae.Component != component || ae.Field != field || !strings.HasPrefix(ae.Value, value) || ae.Fix == "" {
		t.Errorf("error = %+v, want component %s field %s value %q and a fix", *ae, component, field, value)
	}
	if msg := err.Error(); !strings.Contains(msg, field) || !strings.Contains(msg, "fix:") {
		t.Errorf("message %q does not name the field %s and the fix", msg, field)
	}
}

// checkArgErrorField checks that err is an *ArgError of the component naming exactly field,
// with a fix.
func checkArgErrorField(t *testing.T, err error, component, field string) {
	t.Helper()
	var ae *ArgError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an *ArgError", err)
	}
	if ae.Field != field || ae.Component != component || ae.Fix == "" {
		t.Errorf("error names field %q (component %q, fix %q), want field %q with a fix", ae.Field, ae.Component, ae.Fix, field)
	}
}

// checkNothingRegistered checks that a program that failed registered no resource first.
func checkNothingRegistered(t *testing.T, mocks *mocktest.Mocks) {
	t.Helper()
	if n := len(mocks.Resources()); n != 0 {
		t.Errorf("%d resources registered before the error, want none", n)
	}
}

// argCase is one case of a component's table of invalid arguments: edit breaks one setting of
// valid arguments, and the component must refuse it naming wantField and wantValue.
type argCase[A any] struct {
	name      string
	edit      func(a *A)
	wantField string
	wantValue string
}

// checkInvalidArgs runs each case as a subtest: it edits fresh valid arguments, runs the
// component under mocks with run, and checks the *ArgError (checkArgError) and that nothing
// was registered before it.
func checkInvalidArgs[A, O any](t *testing.T, component string, valid func() *A,
	run func(*testing.T, *A) (*mocktest.Mocks, O, error), cases []argCase[A]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := valid()
			tc.edit(args)
			mocks, _, err := run(t, args)
			checkArgError(t, err, component, tc.wantField, tc.wantValue)
			checkNothingRegistered(t, mocks)
		})
	}
}
