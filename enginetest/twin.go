package enginetest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/kafka-plc/kafka-plc/deploy"
	"github.com/kafka-plc/kafka-plc/enginetest/cloudsim"
	"github.com/kafka-plc/kafka-plc/enginetest/cmdsim"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Twin is one stack of the project under the engine, against its own simulated Alibaba Cloud
// account (cloudsim) and simulated hosts (cmdsim): the bastion and every broker are sandboxes
// that the remote commands really run in, reached by the address the connection names.
type Twin struct {
	*Stack
	// Cloud is the simulated account and region.
	Cloud *cloudsim.Cloud
	// Hosts are the simulated machines.
	Hosts *cmdsim.Hosts
	// Keys are the stack's SSH key pair (Keys[0]) and a second one for rotations.
	Keys []KeyPair
	// KafkaChecksums maps each Kafka version the hosts can download to its tarball's digest.
	KafkaChecksums map[string]string
	// Transform, when set, is registered as a stack transformation by the next program runs: it
	// stands for a change of kafka-plc's own code between two updates (say, a listener that
	// reaches another server group), which no configuration setting can make.
	Transform pulumi.ResourceTransformation
}

// TwinOptions describe a twin.
type TwinOptions struct {
	// ProjectDir is the kafka-plc module root.
	ProjectDir string
	// Stack is the stack name.
	Stack string
	// BaseStackFile is the example stack file the stack starts from (e.g. "Pulumi.dev.yaml").
	BaseStackFile string
	// Region is the simulated cloud's region (the stack's alicloud:region).
	Region string
	// Dir is a scratch directory for the stack file and the host sandboxes.
	Dir string
	// KafkaVersions are the Kafka versions (Scala 2.13) the hosts can download; 3.7.1 if empty.
	KafkaVersions []string
}

// NewTwin returns a twin stack with no state. Its configuration is the base stack file with
// what no example file can hold set the way a user sets it: the SSH key pair (an RSA key, the
// private half with `pulumi config set --secret`) and the fake Kafka tarball's checksum.
func NewTwin(o TwinOptions) (*Twin, error) {
	if o.Region == "" {
		o.Region = "ap-southeast-1"
	}
	if len(o.KafkaVersions) == 0 {
		o.KafkaVersions = []string{"3.7.1"}
	}
	keys, err := RSAKeys()
	if err != nil {
		return nil, err
	}
	cloud := cloudsim.New(o.Region)
	hosts := cmdsim.NewHosts(filepath.Join(o.Dir, "hosts"), filepath.Join(o.ProjectDir, "scripts", "testdata", "stubs"),
		CloudLookup(cloud))
	hosts.OnCreate(func(s *cmdsim.Sandbox) { imageFiles(cloud, s) })
	tw := &Twin{Cloud: cloud, Hosts: hosts, Keys: keys, KafkaChecksums: map[string]string{}}
	for _, v := range o.KafkaVersions {
		tarball, sum, err := KafkaTarball(o.ProjectDir, "2.13", v)
		if err != nil {
			return nil, err
		}
		if err := hosts.SetFixture("kafka_2.13-"+v+".tgz", tarball); err != nil {
			return nil, fmt.Errorf("serving the Kafka %s tarball: %w", v, err)
		}
		tw.KafkaChecksums[v] = sum
	}
	// The brokers download kplc from the bastion's dist server, which the curl stub stands for:
	// it serves the binary the program builds and uploads.
	kplc, err := os.ReadFile(filepath.Join(o.ProjectDir, "bin", "kplc-linux-amd64"))
	if err != nil {
		return nil, fmt.Errorf("reading the kplc build (build it first: go build -o bin/kplc-linux-amd64 ./cmd/kplc): %w", err)
	}
	if err := hosts.SetFixture("kplc", kplc); err != nil {
		return nil, fmt.Errorf("serving kplc: %w", err)
	}
	stackDir := filepath.Join(o.Dir, "stack")
	if err := os.MkdirAll(stackDir, 0o755); err != nil {
		return nil, fmt.Errorf("making the stack directory: %w", err)
	}
	tw.Stack, err = NewStack(Options{
		ProjectDir:    o.ProjectDir,
		Stack:         o.Stack,
		BaseStackFile: o.BaseStackFile,
		// deploy.Program, with its build wrapped to note when it returned (ProgramRecord).
		Program: tw.program(deploy.ProgramWithBuilder(o.ProjectDir, recordedBuild(deploy.BuildKplc))),
		Providers: Providers{
			Alicloud: func() plugin.Provider { return cloud.Provider() },
			Command:  func() plugin.Provider { return hosts.Provider() },
		},
		Dir: stackDir,
	})
	if err != nil {
		return nil, err
	}
	tw.Set("kafka-plc:sshPublicKey", keys[0].Public)
	tw.SetSecret("kafka-plc:sshPrivateKey", keys[0].Private)
	tw.Set("kafka-plc:kafkaChecksum", tw.KafkaChecksums[o.KafkaVersions[0]])
	return tw, nil
}

// imageFiles puts on a new host what the instance has before anything runs on it: what its
// image (Alibaba Cloud Linux 3) ships and the scripts rely on, /usr/bin/python3 (the bastion's
// dist server, prepare-bastion.sh; the stubs stand for the commands, this for the file the
// script tests with -x), and, for an instance with a data disk, the disk's device node
// /dev/vdb (virtio instance families, the dataDiskDevice default), as the scripts tests do.
func imageFiles(cloud *cloudsim.Cloud, s *cmdsim.Sandbox) {
	files := map[string]os.FileMode{"/usr/bin/python3": 0o755}
	for _, r := range cloud.Resources(cloudsim.TokenInstance) {
		if r.ID == s.ID() {
			if d := r.Outputs["dataDisks"]; d.IsArray() && len(d.ArrayValue()) > 0 {
				files["/dev/vdb"] = 0o644
			}
		}
	}
	// sync(1) flushes the whole machine's disks (the scripts call sync -f after every atomic
	// replace): durability cannot be observed in a sandbox, and on a shared disk each call can
	// take seconds, so the hosts get a no-op sync first on PATH, beside the stubs (cmdsim's
	// layout: <host>/bin next to <host>/root).
	_ = os.WriteFile(filepath.Join(filepath.Dir(s.Root()), "bin", "sync"), []byte("#!/bin/sh\nexit 0\n"), 0o755)
	for path, mode := range files {
		content := ""
		if mode&0o111 != 0 {
			content = "#!/bin/sh\nexit 0\n"
		}
		if err := s.WriteFile(path, content); err != nil {
			continue
		}
		if p, err := s.Path(path); err == nil {
			_ = os.Chmod(p, mode)
		}
	}
}

// CloudLookup is the adapter between the two simulators: a connection's address reaches the
// running instance of the simulated cloud that owns it (private or public IP), whose instance ID
// names its sandbox, so a replaced instance gets a fresh host.
func CloudLookup(cloud *cloudsim.Cloud) cmdsim.Lookup {
	return func(addr string) (string, bool) {
		h, ok := cloud.HostByAddress(addr)
		if !ok {
			return "", false
		}
		return h.InstanceID, true
	}
}

// Instance returns the live instance named name (e.g. "kafka-plc-dev-broker-1").
func (tw *Twin) Instance(name string) (cloudsim.Host, bool) {
	for _, h := range tw.Cloud.Instances() {
		if h.Name == name {
			return h, true
		}
	}
	return cloudsim.Host{}, false
}

// Sandbox returns the sandbox of the live instance named name, nil if there is none.
func (tw *Twin) Sandbox(name string) *cmdsim.Sandbox {
	h, ok := tw.Instance(name)
	if !ok {
		return nil
	}
	return tw.Hosts.Host(h.InstanceID)
}

// RunsOn returns the commands that ran on the live instance named name, in start order.
func (tw *Twin) RunsOn(name string) []cmdsim.Run {
	h, ok := tw.Instance(name)
	if !ok {
		return nil
	}
	var out []cmdsim.Run
	for _, r := range tw.Hosts.Runs() {
		if r.Host == h.InstanceID {
			out = append(out, r)
		}
	}
	return out
}

// CloudOps returns the cloud operations as "<kind> <type> <name>" lines, sorted.
func (tw *Twin) CloudOps() []string {
	var out []string
	for _, op := range tw.Cloud.Ops() {
		name := ""
		if op.URN != "" {
			name = op.URN.Name()
		}
		line := op.Kind + " " + op.Type + " " + name
		if op.Err != "" {
			line += " ERROR " + op.Err
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return out
}

// program returns body preceded by the registration of tw.Transform, when one is set.
func (tw *Twin) program(body pulumi.RunFunc) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if tw.Transform != nil {
			if err := ctx.RegisterStackTransformation(tw.Transform); err != nil {
				return fmt.Errorf("registering the twin's transformation: %w", err)
			}
		}
		return body(ctx)
	}
}
