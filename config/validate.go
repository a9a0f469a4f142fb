package config

import (
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"maps"
	"net/netip"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/kafka-plc/kafka-plc/rules"
)

// Load builds a Config for a project's stack from raw values: it applies the defaults of
// Settings, parses, and checks every rule. On failure the error is Problems, holding every
// problem found (not just the first), each with the key, the bad value, what is wrong and the
// command that fixes it.
//
// Keys may be bare ("brokerCount") or namespaced by the project ("kafka-plc:brokerCount"); keys
// of other namespaces are ignored, except ProviderRegionKey, which must agree with region, and
// keys of a namespace that nothing reads (not the project's, alicloud or pulumi), which get a
// warning with a did-you-mean. Load
// never needs a secret's value: for sshPrivateKey it only records whether it is present.
func Load(project, stack string, values Values) (*Config, error) {
	if project == "" {
		project = ProjectName
	}
	l := &loader{fix: fixer{project: project, stack: stack}, bad: map[string]bool{}}
	l.normalize(project, values)

	c := &Config{Project: project, Stack: stack}
	c.Mode = l.mode()
	for _, s := range Settings {
		if !s.AppliesTo(c.Mode) && l.isSet(s.Key) {
			l.warn("%s is set but not used in mode %s", s.Key, c.Mode)
		}
	}

	l.region(c)
	l.zones(c)
	l.scalars(c)
	l.ssh(c)
	l.auth(c)
	l.kafka(c)
	if c.Mode == ModeExisting {
		l.existing(c)
	} else {
		l.network(c)
		l.counts(c)
	}
	l.ports(c)
	l.names(c)

	if len(l.probs) > 0 {
		return nil, l.probs
	}
	c.warnings = l.warns
	return c, nil
}

// Warnings returns what is allowed but probably not intended, one sentence each.
func (c *Config) Warnings() []string {
	out := append([]string(nil), c.warnings...)
	if c.TiDBCloudAccountID == PlaceholderTiDBCloudAccountID {
		out = append(out, fmt.Sprintf("tidbCloudAccountId is still the example value %s: set TiDB Cloud's real account ID (shown in TiDB Cloud when you create the private link connection) before deploying",
			PlaceholderTiDBCloudAccountID))
	}
	return out
}

// MissingSecrets returns a problem for each secret the deployment needs but the stack lacks.
// Presence is all Load knows: no secret is ever decrypted for this. The Pulumi program treats
// these as errors; `kplc plan` reports them as warnings.
func (c *Config) MissingSecrets() Problems {
	var ps Problems
	if !c.SSHPrivateKeySet {
		f := fixer{project: c.Project, stack: c.Stack}
		which := " (the private half of sshPublicKey)"
		if c.Mode == ModeExisting {
			which = " (a key that the jump host and every broker accept)"
		}
		ps = append(ps, Problem{
			Key:     "sshPrivateKey",
			Message: "missing: the deployment logs in over SSH with it",
			Fix:     f.setSecret("sshPrivateKey", "~/.ssh/kafka-plc") + which,
		})
	}
	return ps
}

// SecretStatus returns "present" or "missing" for each secret setting, for reports.
func (c *Config) SecretStatus() map[string]string {
	st := "missing"
	if c.SSHPrivateKeySet {
		st = "present"
	}
	out := map[string]string{"sshPrivateKey": st}
	if c.AuthEnabled() || c.ExternalPasswordSet {
		out["externalPassword"] = "missing"
		if c.ExternalPasswordSet {
			out["externalPassword"] = "present"
		}
	}
	return out
}

var (
	regionRe       = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)
	letterRe       = regexp.MustCompile(`^[a-z]$`)
	instanceTypeRe = regexp.MustCompile(`^ecs\.[a-z0-9-]+\.[a-z0-9-]+$`)
	imageIDRe      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
	digitsRe       = regexp.MustCompile(`^[0-9]{1,32}$`)
	labelRe        = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	vpcIDRe        = regexp.MustCompile(`^vpc-[a-z0-9]+$`)
	vswIDRe        = regexp.MustCompile(`^vsw-[a-z0-9]+$`)
	instanceIDRe   = regexp.MustCompile(`^i-[a-z0-9]+$`)
	placeholderRe  = regexp.MustCompile(`\{[^}]*\}`)
)

// reservedRanges may not hold a VPC (Alibaba Cloud refuses them).
var reservedRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("224.0.0.0/4"),
}

// mode parses the mode.
func (l *loader) mode() Mode {
	raw := l.str("mode")
	switch Mode(raw) {
	case ModeNew, ModeExisting:
		return Mode(raw)
	}
	l.bad["mode"] = true
	l.problem("mode", raw, `must be "new" (build a cluster) or "existing" (expose brokers that already run)`, l.fix.set("mode", "new"))
	return ModeNew
}

// region checks the region and its agreement with the provider's region.
func (l *loader) region(c *Config) {
	c.Region = l.str("region")
	switch {
	case c.Region == "":
		l.bad["region"] = true
		l.problem("region", "", "is required", l.fix.set("region", "ap-southeast-1"))
		return
	case !regionRe.MatchString(c.Region):
		l.bad["region"] = true
		l.problem("region", c.Region, "is not an Alibaba Cloud region ID (lower-case, like ap-southeast-1 or cn-hangzhou)",
			l.fix.set("region", strings.ToLower(strings.TrimSpace(c.Region))))
		return
	}
	switch {
	case l.providerRegion == "":
		l.warn("%s is not set: the Alibaba Cloud provider then takes its region from the ALICLOUD_REGION environment variable, "+
			"which must be %s on every machine that runs pulumi; set it in the stack instead: pulumi config set %s %s%s",
			ProviderRegionKey, c.Region, ProviderRegionKey, shellQuote(c.Region), l.fix.stackFlag())
	case l.providerRegion != c.Region:
		l.problem("region", c.Region, fmt.Sprintf("differs from %s = %q; resources would be created in one region and looked up in another", ProviderRegionKey, l.providerRegion),
			"make them equal: pulumi config set "+ProviderRegionKey+" "+shellQuote(c.Region)+l.fix.stackFlag())
	}
}

// exampleZone returns a zone ID of region, to show in messages.
func exampleZone(region, letter string) string {
	if region == "" {
		return "ap-southeast-1" + letter
	}
	if last := region[len(region)-1]; last >= '0' && last <= '9' {
		return region + letter
	}
	return region + "-" + letter
}

// zoneProblem returns what is wrong with zone ID z of region, or "".
func zoneProblem(region, z string) string {
	if region == "" || !regionRe.MatchString(region) {
		return "" // the region problem is reported already
	}
	// A zone is its region's ID and a letter: ap-southeast-1a, but cn-hangzhou-h.
	sep := "-"
	if last := region[len(region)-1]; last >= '0' && last <= '9' {
		sep = ""
	}
	if !strings.HasPrefix(z, region+sep) || !letterRe.MatchString(strings.TrimPrefix(z, region+sep)) {
		return fmt.Sprintf("is not a zone of region %s (its zones look like %s)", region, exampleZone(region, "a"))
	}
	return ""
}

// zones checks the zone list.
func (l *loader) zones(c *Config) {
	ex := []string{exampleZone(c.Region, "a"), exampleZone(c.Region, "b"), exampleZone(c.Region, "c")}
	zs, ok := l.list("zones", ex)
	if !ok {
		return
	}
	c.Zones = zs
	switch {
	case len(zs) == 0:
		l.bad["zones"] = true
		l.problem("zones", "", "is required: list at least 2 zones of the region", l.fix.setList("zones", ex))
		return
	case len(zs) < MinZones:
		l.bad["zones"] = true
		l.problem("zones", strings.Join(zs, ","), fmt.Sprintf("has %d zone; the NLB needs at least %d", len(zs), MinZones),
			l.fix.setPath(fmt.Sprintf("zones[%d]", len(zs)), ex[1]))
	case len(zs) > MaxZones:
		l.bad["zones"] = true
		l.problem("zones", strings.Join(zs, ","), fmt.Sprintf("has %d zones; an NLB spans at most %d", len(zs), MaxZones),
			l.fix.setList("zones", zs[:MaxZones]))
	}
	seen := map[string]int{}
	for i, z := range zs {
		key := fmt.Sprintf("zones[%d]", i)
		if j, dup := seen[z]; dup {
			l.bad["zones"] = true
			l.problem(key, z, fmt.Sprintf("repeats zones[%d]; each zone may appear once", j), l.fix.setList("zones", dedupe(zs)))
			continue
		}
		seen[z] = i
		if msg := zoneProblem(c.Region, z); msg != "" {
			l.bad["zones"] = true
			l.problem(key, z, msg, l.fix.setPath(key, exampleZone(c.Region, string(rune('a'+i%26)))))
		}
	}
}

// dedupe returns xs without repeats, in order.
func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// scalars parses the instance and disk settings.
func (l *loader) scalars(c *Config) {
	c.BrokerInstanceType = l.str("brokerInstanceType")
	c.BastionInstanceType = l.str("bastionInstanceType")
	for _, key := range []string{"brokerInstanceType", "bastionInstanceType"} {
		v := l.str(key)
		switch {
		case !instanceTypeRe.MatchString(v):
			l.problem(key, v, "is not an ECS instance type (like ecs.g7.xlarge)", l.fix.set(key, mustLookup(key).raw()))
		case rules.IsArmInstanceType(v):
			l.problem(key, v, fmt.Sprintf("is an Arm instance type (family %s, YiTian or Ampere); kplc and the host steps are built for linux/amd64 only, so it would not run there; pick an x86-64 family",
				rules.InstanceFamily(v)), l.fix.set(key, mustLookup(key).raw()))
		}
	}
	c.ImageID = l.str("imageId")
	if c.ImageID != "" && !imageIDRe.MatchString(c.ImageID) {
		l.problem("imageId", c.ImageID, "is not an ECS image ID (letters, digits, '_', '.', '-')",
			"unset it to use the latest Alibaba Cloud Linux 3: "+l.fix.rm("imageId"))
	}
	c.SystemDiskCategory = l.str("systemDiskCategory")
	c.DataDiskCategory = l.str("dataDiskCategory")
	for _, key := range []string{"systemDiskCategory", "dataDiskCategory"} {
		v := l.str(key)
		if !rules.IsDiskCategory(v) {
			l.problem(key, v, "is not a disk category; use one of "+strings.Join(rules.DiskCategories(), ", "), l.fix.set(key, "cloud_essd"))
		}
	}
	c.DataDiskDevice = l.str("dataDiskDevice")
	if msg := dataDeviceProblem(c.DataDiskDevice); msg != "" {
		l.problem("dataDiskDevice", c.DataDiskDevice, msg,
			l.fix.set("dataDiskDevice", "/dev/vdb")+" (or /dev/nvme1n1 on an instance family with NVMe disks; lsblk on a broker shows the name)")
	}
	if n, ok := l.integer("dataDiskSizeGb"); ok {
		c.DataDiskSizeGB = n
		if n < 20 || n > 32768 {
			l.problem("dataDiskSizeGb", itoa(n), "must be between 20 and 32768 GiB", l.fix.set("dataDiskSizeGb", "200"))
		}
	}
	if n, ok := l.integer("bastionBandwidthMbps"); ok {
		c.BastionBandwidthMbps = n
		if n < 1 || n > 100 {
			l.problem("bastionBandwidthMbps", itoa(n), "must be between 1 and 100 Mbit/s (the bastion needs a public IP to be reachable)",
				l.fix.set("bastionBandwidthMbps", "5"))
		}
	}
}

// Whole-disk device names: virtio (vdb), Xen (xvdb), SCSI (sdb) and NVMe (nvme1n1); the first
// disk of each scheme is the system disk.
var (
	wholeDiskRe  = regexp.MustCompile(`^/dev/((x?vd|sd)[a-z]+|nvme[0-9]+n[0-9]+)$`)
	systemDiskRe = regexp.MustCompile(`^/dev/((x?vd|sd)a|nvme0n1)$`)
	partitionRe  = regexp.MustCompile(`^/dev/((x?vd|sd)[a-z]+[0-9]+|nvme[0-9]+n[0-9]+p[0-9]+)$`)
)

// dataDeviceProblem returns what keeps dev from naming a broker's whole data disk, or "".
func dataDeviceProblem(dev string) string {
	switch {
	case !strings.HasPrefix(dev, "/dev/"):
		return "is not an absolute device path under /dev/ (like /dev/vdb)"
	case partitionRe.MatchString(dev):
		return "names a partition; give the whole disk (like /dev/vdb or /dev/nvme1n1): the install step formats the blank disk itself"
	case !wholeDiskRe.MatchString(dev):
		return "is not a whole-disk device name (/dev/vdX, /dev/xvdX, /dev/sdX or /dev/nvmeNnM)"
	case systemDiskRe.MatchString(dev):
		return "is the system disk; Kafka's data goes on the separate data disk (the second disk: /dev/vdb, or /dev/nvme1n1)"
	}
	return ""
}

// ssh checks the SSH settings.
func (l *loader) ssh(c *Config) {
	if v, ok := l.values["sshPrivateKey"]; ok && (v.Secret || v.Raw != "") {
		c.SSHPrivateKeySet = true
		if !v.Secret {
			l.problem("sshPrivateKey", "", "is stored in plain text; it must be a secret",
				l.fix.rm("sshPrivateKey")+" && "+l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")+
					"; if the stack file was shared, treat the key as leaked and make a new one")
		}
	}
	c.SSHUser = l.str("sshUser")
	if !rules.IsLoginName(c.SSHUser) {
		l.problem("sshUser", c.SSHUser, "is not a Linux user name", l.fix.set("sshUser", "root"))
	}
	l.jumpUser(c)

	allow, okAllow := l.boolean("allowSshFromAnywhere")
	c.AllowSSHFromAnywhere = allow
	c.AllowBrokerDeletion, _ = l.boolean("allowBrokerDeletion")
	if c.Mode != ModeNew {
		return
	}

	c.SSHPublicKey = l.str("sshPublicKey")
	l.checkPublicKey(c.SSHPublicKey)

	cidrs, ok := l.list("sshAllowedCidrs", []string{"203.0.113.0/24"})
	if !ok {
		return
	}
	c.SSHAllowedCIDRs = cidrs
	if len(cidrs) == 0 {
		l.problem("sshAllowedCidrs", "", "is required: list the ranges allowed to reach the bastion's SSH port (your office or VPN egress)",
			l.fix.setPath("sshAllowedCidrs[0]", "203.0.113.0/24")+" (replace it with your own range)")
		return
	}
	for i, raw := range cidrs {
		key := fmt.Sprintf("sshAllowedCidrs[%d]", i)
		if addr, err := netip.ParseAddr(raw); err == nil && addr.Is4() {
			l.problem(key, raw, "is an address, not a range", l.fix.setPath(key, raw+"/32"))
			continue
		}
		p, ok := l.cidr(key, raw, func(v string) string { return l.fix.setPath(key, v) })
		if !ok {
			continue
		}
		if p.Bits() == 0 && okAllow && !allow {
			l.problem(key, raw, "opens the bastion's SSH port to the whole internet",
				"list your own ranges instead ("+l.fix.setPath(key, "203.0.113.0/24")+"), or, if you really mean it, "+l.fix.set("allowSshFromAnywhere", "true"))
		}
	}
	if allow {
		l.warn("allowSshFromAnywhere is true: the bastion accepts SSH connections from any address")
	}
}

// jumpUser parses jumpUser (mode existing).
func (l *loader) jumpUser(c *Config) {
	if c.Mode != ModeExisting {
		return
	}
	u := l.str("jumpUser")
	if !rules.IsLoginName(u) {
		l.problem("jumpUser", u, "is not a Linux user name", l.fix.set("jumpUser", "root"))
	}
	if c.Existing == nil {
		c.Existing = &Existing{}
	}
	c.Existing.JumpUser = u
}

// importableKeyTypes are the OpenSSH public key types Alibaba Cloud can import as a key pair:
// ECS ImportKeyPair documents the encryption methods rsa, dsa, ssh-rsa, ssh-dss and ecdsa, and
// not ssh-ed25519 (alicloud-provider-facts.md, ecs/ecsKeyPair public_key). In OpenSSH's names
// that is ssh-rsa, ssh-dss and the three NIST ECDSA curves; ed25519, security keys (sk-...) and
// certificates are refused, as the stricter reading of the doc.
var importableKeyTypes = []string{ssh.KeyAlgoRSA, ssh.KeyAlgoDSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521}

// IsImportableKeyType reports whether Alibaba Cloud imports an OpenSSH public key of type typ
// (the first field of an authorized_keys line, e.g. "ssh-rsa") as a key pair.
func IsImportableKeyType(typ string) bool {
	return slices.Contains(importableKeyTypes, typ)
}

// ImportableKeyTypesText says which key types Alibaba Cloud imports, for messages.
const ImportableKeyTypesText = "Alibaba Cloud's ECS ImportKeyPair imports only RSA, DSA and ECDSA keys " +
	"(ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521), not ssh-ed25519"

// KeygenCommand makes the key pair every SSH message steers to: RSA, 4096 bits.
const KeygenCommand = "ssh-keygen -t rsa -b 4096 -f ~/.ssh/kafka-plc"

// checkPublicKey checks sshPublicKey.
func (l *loader) checkPublicKey(raw string) {
	const key = "sshPublicKey"
	newKey := KeygenCommand + " && " + l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)") +
		" && " + l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")
	if raw == "" {
		l.problem(key, "", "is required: the public key installed on the bastion and the brokers",
			l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)")+" (make an RSA key pair with: "+KeygenCommand+"; "+ImportableKeyTypesText+")")
		return
	}
	if strings.Contains(raw, "PRIVATE KEY") {
		l.problem(key, "(a private key; not shown)",
			"HOLDS A PRIVATE KEY, stored in plain text in the stack file: only the public half belongs here",
			l.fix.rm(key)+" && "+l.fix.setExpr(key, "$(ssh-keygen -y -f ~/.ssh/kafka-plc)")+
				" && "+l.fix.setSecret("sshPrivateKey", "~/.ssh/kafka-plc")+
				"; if the stack file was committed or shared, the key is leaked: make a new pair")
		return
	}
	pk, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(raw))
	if err != nil {
		l.problem(key, raw, "is not an OpenSSH public key (want one line like ssh-rsa AAAA... comment)",
			l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)")+" (or make a new RSA key pair: "+newKey+")")
		return
	}
	if strings.TrimSpace(string(rest)) != "" {
		l.problem(key, raw, "holds more than one key; give exactly one", l.fix.setExpr(key, "$(cat ~/.ssh/kafka-plc.pub)"))
		return
	}
	switch typ := pk.Type(); {
	case !IsImportableKeyType(typ):
		l.problem(key, raw, fmt.Sprintf("is a %s key, which Alibaba Cloud cannot import as a key pair: %s", typ, ImportableKeyTypesText),
			"make an RSA 4096 key pair (or ECDSA: ssh-keygen -t ecdsa -b 521) and set both halves: "+newKey)
	case typ == ssh.KeyAlgoDSA:
		l.problem(key, raw, "is a DSA key, which current OpenSSH servers refuse; use RSA 4096 (or ECDSA)", newKey)
	case typ == ssh.KeyAlgoRSA:
		if cpk, ok := pk.(ssh.CryptoPublicKey); ok {
			if rk, ok := cpk.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < 2048 {
				l.problem(key, raw, fmt.Sprintf("is a %d-bit RSA key; use at least 2048 bits (4096 recommended)", rk.N.BitLen()), newKey)
			}
		}
	}
}

// cidr parses a canonical IPv4 CIDR block; fix builds the command that sets a corrected value.
func (l *loader) cidr(key, raw string, fix func(string) string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(raw))
	if err != nil {
		l.problem(key, raw, "is not a CIDR block (want a.b.c.d/n, e.g. 10.0.0.0/18)", fix("10.0.0.0/18"))
		return netip.Prefix{}, false
	}
	if !p.Addr().Is4() {
		l.problem(key, raw, "is not IPv4; kafka-plc uses IPv4 ranges only", fix("10.0.0.0/18"))
		return netip.Prefix{}, false
	}
	if m := p.Masked(); m != p {
		l.problem(key, raw, fmt.Sprintf("has host bits set; the block it names is %s", m), fix(m.String()))
		return netip.Prefix{}, false
	}
	return p, true
}

// network checks the VPC and vSwitch ranges (mode new), deriving the defaults.
func (l *loader) network(c *Config) {
	c.VpcCIDR = l.str("vpcCidr")
	vpc, ok := l.cidr("vpcCidr", c.VpcCIDR, func(v string) string { return l.fix.set("vpcCidr", v) })
	if ok {
		ok = l.checkVPC(vpc)
	}
	zonesOK := !l.bad["zones"] && len(c.Zones) > 0

	// Broker vSwitches.
	var brokers []netip.Prefix
	explicit, listOK := l.list("brokerVswitchCidrs", nil)
	var carved []netip.Prefix
	if ok && zonesOK {
		var err error
		if carved, err = carve(vpc, len(c.Zones)); err != nil && listOK && len(explicit) == 0 {
			l.problem("vpcCidr", c.VpcCIDR, err.Error(), "use a larger range ("+l.fix.set("vpcCidr", "10.0.0.0/16")+") or set brokerVswitchCidrs and bastionVswitchCidr")
		}
	}
	brokersOK := listOK
	switch {
	case !listOK:
	case len(explicit) == 0:
		if carved != nil {
			brokers = carved[:len(c.Zones)]
			for _, p := range brokers {
				c.BrokerVswitchCIDRs = append(c.BrokerVswitchCIDRs, p.String())
			}
		} else {
			brokersOK = false
		}
	default:
		c.BrokerVswitchCIDRs = explicit
		if zonesOK && len(explicit) != len(c.Zones) {
			brokersOK = false
			want := make([]string, len(c.Zones))
			for i := range want {
				if i < len(carved) {
					want[i] = carved[i].String()
				} else if i < len(explicit) {
					want[i] = explicit[i]
				}
			}
			l.problem("brokerVswitchCidrs", strings.Join(explicit, ","),
				fmt.Sprintf("has %d ranges but zones has %d; give one range per zone, in zones order", len(explicit), len(c.Zones)),
				l.fix.setList("brokerVswitchCidrs", want)+" (or remove it to carve them from vpcCidr: "+l.fix.rm("brokerVswitchCidrs")+")")
		}
		for i, raw := range explicit {
			key := fmt.Sprintf("brokerVswitchCidrs[%d]", i)
			p, pok := l.cidr(key, raw, func(v string) string { return l.fix.setPath(key, v) })
			if !pok || !l.checkVswitch(key, p, vpc, ok) {
				brokersOK = false
				continue
			}
			brokers = append(brokers, p)
		}
	}

	// The spare block: the block after the broker vSwitches (the carved one, or the block of the
	// last explicit range's size after it). Its first part is the bastion's default range and the
	// next ones the NLB's (see splitSpare); both stay out of the brokers' address space.
	var spare netip.Prefix
	spareProblem := ""
	switch {
	case len(explicit) == 0 && carved != nil:
		spare = carved[len(c.Zones)]
	case len(explicit) > 0 && brokersOK && len(brokers) > 0:
		last := brokers[len(brokers)-1]
		spare = netip.PrefixFrom(nextBlock(last), last.Bits())
		if ok && (!contains(vpc, spare) || overlapsAny(spare, brokers) >= 0) {
			spareProblem = fmt.Sprintf("the block after the last broker vSwitch, %s, does not fit in vpcCidr %s beside the broker ranges", spare, vpc)
			spare = netip.Prefix{}
		}
	}
	var parts []netip.Prefix
	if spare.IsValid() && zonesOK {
		var err error
		if parts, err = splitSpare(spare, len(c.Zones)); err != nil {
			spareProblem = err.Error()
		}
	}

	// Bastion vSwitch.
	var bastion netip.Prefix
	bastionOK := true
	c.BastionVswitchCIDR = l.str("bastionVswitchCidr")
	if c.BastionVswitchCIDR == "" {
		switch {
		case parts != nil:
			bastion = parts[0]
			c.BastionVswitchCIDR = bastion.String()
		case spareProblem != "":
			l.problem("bastionVswitchCidr", "", "has no default: "+spareProblem,
				l.fix.set("bastionVswitchCidr", "<a free range inside vpcCidr>"))
			bastionOK = false
		default:
			bastionOK = false
		}
	} else {
		var bok bool
		bastion, bok = l.cidr("bastionVswitchCidr", c.BastionVswitchCIDR, func(v string) string { return l.fix.set("bastionVswitchCidr", v) })
		bastionOK = bok && l.checkVswitch("bastionVswitchCidr", bastion, vpc, ok)
	}

	// NLB vSwitches.
	nlbs, nlbOK := l.nlbVswitches(c, vpc, ok, zonesOK, spare, parts, spareProblem, bastion, bastionOK)

	// Overlaps and capacity.
	if brokersOK {
		for i, p := range brokers {
			if j := overlapsAny(p, brokers[:i]); j >= 0 {
				brokersOK = false
				l.problem(fmt.Sprintf("brokerVswitchCidrs[%d]", i), p.String(),
					fmt.Sprintf("overlaps brokerVswitchCidrs[%d] = %s; vSwitches may not overlap", j, brokers[j]),
					l.fix.setPath(fmt.Sprintf("brokerVswitchCidrs[%d]", i), "<a free range inside vpcCidr>"))
			}
		}
	}
	if brokersOK && bastionOK && bastion.IsValid() {
		if j := overlapsAny(bastion, brokers); j >= 0 {
			l.problem("bastionVswitchCidr", bastion.String(),
				fmt.Sprintf("overlaps brokerVswitchCidrs[%d] = %s; vSwitches may not overlap", j, brokers[j]),
				l.fix.set("bastionVswitchCidr", "<a free range inside vpcCidr>"))
		}
	}
	if nlbOK && brokersOK && bastionOK {
		for i, p := range nlbs {
			key := fmt.Sprintf("nlbVswitchCidrs[%d]", i)
			taken := map[string]netip.Prefix{}
			for j, b := range brokers {
				taken[fmt.Sprintf("brokerVswitchCidrs[%d]", j)] = b
			}
			if bastion.IsValid() {
				taken["bastionVswitchCidr"] = bastion
			}
			for j, q := range nlbs[:i] {
				taken[fmt.Sprintf("nlbVswitchCidrs[%d]", j)] = q
			}
			for _, other := range sortedPrefixKeys(taken) {
				if p.Overlaps(taken[other]) {
					l.problem(key, p.String(),
						fmt.Sprintf("overlaps %s = %s; the NLB's vSwitches must stay out of the brokers' and the bastion's ranges, and vSwitches may not overlap", other, taken[other]),
						l.fix.setPath(key, "<a free /24 to /28 range inside vpcCidr>"))
					break
				}
			}
		}
	}
	if bastionOK && bastion.IsValid() && hostCapacity(bastion) < 1 {
		l.problem("bastionVswitchCidr", bastion.String(),
			fmt.Sprintf("is too small: the bastion takes address +%d and Alibaba Cloud reserves the top addresses; use a /27 or larger", HostOffset),
			l.fix.set("bastionVswitchCidr", netip.PrefixFrom(bastion.Addr(), min(bastion.Bits(), 27)).Masked().String()))
	}
	l.capacity = func(n int) {
		if !brokersOK || len(brokers) != len(c.Zones) {
			return
		}
		for i, m := range brokersPerZone(n, len(c.Zones)) {
			if capa := hostCapacity(brokers[i]); m > capa {
				l.problem(fmt.Sprintf("brokerVswitchCidrs[%d]", i), brokers[i].String(),
					fmt.Sprintf("is too small for the %d brokers of zone %s: brokers take addresses from +%d up and Alibaba Cloud reserves the top ones, leaving room for %d",
						m, c.Zones[i], HostOffset, capa),
					l.fix.setPath(fmt.Sprintf("brokerVswitchCidrs[%d]", i), netip.PrefixFrom(brokers[i].Addr(), min(brokers[i].Bits(), 24)).Masked().String())+" (a larger range)")
			}
		}
	}

	// Bastion zone.
	c.BastionZone = l.str("bastionZone")
	if c.BastionZone == "" {
		if len(c.Zones) > 0 {
			c.BastionZone = c.Zones[0]
		}
	} else if msg := zoneProblem(c.Region, c.BastionZone); msg != "" {
		l.problem("bastionZone", c.BastionZone, msg, l.fix.set("bastionZone", exampleZone(c.Region, "a")))
	}
}

// checkVPC checks a VPC range beyond its syntax.
func (l *loader) checkVPC(vpc netip.Prefix) bool {
	if vpc.Bits() < 8 || vpc.Bits() > 28 {
		l.problem("vpcCidr", vpc.String(), "must have a prefix length between /8 and /28 (a /16 is typical)", l.fix.set("vpcCidr", "10.0.0.0/16"))
		return false
	}
	for _, r := range reservedRanges {
		if r.Overlaps(vpc) {
			l.problem("vpcCidr", vpc.String(), fmt.Sprintf("overlaps the reserved range %s, which a VPC cannot use", r), l.fix.set("vpcCidr", "10.0.0.0/16"))
			return false
		}
	}
	return true
}

// checkVswitch checks a vSwitch range against the VPC (when vpcOK) and Alibaba's size limits.
func (l *loader) checkVswitch(key string, p, vpc netip.Prefix, vpcOK bool) bool {
	if p.Bits() < 16 || p.Bits() > 29 {
		l.problem(key, p.String(), "must have a prefix length between /16 and /29 (Alibaba Cloud's vSwitch limits)",
			l.fix.setPath(key, "<a /16 to /29 range inside vpcCidr>"))
		return false
	}
	if vpcOK && !contains(vpc, p) {
		l.problem(key, p.String(), fmt.Sprintf("is outside vpcCidr %s; a vSwitch must lie inside its VPC", vpc),
			l.fix.setPath(key, "<a range inside "+vpc.String()+">"))
		return false
	}
	return true
}

// overlapsAny returns the index of the first of ps that overlaps p, or -1.
func overlapsAny(p netip.Prefix, ps []netip.Prefix) int {
	for i, q := range ps {
		if p.Overlaps(q) {
			return i
		}
	}
	return -1
}

// counts checks brokerCount and controllerCount (mode new).
func (l *loader) counts(c *Config) {
	n, okN := l.integer("brokerCount")
	k, okK := l.integer("controllerCount")
	c.BrokerCount, c.ControllerCount = n, k
	if okN {
		switch {
		case n < 1:
			okN = false
			l.problem("brokerCount", itoa(n), "must be at least 1 (and at least controllerCount)", l.fix.set("brokerCount", "3"))
		case n > MaxBrokers:
			okN = false
			l.problem("brokerCount", itoa(n), fmt.Sprintf("must be at most %d: an NLB has 50 listeners, one for bootstrap and one per broker", MaxBrokers),
				l.fix.set("brokerCount", itoa(MaxBrokers)))
		}
	}
	if okK && k != 3 && k != 5 {
		okK = false
		l.problem("controllerCount", itoa(k), "must be 3 or 5: a KRaft quorum of an odd size that survives one (3) or two (5) lost controllers",
			l.fix.set("controllerCount", "3"))
	}
	if okN && okK && k > n {
		// controllerCount is 3 or 5, so below 3 brokers only more brokers help (before, the
		// fix offered "controllerCount 3", which changed nothing); with 3 or 4 brokers
		// controllerCount is 5, which the user set.
		if n < 3 {
			l.problem("brokerCount", itoa(n), fmt.Sprintf("is less than controllerCount %d: every controller is also a broker, and a KRaft quorum has 3 or 5 controllers", k),
				l.fix.set("brokerCount", itoa(k)))
		} else {
			l.problem("controllerCount", itoa(k), fmt.Sprintf("exceeds brokerCount %d; every controller is also a broker", n),
				l.fix.set("controllerCount", "3")+" (or "+l.fix.set("brokerCount", itoa(k))+")")
		}
	}
	if okN && l.capacity != nil {
		l.capacity(n)
	}
	if okN && len(c.Zones) > 0 && !l.bad["zones"] {
		if n < len(c.Zones) {
			l.warn("brokerCount %d is less than the %d zones: some zones get no broker", n, len(c.Zones))
		} else if n%len(c.Zones) != 0 {
			l.warn("%d brokers over %d zones is uneven: the zones get %v brokers", n, len(c.Zones), brokersPerZone(n, len(c.Zones)))
		}
	}
}

// kafka checks the Kafka release, download and broker settings (mode new).
func (l *loader) kafka(c *Config) {
	c.KafkaVersion = l.str("kafkaVersion")
	c.ScalaVersion = l.str("scalaVersion")
	c.JavaPackage = l.str("javaPackage")
	c.BrokerHeap = l.str("brokerHeap")

	major := 0
	versionOK := false
	if ma, mi, _, ok := rules.KafkaVersion(c.KafkaVersion); !ok {
		l.problem("kafkaVersion", c.KafkaVersion, "must be a release number x.y.z, like 3.7.1", l.fix.set("kafkaVersion", "3.7.1"))
	} else {
		major, _ = strconv.Atoi(ma)
		minor, _ := strconv.Atoi(mi)
		if major < 3 || major == 3 && minor < 7 {
			l.problem("kafkaVersion", c.KafkaVersion, "is older than 3.7.0; the rendered KRaft configuration needs Kafka 3.7 or later",
				l.fix.set("kafkaVersion", "3.7.1"))
		} else {
			versionOK = true
			if major >= 4 {
				l.warn("kafkaVersion %s: kafka-plc is tested with Kafka 3.7; check the rendered server.properties against the %s release notes", c.KafkaVersion, c.KafkaVersion)
			}
		}
	}
	switch {
	case c.ScalaVersion != "2.12" && c.ScalaVersion != "2.13":
		l.problem("scalaVersion", c.ScalaVersion, "must be 2.12 or 2.13 (the Scala builds Apache publishes)", l.fix.set("scalaVersion", "2.13"))
	case c.ScalaVersion == "2.12" && major >= 4:
		l.problem("scalaVersion", c.ScalaVersion, "Kafka 4 is published for Scala 2.13 only", l.fix.set("scalaVersion", "2.13"))
	}

	tmpl := l.str("kafkaDownloadUrl")
	if tmpl == "" {
		tmpl = DefaultKafkaDownloadURL
	}
	c.KafkaDownloadURL = expandDownloadURL(tmpl, c.KafkaVersion, c.ScalaVersion)
	l.checkURL(c)

	if c.Mode == ModeNew {
		raw := l.str("kafkaChecksum")
		if raw == "" {
			l.problem("kafkaChecksum", "", "is required: the published digest of "+c.KafkaTarballName()+", verified before anything is unpacked",
				l.fix.set("kafkaChecksum", "sha512:<the 128 hex digits of "+c.KafkaTarballName()+".sha512>")+
					" (Apache publishes it next to the tarball: https://downloads.apache.org/kafka/"+c.KafkaVersion+"/"+c.KafkaTarballName()+".sha512)")
		} else if sum, err := ParseChecksum(raw); err != nil {
			l.problem("kafkaChecksum", raw, err.Error(), l.fix.set("kafkaChecksum", checksumTemplate(raw)))
		} else {
			c.KafkaChecksum = sum
			if versionOK {
				l.checkKnownChecksum(c)
			}
		}
	}

	if c.JavaPackage == "" || !rules.IsPackageName(c.JavaPackage) {
		l.problem("javaPackage", c.JavaPackage, "is not an OS package name", l.fix.set("javaPackage", "java-17-openjdk-headless"))
	}
	if !rules.IsHeap(c.BrokerHeap) {
		l.problem("brokerHeap", c.BrokerHeap, "must be "+rules.HeapRule,
			l.fix.set("brokerHeap", "2g"))
	}

	const mib = 1 << 20
	msg, okMsg := l.integer("messageMaxBytes")
	fetch, okFetch := l.integer("replicaFetchMaxBytes")
	c.MessageMaxBytes, c.ReplicaFetchMaxBytes = msg, fetch
	if okMsg {
		switch {
		case msg < mib:
			okMsg = false
			l.problem("messageMaxBytes", itoa(msg), "is below 1 MiB (1048576); TiCDC's messages would be refused (its default maximum is 10 MiB)",
				l.fix.set("messageMaxBytes", "16777216"))
		case msg > 1<<31-1:
			okMsg = false
			l.problem("messageMaxBytes", itoa(msg), "exceeds Kafka's limit of 2147483647", l.fix.set("messageMaxBytes", "16777216"))
		case msg < 10*mib:
			l.warn("messageMaxBytes %d is below TiCDC's default maximum message of 10 MiB (10485760): lower the changefeed's max-message-bytes to %d or raise messageMaxBytes", msg, msg)
		}
	}
	if okFetch && (fetch < 1 || fetch > 1<<31-1) {
		okFetch = false
		l.problem("replicaFetchMaxBytes", itoa(fetch), "must be between 1 and 2147483647", l.fix.set("replicaFetchMaxBytes", "16777216"))
	}
	if okMsg && okFetch && fetch < msg {
		l.problem("replicaFetchMaxBytes", itoa(fetch), fmt.Sprintf("is below messageMaxBytes %d; followers could not copy the largest messages", msg),
			l.fix.set("replicaFetchMaxBytes", itoa(msg)))
	}
}

// checkURL checks the expanded download URL.
func (l *loader) checkURL(c *Config) {
	raw := c.KafkaDownloadURL
	fix := l.fix.rm("kafkaDownloadUrl") + " (to use " + DefaultKafkaDownloadURL + ")"
	if left := placeholderRe.FindString(raw); left != "" {
		l.problem("kafkaDownloadUrl", raw, fmt.Sprintf("has the unknown placeholder %s; only {kafkaVersion} and {scalaVersion} are expanded", left), fix)
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		l.problem("kafkaDownloadUrl", raw, "is not an absolute URL", fix)
		return
	}
	switch u.Scheme {
	case "https":
	case "http":
		l.warn("kafkaDownloadUrl %s is plain http: the download can be read on the way (kafkaChecksum still rejects a changed file)", raw)
	default:
		l.problem("kafkaDownloadUrl", raw, fmt.Sprintf("uses %s://; the bastion downloads over https (or http)", u.Scheme), fix)
		return
	}
	if u.Host == "" {
		l.problem("kafkaDownloadUrl", raw, "has no host", fix)
		return
	}
	if base := path.Base(u.Path); base != c.KafkaTarballName() {
		l.warn("kafkaDownloadUrl ends in %q, not %q: check that it is the release kafkaVersion and scalaVersion name", base, c.KafkaTarballName())
	}
}

// ParseChecksum parses a checksum written "<algorithm>:<hex>", where algorithm is sha256 (64 hex
// digits) or sha512 (128). Upper-case hex and the spaces of Apache's .sha512 files are accepted;
// the result is lower-case.
func ParseChecksum(s string) (Checksum, error) {
	s = strings.TrimSpace(s)
	algo, hexPart, found := strings.Cut(s, ":")
	if !found {
		digits := len(strings.Join(strings.Fields(s), ""))
		switch digits {
		case 64:
			return Checksum{}, fmt.Errorf("has no algorithm prefix; a 64-digit digest is SHA-256: write sha256:<hex>")
		case 128:
			return Checksum{}, fmt.Errorf("has no algorithm prefix; a 128-digit digest is SHA-512: write sha512:<hex>")
		}
		return Checksum{}, fmt.Errorf(`must be "<algorithm>:<hex>", with algorithm sha256 or sha512`)
	}
	algo = strings.ToLower(strings.TrimSpace(algo))
	hex := strings.ToLower(strings.Join(strings.Fields(hexPart), ""))
	want := map[string]int{"sha256": 64, "sha512": 128}[algo]
	if want == 0 {
		return Checksum{}, fmt.Errorf("has the unknown algorithm %q; use sha256 or sha512", algo)
	}
	for _, r := range hex {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return Checksum{}, fmt.Errorf("has %q in its digest; a digest is hexadecimal (0-9, a-f)", r)
		}
	}
	if len(hex) != want {
		return Checksum{}, fmt.Errorf("has a %d-digit %s digest; %s digests have %d hex digits", len(hex), algo, algo, want)
	}
	return Checksum{Algorithm: algo, Hex: hex}, nil
}

// checksumTemplate returns the form a malformed kafkaChecksum should take, in the algorithm its
// author chose: the prefix written, or, without one, the algorithm its digit count suggests
// (SHA-512, Apache's published digest, when neither tells).
func checksumTemplate(raw string) string {
	algo, _, found := strings.Cut(strings.TrimSpace(raw), ":")
	algo = strings.ToLower(strings.TrimSpace(algo))
	if !found && len(strings.Join(strings.Fields(raw), "")) == 64 {
		algo = "sha256"
	}
	if algo == "sha256" {
		return "sha256:<64 hex digits>"
	}
	return "sha512:<128 hex digits>"
}

// KnownChecksums are published digests of Kafka releases that kafka-plc knows offline, by
// tarball name.
var KnownChecksums = map[string][]Checksum{
	"kafka_2.13-3.7.1.tgz": {{Algorithm: "sha256", Hex: "62acae4a143dd983dc7eb4804d5744ba0c50b199b508f599ef001020e2558fc9"}},
	"kafka_2.13-3.7.2.tgz": {{Algorithm: "sha512", Hex: "65c09fbe8c78098b1efb26632a35d90ee709327a7aab13b37b2023692e1649105714ea513253a19f2cb685dc2c0c3837f32e39e9fb1d8d2367fe4650e5ad3cdc"}},
}

// checkKnownChecksum compares kafkaChecksum with the digests known offline.
func (l *loader) checkKnownChecksum(c *Config) {
	name := c.KafkaTarballName()
	for tarball, sums := range KnownChecksums {
		for _, k := range sums {
			if k.Algorithm != c.KafkaChecksum.Algorithm {
				continue
			}
			switch {
			case tarball == name && k.Hex != c.KafkaChecksum.Hex:
				l.problem("kafkaChecksum", c.KafkaChecksum.String(), fmt.Sprintf("differs from the published %s digest of %s, %s", k.Algorithm, name, k.Hex),
					l.fix.set("kafkaChecksum", k.String()))
			case tarball != name && k.Hex == c.KafkaChecksum.Hex:
				l.problem("kafkaChecksum", c.KafkaChecksum.String(), fmt.Sprintf("is the digest of %s, but kafkaVersion and scalaVersion name %s", tarball, name),
					l.fix.set("kafkaChecksum", c.KafkaChecksum.Algorithm+":<the digest of "+name+">"))
			}
		}
	}
}

// ports checks the listener and NLB ports.
func (l *loader) ports(c *Config) {
	get := func(key string) (int, bool) {
		n, ok := l.integer(key)
		if ok && (n < 1 || n > 65535) {
			l.problem(key, itoa(n), "must be a port between 1 and 65535", l.fix.set(key, mustLookup(key).raw()))
			return n, false
		}
		return n, ok
	}
	var okC, okI, okE, okB, okF, okD bool
	c.ControllerPort, okC = get("controllerPort")
	c.InternalPort, okI = get("internalPort")
	c.ExternalPort, okE = get("externalPort")
	c.NLBBootstrapPort, okB = get("nlbBootstrapPort")
	c.NLBFirstBrokerPort, okF = get("nlbFirstBrokerPort")
	c.DistPort, okD = get("distPort")

	if c.Mode == ModeNew {
		type port struct {
			key string
			n   int
			ok  bool
		}
		listeners := []port{{"controllerPort", c.ControllerPort, okC}, {"internalPort", c.InternalPort, okI}, {"externalPort", c.ExternalPort, okE}}
		for i, p := range listeners {
			if !p.ok {
				continue
			}
			if p.n < 1024 {
				l.problem(p.key, itoa(p.n), "is a privileged port (below 1024), which Kafka, running as user kafka, cannot open",
					l.fix.set(p.key, mustLookup(p.key).raw()))
			}
			for _, q := range listeners[:i] {
				if q.ok && q.n == p.n {
					l.problem(p.key, itoa(p.n), fmt.Sprintf("equals %s; each broker listener needs its own port", q.key),
						l.fix.set(p.key, mustLookup(p.key).raw()))
				}
			}
		}
		if okD && c.DistPort == 22 {
			l.problem("distPort", "22", "is the bastion's SSH port", l.fix.set("distPort", "8081"))
		}
	}

	n := c.BrokerCount
	if c.Mode == ModeExisting && c.Existing != nil {
		n = len(c.Existing.Brokers)
	}
	if okF && n >= 1 && n <= MaxBrokers {
		last := c.NLBFirstBrokerPort + n - 1
		if last > 65535 {
			l.problem("nlbFirstBrokerPort", itoa(c.NLBFirstBrokerPort), fmt.Sprintf("leaves no room for %d brokers: the last would get port %d", n, last),
				l.fix.set("nlbFirstBrokerPort", "9093"))
		} else if okB && c.NLBBootstrapPort >= c.NLBFirstBrokerPort && c.NLBBootstrapPort <= last {
			// Blame the setting the user changed: moving nlbFirstBrokerPort just past the
			// bootstrap port fixes it when the brokers' ports still fit.
			if l.isSet("nlbFirstBrokerPort") && !l.isSet("nlbBootstrapPort") && c.NLBBootstrapPort+n <= 65535 {
				l.problem("nlbFirstBrokerPort", itoa(c.NLBFirstBrokerPort),
					fmt.Sprintf("gives the brokers NLB ports %d-%d, which include nlbBootstrapPort %d", c.NLBFirstBrokerPort, last, c.NLBBootstrapPort),
					l.fix.set("nlbFirstBrokerPort", itoa(c.NLBBootstrapPort+1)))
			} else {
				l.problem("nlbBootstrapPort", itoa(c.NLBBootstrapPort),
					fmt.Sprintf("falls inside the per-broker NLB ports %d-%d", c.NLBFirstBrokerPort, last),
					l.fix.set("nlbBootstrapPort", "9092")+" && "+l.fix.set("nlbFirstBrokerPort", "9093"))
			}
		}
	}
}

// names checks the advertised host pattern, the TiDB Cloud account, the unique name and the
// cluster ID.
func (l *loader) names(c *Config) {
	c.TiDBCloudAccountID = strings.TrimSpace(l.str("tidbCloudAccountId"))
	switch {
	case c.TiDBCloudAccountID == "":
		l.problem("tidbCloudAccountId", "", "is required: TiDB Cloud's Alibaba Cloud account ID, shown in TiDB Cloud when you create the private link connection",
			l.fix.set("tidbCloudAccountId", "<digits from TiDB Cloud>"))
	case !digitsRe.MatchString(c.TiDBCloudAccountID):
		l.problem("tidbCloudAccountId", c.TiDBCloudAccountID, "must be the account ID's digits only", l.fix.set("tidbCloudAccountId", "<digits from TiDB Cloud>"))
	}

	c.UniqueName = l.str("uniqueName")
	uniqueOK := true
	if c.UniqueName != "" {
		if msg := labelProblem(c.UniqueName); msg != "" {
			uniqueOK = false
			// Suggest the lower-cased name only when that is a valid label; otherwise the
			// placeholder, since the real name can only come from TiDB Cloud.
			suggestion := strings.ToLower(strings.TrimSpace(c.UniqueName))
			if labelProblem(suggestion) != "" {
				suggestion = "<unique name from TiDB Cloud>"
			}
			l.problem("uniqueName", c.UniqueName, msg+" (copy it exactly from TiDB Cloud)", l.fix.set("uniqueName", suggestion))
		}
	}

	c.AdvertisedHostPattern = l.str("advertisedHostPattern")
	l.checkPattern(c, uniqueOK)

	if c.Mode == ModeNew {
		c.ClusterID = l.str("clusterId")
		if c.ClusterID == "" {
			c.ClusterID = DeriveClusterID(c.Project, c.Stack)
		} else if msg := clusterIDProblem(c.ClusterID); msg != "" {
			fix := "keep the ID the cluster was formatted with (meta.properties, cluster.id, on any broker), or unset it for a new cluster: " + l.fix.rm("clusterId")
			if strings.HasPrefix(c.ClusterID, "-") {
				fix = "unset it to use the ID derived from the project and stack (" + l.fix.rm("clusterId") + "), or set one that " +
					"`kafka-storage.sh random-uuid` prints: " + l.fix.set("clusterId", "<22-character ID not starting with '-'>")
			}
			l.problem("clusterId", c.ClusterID, msg, fix)
		}
	}
}

// labelProblem returns what keeps s from being an RFC 1123 DNS label, or "".
func labelProblem(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > 63:
		return fmt.Sprintf("is %d characters; a DNS label has at most 63", len(s))
	case strings.ToLower(s) != s:
		return "must be lower-case"
	case strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-"):
		return "may not start or end with '-'"
	case !labelRe.MatchString(s):
		return "may hold only a-z, 0-9 and '-' (it is a DNS label)"
	}
	return ""
}

// checkPattern checks advertisedHostPattern by rendering it.
func (l *loader) checkPattern(c *Config, uniqueOK bool) {
	const key = "advertisedHostPattern"
	p := c.AdvertisedHostPattern
	fix := l.fix.set(key, mustLookup(key).raw())
	var missing []string
	for _, ph := range []string{"{id}", "{uniqueName}"} {
		if !strings.Contains(p, ph) {
			missing = append(missing, ph)
		}
	}
	if len(missing) > 0 {
		l.problem(key, p, "lacks "+strings.Join(missing, " and ")+"; each broker needs its own name under TiDB Cloud's unique name", fix)
		return
	}
	for _, ph := range placeholderRe.FindAllString(p, -1) {
		if ph != "{id}" && ph != "{uniqueName}" {
			l.problem(key, p, fmt.Sprintf("has the unknown placeholder %s; only {id} and {uniqueName} are expanded", ph), fix)
			return
		}
	}
	sample := "abcdefghijklmnopqrst"
	if c.UniqueName != "" && uniqueOK {
		sample = c.UniqueName
	}
	id := max(c.BrokerCount, 1)
	if c.Existing != nil {
		for _, b := range c.Existing.Brokers {
			id = max(id, b.NodeID)
		}
	}
	host := renderHost(p, id, sample)
	if len(host) > 253 {
		l.problem(key, p, fmt.Sprintf("renders %s, %d characters; a DNS name has at most 253", host, len(host)), fix)
		return
	}
	for _, label := range strings.Split(host, ".") {
		if msg := labelProblem(label); msg != "" {
			l.problem(key, p, fmt.Sprintf("renders %s, whose label %q %s", host, label, msg), fix)
			return
		}
	}
	if !strings.HasSuffix(p, ".alicloud.plc.tidbcloud.com") {
		l.warn("advertisedHostPattern %s is not under alicloud.plc.tidbcloud.com, the domain TiDB Cloud resolves for private link connections", p)
	}
}

// clusterIDProblem returns what keeps s from being a KRaft cluster ID, or "".
func clusterIDProblem(s string) string {
	if !rules.IsClusterID(s) {
		return fmt.Sprintf("must be 22 base64url characters (A-Z, a-z, 0-9, '-', '_'), the form kafka-storage.sh random-uuid prints; it has %d", len(s))
	}
	if strings.HasPrefix(s, "-") {
		return "starts with '-': kafka-storage.sh format reads `-t -...` as a flag, and Kafka's own random-uuid never makes such an ID"
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != 16 {
		return "is not the base64url form of 16 bytes (its last character carries unused bits)"
	}
	zero := true
	for _, x := range b[:15] {
		if x != 0 {
			zero = false
		}
	}
	if zero && b[15] <= 1 {
		return "is a UUID Kafka reserves"
	}
	return ""
}

// existing checks the settings of mode existing.
func (l *loader) existing(c *Config) {
	if c.Existing == nil {
		c.Existing = &Existing{JumpUser: "root"}
	}
	e := c.Existing
	c.VpcCIDR = l.str("vpcCidr")
	vpc, vpcOK := l.cidr("vpcCidr", c.VpcCIDR, func(v string) string { return l.fix.set("vpcCidr", v) })
	c.BastionZone = ""
	c.BrokerCount, c.ControllerCount = 0, 0

	e.VpcID = l.str("existingVpcId")
	switch {
	case e.VpcID == "":
		l.problem("existingVpcId", "", "is required in mode existing: the VPC the brokers run in", l.fix.set("existingVpcId", "vpc-<id>"))
	case !vpcIDRe.MatchString(e.VpcID):
		l.problem("existingVpcId", e.VpcID, "is not a VPC ID (vpc-...)", l.fix.set("existingVpcId", "vpc-<id>"))
	}

	e.JumpHost = strings.TrimSpace(l.str("jumpHost"))
	if e.JumpHost == "" {
		l.problem("jumpHost", "", "is required in mode existing: the host to SSH through to the brokers", l.fix.set("jumpHost", "<public IP or name of the jump host>"))
	} else if _, err := netip.ParseAddr(e.JumpHost); err != nil && !isHostname(e.JumpHost) {
		l.problem("jumpHost", e.JumpHost, "is neither an IP address nor a host name", l.fix.set("jumpHost", "<public IP or name of the jump host>"))
	}

	zones := map[string]bool{}
	for _, z := range c.Zones {
		zones[z] = true
	}
	zonesOK := !l.bad["zones"] && len(c.Zones) > 0

	vswExample := "pulumi config set --path '" + l.fix.ns("existingVswitchIds") + "." + exampleZone(c.Region, "a") + "' vsw-<id>" + l.fix.stackFlag()
	vsw, ok := l.object("existingVswitchIds", vswExample)
	if ok {
		e.VswitchIDs = map[string]string{}
		for z, v := range vsw {
			key := "existingVswitchIds." + z
			s, isStr := v.(string)
			switch {
			case !isStr || !vswIDRe.MatchString(s):
				l.problem(key, fmt.Sprint(v), "is not a vSwitch ID (vsw-...)", l.fix.setPath(key, "vsw-<id>"))
			case zonesOK && !zones[z]:
				l.problem(key, s, fmt.Sprintf("names zone %s, which is not in zones %v", z, c.Zones), l.fix.rm("existingVswitchIds")+" and set one per zone in zones")
			default:
				e.VswitchIDs[z] = s
			}
		}
		if zonesOK {
			for _, z := range c.Zones {
				if _, has := vsw[z]; !has {
					l.problem("existingVswitchIds."+z, "", "is missing: the NLB needs a vSwitch in every zone of zones", l.fix.setPath("existingVswitchIds."+z, "vsw-<id>"))
				}
			}
		}
	}

	brokerExample := "pulumi config set --path '" + l.fix.ns("existingBrokers[0].nodeId") + "' 1" + l.fix.stackFlag() + " (and zone, privateIp, instanceId likewise)"
	items, ok := l.objects("existingBrokers", brokerExample)
	if !ok {
		return
	}
	if len(items) == 0 {
		l.problem("existingBrokers", "", "is required in mode existing: describe each running broker", brokerExample)
		return
	}
	if len(items) > MaxBrokers {
		l.problem("existingBrokers", fmt.Sprintf("%d brokers", len(items)), fmt.Sprintf("lists more than %d brokers, the most one NLB can front", MaxBrokers), "expose at most 49 brokers")
	}
	fields := []string{"nodeId", "zone", "privateIp", "instanceId", "sshUser", "propertiesPath", "serviceName"}
	ids, ips, insts := map[int]int{}, map[string]int{}, map[string]int{}
	for i, it := range items {
		at := func(f string) string { return fmt.Sprintf("existingBrokers[%d].%s", i, f) }
		b := ExistingBroker{SSHUser: "root", PropertiesPath: "/opt/kafka/config/kraft/server.properties", ServiceName: "kafka"}
		for f := range it {
			if !slices.Contains(fields, f) {
				msg := "is not a broker field (" + strings.Join(fields, ", ") + ")"
				if cl := closest(f, fields); cl != "" {
					msg = "is not a broker field; did you mean " + cl + "?"
				}
				l.problem(at(f), fmt.Sprint(it[f]), msg, "pulumi config rm --path '"+l.fix.ns(at(f))+"'"+l.fix.stackFlag())
			}
		}
		strField := func(f string, dst *string, required bool) bool {
			v, has := it[f]
			if !has {
				if required {
					l.problem(at(f), "", "is required", l.fix.setPath(at(f), "<"+f+">"))
					return false
				}
				return true
			}
			s, isStr := v.(string)
			if !isStr {
				l.problem(at(f), fmt.Sprint(v), "must be a string", l.fix.setPath(at(f), "<"+f+">"))
				return false
			}
			*dst = strings.TrimSpace(s)
			return true
		}
		// nodeId
		if v, has := it["nodeId"]; !has {
			l.problem(at("nodeId"), "", "is required: the broker's node.id", l.fix.setPath(at("nodeId"), itoa(i+1)))
		} else if id, idOK := asInt(v); !idOK || id < 0 {
			l.problem(at("nodeId"), fmt.Sprint(v), "must be the broker's node.id, a whole number 0 or more", l.fix.setPath(at("nodeId"), itoa(i+1)))
		} else {
			b.NodeID = id
			if j, dup := ids[id]; dup {
				l.problem(at("nodeId"), itoa(id), fmt.Sprintf("repeats existingBrokers[%d].nodeId; node ids are unique in a cluster", j), l.fix.setPath(at("nodeId"), "<this broker's node.id>"))
			}
			ids[id] = i
		}
		if strField("zone", &b.Zone, true) && zonesOK && !zones[b.Zone] {
			l.problem(at("zone"), b.Zone, fmt.Sprintf("is not in zones %v", c.Zones), l.fix.setPath(at("zone"), c.Zones[0]))
		}
		if strField("privateIp", &b.PrivateIP, true) {
			ip, err := netip.ParseAddr(b.PrivateIP)
			switch {
			case err != nil || !ip.Is4():
				l.problem(at("privateIp"), b.PrivateIP, "is not an IPv4 address", l.fix.setPath(at("privateIp"), "<the broker's private IP>"))
			case vpcOK && !vpc.Contains(ip):
				l.problem(at("privateIp"), b.PrivateIP, fmt.Sprintf("is outside vpcCidr %s", vpc), l.fix.setPath(at("privateIp"), "<the broker's private IP>")+" (or set vpcCidr to the VPC's range)")
			default:
				if j, dup := ips[b.PrivateIP]; dup {
					l.problem(at("privateIp"), b.PrivateIP, fmt.Sprintf("repeats existingBrokers[%d].privateIp", j), l.fix.setPath(at("privateIp"), "<the broker's private IP>"))
				}
				ips[b.PrivateIP] = i
			}
		}
		if strField("instanceId", &b.InstanceID, true) {
			if !instanceIDRe.MatchString(b.InstanceID) {
				l.problem(at("instanceId"), b.InstanceID, "is not an ECS instance ID (i-...)", l.fix.setPath(at("instanceId"), "i-<id>"))
			} else if j, dup := insts[b.InstanceID]; dup {
				l.problem(at("instanceId"), b.InstanceID, fmt.Sprintf("repeats existingBrokers[%d].instanceId", j), l.fix.setPath(at("instanceId"), "i-<id>"))
			} else {
				insts[b.InstanceID] = i
			}
		}
		if strField("sshUser", &b.SSHUser, false) && !rules.IsLoginName(b.SSHUser) {
			l.problem(at("sshUser"), b.SSHUser, "is not a Linux user name", l.fix.setPath(at("sshUser"), "root"))
		}
		if strField("propertiesPath", &b.PropertiesPath, false) && !rules.IsPropertiesPath(b.PropertiesPath) {
			l.problem(at("propertiesPath"), b.PropertiesPath, "must be "+rules.PropertiesPathRule, l.fix.setPath(at("propertiesPath"), "/opt/kafka/config/kraft/server.properties"))
		}
		if strField("serviceName", &b.ServiceName, false) && !rules.IsServiceName(b.ServiceName) {
			l.problem(at("serviceName"), b.ServiceName, "is not a systemd service name the host steps accept ("+rules.ServiceNameRule+")", l.fix.setPath(at("serviceName"), "kafka"))
		}
		e.Brokers = append(e.Brokers, b)
	}
	sortBrokers(e.Brokers)
	c.BrokerCount = len(e.Brokers)
	c.ControllerCount = 0
}

// sortBrokers orders brokers by node id.
func sortBrokers(bs []ExistingBroker) {
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && bs[j].NodeID < bs[j-1].NodeID; j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
}

// asInt reads a JSON number or numeric string as an int.
func asInt(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		if x != float64(int(x)) {
			return 0, false
		}
		return int(x), true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	}
	return 0, false
}

// isHostname reports whether s is a DNS host name.
func isHostname(s string) bool {
	if len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.ToLower(s), ".") {
		if labelProblem(label) != "" {
			return false
		}
	}
	return true
}

// nlbVswitches parses nlbVswitchCidrs (mode new), or derives it from parts (the parts of the
// spare block, see splitSpare, that the bastion's range does not take) when it is unset. It reports whether every range is usable.
func (l *loader) nlbVswitches(c *Config, vpc netip.Prefix, vpcOK, zonesOK bool, spare netip.Prefix, parts []netip.Prefix, spareProblem string,
	bastion netip.Prefix, bastionOK bool) ([]netip.Prefix, bool) {
	const key = "nlbVswitchCidrs"
	explicit, listOK := l.list(key, nil)
	if !listOK || !zonesOK {
		return nil, false
	}
	if len(explicit) == 0 {
		// The spare block's parts the bastion does not take: the first is the bastion's default,
		// and an explicit bastion range may take another one.
		var out []netip.Prefix
		for _, p := range parts {
			if len(out) < len(c.Zones) && (!bastion.IsValid() || !p.Overlaps(bastion)) {
				out = append(out, p)
			}
		}
		if len(out) < len(c.Zones) {
			problem := spareProblem
			if problem == "" && len(parts) > 0 {
				problem = fmt.Sprintf("the block after the broker vSwitches, %s, holds no room for %d NLB vSwitches beside bastionVswitchCidr %s",
					spare, len(c.Zones), bastion)
			}
			if problem != "" && bastionOK {
				l.problem(key, "", "has no default: "+problem,
					fmt.Sprintf("give one free /24 to /28 range per zone, in zones order, e.g. %s (or a smaller bastionVswitchCidr, e.g. a /24, to leave room for the default)",
						l.fix.setList(key, exampleRanges(len(c.Zones)))))
			}
			return nil, false
		}
		for _, p := range out {
			c.NLBVswitchCIDRs = append(c.NLBVswitchCIDRs, p.String())
		}
		return out, true
	}
	c.NLBVswitchCIDRs = explicit
	ok := true
	if len(explicit) != len(c.Zones) {
		ok = false
		l.problem(key, strings.Join(explicit, ","),
			fmt.Sprintf("has %d ranges but zones has %d; give one range per zone, in zones order", len(explicit), len(c.Zones)),
			l.fix.setList(key, exampleRanges(len(c.Zones)))+" (or remove it to derive them: "+l.fix.rm(key)+")")
	}
	var out []netip.Prefix
	for i, raw := range explicit {
		k := fmt.Sprintf("%s[%d]", key, i)
		p, pok := l.cidr(k, raw, func(v string) string { return l.fix.setPath(k, v) })
		if !pok || !l.checkVswitch(k, p, vpc, vpcOK) {
			ok = false
			continue
		}
		if p.Bits() > NLBVswitchMaxBits {
			ok = false
			l.problem(k, p.String(), fmt.Sprintf("is too small for the NLB: it takes 3 addresses per zone (a VIP and two local addresses toward the brokers) and Alibaba Cloud recommends keeping at least 8 free in each of its vSwitches, besides the 4 it reserves; use a /%d or larger", NLBVswitchMaxBits),
				l.fix.setPath(k, netip.PrefixFrom(p.Addr(), NLBVswitchMaxBits).Masked().String()))
			continue
		}
		out = append(out, p)
	}
	return out, ok
}

// exampleRanges returns n example /24 ranges for a fix.
func exampleRanges(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.0.%d.0/24", 193+i)
	}
	return out
}

// sortedPrefixKeys returns the keys of m, sorted.
func sortedPrefixKeys(m map[string]netip.Prefix) []string {
	return slices.Sorted(maps.Keys(m))
}
