package components

import (
	"fmt"

	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// firstStartIgnored are every input of a first-start step: it runs once, when it is created,
// and never again. A later change of the config, the command or the connection is the chained
// configure step's business (one broker at a time, gated); were the first-start step updated,
// it would run on every broker at once (configure-broker.sh --mode first-start would change
// nothing on a broker that has run, but the update would be noise in every diff).
var firstStartIgnored = []string{"connection", "create", "update", "delete", "stdin", "environment", "triggers", "addPreviousOutputInEnv", "logging"}

// newFirstStart registers node nodeID's first start: configure-broker.sh --mode first-start
// (command) with its server.properties on stdin. It depends on nothing but its own host's steps
// (deps), not on any other broker: stage 1 starts every broker at once, and a broker added
// later starts without touching the others. Safety lies on the host: the script starts only a
// broker that has never run (no config, no formatted storage, no cluster-formed or
// ready-pending marker, Kafka inactive), which holds no data and is in no quorum, and changes
// nothing on any other: a first-start step created for a running broker (a stack deployed
// before this step existed) is a no-op, and every change to it goes through the chain.
func newFirstStart(ctx *pulumi.Context, name string, nodeID int, conn remote.ConnectionInput, command, properties string,
	opts ...pulumi.ResourceOption) (*remote.Command, error) {
	step, err := remote.NewCommand(ctx, fmt.Sprintf("%s-start-%d", name, nodeID), &remote.CommandArgs{
		Connection:             conn,
		Create:                 pulumi.String(command),
		Stdin:                  pulumi.String(properties),
		AddPreviousOutputInEnv: pulumi.Bool(false),
	}, append(opts, pulumi.IgnoreChanges(append([]string(nil), firstStartIgnored...)))...)
	if err != nil {
		return nil, fmt.Errorf("KraftBrokerSet %q: first start of node %d: %w", name, nodeID, err)
	}
	return step, nil
}

// credential returns the credential step as a dependency list (empty without auth): it exists
// before any broker requires it.
func (comp *KraftBrokerSet) credential() []pulumi.Resource {
	if comp.CredentialStep == nil {
		return nil
	}
	return []pulumi.Resource{comp.CredentialStep}
}
