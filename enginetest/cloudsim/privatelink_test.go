package cloudsim

import (
	"strings"
	"testing"
)

// plFixture is a network with an internal NLB in zones j and k and an nlb endpoint service.
func plFixture(t *testing.T) (*sim, net, string, string) {
	s := newSim(t)
	n := s.net()
	lb, _ := s.mustCreate(TokenLoadBalancer, "nlb", n.nlbArgs(nil))
	svc, _ := s.mustCreate(TokenEndpointService, "svc", map[string]any{"serviceResourceType": "nlb", "autoAcceptConnection": false})
	return s, n, lb, svc
}

// facts: privatelink/vpcEndpointService (out) rows: epsrv-… ID, vpcEndpointServiceName
// com.aliyuncs.privatelink.<region>.epsrv-…, status Active.
func TestEndpointServiceOutputs(t *testing.T) {
	s := newSim(t)
	id, out := s.mustCreate(TokenEndpointService, "svc", map[string]any{"serviceResourceType": "nlb"})
	if !strings.HasPrefix(id, "epsrv-") || str(out, "vpcEndpointServiceName") != "com.aliyuncs.privatelink."+region+"."+id ||
		str(out, "status") != "Active" || str(out, "serviceDomain") == "" {
		t.Errorf("service %s: %v", id, out)
	}
}

// facts: vpcEndpointServiceResource ID (L103-105), zone_id required for NLB and must be a zone the NLB
// is in; the NLB must be internal-facing; resource type must match the service's.
func TestServiceResourceRules(t *testing.T) {
	s, n, lb, svc := plFixture(t)
	in := func(zone string) map[string]any {
		return map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb", "zoneId": zone}
	}
	s.createErr(TokenServiceResource, "r", in(zoneL), "EndpointServiceNotSupportedZone")
	s.createErr(TokenServiceResource, "r", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb"}, "MissingParam.ZoneId")
	s.createErr(TokenServiceResource, "r", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "alb", "zoneId": zoneJ}, "EndpointServiceResourceTypeNotEqual")
	s.createErr(TokenServiceResource, "r", map[string]any{"serviceId": "epsrv-missing", "resourceId": lb, "resourceType": "nlb", "zoneId": zoneJ}, "EndpointServiceNotFound")
	public, _ := s.mustCreate(TokenLoadBalancer, "pub", n.nlbArgs(map[string]any{"addressType": "Internet"}))
	s.createErr(TokenServiceResource, "r", map[string]any{"serviceId": svc, "resourceId": public, "resourceType": "nlb", "zoneId": zoneJ}, "LoadBalancerNotSupportPrivateLink")

	id, _ := s.mustCreate(TokenServiceResource, "r-j", in(zoneJ))
	if want := svc + ":" + lb + ":" + zoneJ; id != want {
		t.Errorf("resource ID %q, want %q", id, want)
	}
	s.createErr(TokenServiceResource, "r-j2", in(zoneJ), "EndpointServiceResourceExist")
	user, _ := s.mustCreate(TokenServiceUser, "user", map[string]any{"serviceId": svc, "userId": "1234567890123456"})
	if user != svc+":1234567890123456" { // tf L91
		t.Errorf("user ID %q", user)
	}
	s.createErr(TokenServiceUser, "user2", map[string]any{"serviceId": svc, "userId": "tidb-cloud"}, "IllegalParamFormat.UserId")
}

// The race: while a resource attach is in flight the service is locked, and a whitelist entry
// or a second attach created in parallel fails (EndpointServiceLocked; the code is unverified and
// neither TF create retries it). PauseAttach makes the overlap deterministic.
func TestServiceLockedWhileAttaching(t *testing.T) {
	s, _, lb, svc := plFixture(t)
	pause := s.c.PauseAttach(svc)
	done := make(chan error, 1)
	go func() {
		_, _, err := s.create(TokenServiceResource, "r-j", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb", "zoneId": zoneJ})
		done <- err
	}()
	<-pause.Entered()
	err := s.createErr(TokenServiceUser, "user", map[string]any{"serviceId": svc, "userId": "1234567890123456"}, "EndpointServiceLocked")
	if !strings.Contains(err.Error(), "Resource alicloud_privatelink_vpc_endpoint_service_user AddUserToVpcEndpointService Failed!!!") {
		t.Errorf("not wrapped as TF does: %v", err)
	}
	s.createErr(TokenServiceResource, "r-k", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb", "zoneId": zoneK}, "EndpointServiceLocked")
	pause.Release()
	if err := <-done; err != nil {
		t.Fatalf("the paused attach failed: %v", err)
	}
	// Once the attach completed, the same calls succeed.
	s.mustCreate(TokenServiceUser, "user", map[string]any{"serviceId": svc, "userId": "1234567890123456"})
	s.mustCreate(TokenServiceResource, "r-k", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb", "zoneId": zoneK})

	unlock := s.c.LockEndpointService(svc)
	s.createErr(TokenServiceUser, "user3", map[string]any{"serviceId": svc, "userId": "42"}, "EndpointServiceLocked")
	unlock()
	s.mustCreate(TokenServiceUser, "user3", map[string]any{"serviceId": svc, "userId": "42"})
}

// facts: privatelink/vpcEndpointService Delete retries EndpointServiceConnectionDependence until the
// 5-minute timeout, then fails; resources still attached give EndpointServiceDependenceViolation.
func TestEndpointServiceDelete(t *testing.T) {
	s, _, lb, svc := plFixture(t)
	res, _ := s.mustCreate(TokenServiceResource, "r-j", map[string]any{"serviceId": svc, "resourceId": lb, "resourceType": "nlb", "zoneId": zoneJ})
	if err := s.c.ConnectEndpoint(svc); err != nil {
		t.Fatal(err)
	}
	if err := s.del(TokenEndpointService, svc); ErrorCode(err) != "EndpointServiceConnectionDependence" {
		t.Fatalf("delete with a connection: %v", err)
	}
	if err := s.del(TokenServiceResource, res); ErrorCode(err) != "EndpointServiceConnectionDependence" {
		t.Fatalf("detach with a connection: %v", err)
	}
	s.c.DisconnectEndpoints(svc)
	if err := s.del(TokenEndpointService, svc); ErrorCode(err) != "EndpointServiceDependenceViolation" {
		t.Fatalf("delete with a resource attached: %v", err)
	}
	if err := s.del(TokenServiceResource, res); err != nil {
		t.Fatal(err)
	}
	if err := s.del(TokenEndpointService, svc); err != nil {
		t.Fatal(err)
	}
	if err := s.c.ConnectEndpoint(svc); err == nil {
		t.Error("ConnectEndpoint accepted a deleted service")
	}
}
