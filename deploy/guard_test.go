package deploy

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/components"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// protectRecorder wraps the mocks and records the protect option of each registration by name.
type protectRecorder struct {
	*mocktest.Mocks
	mu      sync.Mutex
	protect map[string]bool
}

// NewResource records the protect option, then lets the mocks answer.
func (p *protectRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if rpc := args.RegisterRPC; rpc != nil {
		p.mu.Lock()
		p.protect[args.Name] = rpc.GetProtect()
		p.mu.Unlock()
	}
	return p.Mocks.NewResource(args)
}

// runGuarded runs the program for stack dev with the given configuration and returns the
// mocks and the protect option of each resource.
func runGuarded(t *testing.T, stack map[string]string) (*mocktest.Mocks, map[string]bool) {
	t.Helper()
	moduleDir := fakeModule(t)
	rec := &protectRecorder{Mocks: newMocks(t, moduleDir), protect: map[string]bool{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := program(ctx, moduleDir, prebuiltKplc)
		return err
	}, pulumi.WithMocks("kafka-plc", "dev", rec), withStack(stack))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return rec.Mocks, rec.protect
}

// Pulumi deletes in reverse dependency order and refuses, per step, to delete a protected
// resource, then skips everything that step depends on (pkg/v3 v3.274.1
// resource/deploy/step.go L761-766, deployment_executor.go L588-622). So a guard that depends on
// every resource and is protected while the brokers are makes a destroy delete nothing; with
// allowBrokerDeletion it is unprotected and a destroy deletes everything.
func TestBrokerDeletionGuard(t *testing.T) {
	guardName := "kafka-plc-dev" + components.BrokerDeletionGuardSuffix
	for _, tc := range []struct {
		allow       string
		wantProtect bool
	}{{"", true}, {"false", true}, {"true", false}} {
		t.Run("allowBrokerDeletion="+tc.allow, func(t *testing.T) {
			stack := devStack(3)
			if tc.allow != "" {
				stack["kafka-plc:allowBrokerDeletion"] = tc.allow
			}
			mocks, protect := runGuarded(t, stack)
			guard := mocks.MustNamed(t, components.BrokerDeletionGuardType, guardName)
			if got := protect[guardName]; got != tc.wantProtect {
				t.Errorf("guard protect = %v, want %v", got, tc.wantProtect)
			}
			custom := 0
			for _, r := range mocks.Resources() {
				if !r.Custom {
					continue
				}
				custom++
				if !guard.DependsOn(r.URN) {
					t.Errorf("the guard does not depend on %s %s: a destroy could delete it before the guard refuses", r.Type, r.Name)
				}
				if protect[r.Name] {
					t.Errorf("%s %s is Pulumi-protected: only the guard should be (a destroy would delete around it)", r.Type, r.Name)
				}
			}
			if custom < 40 {
				t.Errorf("only %d custom resources recorded; the stack has more", custom)
			}
		})
	}
}

// Mode existing creates no brokers, so there is no broker to protect and no guard.
func TestNoBrokerDeletionGuardInModeExisting(t *testing.T) {
	mocks := exRun(t, "")
	if n := len(mocks.ByType(components.BrokerDeletionGuardType)); n != 0 {
		t.Errorf("%d broker deletion guards in mode existing, want none", n)
	}
}
