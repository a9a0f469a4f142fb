package plan

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// devConfig is the dev stack as config.Load would return it: three brokers in three zones,
// the manual guide's addresses and ports.
func devConfig() *config.Config {
	return &config.Config{
		Project:               "kafka-plc",
		Stack:                 "dev",
		Mode:                  config.ModeNew,
		Region:                "ap-southeast-1",
		Zones:                 []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"},
		VpcCIDR:               "10.0.0.0/16",
		BrokerVswitchCIDRs:    []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"},
		BastionVswitchCIDR:    "10.0.192.0/18",
		BrokerCount:           3,
		ControllerCount:       3,
		MessageMaxBytes:       10485760,
		ReplicaFetchMaxBytes:  10485760,
		DataDiskSizeGB:        200,
		ControllerPort:        29092,
		InternalPort:          9092,
		ExternalPort:          39092,
		NLBBootstrapPort:      9092,
		NLBFirstBrokerPort:    9093,
		DistPort:              8081,
		AdvertisedHostPattern: "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com",
		TiDBCloudAccountID:    "5678901234567890",
		ClusterID:             "MkU3OEVBNTcwNTJENDM2Qk",
	}
}

// withBrokers returns the dev config with n brokers and k controllers.
func withBrokers(n, k int) *config.Config {
	c := devConfig()
	c.BrokerCount, c.ControllerCount = n, k
	return c
}

func mustBuild(t *testing.T, c *config.Config) *Plan {
	t.Helper()
	p, err := Build(c)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run `go test ./plan -update` to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run `go test ./plan -update` if the change is intended):\n%s",
			path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines that differ between want and got, by position.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestBuildDevStack(t *testing.T) {
	p := mustBuild(t, devConfig())

	if p.Stage != StageAwaitingUniqueName || p.UniqueName != config.PlaceholderUniqueName {
		t.Errorf("stage = %q, unique name = %q; want %q with the placeholder %q",
			p.Stage, p.UniqueName, StageAwaitingUniqueName, config.PlaceholderUniqueName)
	}
	wantBrokers := []struct {
		id        int
		zone, ip  string
		roles     string
		external  string
		nlbPort   int
		listeners string
	}{
		{1, "ap-southeast-1a", "10.0.0.10", "broker,controller", "b1.unique_name.alicloud.plc.tidbcloud.com", 9093,
			"CONTROLLER://10.0.0.10:29092,INTERNAL://10.0.0.10:9092,EXTERNAL://10.0.0.10:39092"},
		{2, "ap-southeast-1b", "10.0.64.10", "broker,controller", "b2.unique_name.alicloud.plc.tidbcloud.com", 9094,
			"CONTROLLER://10.0.64.10:29092,INTERNAL://10.0.64.10:9092,EXTERNAL://10.0.64.10:39092"},
		{3, "ap-southeast-1c", "10.0.128.10", "broker,controller", "b3.unique_name.alicloud.plc.tidbcloud.com", 9095,
			"CONTROLLER://10.0.128.10:29092,INTERNAL://10.0.128.10:9092,EXTERNAL://10.0.128.10:39092"},
	}
	if len(p.Brokers) != len(wantBrokers) {
		t.Fatalf("got %d brokers, want %d", len(p.Brokers), len(wantBrokers))
	}
	for i, w := range wantBrokers {
		b := p.Brokers[i]
		got := fmt.Sprint(b.NodeID, b.Zone, b.PrivateIP, b.RoleNames(), b.ExternalHost, b.NLBPort, b.Listeners)
		want := fmt.Sprint(w.id, w.zone, w.ip, w.roles, w.external, w.nlbPort, w.listeners)
		if got != want {
			t.Errorf("broker %d:\n got  %s\n want %s", i+1, got, want)
		}
		wantAdv := fmt.Sprintf("INTERNAL://%s:9092,EXTERNAL://%s:%d", w.ip, w.external, w.nlbPort)
		if b.AdvertisedListeners != wantAdv {
			t.Errorf("broker %d advertised.listeners = %q, want %q", w.id, b.AdvertisedListeners, wantAdv)
		}
		if b.ProtocolMap != "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT" {
			t.Errorf("broker %d protocol map = %q", w.id, b.ProtocolMap)
		}
		if errs := Validate(b.ServerProperties); len(errs) != 0 {
			t.Errorf("broker %d server.properties fails validation: %v", w.id, errs)
		}
		golden(t, fmt.Sprintf("dev-broker-%d.properties", w.id), b.ServerProperties)
	}

	const wantVoters = "1@10.0.0.10:29092,2@10.0.64.10:29092,3@10.0.128.10:29092"
	if p.QuorumVoters != wantVoters {
		t.Errorf("quorum voters = %q, want %q", p.QuorumVoters, wantVoters)
	}
	if want := (Bastion{Zone: "ap-southeast-1a", VswitchCIDR: "10.0.192.0/18", PrivateIP: "10.0.192.10"}); p.Bastion != want {
		t.Errorf("bastion = %+v, want %+v", p.Bastion, want)
	}
	if got, want := p.InternalBootstrap(), "10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092"; got != want {
		t.Errorf("InternalBootstrap() = %q, want %q", got, want)
	}
	if got := p.TiDBCloud; got.AccountID != "5678901234567890" || got.BootstrapPort != 9092 ||
		!reflect.DeepEqual(got.Zones, []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"}) {
		t.Errorf("TiDB Cloud entry = %+v", got)
	}
}

func TestBuildPortMap(t *testing.T) {
	p := mustBuild(t, devConfig())
	var got []string
	for _, m := range p.PortMap {
		var backends []string
		for _, b := range m.Backends {
			backends = append(backends, fmt.Sprintf("%d@%s:%d", b.NodeID, b.PrivateIP, b.Port))
		}
		got = append(got, fmt.Sprintf("%d -> %s -> %s", m.ListenerPort, m.ServerGroup, strings.Join(backends, ",")))
	}
	want := []string{
		"9092 -> bootstrap -> 1@10.0.0.10:39092,2@10.0.64.10:39092,3@10.0.128.10:39092",
		"9093 -> broker-1 -> 1@10.0.0.10:39092",
		"9094 -> broker-2 -> 2@10.0.64.10:39092",
		"9095 -> broker-3 -> 3@10.0.128.10:39092",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("port map:\n got  %q\n want %q", got, want)
	}
}

func TestBuildAdvertisesUniqueName(t *testing.T) {
	for _, tc := range []struct {
		name        string
		brokers     int
		controllers int
	}{
		{"three brokers", 3, 3},
		{"seven brokers", 7, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := withBrokers(tc.brokers, tc.controllers)
			c.UniqueName = "plc-7x2k9"
			p := mustBuild(t, c)
			if p.Stage != StageUniqueNameSet || len(p.PendingChanges) != 0 {
				t.Errorf("stage = %q with %d pending changes; want %q and none", p.Stage, len(p.PendingChanges), StageUniqueNameSet)
			}
			if len(p.Brokers) != tc.brokers {
				t.Fatalf("got %d brokers, want %d", len(p.Brokers), tc.brokers)
			}
			for i, b := range p.Brokers {
				id := i + 1
				want := fmt.Sprintf("EXTERNAL://b%d.plc-7x2k9.alicloud.plc.tidbcloud.com:%d", id, 9092+id)
				line := fmt.Sprintf("\nadvertised.listeners=INTERNAL://%s:9092,%s\n", b.PrivateIP, want)
				if !strings.Contains(b.ServerProperties, line) {
					t.Errorf("broker %d server.properties lacks %q", id, strings.TrimSpace(line))
				}
				if m := p.PortMap[id]; m.ListenerPort != 9092+id || len(m.Backends) != 1 || m.Backends[0].NodeID != id {
					t.Errorf("port map entry %d = %+v, want port %d to broker %d only", id, m, 9092+id, id)
				}
			}
			if n := len(p.PortMap[0].Backends); n != tc.brokers {
				t.Errorf("bootstrap group has %d backends, want %d", n, tc.brokers)
			}
		})
	}
}

func TestBuildBrokerOnlyNodes(t *testing.T) {
	p := mustBuild(t, withBrokers(6, 3))
	if got, want := p.QuorumVoters, "1@10.0.0.10:29092,2@10.0.64.10:29092,3@10.0.128.10:29092"; got != want {
		t.Errorf("quorum voters = %q, want %q", got, want)
	}
	if n := len(p.Controllers()); n != 3 {
		t.Errorf("Controllers() has %d brokers, want 3", n)
	}
	for _, b := range p.Brokers {
		props := map[string]string{}
		for _, pr := range b.Properties {
			props[pr.Key] = pr.Value
		}
		wantRoles := "broker,controller"
		if b.NodeID > 3 {
			wantRoles = "broker"
			if strings.Contains(b.Listeners, "CONTROLLER") {
				t.Errorf("broker-only node %d listens on CONTROLLER: %q", b.NodeID, b.Listeners)
			}
		} else if !strings.HasPrefix(b.Listeners, "CONTROLLER://") {
			t.Errorf("combined node %d has no CONTROLLER listener: %q", b.NodeID, b.Listeners)
		}
		if props[kraft.KeyProcessRoles] != wantRoles {
			t.Errorf("node %d process.roles = %q, want %q", b.NodeID, props[kraft.KeyProcessRoles], wantRoles)
		}
		if props[kraft.KeyControllerListenerNames] != "CONTROLLER" {
			t.Errorf("node %d controller.listener.names = %q, want CONTROLLER (broker-only nodes need it to reach the quorum)",
				b.NodeID, props[kraft.KeyControllerListenerNames])
		}
		if errs := Validate(b.ServerProperties); len(errs) != 0 {
			t.Errorf("node %d fails validation: %v", b.NodeID, errs)
		}
	}
	golden(t, "six-broker-4.properties", p.Brokers[3].ServerProperties)
}

func TestBuildZoneRoundRobin(t *testing.T) {
	p := mustBuild(t, withBrokers(5, 3))
	want := []string{
		"1 ap-southeast-1a 10.0.0.10",
		"2 ap-southeast-1b 10.0.64.10",
		"3 ap-southeast-1c 10.0.128.10",
		"4 ap-southeast-1a 10.0.0.11",
		"5 ap-southeast-1b 10.0.64.11",
	}
	var got []string
	for _, b := range p.Brokers {
		got = append(got, fmt.Sprintf("%d %s %s", b.NodeID, b.Zone, b.PrivateIP))
		props := map[string]string{}
		for _, pr := range b.Properties {
			props[pr.Key] = pr.Value
		}
		if props["broker.rack"] != b.Zone {
			t.Errorf("node %d broker.rack = %q, want its zone %q", b.NodeID, props["broker.rack"], b.Zone)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("placement:\n got  %q\n want %q", got, want)
	}
}

func TestBuildBastionZone(t *testing.T) {
	c := devConfig()
	c.BastionZone = "ap-southeast-1b"
	if got := mustBuild(t, c).Bastion; got.Zone != "ap-southeast-1b" || got.PrivateIP != "10.0.192.10" {
		t.Errorf("bastion = %+v, want zone ap-southeast-1b at 10.0.192.10", got)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	for _, unique := range []string{"", "plc-7x2k9"} {
		c := withBrokers(7, 5)
		c.UniqueName = unique
		a, b := mustBuild(t, c), mustBuild(t, c)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("uniqueName %q: two builds of the same config differ", unique)
		}
		for i := range a.Brokers {
			if a.Brokers[i].ConfigHash() != b.Brokers[i].ConfigHash() {
				t.Errorf("uniqueName %q: node %d rendered differently on a second build", unique, a.Brokers[i].NodeID)
			}
		}
	}
}

// The stage-1 and stage-2 files must differ in exactly the advertised.listeners line, so the
// second pass changes nothing else on a running broker.
func TestStagesDifferOnlyInAdvertisedListeners(t *testing.T) {
	c1 := withBrokers(4, 3)
	c2 := withBrokers(4, 3)
	c2.UniqueName = "plc-7x2k9"
	p1, p2 := mustBuild(t, c1), mustBuild(t, c2)
	if len(p1.PendingChanges) != len(p1.Brokers) {
		t.Fatalf("stage 1 lists %d pending changes, want one per broker (%d)", len(p1.PendingChanges), len(p1.Brokers))
	}
	for i := range p1.Brokers {
		b1, b2 := p1.Brokers[i], p2.Brokers[i]
		l1, l2 := strings.Split(b1.ServerProperties, "\n"), strings.Split(b2.ServerProperties, "\n")
		if len(l1) != len(l2) {
			t.Fatalf("node %d: stage files have %d and %d lines", b1.NodeID, len(l1), len(l2))
		}
		var diff []string
		for j := range l1 {
			if l1[j] != l2[j] {
				diff = append(diff, l1[j]+" => "+l2[j])
			}
		}
		want := []string{"advertised.listeners=" + b1.AdvertisedListeners + " => advertised.listeners=" + b2.AdvertisedListeners}
		if !reflect.DeepEqual(diff, want) {
			t.Errorf("node %d: stage 1 -> 2 changes %q, want only %q", b1.NodeID, diff, want)
		}
		pc := p1.PendingChanges[i]
		if pc.NodeID != b1.NodeID || pc.Key != kraft.KeyAdvertisedListeners || pc.From != b1.AdvertisedListeners ||
			strings.ReplaceAll(pc.To, UniqueNameToken, "plc-7x2k9") != b2.AdvertisedListeners {
			t.Errorf("pending change %d = %+v; want node %d advertised.listeners %q -> %q (with %s)",
				i, pc, b1.NodeID, b1.AdvertisedListeners, b2.AdvertisedListeners, UniqueNameToken)
		}
	}
}

func TestBuildExistingCluster(t *testing.T) {
	c := devConfig()
	c.Mode = config.ModeExisting
	c.Existing = &config.Existing{
		VpcID: "vpc-123",
		Brokers: []config.ExistingBroker{
			{NodeID: 2, Zone: "ap-southeast-1b", PrivateIP: "172.16.1.5"},
			{NodeID: 0, Zone: "ap-southeast-1a", PrivateIP: "172.16.0.5"},
			{NodeID: 1, Zone: "ap-southeast-1c", PrivateIP: "172.16.2.5"},
		},
	}
	p := mustBuild(t, c)
	var got []string
	for _, b := range p.Brokers {
		got = append(got, fmt.Sprintf("%d %s %s %s %d props=%d/%d", b.NodeID, b.Zone, b.PrivateIP, b.ExternalHost, b.NLBPort,
			len(b.Properties), len(b.ServerProperties)))
	}
	want := []string{
		"0 ap-southeast-1a 172.16.0.5 b0.unique_name.alicloud.plc.tidbcloud.com 9093 props=0/0",
		"1 ap-southeast-1c 172.16.2.5 b1.unique_name.alicloud.plc.tidbcloud.com 9094 props=0/0",
		"2 ap-southeast-1b 172.16.1.5 b2.unique_name.alicloud.plc.tidbcloud.com 9095 props=0/0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("existing brokers:\n got  %q\n want %q", got, want)
	}
	if len(p.PortMap) != 4 || p.PortMap[0].ServerGroup != BootstrapServerGroup || len(p.PortMap[0].Backends) != 3 ||
		p.PortMap[1].ServerGroup != "broker-0" || p.PortMap[1].Backends[0].PrivateIP != "172.16.0.5" {
		t.Errorf("existing port map = %+v", p.PortMap)
	}
	if len(p.PendingChanges) != 3 || p.PendingChanges[0].From != "EXTERNAL://b0.unique_name.alicloud.plc.tidbcloud.com:9093" ||
		p.PendingChanges[0].To != "EXTERNAL://b0.{uniqueName}.alicloud.plc.tidbcloud.com:9093" {
		t.Errorf("existing pending changes = %+v", p.PendingChanges)
	}
	if c.Existing.Brokers[0].NodeID != 2 {
		t.Errorf("Build reordered the caller's existing.brokers")
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*config.Config)
		want   string
	}{
		{"vSwitch too small", func(c *config.Config) { c.BrokerVswitchCIDRs[1] = "10.0.64.0/29" }, "brokerVswitchCidrs[1]"},
		{"bastion vSwitch not a CIDR", func(c *config.Config) { c.BastionVswitchCIDR = "10.0.192.0" }, "bastionVswitchCidr"},
		{"fewer vSwitches than zones", func(c *config.Config) { c.BrokerVswitchCIDRs = c.BrokerVswitchCIDRs[:2] }, "one vSwitch range per zone"},
		{"more controllers than brokers", func(c *config.Config) { c.ControllerCount = 5 }, "controllerCount = 5"},
		// Config validation should catch these; Build's validator is the last guard.
		{"wildcard advertised host", func(c *config.Config) { c.AdvertisedHostPattern = "0.0.0.0" }, string(kraft.RuleAdvertisedHost)},
		{"EXTERNAL port equals INTERNAL", func(c *config.Config) { c.ExternalPort = 9092 }, string(kraft.RuleUniqueListenerPorts)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := devConfig()
			tc.mutate(c)
			p, err := Build(c)
			if err == nil {
				t.Fatalf("Build succeeded with %+v; want an error mentioning %q", p, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	if _, err := Build(nil); err == nil {
		t.Error("Build(nil) succeeded")
	}
}

func TestPlanLookups(t *testing.T) {
	p := mustBuild(t, withBrokers(4, 3))
	b, ok := p.Broker(4)
	if !ok || b.NodeID != 4 || b.PrivateIP != "10.0.0.11" {
		t.Errorf("Broker(4) = %+v, %v; want node 4 at 10.0.0.11", b, ok)
	}
	if _, ok := p.Broker(5); ok {
		t.Error("Broker(5) found a broker in a four-broker plan")
	}
	hashes := map[string]bool{}
	for _, b := range p.Brokers {
		h := b.ConfigHash()
		if len(h) != 64 || hashes[h] {
			t.Errorf("node %d ConfigHash %q is not a fresh 64-hex digest", b.NodeID, h)
		}
		hashes[h] = true
	}
}
