package config

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/kafka-plc/kafka-plc/rules"
)

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
