package components

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// Fixed values of the broker set tests. The key is not a real key; it only has to be text that
// must never show up in a command.
const (
	bsBastionPublicIP = "203.0.113.10"
	bsNLBDNSName      = "nlb-kafka.ap-southeast-1.nlb.example.com"
	bsNLBRevision     = "nlb-revision-1"
	bsPrivateKey      = "-----BEGIN OPENSSH PRIVATE KEY-----\nbsNotARealKeyButSecretMaterial0123456789\n-----END OPENSSH PRIVATE KEY-----\n"
	bsKeyMaterial     = "bsNotARealKeyButSecretMaterial0123456789"
)

// bsZones are the dev stack's zones, with the vSwitch ID the tests give each.
var bsZones = []string{"ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"}

// bsVswitchID is the vSwitch ID the tests give zone.
func bsVswitchID(zone string) string { return "vsw-" + zone }

// bsConfig is a complete, valid configuration of a new three-broker cluster.
func bsConfig(uniqueName string) *config.Config {
	return &config.Config{
		Project: "kafka-plc", Stack: "dev", Mode: config.ModeNew,
		Region: "ap-southeast-1", Zones: bsZones, VpcCIDR: "10.0.0.0/16",
		BrokerVswitchCIDRs: []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"},
		BastionVswitchCIDR: "10.0.192.0/24", BastionZone: "ap-southeast-1a",
		BrokerCount: 3, ControllerCount: 3,
		BrokerInstanceType: "ecs.g7.large", SystemDiskCategory: "cloud_essd",
		DataDiskSizeGB: 100, DataDiskCategory: "cloud_essd", SSHUser: "root",
		KafkaVersion: "3.7.1", ScalaVersion: "2.13",
		KafkaDownloadURL: "https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		KafkaChecksum:    config.Checksum{Algorithm: "sha256", Hex: "62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9"},
		JavaPackage:      "java-17-openjdk-headless", BrokerHeap: "2g",
		MessageMaxBytes: 10485760, ReplicaFetchMaxBytes: 10485760,
		ControllerPort: 29092, InternalPort: 9092, ExternalPort: 39092,
		NLBBootstrapPort: 9092, NLBFirstBrokerPort: 9093, DistPort: 8081,
		AdvertisedHostPattern: "b{id}.{uniqueName}.alicloud.plc.tidbcloud.com",
		TiDBCloudAccountID:    "1234567890123456",
		UniqueName:            uniqueName,
		ClusterID:             "MkU3OEVBNTcwNTJENDM2Qk",
	}
}

// bsPlan builds the plan of bsConfig(uniqueName).
func bsPlan(t *testing.T, uniqueName string) *plan.Plan {
	t.Helper()
	p, err := plan.Build(bsConfig(uniqueName))
	if err != nil {
		t.Fatalf("plan.Build: %v", err)
	}
	return p
}

// bsKplcBinary writes a stand-in kplc binary and returns its path.
func bsKplcBinary(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kplc-linux-amd64")
	if err := os.WriteFile(path, []byte("\x7fELF stand-in kplc"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// bsPlanOf is the plan each bsArgs result was made from, for the verification bsRun adds.
var bsPlanOf = map[*KraftBrokerSetArgs]*plan.Plan{}

// bsNodes maps the plan's brokers the way package deploy does (kraftNodes).
func bsNodes(p *plan.Plan) []KraftNode {
	var nodes []KraftNode
	for _, b := range p.Brokers {
		var roles []string
		for _, r := range b.Roles {
			roles = append(roles, string(r))
		}
		nodes = append(nodes, KraftNode{NodeID: b.NodeID, Zone: b.Zone, PrivateIP: b.PrivateIP, Roles: roles, ServerProperties: b.ServerProperties})
	}
	return nodes
}

// bsAuth maps the plan's EXTERNAL authentication the way package deploy does (saslAuth).
func bsAuth(p *plan.Plan) SASLAuth {
	return SASLAuth{Mechanism: p.Auth.Mechanism, User: p.Auth.User, TopicPrefix: p.Auth.TopicPrefix}
}

// bsVerifyFields returns the plan's part of the verification arguments, mapped the way
// package deploy does.
func bsVerifyFields(p *plan.Plan) *PrivateLinkVerificationArgs {
	a := &PrivateLinkVerificationArgs{
		Bootstrap: p.InternalBootstrap(), UniqueName: p.UniqueName, HostPattern: p.TiDBCloud.AdvertisedListenerPattern,
		BootstrapPort: p.TiDBCloud.BootstrapPort, Auth: bsAuth(p),
	}
	for _, b := range p.Brokers {
		a.BrokerPorts = append(a.BrokerPorts, b.NLBPort)
	}
	return a
}

// bsArgs returns valid arguments for the plan, reading config values the way deploy does.
func bsArgs(p *plan.Plan, kplcPath string) *KraftBrokerSetArgs {
	c := bsConfig("")
	vsw := pulumi.StringMap{}
	for _, z := range bsZones {
		vsw[z] = pulumi.String(bsVswitchID(z))
	}
	a := &KraftBrokerSetArgs{
		Project:            p.Project,
		Stack:              p.Stack,
		Brokers:            bsNodes(p),
		ClusterID:          p.ClusterID,
		InternalPort:       p.InternalPort,
		DistHost:           p.Bastion.PrivateIP,
		Auth:               bsAuth(p),
		VswitchIDs:         vsw,
		SecurityGroupID:    pulumi.String("sg-brokers"),
		KeyPairName:        pulumi.String("kafka-plc-dev"),
		ImageID:            pulumi.String(mocktest.ImageID),
		InstanceType:       c.BrokerInstanceType,
		SystemDiskCategory: c.SystemDiskCategory,
		DataDiskSizeGB:     c.DataDiskSizeGB,
		DataDiskCategory:   c.DataDiskCategory,
		SSH: SSHAccess{
			User:            c.SSHUser,
			PrivateKey:      pulumi.ToSecret(pulumi.String(bsPrivateKey)).(pulumi.StringOutput),
			BastionPublicIP: pulumi.String(bsBastionPublicIP),
			BastionHostKey:  pulumi.String(mocktest.HostKey),
		},
		Kafka: KafkaInstall{
			Version: c.KafkaVersion, ScalaVersion: c.ScalaVersion, DownloadURL: c.KafkaDownloadURL,
			Checksum: c.KafkaChecksum.String(), JavaPackage: c.JavaPackage, Heap: c.BrokerHeap,
			DistPort: c.DistPort,
		},
		Kplc: KplcBinary{Path: kplcPath},
	}
	bsPlanOf[a] = p
	return a
}

// bsRun runs a program with the broker set "kafka" and the verification "verify" under fresh
// mocks. The stdout of every remote command is mocked as `{"ok":true,"step":"<name>"}`.
func bsRun(t *testing.T, args *KraftBrokerSetArgs) (*mocktest.Mocks, *bsResult, error) {
	t.Helper()
	mocks := newTestMocks()
	base := mocks.Outputs
	mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
		out := base(r)
		if _, staging := mocktest.StagingStdout(r); r.Type == mocktest.TypeRemoteCommand && !staging {
			out = resource.PropertyMap{"stdout": resource.NewProperty(fmt.Sprintf(`{"ok":true,"step":%q}`, r.Name))}
		}
		return out
	}
	res := &bsResult{}
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		bs, err := NewKraftBrokerSet(ctx, "kafka", args)
		if err != nil {
			return err
		}
		va := bsVerifyFields(bsPlanOf[args])
		va.SSH = args.SSH
		va.NLBDNSName = pulumi.String(bsNLBDNSName)
		va.NLBRevision = pulumi.String(bsNLBRevision)
		va.ConfigRevision = bs.ConfigRevision
		va.DependsOn = []pulumi.Resource{bs.ClusterReadyStep}
		va.SASLPassword = args.ExternalPassword
		v, err := NewPrivateLinkVerification(ctx, "verify", va)
		if err != nil {
			return err
		}
		for key, o := range map[string]pulumi.Output{
			"instanceIds": bs.InstanceIDs, "privateIps": bs.PrivateIPs, "configureStepIds": bs.ConfigureStepIDs,
			"clusterReady": bs.ClusterReady, "summary": v.Summary,
		} {
			val, err := awaitOutput(ctx, o)
			if err != nil {
				return fmt.Errorf("awaiting %s: %w", key, err)
			}
			res.outputs = append(res.outputs, bsOutput{key, val})
		}
		return nil
	})
	return mocks, res, err
}

// bsResult holds the awaited outputs of a bsRun.
type bsResult struct{ outputs []bsOutput }

type bsOutput struct {
	key string
	val any
}

// get returns the awaited output named key.
func (r *bsResult) get(key string) any {
	for _, o := range r.outputs {
		if o.key == key {
			return o.val
		}
	}
	return nil
}

// bsMustRun is bsRun that fails the test on error.
func bsMustRun(t *testing.T, args *KraftBrokerSetArgs) (*mocktest.Mocks, *bsResult) {
	t.Helper()
	mocks, res, err := bsRun(t, args)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return mocks, res
}

// bsConnection returns the connection input of r and whether it was sent as a secret.
func bsConnection(t *testing.T, r mocktest.Resource) (resource.PropertyMap, bool) {
	t.Helper()
	v, ok := r.Inputs["connection"]
	if !ok {
		t.Fatalf("%s %q: no connection input", r.Type, r.Name)
	}
	inner := mocktest.Reveal(v)
	if !inner.IsObject() {
		t.Fatalf("%s %q: connection is %v, want an object", r.Type, r.Name, inner)
	}
	return inner.ObjectValue(), v.IsSecret()
}

// bsName returns the logical name of the named broker-set child.
func bsName(kind string, nodeID int) string { return fmt.Sprintf("kafka-%s-%d", kind, nodeID) }

func TestKraftBrokerSetInstances(t *testing.T) {
	p := bsPlan(t, "")
	mocks, res := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))

	if got := len(mocks.ByType(mocktest.TypeInstance)); got != len(p.Brokers) {
		t.Fatalf("%d instances, want one per broker (%d)", got, len(p.Brokers))
	}
	for _, b := range p.Brokers {
		r := mocks.MustNamed(t, mocktest.TypeInstance, bsName("broker", b.NodeID))
		checks := []struct{ what, got, want string }{
			{"vswitchId", r.Str("vswitchId"), bsVswitchID(b.Zone)},
			{"availabilityZone", r.Str("availabilityZone"), b.Zone},
			{"privateIp", r.Str("privateIp"), b.PrivateIP},
			{"instanceChargeType", r.Str("instanceChargeType"), "PostPaid"},
			{"instanceType", r.Str("instanceType"), "ecs.g7.large"},
			{"imageId", r.Str("imageId"), mocktest.ImageID},
			{"keyName", r.Str("keyName"), "kafka-plc-dev"},
			{"userData", r.Str("userData"), ""},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("node %d instance: %s = %q, want %q", b.NodeID, c.what, c.got, c.want)
			}
		}
		if bw, set := r.Int("internetMaxBandwidthOut"); set && bw != 0 {
			t.Errorf("node %d instance: internetMaxBandwidthOut = %d, want 0 (no public IP)", b.NodeID, bw)
		}
		if v, set := r.Bool("allocatePublicIp"); set && v {
			t.Errorf("node %d instance: allocatePublicIp = true, want no public IP", b.NodeID)
		}
		sgs := r.Array("securityGroups")
		if len(sgs) != 1 || sgs[0].StringValue() != "sg-brokers" {
			t.Errorf("node %d instance: securityGroups = %v, want [sg-brokers]", b.NodeID, sgs)
		}
		disks := r.Array("dataDisks")
		if len(disks) != 1 || !disks[0].IsObject() {
			t.Fatalf("node %d instance: dataDisks = %v, want exactly one data disk for log.dirs", b.NodeID, disks)
		}
		disk := disks[0].ObjectValue()
		if size, _ := mocktest.Int(disk, "size"); size != 100 {
			t.Errorf("node %d data disk: size = %d, want 100", b.NodeID, size)
		}
		if cat := mocktest.Str(disk, "category"); cat != "cloud_essd" {
			t.Errorf("node %d data disk: category = %q, want cloud_essd", b.NodeID, cat)
		}
		tags := r.Map("tags")
		wantTags := map[string]string{"project": "kafka-plc", "stack": "dev", "node-id": fmt.Sprint(b.NodeID), "role": "broker,controller"}
		for k, want := range wantTags {
			if got := mocktest.Str(tags, k); got != want {
				t.Errorf("node %d instance: tag %s = %q, want %q", b.NodeID, k, got, want)
			}
		}
	}

	ids, ips := stringMap(res.get("instanceIds")), stringMap(res.get("privateIps"))
	for _, b := range p.Brokers {
		key := fmt.Sprint(b.NodeID)
		if ids[key] != mocktest.ID(bsName("broker", b.NodeID)) {
			t.Errorf("output instanceIds[%s] = %v, want %s", key, ids[key], mocktest.ID(bsName("broker", b.NodeID)))
		}
		if ips[key] != b.PrivateIP {
			t.Errorf("output privateIps[%s] = %v, want %s", key, ips[key], b.PrivateIP)
		}
	}
}

func TestKraftBrokerSetConnectsThroughBastion(t *testing.T) {
	p := bsPlan(t, "")
	mocks, _ := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))

	brokerIP := map[string]string{}
	for _, b := range p.Brokers {
		brokerIP[bsName("install", b.NodeID)] = b.PrivateIP
		brokerIP[bsName("configure", b.NodeID)] = b.PrivateIP
		brokerIP[bsName("prepare-host", b.NodeID)] = b.PrivateIP
		brokerIP[bsName("start", b.NodeID)] = b.PrivateIP
		brokerIP[fmt.Sprintf("kafka-host-key-%d-read", b.NodeID)] = b.PrivateIP
		for _, kind := range []string{"staging", "upload-install-broker", "upload-configure-broker", "scripts"} {
			brokerIP[bsName(kind, b.NodeID)] = b.PrivateIP
		}
	}
	onBastion := map[string]bool{"kafka-prepare-bastion": true, "kafka-cluster-ready": true, "kafka-kplc-staging": true,
		"kafka-kplc-upload": true, "kafka-upload-prepare-bastion": true, "kafka-scripts": true,
		"verify-checks-staging": true, "verify-checks-upload-verify": true, "verify-checks-scripts": true, "verify-checks": true,
		"kafka-finalize-features": true, "kafka-rebalance": true}

	remotes := append(mocks.ByType(mocktest.TypeRemoteCommand), mocks.ByType(mocktest.TypeCopyToRemote)...)
	if want := 9*len(p.Brokers) + len(onBastion); len(remotes) != want {
		t.Errorf("%d remote resources, want %d (per broker: host-key read, upload directory, two script uploads, script install, host preparation, install, "+
			"first start, configure; on the bastion: %d)", len(remotes), want, len(onBastion))
	}
	for _, r := range remotes {
		conn, secret := bsConnection(t, r)
		if !secret {
			t.Errorf("%s: the connection (with the private key) was not sent as a secret", r.Name)
		}
		if key := mocktest.RevealedStr(conn, "privateKey"); key != bsPrivateKey {
			t.Errorf("%s: connection.privateKey is not the configured key", r.Name)
		}
		if mocktest.RevealedStr(conn, "user") != "root" {
			t.Errorf("%s: connection.user = %q, want root", r.Name, mocktest.RevealedStr(conn, "user"))
		}
		if n, _ := mocktest.Int(conn, "dialErrorLimit"); n != sshDialErrorLimit {
			t.Errorf("%s: dialErrorLimit = %d, want %d", r.Name, n, sshDialErrorLimit)
		}
		if n, _ := mocktest.Int(conn, "perDialTimeout"); n != sshPerDialTimeout {
			t.Errorf("%s: perDialTimeout = %d, want %d", r.Name, n, sshPerDialTimeout)
		}
		proxyVal, hasProxy := conn["proxy"]
		switch {
		case onBastion[r.Name]:
			if host := mocktest.RevealedStr(conn, "host"); host != bsBastionPublicIP {
				t.Errorf("%s: host = %q, want the bastion %s", r.Name, host, bsBastionPublicIP)
			}
			if hasProxy && !mocktest.Reveal(proxyVal).IsNull() {
				t.Errorf("%s: runs on the bastion but has a proxy %v", r.Name, proxyVal)
			}
		case brokerIP[r.Name] != "":
			if host := mocktest.RevealedStr(conn, "host"); host != brokerIP[r.Name] {
				t.Errorf("%s: host = %q, want the broker's private IP %s", r.Name, host, brokerIP[r.Name])
			}
			proxy := mocktest.Reveal(proxyVal)
			if !hasProxy || !proxy.IsObject() {
				t.Fatalf("%s: reaches a broker without the bastion as proxy", r.Name)
			}
			pm := proxy.ObjectValue()
			if host := mocktest.RevealedStr(pm, "host"); host != bsBastionPublicIP {
				t.Errorf("%s: proxy.host = %q, want the bastion %s", r.Name, host, bsBastionPublicIP)
			}
			if mocktest.RevealedStr(pm, "privateKey") != bsPrivateKey || mocktest.RevealedStr(pm, "user") != "root" {
				t.Errorf("%s: proxy does not log in as root with the configured key", r.Name)
			}
		default:
			t.Errorf("unexpected remote resource %s %q", r.Type, r.Name)
		}
	}
}

func TestKraftBrokerSetStepOrder(t *testing.T) {
	p := bsPlan(t, "")
	mocks, _ := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))

	prepare := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-prepare-bastion")
	if !prepare.DependsOnName("kafka-kplc-upload") {
		t.Errorf("prepare-bastion does not wait for the kplc upload; dependencies %v", prepare.Dependencies)
	}
	for i, b := range p.Brokers {
		install := mocks.MustNamed(t, mocktest.TypeRemoteCommand, bsName("install", b.NodeID))
		for _, dep := range []string{"kafka-prepare-bastion", bsName("broker", b.NodeID)} {
			if !install.DependsOnName(dep) {
				t.Errorf("install-%d does not depend on %s; dependencies %v", b.NodeID, dep, install.Dependencies)
			}
		}
		cfg := mocks.MustNamed(t, mocktest.TypeRemoteCommand, bsName("configure", b.NodeID))
		if !cfg.DependsOnName(install.Name) || !cfg.DependsOnName(bsName("broker", b.NodeID)) {
			t.Errorf("configure-%d does not wait for its instance and install-%d; dependencies %v", b.NodeID, b.NodeID, cfg.Dependencies)
		}
		// Exactly the previous broker's configure step, so restarts go one at a time in order.
		var cfgDeps []string
		for _, d := range cfg.Dependencies {
			if strings.Contains(mocktest.URNName(d), "-configure-") {
				cfgDeps = append(cfgDeps, mocktest.URNName(d))
			}
		}
		var want []string
		if i > 0 {
			want = []string{bsName("configure", p.Brokers[i-1].NodeID)}
		}
		if fmt.Sprint(cfgDeps) != fmt.Sprint(want) {
			t.Errorf("configure-%d depends on configure steps %v, want %v", b.NodeID, cfgDeps, want)
		}
	}
	ready := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-cluster-ready")
	for _, b := range p.Brokers {
		if !ready.DependsOnName(bsName("configure", b.NodeID)) {
			t.Errorf("cluster-ready does not wait for configure-%d", b.NodeID)
		}
	}
	checks := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "verify-checks")
	if !checks.DependsOnName(ready.Name) {
		t.Errorf("verification does not wait for cluster-ready; dependencies %v", checks.Dependencies)
	}
}

func TestKraftBrokerSetChildrenParented(t *testing.T) {
	p := bsPlan(t, "")
	mocks, _ := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))
	for _, r := range mocks.Resources() {
		if !r.Custom {
			continue
		}
		wantTok, wantName := KraftBrokerSetType, "kafka"
		if strings.HasPrefix(r.Name, "verify-") {
			wantTok, wantName = PrivateLinkVerificationType, "verify"
		}
		if base, ok := strings.CutSuffix(r.Name, "-read"); ok && strings.HasPrefix(r.Name, "kafka-host-key-") {
			wantTok, wantName = SSHHostKeyType, base
		}
		if base, ok := strings.CutSuffix(r.Name, "-pin"); ok && strings.HasPrefix(r.Name, "kafka-host-key-") {
			wantTok, wantName = SSHHostKeyType, base
		}
		if tok, name := r.ParentTypeAndName(); tok != wantTok || name != wantName {
			t.Errorf("%s %q: parent is %s %q, want %s %q", r.Type, r.Name, tok, name, wantTok, wantName)
		}
	}
	if _, ok := mocks.Named(KraftBrokerSetType, "kafka"); !ok {
		t.Errorf("the component %s was not registered", KraftBrokerSetType)
	}
}

func TestKraftBrokerSetCommandsAreSafe(t *testing.T) {
	for _, user := range []string{"root", "ecs-user"} {
		t.Run(user, func(t *testing.T) {
			p := bsPlan(t, "")
			args := bsArgs(p, bsKplcBinary(t))
			args.SSH.User = user
			mocks, _ := bsMustRun(t, args)
			for _, r := range mocks.ByType(mocktest.TypeRemoteCommand) {
				create := r.Str("create")
				if !strings.Contains(create, "timeout ") {
					t.Errorf("%s: create is not wrapped in timeout: %.80q", r.Name, create)
				}
				if update := r.Str("update"); update != create && !neverUpdated(r) {
					t.Errorf("%s: update differs from create, so an update would not re-run the step", r.Name)
				}
				if _, ok := r.Inputs["delete"]; ok {
					t.Errorf("%s: has a delete command; removing a step must never touch a host", r.Name)
				}
				if v, ok := r.Bool("addPreviousOutputInEnv"); !ok || v {
					t.Errorf("%s: addPreviousOutputInEnv = %v (set %v), want false", r.Name, v, ok)
				}
				switch {
				case strings.HasSuffix(r.Name, "staging") || strings.Contains(r.Name, "-staging-"):
					// The upload directory belongs to the login user: made without sudo.
					if strings.Contains(create, "sudo") {
						t.Errorf("%s: creates the upload directory under sudo (it would be root's): %.60q", r.Name, create)
					}
				case strings.HasSuffix(r.Name, "scripts") || strings.Contains(r.Name, "-scripts-"):
					// The uploads are checked as the login user, then installed as root.
					check, install, ok := strings.Cut(create, " && ")
					if !ok || !strings.HasPrefix(check, "timeout 60 sh -c ") || strings.Contains(check, "sudo") {
						t.Errorf("%s: does not start by checking the uploads as the login user: %.80q", r.Name, create)
					}
					for _, c := range strings.Split(install, " && ") {
						if user != "root" && !strings.HasPrefix(c, "sudo -n ") {
							t.Errorf("%s: logs in as %s but installs without sudo -n: %.60q", r.Name, user, c)
						}
					}
				case r.Name == "kafka-prepare-bastion":
					// First the upload is checked as the login user, then everything runs as root.
					check := stagedInstallCommand(user, ".kafka-plc/kafka", bastionDistKplc)
					rest, ok := strings.CutPrefix(create, check+" && ")
					if !ok {
						t.Errorf("%s: does not start by checking and installing the staged kplc: %.80q", r.Name, create)
					} else if user != "root" && !strings.HasPrefix(rest, "sudo -n ") {
						t.Errorf("%s: logs in as %s but runs the script without sudo -n: %.60q", r.Name, user, rest)
					}
				default:
					// The checks, cluster-ready, reading the world-readable host key and the bastion's
					// day-2 kplc steps (they talk to Kafka only) change nothing on the host.
					changesHost := !strings.Contains(create, "cluster-ready") && r.Name != "verify-checks" && !strings.Contains(create, "kplc-host-key") &&
						r.Name != "kafka-finalize-features" && r.Name != "kafka-rebalance"
					if user != "root" && changesHost && !strings.HasPrefix(create, "sudo -n ") {
						t.Errorf("%s: logs in as %s but does not use sudo -n: %.60q", r.Name, user, create)
					}
				}
			}
			// No input other than the connection may carry the key.
			for _, r := range mocks.Resources() {
				for k, v := range r.Inputs {
					if k == "connection" {
						continue
					}
					text := fmt.Sprint(mocktest.Reveal(v))
					if strings.Contains(text, bsKeyMaterial) || strings.Contains(text, "PRIVATE KEY") {
						t.Errorf("%s %q: input %s contains the private key", r.Type, r.Name, k)
					}
				}
			}
		})
	}
}

func TestKraftBrokerSetCommandArguments(t *testing.T) {
	p := bsPlan(t, "")
	mocks, res := bsMustRun(t, bsArgs(p, bsKplcBinary(t)))
	bootstrap := "'10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092'"

	tests := []struct {
		name string
		want []string
	}{
		{"kafka-prepare-bastion", []string{"'prepare-bastion.sh'", "'--kafka-url' 'https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz'",
			"'--file' 'kafka_2.13-3.7.1.tgz'", "'--listen' '10.0.192.10:8081'", "'--checksum' 'sha256:62acae4a"}},
		{"kafka-install-2", []string{"'install-broker.sh'", "'--dist-url' 'http://10.0.192.10:8081'", "'--data-device' '/dev/vdb'",
			"'--kafka-version' '3.7.1'", "'--scala-version' '2.13'", "'--heap' '2g'", "'--java-package' 'java-17-openjdk-headless'"}},
		{"kafka-configure-2", []string{"'configure-broker.sh'", "'--node-id' '2'", "'--cluster-id' 'MkU3OEVBNTcwNTJENDM2Qk'",
			"'--bootstrap' " + bootstrap, "'--ready-timeout' '600'"}},
		{"kafka-cluster-ready", []string{"/usr/local/bin/kplc cluster-ready", "--bootstrap " + bootstrap, "--brokers 3", "--timeout 900s"}},
		{"verify-checks", []string{"'verify.sh'", "'--via' '" + bsNLBDNSName + "'", "'--unique-name' 'unique_name'", "'--brokers' '3'",
			"'--bootstrap-port' '9092'", "'--first-port' '9093'", "'--host-pattern' 'b{id}.{uniqueName}.alicloud.plc.tidbcloud.com'"}},
	}
	for _, tc := range tests {
		create := mocks.MustNamed(t, mocktest.TypeRemoteCommand, tc.name).Str("create")
		for _, w := range tc.want {
			if !strings.Contains(create, w) {
				t.Errorf("%s: command lacks %q", tc.name, w)
			}
		}
	}
	for _, b := range p.Brokers {
		cfg := mocks.MustNamed(t, mocktest.TypeRemoteCommand, bsName("configure", b.NodeID))
		if got := cfg.Str("stdin"); got != b.ServerProperties {
			t.Errorf("configure-%d: stdin is not the broker's rendered server.properties", b.NodeID)
		}
	}
	// The upload goes to the absolute path the upload directory step printed (the login user's
	// private directory), never to a shared path such as /tmp.
	upload := mocks.MustNamed(t, mocktest.TypeCopyToRemote, "kafka-kplc-upload")
	if got, want := upload.Str("remotePath"), mocktest.StagingHome+"/.kafka-plc/kafka/kplc"; got != want {
		t.Errorf("kplc upload goes to %q, want %q", got, want)
	}
	if !upload.DependsOnName("kafka-kplc-staging") {
		t.Errorf("the upload does not wait for its upload directory; dependencies %v", upload.Dependencies)
	}
	if src := upload.Inputs["source"]; !src.IsAsset() {
		t.Errorf("kplc upload source = %v, want a file asset", src)
	}
	if got, want := res.get("clusterReady"), `{"ok":true,"step":"kafka-cluster-ready"}`; got != want {
		t.Errorf("output clusterReady = %v, want the cluster-ready step's stdout %s", got, want)
	}
	if got, want := res.get("summary"), `{"ok":true,"step":"verify-checks"}`; got != want {
		t.Errorf("verification Summary = %v, want the check step's stdout %s", got, want)
	}
	steps := stringMap(res.get("configureStepIds"))
	for _, b := range p.Brokers {
		if got := steps[fmt.Sprint(b.NodeID)]; got != mocktest.ID(bsName("configure", b.NodeID)) {
			t.Errorf("output configureStepIds[%d] = %v, want %s", b.NodeID, got, mocktest.ID(bsName("configure", b.NodeID)))
		}
	}
}

// bsInputs runs the program and returns every resource's inputs keyed by "type name".
func bsInputs(t *testing.T, args *KraftBrokerSetArgs) map[string]resource.PropertyMap {
	t.Helper()
	mocks, _ := bsMustRun(t, args)
	return mocks.DiffedInputsByKey()
}

func TestKraftBrokerSetUpdatesTouchOnlyConfigureSteps(t *testing.T) {
	kplc := bsKplcBinary(t)
	cmd := mocktest.TypeRemoteCommand + " "
	tests := []struct {
		name   string
		before func(t *testing.T) *plan.Plan
		after  func(t *testing.T) *plan.Plan
		want   []string
	}{
		{
			name:   "stage 1 to stage 2 (uniqueName set) rolls every broker, nothing else",
			before: func(t *testing.T) *plan.Plan { return bsPlan(t, "") },
			after:  func(t *testing.T) *plan.Plan { return bsPlan(t, "plc-7f3a9c") },
			want: []string{cmd + "kafka-cluster-ready", cmd + "kafka-configure-1", cmd + "kafka-configure-2",
				cmd + "kafka-configure-3", cmd + "verify-checks"},
		},
		{
			name:   "one broker's config changes only its own configure step",
			before: func(t *testing.T) *plan.Plan { return bsPlan(t, "plc-7f3a9c") },
			after: func(t *testing.T) *plan.Plan {
				p := bsPlan(t, "plc-7f3a9c")
				p.Brokers[1].ServerProperties = strings.Replace(p.Brokers[1].ServerProperties,
					"num.partitions=3", "num.partitions=6", 1)
				if p.Brokers[1].ServerProperties == bsPlan(t, "plc-7f3a9c").Brokers[1].ServerProperties {
					t.Fatal("test setup: broker 2's server.properties has no num.partitions=3 to change")
				}
				return p
			},
			want: []string{cmd + "kafka-cluster-ready", cmd + "kafka-configure-2", cmd + "verify-checks"},
		},
		{
			name:   "same inputs change nothing",
			before: func(t *testing.T) *plan.Plan { return bsPlan(t, "plc-7f3a9c") },
			after:  func(t *testing.T) *plan.Plan { return bsPlan(t, "plc-7f3a9c") },
			want:   nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := bsInputs(t, bsArgs(tc.before(t), kplc))
			after := bsInputs(t, bsArgs(tc.after(t), kplc))
			if got := mocktest.ChangedInputs(before, after); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("resources whose inputs changed:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// pulumi-command v1.2.1 fails the Check of a CopyToRemote whose source is unknown at preview
// ("either asset or archive must be set"; copyController.go L85-99, alicloud-provider-facts.md
// "CopyToRemote with an unknown source at preview"), and a local:Command's assets are unknown
// whenever it is created or changed (local/commandOutputs.go L116-191). So the upload's source
// must be the kplc file itself, an input that comes from no resource; and the upload re-runs on
// the file's SHA-256, not on a digest of sources.
func TestKraftBrokerSetUploadsTheKplcFileKnownAtPreview(t *testing.T) {
	p := bsPlan(t, "")
	binary := bsKplcBinary(t)
	mocks, _ := bsMustRun(t, bsArgs(p, binary))
	for _, r := range mocks.ByType(mocktest.TypeLocalCommand) {
		// The only local commands are the host-key pins (a shell comparison, no assets).
		if tok, _ := r.ParentTypeAndName(); tok != SSHHostKeyType {
			t.Errorf("local command %q registered; the upload's source would be a command output, unknown at preview", r.Name)
		}
	}
	upload := mocks.MustNamed(t, mocktest.TypeCopyToRemote, "kafka-kplc-upload")
	if src := upload.Inputs["source"]; !src.IsAsset() || src.AssetValue().Path != binary {
		t.Errorf("upload source = %v, want the file asset %s", src, binary)
	}
	if want := []string{"kafka-kplc-staging"}; fmt.Sprint(upload.DependencyNames()) != fmt.Sprint(want) {
		t.Errorf("upload depends on %v, want only %v (no build step)", upload.DependencyNames(), want)
	}
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	sum := fmt.Sprintf("sha256:%x", sha256.Sum256(data))
	for _, name := range []string{"kafka-kplc-upload", "kafka-kplc-staging", "kafka-prepare-bastion"} {
		r, ok := mocks.Named(mocktest.TypeCopyToRemote, name)
		if !ok {
			r = mocks.MustNamed(t, mocktest.TypeRemoteCommand, name)
		}
		if !strings.Contains(fmt.Sprint(r.Array("triggers")), sum) {
			t.Errorf("%s: triggers %v do not hold the binary's %s, so a new kplc would not re-run it", name, r.Array("triggers"), sum)
		}
	}
}

func TestKraftBrokerSetMissingZoneVswitch(t *testing.T) {
	p := bsPlan(t, "")
	args := bsArgs(p, bsKplcBinary(t))
	args.VswitchIDs = pulumi.StringMap{"ap-southeast-1a": pulumi.String("vsw-a"), "ap-southeast-1b": pulumi.String("vsw-b")}
	_, _, err := bsRun(t, args)
	if err == nil || !strings.Contains(err.Error(), `zone "ap-southeast-1c"`) {
		t.Errorf("error = %v, want one naming the zone without a vSwitch", err)
	}
}

func TestKraftBrokerSetInvalidArgs(t *testing.T) {
	kplc := bsKplcBinary(t)
	tests := []struct {
		name   string
		mutate func(a *KraftBrokerSetArgs)
		field  string
	}{
		{"no plan", func(a *KraftBrokerSetArgs) { a.Brokers = nil }, "Brokers"},
		{"no brokers", func(a *KraftBrokerSetArgs) { a.Brokers = []KraftNode{} }, "Brokers"},
		{"bad cluster id", func(a *KraftBrokerSetArgs) { a.ClusterID = "short" }, "ClusterID"},
		{"no bastion address", func(a *KraftBrokerSetArgs) { a.DistHost = "" }, "DistHost"},
		{"node ids out of order", func(a *KraftBrokerSetArgs) { a.Brokers[1].NodeID = 7 }, "Brokers[1].NodeID"},
		{"existing-mode plan", func(a *KraftBrokerSetArgs) { a.Brokers[0].ServerProperties = "" }, "Brokers[0].ServerProperties"},
		{"no vswitches", func(a *KraftBrokerSetArgs) { a.VswitchIDs = nil }, "VswitchIDs"},
		{"no image", func(a *KraftBrokerSetArgs) { a.ImageID = nil }, "ImageID"},
		{"instance type", func(a *KraftBrokerSetArgs) { a.InstanceType = "g7.large" }, "InstanceType"},
		{"Arm instance type (YiTian)", func(a *KraftBrokerSetArgs) { a.InstanceType = "ecs.g8y.xlarge" }, "InstanceType"},
		{"Arm instance type (Ampere)", func(a *KraftBrokerSetArgs) { a.InstanceType = "ecs.c6r.large" }, "InstanceType"},
		{"tiny data disk", func(a *KraftBrokerSetArgs) { a.DataDiskSizeGB = 5 }, "DataDiskSizeGB"},
		{"system disk category", func(a *KraftBrokerSetArgs) { a.SystemDiskCategory = "ssd" }, "SystemDiskCategory"},
		{"data disk category", func(a *KraftBrokerSetArgs) { a.DataDiskCategory = "cloud_essd " }, "DataDiskCategory"},
		{"plain vSwitch map without a broker zone", func(a *KraftBrokerSetArgs) {
			a.VswitchIDs = pulumi.StringMap{"ap-southeast-1a": pulumi.String("vsw-a"), "ap-southeast-1b": pulumi.String("vsw-b")}
		}, "VswitchIDs"},
		{"cluster-ready timeout too long", func(a *KraftBrokerSetArgs) { a.ClusterReadyTimeoutSeconds = 999999 }, "ClusterReadyTimeoutSeconds"},
		{"ssh user", func(a *KraftBrokerSetArgs) { a.SSH.User = "root; rm" }, "SSH.User"},
		{"no private key", func(a *KraftBrokerSetArgs) { a.SSH.PrivateKey = nil }, "SSH.PrivateKey"},
		{"no bastion", func(a *KraftBrokerSetArgs) { a.SSH.BastionPublicIP = nil }, "SSH.BastionPublicIP"},
		{"blank bastion address", func(a *KraftBrokerSetArgs) { a.SSH.BastionPublicIP = pulumi.String("") }, "SSH.BastionPublicIP"},
		{"empty security group ID", func(a *KraftBrokerSetArgs) { a.SecurityGroupID = pulumi.String("") }, "SecurityGroupID"},
		{"empty vSwitch ID of a broker zone", func(a *KraftBrokerSetArgs) {
			a.VswitchIDs = pulumi.StringMap{"ap-southeast-1a": pulumi.String("vsw-a"), "ap-southeast-1b": pulumi.String(" "), "ap-southeast-1c": pulumi.String("vsw-c")}
		}, "VswitchIDs"},
		{"kafka version", func(a *KraftBrokerSetArgs) { a.Kafka.Version = "3.7" }, "Kafka.Version"},
		{"checksum without algorithm", func(a *KraftBrokerSetArgs) { a.Kafka.Checksum = strings.Repeat("a", 64) }, "Kafka.Checksum"},
		{"checksum wrong length", func(a *KraftBrokerSetArgs) { a.Kafka.Checksum = "sha512:" + strings.Repeat("a", 64) }, "Kafka.Checksum"},
		{"download url", func(a *KraftBrokerSetArgs) { a.Kafka.DownloadURL = "ftp://x/k.tgz" }, "Kafka.DownloadURL"},
		{"heap", func(a *KraftBrokerSetArgs) { a.Kafka.Heap = "2 GB" }, "Kafka.Heap"},
		{"data device", func(a *KraftBrokerSetArgs) { a.Kafka.DataDevice = "vdb" }, "Kafka.DataDevice"},
		{"dist port", func(a *KraftBrokerSetArgs) { a.Kafka.DistPort = 0 }, "Kafka.DistPort"},
		{"no kplc", func(a *KraftBrokerSetArgs) { a.Kplc = KplcBinary{} }, "Kplc.Path"},
		{"missing kplc binary", func(a *KraftBrokerSetArgs) { a.Kplc.Path = "/nonexistent/kplc" }, "Kplc.Path"},
		{"kplc binary is a directory", func(a *KraftBrokerSetArgs) { a.Kplc.Path = t.TempDir() }, "Kplc.Path"},
		{"ready timeout", func(a *KraftBrokerSetArgs) { a.ReadyTimeoutSeconds = 5 }, "ReadyTimeoutSeconds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := bsArgs(bsPlan(t, ""), kplc)
			tc.mutate(args)
			mocks, _, err := bsRun(t, args)
			checkArgErrorField(t, err, "KraftBrokerSet", tc.field)
			checkNothingRegistered(t, mocks)
		})
	}
}
