package deploy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// listenerGroups returns each NLB listener's port and the server group behind it (named
// without the component prefix), as the program registered them.
func listenerGroups(mocks *mocktest.Mocks, prefix string) map[int]string {
	out := map[int]string{}
	for _, l := range mocks.ByType(mocktest.TypeListener) {
		g := strings.TrimSuffix(l.Str("serverGroupId"), "-id")
		out[int(l.Inputs["listenerPort"].NumberValue())] = strings.TrimPrefix(g, prefix+"-")
	}
	return out
}

// planGroups returns the plan's port map in the same form.
func planGroups(p *plan.Plan) map[int]string {
	out := map[int]string{}
	for _, m := range p.PortMap {
		out[m.ListenerPort] = m.ServerGroup
	}
	return out
}

// The NLB the program creates (components.StandardPortMap) is the port map `kplc plan` shows.
func TestNlbArgsPortMapIsThePlans(t *testing.T) {
	t.Run("existing", func(t *testing.T) {
		_, p := exStack(t, "")
		got := listenerGroups(exRun(t, ""), exName)
		if want := planGroups(p); !reflect.DeepEqual(got, want) {
			t.Errorf("listeners = %v, want the plan's port map %v", got, want)
		}
	})
	t.Run("dev, five brokers", func(t *testing.T) {
		project, values, err := config.ReadStack("..", "dev")
		if err != nil {
			t.Fatalf("reading the dev stack: %v", err)
		}
		values["brokerCount"] = config.Value{Raw: "5"}
		cfg, err := config.Load(project, "dev", values)
		if err != nil {
			t.Fatalf("loading the dev stack: %v", err)
		}
		p, err := plan.Build(cfg)
		if err != nil {
			t.Fatalf("planning the dev stack: %v", err)
		}
		mocks, _ := mustRun(t, devStack(5))
		got := listenerGroups(mocks, "kafka-plc-dev")
		if want := planGroups(p); !reflect.DeepEqual(got, want) || len(got) != 6 {
			t.Errorf("listeners = %v, want the plan's port map %v", got, want)
		}
	})
}
