package components

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// scriptArgs returns what follows the embedded script text in a step's command: the script's
// name and its arguments, each quoted.
func scriptArgs(cmd string) string {
	if i := strings.LastIndex(cmd, "\nmain \"$@\"\n'"); i >= 0 {
		return cmd[i:]
	}
	return cmd
}

// neverUpdated reports whether r is a step the engine never updates (it ignores changes to
// its command, stdin and connection): it needs no update command.
func neverUpdated(r mocktest.Resource) bool {
	return r.Ignores("create") && r.Ignores("stdin") && r.Ignores("connection")
}

// TestKraftBrokerSetStepGraph (issue 17): the step graph that lets stage 1 run without needless
// serial work while every later change still rolls one broker at a time.
func TestKraftBrokerSetStepGraph(t *testing.T) {
	p := bsPlan(t, "")
	rec, err := bsRunWithFirewall(t, bsArgs(p, bsKplcBinary(t)), nil)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	named := func(name string) mocktest.Resource { return rec.Mocks.MustNamed(t, mocktest.TypeRemoteCommand, name) }
	for i, b := range p.Brokers {
		n := b.NodeID
		host, install, start, configure := named(bsName("prepare-host", n)), named(bsName("install", n)), named(bsName("start", n)), named(bsName("configure", n))
		checks := []struct {
			what string
			r    mocktest.Resource
			dep  string
			want bool
		}{
			{"host preparation waits for its instance", host, bsName("broker", n), true},
			{"host preparation does not wait for the bastion's preparation (Java and disk need no dist server)", host, "kafka-prepare-bastion", false},
			{"install waits for the host preparation", install, bsName("prepare-host", n), true},
			{"install waits for the bastion's preparation (it fetches Kafka and kplc from it)", install, "kafka-prepare-bastion", true},
			{"first start waits for its install", start, bsName("install", n), true},
			{"configure waits for the first start of its broker", configure, bsName("start", n), true},
		}
		for _, other := range p.Brokers {
			if other.NodeID == n {
				continue
			}
			checks = append(checks,
				struct {
					what string
					r    mocktest.Resource
					dep  string
					want bool
				}{"first start waits for no other broker's first start", start, bsName("start", other.NodeID), false},
				struct {
					what string
					r    mocktest.Resource
					dep  string
					want bool
				}{"first start waits for no other broker's configure step", start, bsName("configure", other.NodeID), false})
		}
		if i > 0 {
			checks = append(checks, struct {
				what string
				r    mocktest.Resource
				dep  string
				want bool
			}{"configure waits for the previous broker's configure step (the gated chain)", configure, bsName("configure", p.Brokers[i-1].NodeID), true})
		}
		for _, c := range checks {
			if got := c.r.DependsOnName(c.dep); got != c.want {
				t.Errorf("node %d: %s: %s depends on %s = %v, want %v; dependencies %v", n, c.what, c.r.Name, c.dep, got, c.want, c.r.Dependencies)
			}
		}
		// The first start runs its broker's config in mode first-start, once: every input ignored.
		if cmd := scriptArgs(start.Str("create")); !strings.Contains(cmd, "'configure-broker.sh'") || !strings.Contains(cmd, "'--mode' 'first-start'") {
			t.Errorf("node %d: first start runs %.200q, want configure-broker.sh --mode first-start", n, cmd)
		}
		if got := start.Str("stdin"); got != b.ServerProperties {
			t.Errorf("node %d: first start stdin is not the broker's server.properties", n)
		}
		for _, prop := range []string{"create", "update", "stdin", "connection", "triggers", "environment"} {
			if !start.Ignores(prop) {
				t.Errorf("node %d: first start does not ignore changes to %s: an update would re-run it on every broker at once", n, prop)
			}
		}
		if _, ok := start.Inputs["update"]; ok {
			t.Errorf("node %d: first start has an update command", n)
		}
		if strings.Contains(scriptArgs(configure.Str("create")), "first-start") {
			t.Errorf("node %d: the chained configure step runs in first-start mode", n)
		}
		if cmd := scriptArgs(host.Str("create")); !strings.Contains(cmd, "'--host-only' 'yes'") || strings.Contains(cmd, "--dist-url") {
			t.Errorf("node %d: host preparation runs %.200q, want install-broker.sh --host-only yes without the dist server", n, cmd)
		}
	}
}
