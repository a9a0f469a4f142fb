package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/kraft"
	"github.com/kafka-plc/kafka-plc/plan"
	"github.com/kafka-plc/kafka-plc/propsedit"
)

// Statuses of an existing broker's edit in `kplc plan`.
const (
	editChange    = "change"    // the file gets the EXTERNAL entries; the broker restarts
	editUnchanged = "unchanged" // the file already has them; no edit, no restart
	editRefused   = "refused"   // propsedit refuses the file; pulumi up would stop here
	editMissing   = "missing"   // no copy of the current file to diff against
)

// brokerEditView is what `pulumi up` would do to one existing broker's server.properties,
// computed against a local copy of the running file.
type brokerEditView struct {
	NodeID         int      `json:"nodeId"`
	PropertiesPath string   `json:"propertiesPath"`
	ServiceName    string   `json:"serviceName"`
	CurrentFile    string   `json:"currentFile"`
	Status         string   `json:"status"`
	Restart        bool     `json:"restart"`
	ChangedKeys    []string `json:"changedKeys,omitempty"`
	Diff           string   `json:"diff,omitempty"`
	Refusal        string   `json:"refusal,omitempty"`
	Fetch          string   `json:"fetch,omitempty"`
	Target         []string `json:"target"`
}

// currentDirFor is where `kplc plan` looks for the running brokers' files: --current-dir, or
// current/<stack> next to the stack files.
func currentDirFor(opts planOptions) string {
	if opts.currentDir != "" {
		return opts.currentDir
	}
	stack := opts.stack
	if i := strings.LastIndex(stack, "/"); i >= 0 {
		stack = stack[i+1:]
	}
	return filepath.Join(opts.dir, "current", stack)
}

// existingEdits computes, in restart order, each existing broker's edit against
// dir/<nodeId>.properties.
func existingEdits(c *config.Config, p *plan.Plan, dir string) []brokerEditView {
	byID := map[int]config.ExistingBroker{}
	for _, b := range c.Existing.Brokers {
		byID[b.NodeID] = b
	}
	var out []brokerEditView
	for _, b := range p.Brokers {
		eb := byID[b.NodeID]
		want := propsedit.External{
			NodeID:         b.NodeID,
			Port:           p.ExternalPort,
			AdvertisedHost: b.ExternalHost,
			AdvertisedPort: b.NLBPort,
			SASLMechanism:  p.Auth.Mechanism,
		}
		local := filepath.Join(dir, strconv.Itoa(b.NodeID)+".properties")
		v := brokerEditView{
			NodeID:         b.NodeID,
			PropertiesPath: eb.PropertiesPath,
			ServiceName:    eb.ServiceName,
			CurrentFile:    local,
			Target: []string{
				fmt.Sprintf("%s: %s://:%d", kraft.KeyListeners, propsedit.DefaultName, p.ExternalPort),
				fmt.Sprintf("%s: %s://%s:%d", kraft.KeyAdvertisedListeners, propsedit.DefaultName, b.ExternalHost, b.NLBPort),
				fmt.Sprintf("%s: %s:%s", kraft.KeyProtocolMap, propsedit.DefaultName, externalProtocol(p.Auth)),
			},
		}
		if p.Auth.Enabled() {
			v.Target = append(v.Target,
				kraft.ListenerPrefix(propsedit.DefaultName)+kraft.KeySaslEnabledMechanisms+"="+p.Auth.Mechanism,
				kraft.SaslJaasKey(propsedit.DefaultName, p.Auth.Mechanism)+"="+kraft.ScramJaasConfig,
				"without an authorizer: "+kraft.KeyAuthorizer+"="+kraft.StandardAuthorizer+", "+kraft.KeyAllowEveryone+"=false, "+
					kraft.KeySuperUsers+"="+kraft.AnonymousPrincipal+" (refused where that could lock a client out)")
		}
		data, err := os.ReadFile(local)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			v.Status = editMissing
			v.Fetch = fmt.Sprintf("scp -J %s@%s %s@%s:%s %s", c.Existing.JumpUser, c.Existing.JumpHost,
				eb.SSHUser, b.PrivateIP, eb.PropertiesPath, local)
		case err != nil:
			v.Status, v.Refusal = editRefused, fmt.Sprintf("reading %s: %v", local, err)
		default:
			res, err := propsedit.Edit(data, want)
			switch {
			case err != nil:
				v.Status, v.Refusal = editRefused, err.Error()
			case res.Changed:
				v.Status, v.Restart = editChange, true
				v.ChangedKeys = res.ChangedKeys
				v.Diff = res.DiffNamed(eb.PropertiesPath)
			default:
				v.Status = editUnchanged
			}
		}
		out = append(out, v)
	}
	return out
}

// externalProtocol is the EXTERNAL listener's security protocol under auth.
func externalProtocol(a plan.Auth) string {
	if a.Enabled() {
		return propsedit.SASLProtocol
	}
	return propsedit.DefaultProtocol
}

// anyRefused reports whether an edit would be refused.
func anyRefused(edits []brokerEditView) bool {
	for _, e := range edits {
		if e.Status == editRefused {
			return true
		}
	}
	return false
}

// writeEditsText writes the edits section of the text report.
func writeEditsText(w io.Writer, edits []brokerEditView) {
	fmt.Fprintln(w, "\nserver.properties edits (in place, restart order, one broker at a time)")
	fmt.Fprintln(w, "  Only the EXTERNAL items of listeners, advertised.listeners and listener.security.protocol.map")
	fmt.Fprintln(w, "  change (with externalAuth also EXTERNAL's SCRAM keys and, where none runs, the authorizer);")
	fmt.Fprintln(w, "  every other line is kept byte for byte, and the original is kept once as")
	fmt.Fprintln(w, "  <file>"+BackupSuffix+". Each restart is gated by kplc safe-to-restart and kplc wait-ready.")
	for _, e := range edits {
		fmt.Fprintf(w, "\n----- node %d: %s (service %s), diffed against %s -----\n", e.NodeID, e.PropertiesPath, e.ServiceName, e.CurrentFile)
		switch e.Status {
		case editChange:
			io.WriteString(w, e.Diff)
			fmt.Fprintf(w, "node %d: changes %s; %s restarts\n", e.NodeID, strings.Join(e.ChangedKeys, ", "), e.ServiceName)
		case editUnchanged:
			fmt.Fprintf(w, "node %d: already has the EXTERNAL listener; no edit, no restart\n", e.NodeID)
		case editRefused:
			fmt.Fprintf(w, "node %d: REFUSED, pulumi up would stop before this broker: %s\n", e.NodeID, e.Refusal)
		case editMissing:
			fmt.Fprintf(w, "node %d: %s not found, so no diff. Fetch the running file with:\n  %s\n", e.NodeID, e.CurrentFile, e.Fetch)
			fmt.Fprintln(w, "The edit makes sure these entries are present:")
			for _, t := range e.Target {
				fmt.Fprintf(w, "  %s\n", t)
			}
		}
	}
}

// writeBrokerEdit prints one existing broker's edit for `kplc plan --broker N`: the diff, or
// why there is none.
func writeBrokerEdit(stdout, stderr io.Writer, e brokerEditView) int {
	switch e.Status {
	case editChange:
		io.WriteString(stdout, e.Diff)
	case editUnchanged:
		fmt.Fprintf(stderr, "kplc plan: node %d: %s already has the EXTERNAL listener; no edit, no restart\n", e.NodeID, e.CurrentFile)
	case editRefused:
		fmt.Fprintf(stderr, "kplc plan: node %d: REFUSED: %s\n", e.NodeID, e.Refusal)
		return exitFailed
	case editMissing:
		fmt.Fprintf(stderr, "kplc plan: node %d: %s not found; fetch it with:\n  %s\n", e.NodeID, e.CurrentFile, e.Fetch)
		for _, t := range e.Target {
			fmt.Fprintf(stdout, "%s\n", t)
		}
	}
	return exitOK
}
