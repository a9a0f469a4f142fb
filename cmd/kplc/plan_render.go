package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/plan"
)

// planView is what `kplc plan` reports, in the shape of its JSON output.
type planView struct {
	Project  string            `json:"project"`
	Stack    string            `json:"stack"`
	Mode     string            `json:"mode"`
	Region   string            `json:"region"`
	Valid    bool              `json:"valid"`
	Problems []problemView     `json:"problems,omitempty"`
	Secrets  map[string]string `json:"secrets,omitempty"`
	Warnings []string          `json:"warnings"`
	// missingSecrets holds, by secret name, the problem of each missing secret (also among
	// Warnings): the text report says it once, on the secret's line.
	missingSecrets    map[string]string
	Stage             string           `json:"stage,omitempty"`
	UniqueName        string           `json:"uniqueName,omitempty"`
	ClusterID         string           `json:"clusterId,omitempty"`
	QuorumVoters      string           `json:"quorumVoters,omitempty"`
	RollConcurrency   string           `json:"rollConcurrency,omitempty"`
	RollWaves         []waveView       `json:"rollWaves,omitempty"`
	InternalBootstrap string           `json:"internalBootstrap,omitempty"`
	Bastion           *bastionView     `json:"bastion,omitempty"`
	Brokers           []brokerView     `json:"brokers"`
	NLBZones          []nlbZoneView    `json:"nlbZones"`
	PortMap           []portView       `json:"portMap"`
	TiDBCloud         *tidbCloudView   `json:"tidbCloud,omitempty"`
	PendingChanges    []pendingView    `json:"pendingChanges"`
	BrokerProperties  *brokerPropsView `json:"brokerProperties,omitempty"`
	NextSteps         []string         `json:"nextSteps"`
	Edits             []brokerEditView `json:"edits,omitempty"`
	Monitoring        *monitoringView  `json:"monitoring,omitempty"`
	// AfterRoll are the bastion steps that follow every roll, in order (mode new).
	AfterRoll []string `json:"afterRoll,omitempty"`
}

// waveView is one wave of a later change's roll: the brokers restarted together.
type waveView struct {
	Zone    string `json:"zone,omitempty"`
	NodeIDs []int  `json:"nodeIds"`
}

type problemView struct {
	Key     string `json:"key"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

type bastionView struct {
	Zone        string `json:"zone"`
	VswitchCIDR string `json:"vswitchCidr"`
	PrivateIP   string `json:"privateIp"`
}

// nlbZoneView is where the NLB takes its addresses in one zone: its VIP and its local addresses
// toward the brokers come from that zone's vSwitch.
type nlbZoneView struct {
	Zone string `json:"zone"`
	// VswitchCIDR is the NLB's own vSwitch range (mode new).
	VswitchCIDR string `json:"vswitchCidr,omitempty"`
	// VswitchID is the configured existing vSwitch (mode existing).
	VswitchID string `json:"vswitchId,omitempty"`
}

type brokerView struct {
	NodeID              int      `json:"nodeId"`
	Roles               []string `json:"roles"`
	Zone                string   `json:"zone"`
	VswitchCIDR         string   `json:"vswitchCidr,omitempty"`
	PrivateIP           string   `json:"privateIp"`
	ExternalHost        string   `json:"externalHost"`
	NLBPort             int      `json:"nlbPort"`
	AdvertisedExternal  string   `json:"advertisedExternal"`
	Listeners           string   `json:"listeners,omitempty"`
	AdvertisedListeners string   `json:"advertisedListeners,omitempty"`
	ProtocolMap         string   `json:"protocolMap,omitempty"`
	ServerProperties    string   `json:"serverProperties,omitempty"`
	ConfigSHA256        string   `json:"configSha256,omitempty"`
	// Edit is, for an existing broker with --broker N, the in-place edit of its file.
	Edit *brokerEditView `json:"edit,omitempty"`
}

type portView struct {
	ListenerPort int           `json:"listenerPort"`
	ServerGroup  string        `json:"serverGroup"`
	Backends     []backendView `json:"backends"`
}

type backendView struct {
	NodeID    int    `json:"nodeId"`
	Zone      string `json:"zone"`
	PrivateIP string `json:"privateIp"`
	Port      int    `json:"port"`
}

type tidbCloudView struct {
	AccountID                 string   `json:"accountId"`
	Region                    string   `json:"region"`
	Zones                     []string `json:"zones"`
	EndpointServiceName       string   `json:"endpointServiceName"`
	AdvertisedListenerPattern string   `json:"advertisedListenerPattern"`
	BrokerPorts               string   `json:"brokerPorts"`
	BootstrapPort             int      `json:"bootstrapPort"`
	// Authentication is what to enter in the changefeed's authentication fields; nil without auth.
	Authentication *changefeedAuthView `json:"authentication,omitempty"`
}

// changefeedAuthView is what TiDB Cloud's changefeed needs to authenticate: the mechanism, the
// user and the command that prints the password (never the password).
type changefeedAuthView struct {
	Mechanism       string `json:"mechanism"`
	User            string `json:"user"`
	PasswordCommand string `json:"passwordCommand"`
	TopicPrefix     string `json:"topicPrefix,omitempty"`
}

type pendingView struct {
	Order  int    `json:"order"`
	NodeID int    `json:"nodeId"`
	Key    string `json:"key"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// invalidView reports a configuration that Load refused, with the project, mode and region
// as the stack files give them.
func invalidView(stack string, src stackSource, problems config.Problems) planView {
	v := planView{Project: src.project, Stack: stack, Mode: src.mode, Region: src.region,
		Warnings: []string{}, Brokers: []brokerView{}, PortMap: []portView{},
		PendingChanges: []pendingView{}, NextSteps: []string{}}
	for _, p := range problems {
		v.Problems = append(v.Problems, problemView{Key: p.Key, Value: p.Value, Message: p.Message, Fix: p.Fix})
	}
	return v
}

// newPlanView assembles the report of a valid configuration and its plan.
func newPlanView(c *config.Config, p *plan.Plan) planView {
	v := planView{
		Project:           p.Project,
		Stack:             p.Stack,
		Mode:              string(c.Mode),
		Region:            p.Region,
		Valid:             true,
		Secrets:           c.SecretStatus(),
		Warnings:          append([]string{}, c.Warnings()...),
		Stage:             string(p.Stage),
		UniqueName:        p.UniqueName,
		ClusterID:         p.ClusterID,
		QuorumVoters:      p.QuorumVoters,
		InternalBootstrap: p.InternalBootstrap(),
		Brokers:           []brokerView{},
		NLBZones:          []nlbZoneView{},
		PortMap:           []portView{},
		PendingChanges:    []pendingView{},
	}
	if c.Existing != nil {
		v.InternalBootstrap = "" // the running brokers' INTERNAL port is theirs, not ours
	} else {
		v.RollConcurrency = p.RollConcurrency
		for _, w := range p.Waves() {
			v.RollWaves = append(v.RollWaves, waveView{Zone: w.Zone, NodeIDs: w.NodeIDs})
		}
	}
	for _, ms := range c.MissingSecrets() {
		v.Warnings = append(v.Warnings, ms.Error())
		if v.missingSecrets == nil {
			v.missingSecrets = map[string]string{}
		}
		v.missingSecrets[ms.Key] = ms.Error()
	}
	if p.Bastion.PrivateIP != "" {
		v.Bastion = &bastionView{Zone: p.Bastion.Zone, VswitchCIDR: p.Bastion.VswitchCIDR, PrivateIP: p.Bastion.PrivateIP}
	}
	for _, b := range p.Brokers {
		v.Brokers = append(v.Brokers, newBrokerView(b))
	}
	for _, z := range p.Zones {
		zv := nlbZoneView{Zone: z.Name, VswitchCIDR: z.NLBVswitchCIDR}
		if c.Existing != nil {
			zv.VswitchID = c.Existing.VswitchIDs[z.Name]
		}
		v.NLBZones = append(v.NLBZones, zv)
	}
	for _, m := range p.PortMap {
		pv := portView{ListenerPort: m.ListenerPort, ServerGroup: m.ServerGroup}
		for _, b := range m.Backends {
			pv.Backends = append(pv.Backends, backendView{NodeID: b.NodeID, Zone: b.Zone, PrivateIP: b.PrivateIP, Port: b.Port})
		}
		v.PortMap = append(v.PortMap, pv)
	}
	v.TiDBCloud = &tidbCloudView{
		AccountID:                 p.TiDBCloud.AccountID,
		Region:                    p.Region,
		Zones:                     p.TiDBCloud.Zones,
		EndpointServiceName:       fmt.Sprintf("the %s stack output after `pulumi up` (pulumi stack output %s --stack %s)", plan.OutputEndpointServiceName, plan.OutputEndpointServiceName, p.Stack),
		AdvertisedListenerPattern: p.TiDBCloud.AdvertisedListenerPattern,
		BrokerPorts:               brokerPorts(p),
		BootstrapPort:             p.TiDBCloud.BootstrapPort,
	}
	if p.TiDBCloud.SASLMechanism != "" {
		v.TiDBCloud.Authentication = &changefeedAuthView{
			Mechanism:       p.TiDBCloud.SASLMechanism,
			User:            p.TiDBCloud.SASLUser,
			PasswordCommand: p.TiDBCloud.PasswordCommand(p.Project, p.Stack),
			TopicPrefix:     p.Auth.TopicPrefix,
		}
	}
	for i, pc := range p.PendingChanges {
		v.PendingChanges = append(v.PendingChanges, pendingView{Order: i + 1, NodeID: pc.NodeID, Key: pc.Key, From: pc.From, To: pc.To})
	}
	bp, err := newBrokerPropsView(c, p)
	if err != nil {
		v.Warnings = append(v.Warnings, err.Error())
	}
	v.BrokerProperties = bp
	v.NextSteps = nextSteps(c, p)
	v.Monitoring = newMonitoringView(c, p)
	v.Warnings = append(v.Warnings, plan.DiskWarnings(c, p)...)
	if c.Mode != config.ModeExisting {
		v.AfterRoll = afterRoll(c, p)
	}
	return v
}

func newBrokerView(b plan.Broker) brokerView {
	bv := brokerView{
		NodeID:              b.NodeID,
		Roles:               []string{},
		Zone:                b.Zone,
		VswitchCIDR:         b.VswitchCIDR,
		PrivateIP:           b.PrivateIP,
		ExternalHost:        b.ExternalHost,
		NLBPort:             b.NLBPort,
		AdvertisedExternal:  fmt.Sprintf("%s://%s:%d", plan.ListenerExternal, b.ExternalHost, b.NLBPort),
		Listeners:           b.Listeners,
		AdvertisedListeners: b.AdvertisedListeners,
		ProtocolMap:         b.ProtocolMap,
		ServerProperties:    b.ServerProperties,
	}
	for _, r := range b.Roles {
		bv.Roles = append(bv.Roles, string(r))
	}
	if b.ServerProperties != "" {
		bv.ConfigSHA256 = b.ConfigHash()
	}
	return bv
}

// brokerPorts describes the per-broker NLB ports, e.g. "9093-9095 (node 1 on 9093, ...)".
func brokerPorts(p *plan.Plan) string {
	if len(p.Brokers) == 0 {
		return ""
	}
	first, last := p.Brokers[0].NLBPort, p.Brokers[len(p.Brokers)-1].NLBPort
	parts := make([]string, len(p.Brokers))
	for i, b := range p.Brokers {
		parts[i] = fmt.Sprintf("node %d on %d", b.NodeID, b.NLBPort)
	}
	return fmt.Sprintf("%d-%d (%s)", first, last, strings.Join(parts, ", "))
}

// nextSteps says what the user does next at this stage.
func nextSteps(c *config.Config, p *plan.Plan) []string {
	stackFlag := " --stack " + p.Stack
	first := "Run `pulumi up" + stackFlag + "`: it builds the VPC, the bastion, the brokers, the NLB and the endpoint service; brokers advertise the placeholder " + p.UniqueName + "."
	if c.Existing != nil {
		first = "Run `pulumi up" + stackFlag + "`: it builds the NLB and the endpoint service and adds the EXTERNAL listener (advertising the placeholder " + p.UniqueName + ") to the running brokers, restarting them one at a time, each restart gated on cluster health."
	}
	if p.Stage == plan.StageAwaitingUniqueName {
		return []string{
			first,
			"In TiDB Cloud, create the private link connection with the endpoint service name (`pulumi stack output " + plan.OutputEndpointServiceName + stackFlag + "`); accept the endpoint connection in the Alibaba Cloud console (PrivateLink, the endpoint service's Endpoint Connections); then, in TiDB Cloud, Attach Domains (TiDB Cloud Managed) and copy the unique name it shows.",
			"Run `" + p.SetUniqueNameCommand() + "`, then `pulumi up" + stackFlag + "`: the pending changes below are applied one broker at a time, in the order listed; each restart waits until the cluster is healthy (kplc safe-to-restart before it, kplc wait-ready after it), and a broker that does not come back stops the rollout.",
			fmt.Sprintf("Create the changefeed in TiDB Cloud with the private link connection and bootstrap port %d%s.", p.TiDBCloud.BootstrapPort, changefeedAuthHint(p)),
		}
	}
	return []string{
		"Run `pulumi up" + stackFlag + "`: brokers whose running server.properties differs get the new file and are restarted one at a time, each restart gated on cluster health; brokers already advertising " + p.UniqueName + " are left alone.",
		fmt.Sprintf("Create the changefeed in TiDB Cloud with the private link connection and bootstrap port %d%s.", p.TiDBCloud.BootstrapPort, changefeedAuthHint(p)),
	}
}

// writePlanText writes the human-readable report.
func writePlanText(w io.Writer, v planView, p *plan.Plan) {
	fmt.Fprintf(w, "kplc plan: stack %s of project %s (mode %s, region %s)\n", v.Stack, v.Project, v.Mode, v.Region)

	fmt.Fprintln(w, "\nConfiguration: valid")
	names := make([]string, 0, len(v.Secrets))
	for n := range v.Secrets {
		names = append(names, n)
	}
	sort.Strings(names)
	said := map[string]bool{}
	for _, n := range names {
		if text, ok := v.missingSecrets[n]; ok {
			fmt.Fprintf(w, "  secret %s\n", text)
			said[text] = true
			continue
		}
		fmt.Fprintf(w, "  secret %s: %s\n", n, v.Secrets[n])
	}
	for _, warn := range v.Warnings {
		if !said[warn] {
			fmt.Fprintf(w, "  warning: %s\n", warn)
		}
	}

	fmt.Fprintf(w, "\nStage: %s\n", v.Stage)
	if p.Stage == plan.StageAwaitingUniqueName {
		fmt.Fprintf(w, "  uniqueName is unset: brokers advertise the placeholder %q until TiDB Cloud gives the unique name.\n", v.UniqueName)
	} else {
		fmt.Fprintf(w, "  uniqueName = %s: brokers advertise the names TiDB Cloud resolves.\n", v.UniqueName)
	}

	fmt.Fprintln(w, "\nTopology")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  NODE\tROLES\tZONE\tVSWITCH\tPRIVATE IP\tADVERTISED EXTERNAL")
	for _, b := range v.Brokers {
		roles := strings.Join(b.Roles, ",")
		if roles == "" {
			roles = "(existing)"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s:%d\n", b.NodeID, roles, b.Zone, dash(b.VswitchCIDR), b.PrivateIP, b.ExternalHost, b.NLBPort)
	}
	if v.Bastion != nil {
		fmt.Fprintf(tw, "  bastion\t-\t%s\t%s\t%s\t-\n", v.Bastion.Zone, v.Bastion.VswitchCIDR, v.Bastion.PrivateIP)
	}
	tw.Flush()
	if v.QuorumVoters != "" {
		fmt.Fprintf(w, "  Controller quorum: %s\n", v.QuorumVoters)
	}
	if v.ClusterID != "" {
		fmt.Fprintf(w, "  KRaft cluster ID: %s (formatted once, kept for the life of the stack)\n", v.ClusterID)
	}
	writeWaves(w, v)
	if v.InternalBootstrap != "" {
		fmt.Fprintf(w, "  Bootstrap inside the VPC: %s\n", v.InternalBootstrap)
	}

	fmt.Fprintln(w, "\nNLB addresses (per zone: its VIP and its local addresses toward the brokers)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ZONE\tVSWITCH\tNOTE")
	for _, z := range v.NLBZones {
		if z.VswitchCIDR != "" {
			fmt.Fprintf(tw, "  %s\t%s\tthe NLB's own vSwitch, apart from the brokers'; the only range that reaches their EXTERNAL port\n", z.Zone, z.VswitchCIDR)
		} else {
			fmt.Fprintf(tw, "  %s\t%s\texistingVswitchIds, used as they are (the running brokers already hold their addresses)\n", z.Zone, dash(z.VswitchID))
		}
	}
	tw.Flush()

	fmt.Fprintln(w, "\nNLB port map (TCP listeners of the intranet NLB)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  NLB PORT\tSERVER GROUP\tBACKENDS")
	for _, m := range v.PortMap {
		backends := make([]string, len(m.Backends))
		for i, b := range m.Backends {
			backends[i] = fmt.Sprintf("node %d %s:%d", b.NodeID, b.PrivateIP, b.Port)
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", m.ListenerPort, m.ServerGroup, strings.Join(backends, ", "))
	}
	tw.Flush()

	t := v.TiDBCloud
	fmt.Fprintln(w, "\nTiDB Cloud (Networking > Private Link Connection For Dataflow)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  Account ID whitelisted by the endpoint service:\t%s\n", t.AccountID)
	fmt.Fprintf(tw, "  Region:\t%s\n", t.Region)
	fmt.Fprintf(tw, "  Zones:\t%s\n", strings.Join(t.Zones, ", "))
	fmt.Fprintf(tw, "  Endpoint service name:\t%s\n", t.EndpointServiceName)
	fmt.Fprintf(tw, "  Advertised listener pattern:\t%s:<port>\n", t.AdvertisedListenerPattern)
	fmt.Fprintf(tw, "  Broker ports:\t%s\n", t.BrokerPorts)
	fmt.Fprintf(tw, "  Bootstrap port:\t%d\n", t.BootstrapPort)
	if a := t.Authentication; a != nil {
		fmt.Fprintf(tw, "  Changefeed authentication (SASL mechanism):\t%s\n", a.Mechanism)
		fmt.Fprintf(tw, "  Changefeed user:\t%s\n", a.User)
		fmt.Fprintf(tw, "  Changefeed password:\tthe output of `%s`\n", a.PasswordCommand)
		topics := "every topic"
		if a.TopicPrefix != "" {
			topics = "topics starting with " + a.TopicPrefix
		}
		fmt.Fprintf(tw, "  Topics the user may create and write:\t%s\n", topics)
	}
	tw.Flush()
	writeMonitoringText(w, v.Monitoring)

	fmt.Fprintln(w, "\nNext steps")
	for i, s := range v.NextSteps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
	writeBrokerPropsText(w, v.BrokerProperties, v.Mode)
	if len(v.PendingChanges) > 0 {
		fmt.Fprintln(w, "\nPending changes once uniqueName is set (restart order, one broker at a time)")
		what := ""
		if v.Mode == string(config.ModeExisting) {
			what = ", its EXTERNAL item (the rest of the running value is kept)"
		}
		for _, pc := range v.PendingChanges {
			fmt.Fprintf(w, "  %d. node %d %s%s\n       now:  %s\n       then: %s\n", pc.Order, pc.NodeID, pc.Key, what, pc.From, pc.To)
		}
	}

	if len(v.AfterRoll) > 0 {
		fmt.Fprintln(w, "\nAfter every roll (on the bastion, in this order; each waits for the one before)")
		for i, s := range v.AfterRoll {
			fmt.Fprintf(w, "  %d. %s\n", i+1, s)
		}
	}

	for _, b := range v.Brokers {
		if b.ServerProperties == "" {
			continue
		}
		fmt.Fprintf(w, "\n----- node %d: %s (sha256 %s) -----\n", b.NodeID, plan.ServerPropertiesPath, b.ConfigSHA256)
		io.WriteString(w, b.ServerProperties)
		fmt.Fprintf(w, "----- end of node %d -----\n", b.NodeID)
	}
	if v.Mode == string(config.ModeExisting) {
		writeEditsText(w, v.Edits)
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// changefeedAuthHint completes the changefeed step with its authentication fields ("" without auth).
func changefeedAuthHint(p *plan.Plan) string {
	if p.TiDBCloud.SASLMechanism == "" {
		return ""
	}
	return fmt.Sprintf(", authentication SASL/%s, user %s and the password that `%s` prints",
		p.TiDBCloud.SASLMechanism, p.TiDBCloud.SASLUser, p.TiDBCloud.PasswordCommand(p.Project, p.Stack))
}

// writeWaves says how a later change restarts the brokers (first starts are parallel).
func writeWaves(w io.Writer, v planView) {
	if len(v.RollWaves) == 0 {
		return
	}
	if v.RollConcurrency != config.RollZone {
		fmt.Fprintln(w, "  Later changes restart the brokers one at a time, in node order, each behind its own gate (rollConcurrency one)")
		return
	}
	fmt.Fprintf(w, "  Later changes restart the brokers zone by zone (rollConcurrency zone), %d waves, each behind one gate; a wave refused (two replicas of a partition in it, or the quorum would lose its majority) restarts one at a time:\n", len(v.RollWaves))
	for i, wave := range v.RollWaves {
		ids := make([]string, len(wave.NodeIDs))
		for j, id := range wave.NodeIDs {
			ids[j] = strconv.Itoa(id)
		}
		fmt.Fprintf(w, "    wave %d, %s: nodes %s\n", i+1, wave.Zone, strings.Join(ids, ", "))
	}
}
