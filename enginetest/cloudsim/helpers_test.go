package cloudsim

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	region = "cn-hangzhou"
	zoneJ  = "cn-hangzhou-j"
	zoneK  = "cn-hangzhou-k"
	zoneL  = "cn-hangzhou-l"
	// sshRSA is a syntactically valid OpenSSH RSA public key line (the body is base64).
	sshRSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 kafka@plc"
)

// sim drives a Cloud through its plugin.Provider, as the engine would.
type sim struct {
	t *testing.T
	c *Cloud
	p plugin.Provider
}

func newSim(t *testing.T) *sim {
	t.Helper()
	c := New(region)
	return &sim{t: t, c: c, p: c.Provider()}
}

func pm(m map[string]any) property.Map {
	return resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(m))
}

func urnOf(token, name string) resource.URN {
	return resource.NewURN("dev", "kafka-plc", "", tokens.Type(token), name)
}

// check runs Check on inputs.
func (s *sim) check(token string, in map[string]any) plugin.CheckResponse {
	s.t.Helper()
	resp, err := s.p.Check(context.Background(), plugin.CheckRequest{
		URN: urnOf(token, "r"), Name: "r", Type: tokens.Type(token), NewInputs: pm(in), RandomSeed: []byte{1},
	})
	if err != nil {
		s.t.Fatalf("Check(%s): %v", token, err)
	}
	return resp
}

// checkPM runs Check on a property map (for unknown values).
func (s *sim) checkPM(token string, in resource.PropertyMap) plugin.CheckResponse {
	s.t.Helper()
	resp, err := s.p.Check(context.Background(), plugin.CheckRequest{
		URN: urnOf(token, "r"), Name: "r", Type: tokens.Type(token), NewInputs: resource.FromResourcePropertyMap(in), RandomSeed: []byte{1},
	})
	if err != nil {
		s.t.Fatalf("Check(%s): %v", token, err)
	}
	return resp
}

// create checks then creates; a Check failure fails the test. It returns the ID, outputs and the
// Create error.
func (s *sim) create(token, name string, in map[string]any) (string, resource.PropertyMap, error) {
	s.t.Helper()
	resp := s.check(token, in)
	if len(resp.Failures) > 0 {
		s.t.Fatalf("Check(%s %s) failed: %v", token, name, resp.Failures)
	}
	cr, err := s.p.Create(context.Background(), plugin.CreateRequest{
		URN: urnOf(token, name), Name: name, Type: tokens.Type(token), Properties: resp.Properties,
	})
	return string(cr.ID), resource.ToResourcePropertyMap(cr.Properties), err
}

// mustCreate is create that fails the test on error.
func (s *sim) mustCreate(token, name string, in map[string]any) (string, resource.PropertyMap) {
	s.t.Helper()
	id, out, err := s.create(token, name, in)
	if err != nil {
		s.t.Fatalf("Create(%s %s): %v", token, name, err)
	}
	return id, out
}

// createErr is create that expects an API error code.
func (s *sim) createErr(token, name string, in map[string]any, code string) error {
	s.t.Helper()
	_, _, err := s.create(token, name, in)
	if err == nil {
		s.t.Fatalf("Create(%s %s) succeeded, want %s", token, name, code)
	}
	if code != "" && ErrorCode(err) != code {
		s.t.Fatalf("Create(%s %s) error code %q, want %q: %v", token, name, ErrorCode(err), code, err)
	}
	return err
}

// diff runs Diff of new inputs against the state (outputs) and old inputs.
func (s *sim) diff(token string, outs resource.PropertyMap, oldIn, newIn map[string]any) plugin.DiffResult {
	s.t.Helper()
	res, err := s.p.Diff(context.Background(), plugin.DiffRequest{
		URN: urnOf(token, "r"), Name: "r", Type: tokens.Type(token), ID: "x",
		OldOutputs: resource.FromResourcePropertyMap(outs), OldInputs: pm(oldIn), NewInputs: pm(newIn),
	})
	if err != nil {
		s.t.Fatalf("Diff: %v", err)
	}
	return res
}

// update runs Update of resource id from its outputs to new inputs.
func (s *sim) update(token, id string, outs resource.PropertyMap, newIn map[string]any) (resource.PropertyMap, error) {
	s.t.Helper()
	resp, err := s.p.Update(context.Background(), plugin.UpdateRequest{
		URN: urnOf(token, "r"), Name: "r", Type: tokens.Type(token), ID: resource.ID(id),
		OldOutputs: resource.FromResourcePropertyMap(outs), NewInputs: pm(newIn),
	})
	return resource.ToResourcePropertyMap(resp.Properties), err
}

// del runs Delete of resource id.
func (s *sim) del(token, id string) error {
	s.t.Helper()
	_, err := s.p.Delete(context.Background(), plugin.DeleteRequest{
		URN: urnOf(token, "r"), Name: "r", Type: tokens.Type(token), ID: resource.ID(id),
	})
	return err
}

// failed asserts Check failed with one failure containing want, and returns its reason.
func failed(t *testing.T, resp plugin.CheckResponse, want string) string {
	t.Helper()
	for _, f := range resp.Failures {
		if strings.Contains(f.Reason, want) {
			return f.Reason
		}
	}
	t.Fatalf("Check failures %v do not contain %q", resp.Failures, want)
	return ""
}

// net is a VPC 10.0.0.0/16 with vSwitches 10.0.1.0/24 (zone j), 10.0.2.0/24 (zone k) and
// 10.0.3.0/24 (zone l), a security group and a key pair.
type net struct {
	vpc, swJ, swK, swL, sg, key string
}

func (s *sim) net() net {
	s.t.Helper()
	var n net
	n.vpc, _ = s.mustCreate(TokenNetwork, "vpc", map[string]any{"vpcName": "kafka-vpc", "cidrBlock": "10.0.0.0/16"})
	n.swJ, _ = s.mustCreate(TokenSwitch, "vsw-j", map[string]any{"vpcId": n.vpc, "cidrBlock": "10.0.1.0/24", "zoneId": zoneJ, "vswitchName": "kafka-j"})
	n.swK, _ = s.mustCreate(TokenSwitch, "vsw-k", map[string]any{"vpcId": n.vpc, "cidrBlock": "10.0.2.0/24", "zoneId": zoneK, "vswitchName": "kafka-k"})
	n.swL, _ = s.mustCreate(TokenSwitch, "vsw-l", map[string]any{"vpcId": n.vpc, "cidrBlock": "10.0.3.0/24", "zoneId": zoneL, "vswitchName": "kafka-l"})
	n.sg, _ = s.mustCreate(TokenSecurityGroup, "sg", map[string]any{"vpcId": n.vpc, "securityGroupName": "kafka-broker"})
	n.key, _ = s.mustCreate(TokenKeyPair, "key", map[string]any{"keyPairName": "kafka-key", "publicKey": sshRSA})
	return n
}

// instanceArgs are the inputs of a broker instance in vSwitch sw, with extra overriding fields.
func (n net) instanceArgs(sw string, extra map[string]any) map[string]any {
	in := map[string]any{
		"instanceType": "ecs.g7.xlarge", "imageId": "aliyun_3_x64_20G_alibase_20250629.vhd",
		"vswitchId": sw, "securityGroups": []any{n.sg}, "keyName": n.key, "instanceName": "kafka-b1",
		"instanceChargeType": "PostPaid", "internetChargeType": "PayByTraffic", "systemDiskCategory": "cloud_essd",
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

// nlbArgs are the inputs of an internal NLB over the zone j and k vSwitches.
func (n net) nlbArgs(extra map[string]any) map[string]any {
	in := map[string]any{
		"loadBalancerName": "kafka-nlb", "addressType": "Intranet", "vpcId": n.vpc, "crossZoneEnabled": true,
		"zoneMappings": []any{
			map[string]any{"zoneId": zoneJ, "vswitchId": n.swJ},
			map[string]any{"zoneId": zoneK, "vswitchId": n.swK},
		},
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}
