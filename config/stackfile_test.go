package config

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is where Pulumi.yaml and the example stacks live.
const repoRoot = ".."

func mustPrefix(t *testing.T, s string) netip.Prefix {
	t.Helper()
	p, err := netip.ParsePrefix(s)
	if err != nil {
		t.Fatalf("ParsePrefix(%q): %v", s, err)
	}
	return p
}

func TestExampleStacksLoadClean(t *testing.T) {
	t.Run("dev", func(t *testing.T) {
		project, values, err := ReadStack(repoRoot, "dev")
		if err != nil {
			t.Fatalf("ReadStack: %v", err)
		}
		if project != "kafka-plc" {
			t.Errorf("project = %q, want kafka-plc", project)
		}
		c, err := Load(project, "dev", values)
		if err != nil {
			t.Fatalf("Load(dev):\n%v", err)
		}
		if c.Mode != ModeNew || c.BrokerCount != 3 || len(c.Zones) != 3 || c.BastionVswitchCIDR != "10.0.192.0/24" || len(c.NLBVswitchCIDRs) != 3 {
			t.Errorf("dev stack = mode %s, %d brokers, zones %v, bastion %s", c.Mode, c.BrokerCount, c.Zones, c.BastionVswitchCIDR)
		}
		if c.UniqueName != "" {
			t.Errorf("dev stack sets uniqueName %q; the example starts at stage awaiting-unique-name", c.UniqueName)
		}
		if c.TiDBCloudAccountID != PlaceholderTiDBCloudAccountID || !containsFragment(c.Warnings(), "still the example value") {
			t.Errorf("dev stack account %q, warnings %q: want the placeholder and its warning", c.TiDBCloudAccountID, c.Warnings())
		}
		if len(c.Warnings()) != 1 {
			t.Errorf("dev stack warnings = %q, want only the placeholder account", c.Warnings())
		}
		if c.SSHPrivateKeySet || len(c.MissingSecrets()) != 1 {
			t.Errorf("dev stack: SSHPrivateKeySet %v, MissingSecrets %v; the example sets no private key", c.SSHPrivateKeySet, c.MissingSecrets())
		}
	})
	t.Run("existing", func(t *testing.T) {
		project, values, err := ReadStack(repoRoot, "existing")
		if err != nil {
			t.Fatalf("ReadStack: %v", err)
		}
		c, err := Load(project, "existing", values)
		if err != nil {
			t.Fatalf("Load(existing):\n%v", err)
		}
		if c.Mode != ModeExisting || c.Existing == nil || len(c.Existing.Brokers) != 3 || len(c.Existing.VswitchIDs) != 3 {
			t.Fatalf("existing stack = %+v / %+v", c, c.Existing)
		}
		if b := c.Existing.Brokers[2]; b.SSHUser != "ecs-user" || b.InstanceID != "i-t4nexamplebroker03" {
			t.Errorf("broker 3 = %+v", b)
		}
	})
}

// writeFiles writes name → content into a new temporary directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadStackValues(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Pulumi.yaml": "name: kafka-plc\nruntime: go\n",
		"Pulumi.dev.yaml": `config:
  alicloud:region: ap-southeast-1
  alicloud:profile: default
  other:thing: 1
  kafka-plc:brokerCount: 5
  allowSshFromAnywhere: false
  kafka-plc:zones:
    - ap-southeast-1a
    - ap-southeast-1b
  kafka-plc:existingVswitchIds:
    ap-southeast-1a: vsw-1
  kafka-plc:sshPrivateKey:
    secure: v1:AAAABBBB
  kafka-plc:imageId:
`,
	})
	project, v, err := ReadStack(dir, "acme/kafka-plc/dev")
	if err != nil {
		t.Fatalf("ReadStack: %v", err)
	}
	if project != "kafka-plc" {
		t.Errorf("project = %q", project)
	}
	want := Values{
		ProviderRegionKey:      {Raw: "ap-southeast-1"},
		"alicloud:profile":     {Raw: "default"},
		"other:thing":          {Raw: "1"},
		"brokerCount":          {Raw: "5"},
		"allowSshFromAnywhere": {Raw: "false"},
		"zones":                {Raw: `["ap-southeast-1a","ap-southeast-1b"]`},
		"existingVswitchIds":   {Raw: `{"ap-southeast-1a":"vsw-1"}`},
		"sshPrivateKey":        {Secret: true},
		"imageId":              {},
	}
	if len(v) != len(want) {
		t.Errorf("ReadStack returned %d values, want %d: %v", len(v), len(want), v)
	}
	for k, w := range want {
		if v[k] != w {
			t.Errorf("values[%q] = %+v, want %+v", k, v[k], w)
		}
	}
}

func TestReadStackErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		stack string
		want  []string
	}{
		{"no project", map[string]string{}, "dev", []string{"Pulumi.yaml does not exist", "--dir"}},
		{"no stack file", map[string]string{"Pulumi.yaml": "name: kafka-plc\n", "Pulumi.prod.yaml": "config: {}\n"}, "dev",
			[]string{"Pulumi.dev.yaml does not exist", "pulumi stack init dev", "--stack NAME", "prod"}},
		{"stack syntax error", map[string]string{"Pulumi.yaml": "name: kafka-plc\n", "Pulumi.dev.yaml": "config:\n  kafka-plc:zones: [a,\n  b: c\n"}, "dev",
			[]string{"Pulumi.dev.yaml is not valid YAML", "line"}},
		{"project syntax error", map[string]string{"Pulumi.yaml": "name: [\n"}, "dev", []string{"Pulumi.yaml is not valid YAML", "line"}},
		{"key set twice", map[string]string{"Pulumi.yaml": "name: kafka-plc\n", "Pulumi.dev.yaml": "config:\n  zones: a\n  kafka-plc:zones: b\n"}, "dev",
			[]string{"sets zones twice"}},
		{"empty stack name", map[string]string{"Pulumi.yaml": "name: kafka-plc\n"}, "", []string{"--stack NAME"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			_, _, err := ReadStack(dir, tc.stack)
			if err == nil {
				t.Fatal("ReadStack succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestReadStackHonoursStackConfigDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Pulumi.yaml":            "name: kafka-plc\nstackConfigDir: stacks\n",
		"stacks/Pulumi.dev.yaml": "config:\n  kafka-plc:region: cn-hangzhou\n",
	})
	_, v, err := ReadStack(dir, "dev")
	if err != nil {
		t.Fatalf("ReadStack: %v", err)
	}
	if v["region"].Raw != "cn-hangzhou" {
		t.Errorf("region = %+v", v["region"])
	}
}

func TestProviderRegionMismatchThroughStackFile(t *testing.T) {
	dev, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(dev), "alicloud:region: ap-southeast-1", "alicloud:region: cn-beijing", 1)
	dir := writeFiles(t, map[string]string{"Pulumi.yaml": "name: kafka-plc\n", "Pulumi.dev.yaml": changed})
	project, v, err := ReadStack(dir, "dev")
	if err != nil {
		t.Fatalf("ReadStack: %v", err)
	}
	_, err = Load(project, "dev", v)
	ps, _ := AsProblems(err)
	if len(ps) != 1 || ps[0].Key != "region" || !strings.Contains(ps[0].Message, `alicloud:region = "cn-beijing"`) {
		t.Errorf("problems = %v, want one region/alicloud:region mismatch", ps)
	}
}

// TestExampleStacksOnlyLackTheSecret mirrors Pulumi's own rule: a setting Pulumi.yaml declares
// without a default must be set in every stack. The examples set all of them except the secret
// private key, which the user adds with --secret (Pulumi then asks for exactly that).
func TestExampleStacksOnlyLackTheSecret(t *testing.T) {
	for _, stack := range []string{"dev", "existing"} {
		_, values, err := ReadStack(repoRoot, stack)
		if err != nil {
			t.Fatalf("ReadStack(%s): %v", stack, err)
		}
		var missing []string
		for _, s := range Settings {
			if _, set := values[s.Key]; s.Default == nil && !set {
				missing = append(missing, s.Key)
			}
		}
		if strings.Join(missing, ",") != "sshPrivateKey" {
			t.Errorf("stack %s lacks %v, want only sshPrivateKey", stack, missing)
		}
	}
}
