package enginetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nlb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the NLB's parts the scenario changes.
const (
	typeListener    = "alicloud:nlb/listener:Listener"
	typeServerGroup = "alicloud:nlb/serverGroup:ServerGroup"
	typeAttachment  = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
)

// TestNLBChangesRerunTheChecks is issue 12 item 12, scenario 4 style: a change of the NLB's
// listeners, server groups or backends that keeps its DNS name and changes no broker's
// configuration. No setting makes such a change (ports and the backend port also change the
// checks' command or the brokers' files), so it comes as a change of kafka-plc's code between two
// updates, through the twin's stack transformation. The update changes those NLB resources in
// place, leaves the DNS name, runs no configure step, and runs the checks again (before the fix
// they ran only on a configuration change).
func TestNLBChangesRerunTheChecks(t *testing.T) {
	for _, tc := range []struct {
		name string
		// transform returns the transformation and the NLB resource it changes (type, name).
		transform func() (pulumi.ResourceTransformation, string, string)
	}{
		{"a listener reaches another server group", func() (pulumi.ResourceTransformation, string, string) {
			// Listener 9094 (broker 2's) re-pointed to broker 1's server group, registered before it.
			var group pulumi.CustomResource
			return func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
				switch {
				case a.Type == typeServerGroup && a.Name == "kafka-plc-dev-broker-1":
					group, _ = a.Resource.(pulumi.CustomResource)
				case a.Type == typeListener && a.Name == "kafka-plc-dev-listener-9094" && group != nil:
					if args, ok := a.Props.(*nlb.ListenerArgs); ok {
						changed := *args
						changed.ServerGroupId = group.ID()
						return &pulumi.ResourceTransformationResult{Props: &changed, Opts: a.Opts}
					}
				}
				return nil
			}, typeListener, "kafka-plc-dev-listener-9094"
		}},
		{"a backend's weight", func() (pulumi.ResourceTransformation, string, string) {
			return func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
				if args, ok := a.Props.(*nlb.ServerGroupServerAttachmentArgs); ok && a.Name == "kafka-plc-dev-broker-1-b1" {
					changed := *args
					changed.Weight = pulumi.Int(50)
					return &pulumi.ResourceTransformationResult{Props: &changed, Opts: a.Opts}
				}
				return nil
			}, typeAttachment, "kafka-plc-dev-broker-1-b1"
		}},
		{"a server group's health check", func() (pulumi.ResourceTransformation, string, string) {
			return func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
				if args, ok := a.Props.(*nlb.ServerGroupArgs); ok && a.Name == "kafka-plc-dev-bootstrap" {
					changed := *args
					hc, _ := args.HealthCheck.(nlb.ServerGroupHealthCheckArgs)
					hc.HealthCheckInterval = pulumi.Int(20)
					changed.HealthCheck = hc
					return &pulumi.ResourceTransformationResult{Props: &changed, Opts: a.Opts}
				}
				return nil
			}, typeServerGroup, "kafka-plc-dev-bootstrap"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := devTwin(t)
			b := blockedBy(t, 1, 2)
			first := tw.Up()
			b.must("stage 1 pulumi up", first)
			tw.Cloud.ResetOps()
			dns := first.Update.Output("nlbDnsName")
			transform, typ, name := tc.transform()
			tw.Transform = transform
			before := len(tw.Hosts.Runs())
			up := tw.Up()
			b.must("pulumi up with the NLB changed", up)

			changed := up.Update.Changed()
			if want := "update " + typ + " " + name; !slices.Contains(changed, want) {
				t.Fatalf("test setup: the update did not %s; it did\n  %s", want, strings.Join(changed, "\n  "))
			}
			if got := up.Update.Output("nlbDnsName"); got != dns || dns == nil {
				t.Fatalf("test setup: the NLB's DNS name changed (%v, was %v)", got, dns)
			}
			if bad := replacedOrDeleted(up.Update); len(bad) != 0 {
				t.Errorf("replaced or deleted: %v", bad)
			}
			var ran []string
			for _, r := range tw.Hosts.Runs()[before:] {
				ran = append(ran, r.URN.Name())
			}
			if !slices.Contains(ran, "kafka-plc-dev-checks") {
				t.Errorf("the checks did not run again after the NLB changed; host commands run: %v", ran)
			}
			for _, n := range ran {
				if strings.Contains(n, "-configure-") || strings.Contains(n, "-install-") {
					t.Errorf("%s ran, although no broker's configuration changed", n)
				}
			}
			if p, u := changedNames(up.Preview), changedNames(up.Update); !slices.Equal(p, u) {
				t.Errorf("preview planned %v, the update changed %v", p, u)
			}
		})
	}
}
