package config

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/rules"
)

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
