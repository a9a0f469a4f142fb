package components

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textRule is Alibaba Cloud's documented rule for one name or description attribute: its
// length in characters, the characters it may hold, and how it may start and end. Every name
// and description a component sets goes through the rule of its attribute (fit), so a
// component's name or a zone can never produce a value the API refuses. Where the facts mark a
// rule unverified, the stricter reading is the rule (alicloud-provider-facts.md).
type textRule struct {
	// attr names the attribute, e.g. "nlb.Listener.listenerDescription".
	attr string
	// source is where the rule is documented.
	source string
	// min and max bound the length in characters.
	min, max int
	// chars are the characters allowed besides ASCII letters and digits; "" with anyChar unset
	// means letters and digits only.
	chars string
	// han allows Chinese characters too.
	han bool
	// anyChar allows every character (only the length and the start are ruled).
	anyChar bool
	// letterFirst requires an ASCII letter as the first character.
	letterFirst bool
	// noURL forbids a value that starts with http:// or https://.
	noURL bool
	// hostName forbids '.' or '-' at either end and two of them in a row.
	hostName bool
}

// The rules of every name and description the components set (alicloud-provider-facts.md rows).
var (
	ruleVpcName = textRule{attr: "vpc.Network.vpcName", min: 1, max: 128, chars: "._-", letterFirst: true,
		source: "facts: vpc/network vpc_name (API doc: 1-128 chars, starts with a letter; the character set is unverified: letters, digits, '.', '_', '-' as the stricter reading)"}
	ruleVpcDescription = textRule{attr: "vpc.Network.description", min: 1, max: 256, anyChar: true, noURL: true,
		source: "facts: vpc/network description (API doc: 1-256 chars, not starting with http(s)://)"}
	ruleVswitchName = textRule{attr: "vpc.Switch.vswitchName", min: 1, max: 128, chars: "._-", letterFirst: true,
		source: "facts: vpc/switch vswitch_name (no rule given: the VPC name's rule)"}
	ruleVswitchDescription = textRule{attr: "vpc.Switch.description", min: 2, max: 256, anyChar: true, letterFirst: true, noURL: true,
		source: "facts: vpc/switch description (older API doc: 2-256 chars, starting with a letter)"}
	ruleSecurityGroupName = textRule{attr: "ecs.SecurityGroup.securityGroupName", min: 2, max: 128, chars: ":_-", letterFirst: true,
		source: "facts: ecs/securityGroup security_group_name (the source's commented-out validator: 2-128 chars, starting with a letter, [A-Za-z0-9:_-])"}
	ruleSecurityGroupDescription = textRule{attr: "ecs.SecurityGroup.description", min: 2, max: 256, anyChar: true, noURL: true,
		source: "facts: ecs/securityGroup description (schema none: the common ECS description rule, 2-256 chars, not starting with http(s)://)"}
	ruleSecurityGroupRuleDescription = textRule{attr: "ecs.SecurityGroupRule.description", min: 1, max: 512, anyChar: true,
		source: "facts: ecs/securityGroupRule description (API doc: 1-512 chars)"}
	ruleKeyPairName = textRule{attr: "ecs.EcsKeyPair.keyPairName", min: 2, max: 128, chars: ":_.-", letterFirst: true, noURL: true,
		source: "facts: ecs/ecsKeyPair key_pair_name (schema: 2-128 chars; API doc: starts with a letter; digits, ':', '_', '.', '-'; not http(s)://)"}
	ruleInstanceName = textRule{attr: "ecs.Instance.instanceName", min: 2, max: 128, anyChar: true,
		source: "facts: ecs/instance instance_name (schema: length 2-128)"}
	ruleInstanceHostName = textRule{attr: "ecs.Instance.hostName", min: 2, max: 64, chars: ".-", hostName: true,
		source: "facts: ecs/instance host_name (TF doc: at least 2 chars, no '.' or '-' at either end, none twice in a row; the length limit is unverified: 64, Linux's)"}
	ruleInstanceDescription = textRule{attr: "ecs.Instance.description", min: 2, max: 256, anyChar: true,
		source: "facts: ecs/instance description (schema: length 2-256)"}
	ruleDataDiskName = textRule{attr: "ecs.Instance.dataDisks[].name", min: 2, max: 128, anyChar: true,
		source: "facts: ecs/instance data_disks name (schema: length 2-128)"}
	ruleDataDiskDescription = textRule{attr: "ecs.Instance.dataDisks[].description", min: 2, max: 256, anyChar: true,
		source: "facts: ecs/instance data_disks description (schema: length 2-256)"}
	ruleNlbName = textRule{attr: "nlb.LoadBalancer.loadBalancerName", min: 2, max: 128, chars: "._-", letterFirst: true,
		source: "facts: nlb/loadBalancer load_balancer_name (TF/API doc: 2-128 chars, letters, digits, '.', '_', '-', starting with a letter)"}
	ruleServerGroupName = textRule{attr: "nlb.ServerGroup.serverGroupName", min: 2, max: 128, chars: "._-", letterFirst: true,
		source: "facts: nlb/serverGroup server_group_name (TF/API doc: 2-128 chars, letters, digits, '.', '_', '-', starting with a letter)"}
	ruleListenerDescription = textRule{attr: "nlb.Listener.listenerDescription", min: 2, max: 256, chars: ",.;/@_-",
		source: "facts: nlb/listener listener_description (API doc: 2-256 chars; letters, digits, ',', '.', ';', '/', '@', '_', '-')"}
	ruleAttachmentDescription = textRule{attr: "nlb.ServerGroupServerAttachment.description", min: 2, max: 256, chars: ",.;/@_-", han: true,
		source: "facts: nlb/serverGroupServerAttachment description (API doc: 2-256 chars; letters, digits, Chinese characters, ',', '.', ';', '/', '@', '_', '-')"}
)

// allows reports whether c may appear in a value of the rule.
func (r textRule) allows(c rune) bool {
	switch {
	case r.anyChar:
		return true
	case c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)):
		return true
	case r.han && unicode.Is(unicode.Han, c):
		return true
	}
	return strings.ContainsRune(r.chars, c)
}

// problem returns what keeps s from following the rule, or "" when it does.
func (r textRule) problem(s string) string {
	n := utf8.RuneCountInString(s)
	if n < r.min || n > r.max {
		return fmt.Sprintf("is %d characters; %s takes %d to %d (%s)", n, r.attr, r.min, r.max, r.source)
	}
	for _, c := range s {
		if !r.allows(c) {
			return fmt.Sprintf("holds %q, which %s does not allow (%s)", c, r.attr, r.source)
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	if r.letterFirst && !(first < utf8.RuneSelf && unicode.IsLetter(first)) {
		return fmt.Sprintf("does not start with a letter, as %s must (%s)", r.attr, r.source)
	}
	if r.noURL && hasURLPrefix(s) {
		return fmt.Sprintf("starts with http:// or https://, which %s may not (%s)", r.attr, r.source)
	}
	if r.hostName && (strings.ContainsAny(s[:1], ".-") || strings.ContainsAny(s[len(s)-1:], ".-") || hasSeparatorRun(s)) {
		return fmt.Sprintf("has '.' or '-' at an end or twice in a row, which %s may not (%s)", r.attr, r.source)
	}
	return ""
}

// fit returns s made to follow the rule: a character the rule does not allow becomes '-'
// (which every rule with a character set allows), a value that must start with a letter (or
// may not start with a URL) gets the prefix "k-", a host name loses repeated and outer '.' and
// '-', and the value is cut to the maximum length and padded with '0' to the minimum. A value
// that already follows the rule is returned unchanged, so existing resources see no diff.
func (r textRule) fit(s string) string {
	if r.problem(s) == "" {
		return s
	}
	out := []rune(strings.Map(func(c rune) rune {
		if r.allows(c) {
			return c
		}
		return '-'
	}, s))
	if r.hostName {
		out = trimSeparators(collapseSeparators(out))
	}
	if len(out) > 0 && (r.letterFirst && !(out[0] < utf8.RuneSelf && unicode.IsLetter(out[0])) || r.noURL && hasURLPrefix(string(out))) {
		out = append([]rune("k-"), out...)
	}
	if len(out) > r.max {
		out = out[:r.max]
	}
	if r.hostName {
		out = trimSeparators(out)
	}
	if len(out) == 0 && (r.letterFirst || r.hostName) {
		out = []rune("k")
	}
	for len(out) < r.min {
		out = append(out, '0')
	}
	return string(out)
}

// hasURLPrefix reports whether s starts with http:// or https:// (in any letter case).
func hasURLPrefix(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// hasSeparatorRun reports whether s holds two of '.' and '-' in a row.
func hasSeparatorRun(s string) bool {
	for i := 1; i < len(s); i++ {
		if strings.ContainsRune(".-", rune(s[i-1])) && strings.ContainsRune(".-", rune(s[i])) {
			return true
		}
	}
	return false
}

// collapseSeparators keeps the first of each run of '.' and '-'.
func collapseSeparators(rs []rune) []rune {
	out := rs[:0:0]
	for i, c := range rs {
		if i > 0 && (c == '.' || c == '-') && (rs[i-1] == '.' || rs[i-1] == '-') {
			continue
		}
		out = append(out, c)
	}
	return out
}

// trimSeparators drops '.' and '-' from both ends.
func trimSeparators(rs []rune) []rune {
	return []rune(strings.Trim(string(rs), ".-"))
}
