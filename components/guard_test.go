package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestBrokerDeletionGuardInvalidArgs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		guards func(ctx *pulumi.Context) ([]pulumi.Resource, error)
		field  string
	}{
		{"guards nothing", func(*pulumi.Context) ([]pulumi.Resource, error) { return nil, nil }, "Guards"},
		{"a component", func(ctx *pulumi.Context) ([]pulumi.Resource, error) {
			svc, err := NewPrivateLinkEndpointService(ctx, "kafka", testEndpointServiceArgs())
			return []pulumi.Resource{svc}, err
		}, "Guards[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mocks := newTestMocks()
			err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
				guards, err := tc.guards(ctx)
				if err != nil {
					return err
				}
				_, err = NewBrokerDeletionGuard(ctx, "kafka", &BrokerDeletionGuardArgs{Guards: guards})
				return err
			})
			checkArgErrorField(t, err, "BrokerDeletionGuard", tc.field)
			if n := len(mocks.ByType(BrokerDeletionGuardType)); n != 0 {
				t.Errorf("%d guards registered after a refusal", n)
			}
		})
	}
}

// The tracker sees every custom resource registered after it, children of components included,
// by the time their constructors return.
func TestTrackResourcesSeesComponentChildren(t *testing.T) {
	mocks := newTestMocks()
	var tracked []pulumi.Resource
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		tracker, err := TrackResources(ctx)
		if err != nil {
			return err
		}
		if _, err := NewPrivateLinkEndpointService(ctx, "kafka", testEndpointServiceArgs()); err != nil {
			return err
		}
		tracked = tracker.Resources()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range mocks.Resources() {
		if r.Custom {
			want++
		}
	}
	if len(tracked) != want || want != 5 {
		t.Errorf("tracked %d resources, the component registered %d custom ones (want 5: service, 3 zones, user)", len(tracked), want)
	}
}
