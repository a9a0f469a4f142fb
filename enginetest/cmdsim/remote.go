package cmdsim

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Names of the previous outputs in the environment (provider/pkg/provider/util/util.go).
const (
	envPreviousStdout = "PULUMI_COMMAND_STDOUT"
	envPreviousStderr = "PULUMI_COMMAND_STDERR"
)

// commandOutputs are a Command's outputs: its inputs plus stdout and stderr (remote/command.go
// CommandOutputs, remote/baseOutputs.go).
func commandOutputs(typ string, inputs property.Map, stdout, stderr string) property.Map {
	return inputsOf(typ, inputs).Set("stdout", property.New(stdout)).Set("stderr", property.New(stderr))
}

// createRemote is remote/commandController.go L31-60: in preview nothing runs and the inputs
// come back as state (with the outputs unknown, go-provider markComputed); without `create`
// nothing runs; otherwise `create` runs. A failed create returns only the error, so nothing is
// recorded (go-provider infer/resource.go L1271-1293).
func (h *Hosts) createRemote(ctx context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	id, err := newID(req.URN.Name())
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	state := commandOutputs(RemoteCommandType, req.Properties, "", "")
	if req.Preview {
		return plugin.CreateResponse{ID: id,
			Properties: markPreview(RemoteCommandType, state, req.Properties, property.Map{}, true)}, nil
	}
	create, ok := str(req.Properties, "create")
	if !ok {
		return plugin.CreateResponse{ID: id, Properties: state, Status: resource.StatusOK}, nil
	}
	out, err := h.runRemote(ctx, req.URN, "create", create, req.Properties, state)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	return plugin.CreateResponse{ID: id, Properties: out, Status: resource.StatusOK}, nil
}

// updateRemote is remote/commandController.go L63-83: the old stdout and stderr are carried into
// the new state; preview runs nothing; otherwise `update` runs if set, else `create`. A failed
// update returns only the error, so the engine keeps the old state (gRPC code Unknown: status
// unknown, pkg resource/plugin provider_plugin.go Update).
func (h *Hosts) updateRemote(ctx context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	state := commandOutputs(RemoteCommandType, req.NewInputs, outputString(req.OldOutputs, "stdout"), outputString(req.OldOutputs, "stderr"))
	if req.Preview {
		return plugin.UpdateResponse{Status: resource.StatusOK,
			Properties: markPreview(RemoteCommandType, state, req.NewInputs, req.OldOutputs, false)}, nil
	}
	cmd, ok := str(req.NewInputs, "update")
	if !ok {
		cmd, ok = str(req.NewInputs, "create")
	}
	if !ok {
		return plugin.UpdateResponse{Properties: state, Status: resource.StatusOK}, nil
	}
	out, err := h.runRemote(ctx, req.URN, "update", cmd, req.NewInputs, state)
	if err != nil {
		return plugin.UpdateResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.UpdateResponse{Properties: out, Status: resource.StatusOK}, nil
}

func outputString(m property.Map, key string) string {
	s, _ := str(m, key)
	return s
}

// runRemote is remote/commandOutputs.go run (L30-108) on a simulated host: dial, set the
// environment (an entry sshd refuses fails the command, L42-49; a refused previous output is only
// a warning, L51-71), send stdin only when non-empty (L73-75), run, and on success return state
// with stdout and stderr less one trailing newline (L103-106). A failure reads
// `<err>: running "<command>":\n<stdout and stderr>` (L100-102), <err> being x/crypto/ssh's
// ExitError text ("Process exited with status N", ssh/session.go Waitmsg.String).
func (h *Hosts) runRemote(ctx context.Context, urn resource.URN, op, cmd string, inputs, state property.Map) (property.Map, error) {
	connValue := inputs.Get("connection")
	conn, err := decodeConnection(connValue)
	if err != nil {
		return state, err
	}
	hostID, err := h.dial(conn)
	if err != nil {
		return state, err
	}
	sb := h.Host(hostID)
	ss := &session{user: conn.user, text: cmd}
	for k, v := range stringMap(inputs, "environment") {
		if !h.acceptsEnv(k) {
			return state, fmt.Errorf("could not set environment variable %q: %w", k, errors.New("ssh: setenv failed"))
		}
		ss.env = append(ss.env, k+"="+v)
	}
	if boolOr(inputs, "addPreviousOutputInEnv", true) {
		for name, key := range map[string]string{envPreviousStdout: "stdout", envPreviousStderr: "stderr"} {
			if v := outputString(state, key); v != "" && h.acceptsEnv(name) {
				ss.env = append(ss.env, name+"="+v)
			}
		}
	}
	if stdin, ok := str(inputs, "stdin"); ok {
		ss.stdin = stdin
	}
	run := h.startRun(Run{URN: urn, Type: RemoteCommandType, Op: op, Host: hostID, Command: cmd, Stdin: ss.stdin})
	code, signal, err := sb.run(ctx, ss)
	h.finishRun(run, code)
	h.recordOutput(run, ss.stdout.String(), ss.stderr.String())
	if err != nil {
		return state, err
	}
	if code != 0 || signal != "" {
		return state, fmt.Errorf("%s: running %q:\n%s", exitText(code, signal), cmd, ss.both.String())
	}
	return state.Set("stdout", property.New(strings.TrimSuffix(ss.stdout.String(), "\n"))).
		Set("stderr", property.New(strings.TrimSuffix(ss.stderr.String(), "\n"))), nil
}

// exitText is x/crypto/ssh's Waitmsg.String (ssh/session.go L640-649): a command killed by a
// signal has no exit status (-1) and names the signal.
func exitText(code int, signal string) string {
	s := fmt.Sprintf("Process exited with status %v", code)
	if signal != "" {
		s += fmt.Sprintf(" from signal %q", signal)
	}
	return s
}
