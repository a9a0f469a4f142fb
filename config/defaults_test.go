package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestIsDefault(t *testing.T) {
	for _, tc := range []struct {
		key, raw string
		want     bool
	}{
		{"mode", "new", true},
		{"mode", "existing", false},
		{"brokerCount", "3", true},
		{"brokerCount", " 3", true},
		{"brokerCount", "4", false},
		{"brokerCount", "three", false},
		{"allowSshFromAnywhere", "false", true},
		{"allowSshFromAnywhere", "true", false},
		{"jumpUser", "root", true},
		{"jumpUser", "ecs-user", false},
		{"brokerVswitchCidrs", "[]", true},
		{"brokerVswitchCidrs", "[ ]", true},
		{"brokerVswitchCidrs", `["10.0.0.0/18"]`, false},
		{"existingVswitchIds", "{}", true},
		{"existingVswitchIds", `{"a":"vsw-1"}`, false},
		{"region", "ap-southeast-1", false}, // no default: always the user's
	} {
		if got := mustLookup(tc.key).IsDefault(tc.raw); got != tc.want {
			t.Errorf("%s.IsDefault(%q) = %v, want %v", tc.key, tc.raw, got, tc.want)
		}
	}
}

// engineValues returns a stack's values as `pulumi up` hands them to the program: the stack
// file's values, plus every Pulumi.yaml default the stack does not set, written the way the
// engine writes a project default (pkg/v3@v3.274.1 workspace/config.go mergeConfig and
// createConfigValue: a string, int or bool as fmt %v, anything else as JSON), and the secret
// private key the deployment needs.
func engineValues(t *testing.T, stack string) Values {
	t.Helper()
	_, values, err := ReadStack("..", stack)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		if _, set := values[s.Key]; set || s.Default == nil {
			continue
		}
		switch d := s.Default.(type) {
		case string, int, bool:
			values[s.Key] = Value{Raw: fmt.Sprintf("%v", d)}
		default:
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			values[s.Key] = Value{Raw: string(b)}
		}
	}
	values["sshPrivateKey"] = Value{Secret: true}
	return values
}

// TestProjectDefaultsRaiseNoUnusedWarning: the engine merges Pulumi.yaml's defaults into the
// stack config (pkg/v3 workspace ValidateStackConfigAndApplyProjectConfig), so a default must
// not look like a setting of the user's: the example stacks, loaded as `pulumi up` gives them,
// get no "set but not used" warning (before, dev got 1 and existing 20). A real setting of the
// other mode still warns.
func TestProjectDefaultsRaiseNoUnusedWarning(t *testing.T) {
	for _, stack := range []string{"dev", "existing"} {
		t.Run(stack, func(t *testing.T) {
			c := mustLoad(t, stack, engineValues(t, stack))
			for _, w := range c.Warnings() {
				if strings.Contains(w, "set but not used") {
					t.Errorf("warning for a project default: %s", w)
				}
			}
		})
	}
	values := engineValues(t, "existing")
	values["brokerCount"] = raw("5")
	c := mustLoad(t, "existing", values)
	if n := strings.Count(strings.Join(c.Warnings(), "\n"), "set but not used"); n != 1 {
		t.Errorf("warnings = %q, want exactly one, for brokerCount", c.Warnings())
	}
}
