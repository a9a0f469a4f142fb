package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/kraft"
	"github.com/kafka-plc/kafka-plc/rules"
	"github.com/kafka-plc/kafka-plc/scripts"
)

// ExistingBrokerExposureType is the type token of ExistingBrokerExposure.
const ExistingBrokerExposureType = "kafka-plc:index:ExistingBrokerExposure"

// Names and limits of the exposure steps.
const (
	// exposeScriptName is the embedded script that edits and restarts one existing broker.
	exposeScriptName = "expose-existing-broker.sh"
	// exposeSlack is what an expose step may take on top of the ready timeout: the gate, a
	// graceful stop (Kafka's unit may wait minutes) and the start.
	exposeSlack = 20 * time.Minute
)

// exposeOwnedKeys are the keys the listener edit reads or writes (propsedit.Edit): Properties
// may not hold them.
var exposeOwnedKeys = []string{
	kraft.KeyProcessRoles, kraft.KeyNodeID, kraft.KeyBrokerID, kraft.KeyQuorumVoters, kraft.KeyControllerListenerNames,
	kraft.KeyListeners, kraft.KeyAdvertisedListeners, kraft.KeyProtocolMap, kraft.KeyInterBrokerListenerName,
	kraft.KeyInterBrokerProtocol, kraft.KeyZooKeeper,
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	hostNamePattern  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$`)
	bootstrapPattern = regexp.MustCompile(`^[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*$`)
)

// ExposedBroker is one running broker of an existing cluster and the EXTERNAL listener it must
// advertise.
type ExposedBroker struct {
	// NodeID is the broker's node.id; its server.properties must say the same.
	NodeID int `pulumi:"nodeId"`
	// PrivateIP is the broker's address in the VPC, reached through the jump host.
	PrivateIP string `pulumi:"privateIp"`
	// SSHUser is the login user; commands that change the host run under `sudo -n` unless it
	// is root.
	SSHUser string `pulumi:"sshUser"`
	// PropertiesPath is the absolute path of the broker's server.properties.
	PropertiesPath string `pulumi:"propertiesPath"`
	// ServiceName is the systemd unit that runs the broker.
	ServiceName string `pulumi:"serviceName"`
	// AdvertisedHost is the EXTERNAL host TiDB Cloud is told, e.g.
	// b1.<unique name>.alicloud.plc.tidbcloud.com.
	AdvertisedHost string `pulumi:"advertisedHost"`
	// AdvertisedPort is the broker's own NLB listener port.
	AdvertisedPort int `pulumi:"advertisedPort"`
}

// ExistingBrokerExposureArgs are the arguments of NewExistingBrokerExposure.
type ExistingBrokerExposureArgs struct {
	// Brokers are the running brokers; they are edited in node-id order, one at a time.
	Brokers []ExposedBroker `pulumi:"brokers"`
	// ExternalPort is the port the EXTERNAL listener binds on every broker (the NLB's backend
	// port).
	ExternalPort int `pulumi:"externalPort"`
	// Bootstrap is the running cluster's host:port list for the restart gates
	// (kplc safe-to-restart, kplc wait-ready), reachable from the brokers.
	Bootstrap string `pulumi:"bootstrap"`
	// JumpHost is the host (IP or name) every SSH connection goes through.
	JumpHost string `pulumi:"jumpHost"`
	// JumpUser is the SSH user on the jump host.
	JumpUser string `pulumi:"jumpUser"`
	// JumpHostKey is the jump host's SSH host public key, "<type> <base64>" (an SSHHostKey's
	// Key, or a configured one), which every connection through it requires.
	JumpHostKey pulumi.StringInput `pulumi:"jumpHostKey"`
	// PrivateKey is the OpenSSH private key for the jump host and the brokers; it is always
	// sent to the engine as a secret.
	PrivateKey pulumi.StringInput `pulumi:"privateKey"`
	// Kplc says where the linux/amd64 kplc binary comes from.
	Kplc KplcBinary `pulumi:"kplc"`
	// ReadyTimeoutSeconds bounds the wait for a restarted broker; 0 means
	// DefaultReadyTimeoutSeconds.
	ReadyTimeoutSeconds int `pulumi:"readyTimeoutSeconds"`
	// Properties are extra server.properties entries (the stack's brokerProperties) that every
	// broker's edit sets or replaces, in the same write and behind the same gates as the
	// listener; a change to them re-runs the edits, one broker after the other. Keys the
	// listener edit owns and values Kafka 3.7 refuses are rejected (kraft.CheckBrokerProperty).
	Properties map[string]string `pulumi:"properties"`
	// DependsOn are resources every step waits for.
	DependsOn []pulumi.Resource `pulumi:"-"`
	// Auth is the EXTERNAL listener's authentication (SASLAuth): off, or SCRAM-SHA-512 for the
	// changefeed's user with its ACLs (existing_auth.go).
	Auth SASLAuth `pulumi:"-"`
	// ExternalPassword is the changefeed's password when Auth is on (nil otherwise); it only
	// reaches the hosts as the secret stdin of the credential and access steps.
	ExternalPassword pulumi.StringInput `pulumi:"-"`
}

// ExposedHost is one broker's steps.
type ExposedHost struct {
	// NodeID is the broker's node.id.
	NodeID int
	// Staging creates the login user's private upload directory on the broker.
	Staging *remote.Command
	// Upload copies the kplc binary into the staging directory.
	Upload *remote.CopyToRemote
	// Scripts installs expose-existing-broker.sh from its upload (hostscripts.go); Expose runs
	// it by path.
	Scripts *remote.Command
	// Install puts kplc in place as root and checks that it runs.
	Install *remote.Command
	// Expose runs expose-existing-broker.sh: edit, gate, restart, wait.
	Expose *remote.Command
}

// ExistingBrokerExposure adds the EXTERNAL listener to the brokers of an existing KRaft
// cluster: each broker's server.properties is edited in place and the broker restarted behind
// the safe-to-restart and wait-ready gates, one broker after the other. A broker whose file
// already advertises the wanted listener is left alone.
type ExistingBrokerExposure struct {
	pulumi.ResourceState

	// StepIDs maps each node id to the ID of its expose step.
	StepIDs pulumi.StringMapOutput `pulumi:"stepIds"`
	// Results maps each node id to the expose step's last line of output,
	// {"nodeId":N,"status":"changed"|"unchanged"}.
	Results pulumi.StringMapOutput `pulumi:"results"`
	// Advertised maps each node id to the EXTERNAL listener it advertises.
	Advertised pulumi.StringMapOutput `pulumi:"advertised"`

	// Hosts are the brokers' steps in node-id order.
	Hosts []ExposedHost
	// Last is the last expose step; whatever needs every broker exposed waits for it.
	Last *remote.Command
	// CredentialStep upserts the SCRAM credential before the first edit, AccessStep upserts it
	// again and applies the ACLs after the last one (both nil without Auth).
	CredentialStep, AccessStep *remote.Command
}

// NewExistingBrokerExposure validates args, then registers the component and its children:
//
//  1. the linux/amd64 kplc binary given in Kplc (in mode existing the program builds it before
//     it registers anything);
//  2. per broker, in parallel: a private upload directory in the login user's home, kplc
//     copied into it through the jump host, then checked and installed as /usr/local/bin/kplc
//     (re-run only when the binary changes);
//  3. per broker, in node-id order, each step waiting for the previous one:
//     expose-existing-broker.sh with the broker's EXTERNAL host and port. Its inputs hold
//     nothing but what that broker's edit depends on, so setting the unique name (stage 2)
//     changes these steps and nothing else.
//  4. with Auth (SCRAM-SHA-512): the credential step on the first broker before its edit, every
//     edit with --sasl-mechanism, and the access step (credential again, ACLs) after the last
//     edit; the password is only their secret stdin (existing_auth.go).
//
// Removing the component does not revert the brokers' files: the original of each stays in
// <propertiesPath>.kafka-plc.orig.
func NewExistingBrokerExposure(ctx *pulumi.Context, name string, args *ExistingBrokerExposureArgs,
	opts ...pulumi.ResourceOption) (*ExistingBrokerExposure, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	commands, err := exposeCommands(name, &a)
	if err != nil {
		return nil, fmt.Errorf("ExistingBrokerExposure %q: %w", name, err)
	}
	kplcTrigger, err := kplcRevision(a.Kplc)
	if err != nil {
		return nil, fmt.Errorf("ExistingBrokerExposure %q: %w", name, err)
	}

	comp := &ExistingBrokerExposure{}
	if err := ctx.RegisterComponentResource(ExistingBrokerExposureType, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering ExistingBrokerExposure %q: %w", name, err)
	}
	if err := comp.build(ctx, name, &a, commands, kplcTrigger); err != nil {
		return nil, err
	}
	ids, results, advertised := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for i, h := range comp.Hosts {
		key := strconv.Itoa(h.NodeID)
		ids[key] = h.Expose.ID().ToStringOutput()
		results[key] = h.Expose.Stdout.ApplyT(lastLine).(pulumi.StringOutput)
		b := a.Brokers[i]
		advertised[key] = pulumi.String(fmt.Sprintf("EXTERNAL://%s:%d", b.AdvertisedHost, b.AdvertisedPort))
	}
	comp.StepIDs = ids.ToStringMapOutput()
	comp.Results = results.ToStringMapOutput()
	comp.Advertised = advertised.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"stepIds":    comp.StepIDs,
		"results":    comp.Results,
		"advertised": comp.Advertised,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of ExistingBrokerExposure %q: %w", name, err)
	}
	return comp, nil
}

// exposeSteps holds the command lines decided before anything is registered.
type exposeSteps struct {
	install []string // by index into Brokers
	expose  []string
	// scripts are the scripts uploaded to every broker.
	scripts []hostScript
}

// exposeCommands renders every command line of the component named name from the arguments
// (after defaults).
func exposeCommands(name string, a *ExistingBrokerExposureArgs) (*exposeSteps, error) {
	s := &exposeSteps{}
	var err error
	if s.scripts, err = hostScriptsOf(exposeScriptName); err != nil {
		return nil, fmt.Errorf("the brokers' scripts: %w", err)
	}
	limit := time.Duration(a.ReadyTimeoutSeconds)*time.Second + exposeSlack
	for _, b := range a.Brokers {
		// The upload is checked in the login user's private staging directory, installed as
		// root, and then asked for `expose`: a binary without it fails here, before any broker
		// is touched, rather than in the middle of the rollout.
		install := stagedInstallCommand(b.SSHUser, stagingDir(name), kplcPath) + " && " +
			asRoot(b.SSHUser, "timeout 30 "+kplcPath+" expose -h >/dev/null")
		s.install = append(s.install, install)
		args := []string{
			"--file", b.PropertiesPath,
			"--service", b.ServiceName,
			"--node-id", strconv.Itoa(b.NodeID),
			"--external-port", strconv.Itoa(a.ExternalPort),
			"--advertised-host", b.AdvertisedHost,
			"--advertised-port", strconv.Itoa(b.AdvertisedPort),
			"--bootstrap", a.Bootstrap,
			"--ready-timeout", strconv.Itoa(a.ReadyTimeoutSeconds),
		}
		if len(a.Properties) > 0 {
			// Only when set: a stack without brokerProperties keeps its steps' commands.
			args = append(args, "--properties", propertyLines(a.Properties))
		}
		cmd, err := scripts.RunCommand(exposeScriptName, limit, append(args, exposureSASLFlags(a.Auth)...)...)
		if err != nil {
			return nil, fmt.Errorf("rendering the edit of node %d: %w", b.NodeID, err)
		}
		s.expose = append(s.expose, asRoot(b.SSHUser, cmd))
	}
	return s, nil
}

// build registers the children of the component.
func (comp *ExistingBrokerExposure) build(ctx *pulumi.Context, name string, a *ExistingBrokerExposureArgs, s *exposeSteps, kplcTrigger string) error {
	parent := pulumi.Parent(comp)
	// The binary is a file, known at preview: pulumi-command v1.2.1 fails the Check of a
	// CopyToRemote whose source is unknown (alicloud-provider-facts.md, pulumi-command).
	source := pulumi.NewFileAsset(a.Kplc.Path)
	key := pulumi.ToSecret(a.PrivateKey.ToStringOutput()).(pulumi.StringOutput)
	var previous *remote.Command
	var first *remote.ConnectionArgs
	for i, b := range a.Brokers {
		conn, err := a.connection(ctx, name, b, key, parent)
		if err != nil {
			return err
		}
		if first == nil {
			first = &conn
		}
		h := ExposedHost{NodeID: b.NodeID}
		what := fmt.Sprintf("node %d (%s)", b.NodeID, b.PrivateIP)
		triggers := pulumi.Array{pulumi.String(kplcTrigger)}
		var dir pulumi.StringOutput
		h.Staging, dir, err = newStagingStep(ctx, fmt.Sprintf("%s-kplc-staging-%d", name, b.NodeID), stagingDir(name), what,
			conn, triggers, parent, pulumi.DependsOn(a.DependsOn))
		if err != nil {
			return fmt.Errorf("ExistingBrokerExposure %q: %w", name, err)
		}
		h.Upload, err = remote.NewCopyToRemote(ctx, fmt.Sprintf("%s-kplc-upload-%d", name, b.NodeID), &remote.CopyToRemoteArgs{
			Connection: conn,
			Source:     source,
			RemotePath: stagedUpload(dir, stagingFile),
			Triggers:   triggers,
		}, parent, pulumi.DependsOn(append([]pulumi.Resource{h.Staging}, a.DependsOn...)))
		if err != nil {
			return fmt.Errorf("ExistingBrokerExposure %q: uploading kplc to node %d: %w", name, b.NodeID, err)
		}
		h.Install, err = remote.NewCommand(ctx, fmt.Sprintf("%s-kplc-install-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.install[i]),
			Update:                 pulumi.String(s.install[i]),
			AddPreviousOutputInEnv: pulumi.Bool(false),
			Triggers:               pulumi.Array{pulumi.String(kplcTrigger)},
		}, parent, pulumi.DependsOn(append([]pulumi.Resource{h.Upload}, a.DependsOn...)))
		if err != nil {
			return fmt.Errorf("ExistingBrokerExposure %q: installing kplc on node %d: %w", name, b.NodeID, err)
		}

		h.Scripts, err = scriptSteps{prefix: name, suffix: fmt.Sprintf("-%d", b.NodeID), what: what}.register(ctx, conn, b.SSHUser,
			stagingDir(name), dir, h.Staging, s.scripts, pulumi.String(b.PrivateIP), a.DependsOn, parent)
		if err != nil {
			return fmt.Errorf("ExistingBrokerExposure %q: %w", name, err)
		}

		// The command holds this broker's file, service, node id, EXTERNAL port and advertised
		// address, the bootstrap list, the timeout, the SASL mechanism and the script's digest:
		// nothing else. There is no Delete, so removing the step never touches the broker.
		deps := append([]pulumi.Resource{h.Install, h.Scripts}, a.DependsOn...)
		if previous != nil {
			deps = append(deps, previous)
		} else {
			// The first broker's kplc creates the credential before any broker requires it.
			if err := comp.buildCredential(ctx, name, a, conn, deps); err != nil {
				return err
			}
			if comp.CredentialStep != nil {
				deps = append(deps, comp.CredentialStep)
			}
		}
		h.Expose, err = remote.NewCommand(ctx, fmt.Sprintf("%s-expose-%d", name, b.NodeID), &remote.CommandArgs{
			Connection:             conn,
			Create:                 pulumi.String(s.expose[i]),
			Update:                 pulumi.String(s.expose[i]),
			AddPreviousOutputInEnv: pulumi.Bool(false),
		}, parent, pulumi.DependsOn(deps))
		if err != nil {
			return fmt.Errorf("ExistingBrokerExposure %q: exposing node %d: %w", name, b.NodeID, err)
		}
		previous = h.Expose
		comp.Hosts = append(comp.Hosts, h)
	}
	comp.Last = previous
	// The access step runs on the first broker, over its pinned connection.
	return comp.buildAccess(ctx, name, a, *first, digestOf(s.expose...))
}

// connection records broker b's host key on first contact (SSHHostKey, through the pinned jump
// host) and returns the SSH connection every step on b uses: through the jump host, both hops
// pinned. An existing broker is never replaced by the program; its node id and address stand
// for it.
func (a *ExistingBrokerExposureArgs) connection(ctx *pulumi.Context, name string, b ExposedBroker, key pulumi.StringOutput,
	parent pulumi.ResourceOption) (remote.ConnectionArgs, error) {
	through := func(hostKey pulumi.StringInput) remote.ConnectionArgs {
		return sshThrough(pulumi.String(b.PrivateIP), b.SSHUser, hostKey, pulumi.String(a.JumpHost), a.JumpUser, a.JumpHostKey, key)
	}
	hk, err := NewSSHHostKey(ctx, fmt.Sprintf("%s-host-key-%d", name, b.NodeID), &SSHHostKeyArgs{
		What:       fmt.Sprintf("node %d (%s)", b.NodeID, b.PrivateIP),
		Connection: through(nil),
		Identity:   pulumi.String(fmt.Sprintf("node %d at %s", b.NodeID, b.PrivateIP)),
	}, parent, pulumi.DependsOn(a.DependsOn))
	if err != nil {
		return remote.ConnectionArgs{}, fmt.Errorf("ExistingBrokerExposure %q: %w", name, err)
	}
	return through(hk.Key), nil
}

// propertyLines writes properties as KEY=VALUE lines in key order ("" for none).
func propertyLines(props map[string]string) string {
	var b strings.Builder
	for _, k := range sortedKeys(props) {
		b.WriteString(k + "=" + props[k] + "\n")
	}
	return b.String()
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// withDefaults returns a copy of args with defaults filled in and the brokers in node-id order.
func (args ExistingBrokerExposureArgs) withDefaults() ExistingBrokerExposureArgs {
	if args.ReadyTimeoutSeconds == 0 {
		args.ReadyTimeoutSeconds = DefaultReadyTimeoutSeconds
	}
	args.Brokers = append([]ExposedBroker(nil), args.Brokers...)
	sort.SliceStable(args.Brokers, func(i, j int) bool { return args.Brokers[i].NodeID < args.Brokers[j].NodeID })
	return args
}

// Validate checks the arguments of an ExistingBrokerExposure named name and returns the first
// problem as an *ArgError naming the field, the value and the fix.
func (args *ExistingBrokerExposureArgs) Validate(name string) error {
	fail := argFailer("ExistingBrokerExposure", name)
	if args == nil {
		return fail("args", "nil", "no arguments given", "pass an *ExistingBrokerExposureArgs")
	}
	if !componentNamePattern.MatchString(name) {
		return fail("name", name, "the name prefixes child names, so it must be lower-case letters, digits and dashes, starting with a letter",
			`pass a name such as "kafka"`)
	}
	a := args.withDefaults()
	if len(a.Brokers) == 0 {
		return fail("Brokers", "[]", "no brokers", "describe every running broker in existingBrokers")
	}
	seen := map[int]bool{}
	for i, b := range a.Brokers {
		field := fmt.Sprintf("Brokers[node %d]", b.NodeID)
		if err := validateExposedBroker(b, field, fail); err != nil {
			return err
		}
		if seen[b.NodeID] {
			return fail(field+".NodeID", strconv.Itoa(b.NodeID), "listed twice", "give each broker once, with its own node.id")
		}
		seen[b.NodeID] = true
		for _, o := range a.Brokers[:i] {
			if o.AdvertisedHost == b.AdvertisedHost && o.AdvertisedPort == b.AdvertisedPort {
				return fail(field+".AdvertisedPort", strconv.Itoa(b.AdvertisedPort),
					fmt.Sprintf("node %d advertises the same %s:%d", o.NodeID, b.AdvertisedHost, b.AdvertisedPort),
					"give every broker its own NLB port (nlbFirstBrokerPort + index)")
			}
		}
	}
	if a.ExternalPort < 1 || a.ExternalPort > 65535 {
		return fail("ExternalPort", strconv.Itoa(a.ExternalPort), "not a TCP port", "set externalPort, e.g. 39092")
	}
	if !bootstrapPattern.MatchString(a.Bootstrap) {
		return fail("Bootstrap", a.Bootstrap, "expected host:port[,host:port...]",
			"list the running brokers' client listeners, e.g. 10.0.0.10:9092,10.0.64.10:9092")
	}
	if a.JumpHost == "" || !(hostNamePattern.MatchString(a.JumpHost) || isIP(a.JumpHost)) {
		return fail("JumpHost", a.JumpHost, "not a host name or IP address", "set jumpHost to the SSH jump host's address")
	}
	if !rules.IsLoginName(a.JumpUser) {
		return fail("JumpUser", a.JumpUser, "not a Linux login name", `set jumpUser, e.g. "root"`)
	}
	if a.JumpHostKey == nil {
		return fail("JumpHostKey", "", "no jump host key: every connection would accept any host claiming the jump host's address",
			"pass the key recorded by an SSHHostKey of the jump host (or a configured one)")
	}
	if a.PrivateKey == nil {
		return fail("PrivateKey", "", "no SSH private key", "set it as a secret: pulumi config set --secret sshPrivateKey < ~/.ssh/kafka-plc")
	}
	if err := validateKplc(a.Kplc, fail); err != nil {
		return err
	}
	for _, k := range sortedKeys(a.Properties) {
		v := a.Properties[k]
		if slices.Contains(exposeOwnedKeys, k) || strings.HasPrefix(k, "listener.name.") {
			return fail("Properties["+k+"]", v, "the EXTERNAL listener edit owns this key", "leave it out of brokerProperties")
		}
		if err := kraft.CheckBrokerProperty(k, v); err != nil {
			return fail("Properties["+k+"]", v, err.Error(), "correct it in brokerProperties")
		}
	}
	if err := a.validateExposureAuth(fail); err != nil {
		return err
	}
	if a.ReadyTimeoutSeconds < 60 || a.ReadyTimeoutSeconds > maxStepTimeoutSeconds {
		return fail("ReadyTimeoutSeconds", strconv.Itoa(a.ReadyTimeoutSeconds), fmt.Sprintf("outside 60..%d s", maxStepTimeoutSeconds),
			"leave it 0 for the default (600) or give at least 60 (a broker takes that long to rejoin)")
	}
	return nil
}

// validateExposedBroker checks one broker's description.
func validateExposedBroker(b ExposedBroker, field string, fail func(field, value, problem, fix string) error) error {
	switch {
	case b.NodeID < 0:
		return fail(field+".NodeID", strconv.Itoa(b.NodeID), "node ids are >= 0", "give the broker's node.id")
	case !isIPv4(b.PrivateIP):
		return fail(field+".PrivateIP", b.PrivateIP, "not an IPv4 address", "give the broker's private IP in the VPC")
	case !rules.IsLoginName(b.SSHUser):
		return fail(field+".SSHUser", b.SSHUser, "not a Linux login name", `set sshUser of the broker, e.g. "root" or "ecs-user"`)
	case !rules.IsPropertiesPath(b.PropertiesPath):
		return fail(field+".PropertiesPath", b.PropertiesPath, "not "+rules.PropertiesPathRule,
			"set propertiesPath to the file the service starts Kafka with, e.g. /opt/kafka/config/kraft/server.properties")
	case !rules.IsServiceName(b.ServiceName):
		return fail(field+".ServiceName", b.ServiceName, "not a systemd service name the host steps accept ("+rules.ServiceNameRule+")", `set serviceName, e.g. "kafka"`)
	case !hostNamePattern.MatchString(b.AdvertisedHost):
		return fail(field+".AdvertisedHost", b.AdvertisedHost, "not a host name", "build it from advertisedHostPattern, e.g. b1.<unique name>.alicloud.plc.tidbcloud.com")
	case b.AdvertisedPort < 1 || b.AdvertisedPort > 65535:
		return fail(field+".AdvertisedPort", strconv.Itoa(b.AdvertisedPort), "not a TCP port", "give the broker's NLB listener port")
	}
	return nil
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

func isIPv4(s string) bool {
	ip, err := netip.ParseAddr(s)
	return err == nil && ip.Is4()
}
