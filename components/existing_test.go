package components

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/kafka-plc/kafka-plc/internal/mocktest"
)

// Fixed values of the existing-cluster tests (the example stack's brokers). The key is not a
// real key; it only has to be text that must never show up in a command.
const (
	exJumpHost   = "198.51.100.10"
	exPrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nexNotARealKeyButSecret0123456789\n-----END OPENSSH PRIVATE KEY-----\n"
	exKeyText    = "exNotARealKeyButSecret0123456789"
)

// exArgs returns valid arguments for the three example brokers advertising uniqueName.
func exArgs(t *testing.T, uniqueName string) *ExistingBrokerExposureArgs {
	t.Helper()
	kplc := bsKplcBinary(t)
	brokers := []ExposedBroker{
		{NodeID: 1, PrivateIP: "10.0.0.10", SSHUser: "root", PropertiesPath: "/opt/kafka/config/kraft/server.properties", ServiceName: "kafka"},
		{NodeID: 2, PrivateIP: "10.0.64.10", SSHUser: "root", PropertiesPath: "/opt/kafka/config/kraft/server.properties", ServiceName: "kafka"},
		{NodeID: 3, PrivateIP: "10.0.128.10", SSHUser: "ecs-user", PropertiesPath: "/etc/kafka/server.properties", ServiceName: "kafka-broker"},
	}
	for i := range brokers {
		brokers[i].AdvertisedHost = fmt.Sprintf("b%d.%s.alicloud.plc.tidbcloud.com", brokers[i].NodeID, uniqueName)
		brokers[i].AdvertisedPort = 9093 + i
	}
	return &ExistingBrokerExposureArgs{
		Brokers:      brokers,
		ExternalPort: 39092,
		Bootstrap:    "10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092",
		JumpHost:     exJumpHost,
		JumpUser:     "root",
		JumpHostKey:  pulumi.String(mocktest.HostKey),
		PrivateKey:   pulumi.ToSecret(pulumi.String(exPrivateKey)).(pulumi.StringOutput),
		Kplc:         KplcBinary{Path: kplc},
	}
}

// exRun runs a program with the component "kafka" under fresh mocks; each remote command's
// stdout is mocked as the status line of expose-existing-broker.sh.
func exRun(t *testing.T, args *ExistingBrokerExposureArgs) (*mocktest.Mocks, map[string]string, error) {
	t.Helper()
	mocks := newTestMocks()
	mocks.Outputs = func(r mocktest.Resource) resource.PropertyMap {
		if out, ok := mocktest.StagingStdout(r); ok {
			return out
		}
		if r.Type == mocktest.TypeRemoteCommand {
			return resource.PropertyMap{"stdout": resource.NewProperty("log line\n{\"step\":\"" + r.Name + "\"}\n")}
		}
		return nil
	}
	var results map[string]string
	err := runWithMocks(mocks, func(ctx *pulumi.Context) error {
		comp, err := NewExistingBrokerExposure(ctx, "kafka", args)
		if err != nil {
			return err
		}
		v, err := awaitOutput(ctx, comp.Results)
		if err != nil {
			return err
		}
		if results = stringMap(v); results == nil {
			return fmt.Errorf("results output is %T", v)
		}
		return nil
	})
	return mocks, results, err
}

func exMustRun(t *testing.T, args *ExistingBrokerExposureArgs) (*mocktest.Mocks, map[string]string) {
	t.Helper()
	mocks, results, err := exRun(t, args)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return mocks, results
}

func TestExistingBrokerExposureGraph(t *testing.T) {
	mocks, results := exMustRun(t, exArgs(t, "unique_name"))

	// Nothing in the cloud: only the upload directory, copies (kplc and the script), installs
	// (kplc and the script) and expose steps (the prebuilt kplc needs no local build).
	checkCounts(t, mocks, map[string]int{
		ExistingBrokerExposureType: 1,
		SSHHostKeyType:             3, // one per broker, recorded through the pinned jump host
		mocktest.TypeCopyToRemote:  6,
		mocktest.TypeRemoteCommand: 15,
		mocktest.TypeLocalCommand:  3, // the host-key pins
	})
	for _, r := range mocks.Resources() {
		if r.Type == ExistingBrokerExposureType {
			continue
		}
		if tok, name := r.ParentTypeAndName(); tok == SSHHostKeyType {
			if !strings.HasPrefix(name, "kafka-host-key-") {
				t.Errorf("%s %q: parent %s %q, want a broker's host key", r.Type, r.Name, tok, name)
			}
			continue
		}
		if tok, name := r.ParentTypeAndName(); tok != ExistingBrokerExposureType || name != "kafka" {
			t.Errorf("%s %q: parent %s %q, want the component", r.Type, r.Name, tok, name)
		}
	}

	for i, id := range []int{1, 2, 3} {
		upload := fmt.Sprintf("kafka-kplc-upload-%d", id)
		staging := fmt.Sprintf("kafka-kplc-staging-%d", id)
		// Every step on a broker also waits for its pinned host key (its connection's hostKey).
		pin := fmt.Sprintf("kafka-host-key-%d-pin", id)
		if got := mocks.MustNamed(t, mocktest.TypeCopyToRemote, upload).DependencyNames(); fmt.Sprint(got) != fmt.Sprint([]string{pin, staging}) {
			t.Errorf("upload-%d depends on %v, want [%s %s] (its host key and upload directory)", id, got, pin, staging)
		}
		install := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-kplc-install-%d", id))
		if got := install.DependencyNames(); fmt.Sprint(got) != fmt.Sprint([]string{pin, upload}) {
			t.Errorf("install-%d depends on %v, want [%s %s]", id, got, pin, upload)
		}
		scriptUpload := fmt.Sprintf("kafka-upload-expose-existing-broker-%d", id)
		if got := mocks.MustNamed(t, mocktest.TypeCopyToRemote, scriptUpload).DependencyNames(); fmt.Sprint(got) != fmt.Sprint([]string{pin, staging}) {
			t.Errorf("%s depends on %v, want [%s %s] (its host key and upload directory)", scriptUpload, got, pin, staging)
		}
		scripts := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-scripts-%d", id))
		if got := scripts.DependencyNames(); fmt.Sprint(got) != fmt.Sprint([]string{pin, scriptUpload}) {
			t.Errorf("scripts-%d depends on %v, want [%s %s]", id, got, pin, scriptUpload)
		}
		expose := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-expose-%d", id))
		want := []string{install.Name, scripts.Name, pin}
		if i > 0 {
			want = append(want, fmt.Sprintf("kafka-expose-%d", id-1))
		}
		sort.Strings(want)
		if got := expose.DependencyNames(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("expose-%d depends on %v, want %v (its own installs and the previous broker's edit, nothing else)", id, got, want)
		}
		if got := results[fmt.Sprint(id)]; got != `{"step":"kafka-expose-`+fmt.Sprint(id)+`"}` {
			t.Errorf("results[%d] = %q, want the step's last output line", id, got)
		}
	}
}

func TestExistingBrokerExposureConnectsThroughJumpHost(t *testing.T) {
	args := exArgs(t, "unique_name")
	mocks, _ := exMustRun(t, args)
	userOf := map[string]string{"1": "root", "2": "root", "3": "ecs-user"}
	ipOf := map[string]string{"1": "10.0.0.10", "2": "10.0.64.10", "3": "10.0.128.10"}
	for _, r := range append(mocks.ByType(mocktest.TypeRemoteCommand), mocks.ByType(mocktest.TypeCopyToRemote)...) {
		node := strings.TrimSuffix(r.Name, "-read")
		node = node[strings.LastIndex(node, "-")+1:]
		v := r.Inputs["connection"]
		if !v.IsSecret() {
			t.Errorf("%s: the connection (with the private key) was not sent as a secret", r.Name)
		}
		conn := mocktest.Reveal(v).ObjectValue()
		if mocktest.RevealedStr(conn, "host") != ipOf[node] || mocktest.RevealedStr(conn, "user") != userOf[node] || mocktest.RevealedStr(conn, "privateKey") != exPrivateKey {
			t.Errorf("%s: connects to %s@%s, want %s@%s with the configured key", r.Name, mocktest.RevealedStr(conn, "user"), mocktest.RevealedStr(conn, "host"), userOf[node], ipOf[node])
		}
		proxy := mocktest.Reveal(conn["proxy"])
		if !proxy.IsObject() {
			t.Fatalf("%s: reaches a broker without the jump host", r.Name)
		}
		pm := proxy.ObjectValue()
		if mocktest.RevealedStr(pm, "host") != exJumpHost || mocktest.RevealedStr(pm, "user") != "root" || mocktest.RevealedStr(pm, "privateKey") != exPrivateKey {
			t.Errorf("%s: proxy is %s@%s, want root@%s with the configured key", r.Name, mocktest.RevealedStr(pm, "user"), mocktest.RevealedStr(pm, "host"), exJumpHost)
		}
		// The absolute path the upload directory step printed, never a shared or relative one.
		want := mocktest.StagingHome + "/.kafka-plc/kafka/kplc"
		if strings.HasPrefix(r.Name, "kafka-upload-expose-existing-broker-") {
			want = mocktest.StagingHome + "/.kafka-plc/kafka/expose-existing-broker.sh"
		}
		if r.Type == mocktest.TypeCopyToRemote && r.RevealedStr("remotePath") != want {
			t.Errorf("%s: remotePath %q, want %q (the private directory the staging step made)", r.Name, r.RevealedStr("remotePath"), want)
		}
	}
}

func TestExistingBrokerExposureCommands(t *testing.T) {
	mocks, _ := exMustRun(t, exArgs(t, "unique_name"))
	for _, tc := range []struct {
		node    int
		sudo    bool
		file    string
		service string
		port    string
	}{
		{1, false, "/opt/kafka/config/kraft/server.properties", "kafka", "9093"},
		{2, false, "/opt/kafka/config/kraft/server.properties", "kafka", "9094"},
		{3, true, "/etc/kafka/server.properties", "kafka-broker", "9095"},
	} {
		r := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-expose-%d", tc.node))
		create := r.RevealedStr("create")
		if r.RevealedStr("update") != create {
			t.Errorf("expose-%d: update differs from create", tc.node)
		}
		if _, ok := r.Inputs["delete"]; ok && !mocktest.Reveal(r.Inputs["delete"]).IsNull() {
			t.Errorf("expose-%d has a delete command; removing the step must never touch the broker", tc.node)
		}
		if got := strings.HasPrefix(create, "sudo -n timeout "); got != tc.sudo {
			t.Errorf("expose-%d: runs under sudo = %v, want %v: %.60s", tc.node, got, tc.sudo, create)
		}
		for _, want := range []string{
			"'" + exposeScriptName + "'", "'--file' '" + tc.file + "'", "'--service' '" + tc.service + "'",
			fmt.Sprintf("'--node-id' '%d'", tc.node), "'--external-port' '39092'",
			fmt.Sprintf("'--advertised-host' 'b%d.unique_name.alicloud.plc.tidbcloud.com'", tc.node),
			"'--advertised-port' '" + tc.port + "'",
			"'--bootstrap' '10.0.0.10:9092,10.0.64.10:9092,10.0.128.10:9092'", "'--ready-timeout' '600'",
		} {
			if !strings.Contains(create, want) {
				t.Errorf("expose-%d: command lacks %s", tc.node, want)
			}
		}
		install := mocks.MustNamed(t, mocktest.TypeRemoteCommand, fmt.Sprintf("kafka-kplc-install-%d", tc.node)).RevealedStr("create")
		sudo := ""
		if tc.sudo {
			sudo = "sudo -n "
		}
		wantInstall := stagedInstallCommand(map[bool]string{true: "ecs-user", false: "root"}[tc.sudo], ".kafka-plc/kafka", kplcPath) +
			" && " + sudo + "timeout 30 " + kplcPath + " expose -h >/dev/null"
		if install != wantInstall {
			t.Errorf("install-%d:\n got %q\nwant %q (check the staged upload, install it (sudo %v), check for `expose`)", tc.node, install, wantInstall, tc.sudo)
		}
	}
	for _, r := range mocks.Resources() {
		for k, v := range r.Inputs {
			if k != "connection" && strings.Contains(fmt.Sprint(v), exKeyText) {
				t.Errorf("%s %q: input %s holds the private key", r.Type, r.Name, k)
			}
		}
	}
}

func TestExistingBrokerExposureStage2ChangesOnlyExposeSteps(t *testing.T) {
	inputs := func(args *ExistingBrokerExposureArgs) map[string]resource.PropertyMap {
		mocks, _ := exMustRun(t, args)
		return mocks.InputsByKey()
	}
	expose := func(id int) string { return fmt.Sprintf("%s kafka-expose-%d", mocktest.TypeRemoteCommand, id) }
	stage1 := exArgs(t, "unique_name")
	stage2 := exArgs(t, "plc-7x2k9")
	stage2.Kplc = stage1.Kplc // the same binary
	before := inputs(stage1)
	changed := mocktest.ChangedInputs(before, inputs(stage2))
	want := []string{expose(1), expose(2), expose(3)}
	if fmt.Sprint(changed) != fmt.Sprint(want) {
		t.Errorf("stage 2 changed %v, want %v (the edit steps only)", changed, want)
	}

	// One broker's port moving changes only its own step.
	moved := exArgs(t, "unique_name")
	moved.Kplc = stage1.Kplc
	moved.Brokers[1].AdvertisedPort = 9099
	changed = mocktest.ChangedInputs(before, inputs(moved))
	if want := []string{expose(2)}; fmt.Sprint(changed) != fmt.Sprint(want) {
		t.Errorf("moving node 2's port changed %v, want %v", changed, want)
	}
}

func TestExistingBrokerExposureSortsBrokers(t *testing.T) {
	args := exArgs(t, "unique_name")
	args.Brokers[0], args.Brokers[2] = args.Brokers[2], args.Brokers[0]
	mocks, _ := exMustRun(t, args)
	r := mocks.MustNamed(t, mocktest.TypeRemoteCommand, "kafka-expose-2")
	if fmt.Sprint(r.DependencyNames()) != "[kafka-expose-1 kafka-host-key-2-pin kafka-kplc-install-2 kafka-scripts-2]" {
		t.Errorf("brokers given out of order: expose-2 depends on %v, want node 1's edit first", r.DependencyNames())
	}
}

// The uploads' source is the kplc file, known at preview: pulumi-command v1.2.1 fails the
// Check of a CopyToRemote whose source is unknown (copyController.go L85-99).
func TestExistingBrokerExposureUploadsTheKplcFile(t *testing.T) {
	args := exArgs(t, "unique_name")
	mocks, _ := exMustRun(t, args)
	for _, r := range mocks.ByType(mocktest.TypeLocalCommand) {
		// The only local commands are the host-key pins (a shell comparison, no assets).
		if tok, _ := r.ParentTypeAndName(); tok != SSHHostKeyType {
			t.Errorf("local command %q registered; an upload source from a command is unknown at preview", r.Name)
		}
	}
	for _, id := range []int{1, 2, 3} {
		up := mocks.MustNamed(t, mocktest.TypeCopyToRemote, fmt.Sprintf("kafka-kplc-upload-%d", id))
		if src := up.Inputs["source"]; !src.IsAsset() || src.AssetValue().Path != args.Kplc.Path {
			t.Errorf("upload-%d source = %v, want the file %s", id, src, args.Kplc.Path)
		}
		if want := fmt.Sprintf("[kafka-host-key-%d-pin kafka-kplc-staging-%d]", id, id); fmt.Sprint(up.DependencyNames()) != want {
			t.Errorf("upload-%d depends on %v, want %s (its upload directory only)", id, up.DependencyNames(), want)
		}
	}
}

func TestExistingBrokerExposureInvalidArgs(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(a *ExistingBrokerExposureArgs)
		field string
	}{
		{"no brokers", func(a *ExistingBrokerExposureArgs) { a.Brokers = nil }, "Brokers"},
		{"duplicate node", func(a *ExistingBrokerExposureArgs) { a.Brokers[1].NodeID = 1 }, "NodeID"},
		{"bad private IP", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].PrivateIP = "10.0.0" }, "PrivateIP"},
		{"bad ssh user", func(a *ExistingBrokerExposureArgs) { a.Brokers[2].SSHUser = "Ecs User" }, "SSHUser"},
		{"relative properties path", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].PropertiesPath = "config/server.properties" }, "PropertiesPath"},
		{"dotted properties path", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].PropertiesPath = "/etc/../etc/kafka.properties" }, "PropertiesPath"},
		{"bad service", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].ServiceName = "kafka; reboot" }, "ServiceName"},
		{"bad advertised host", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].AdvertisedHost = "b1 .example" }, "AdvertisedHost"},
		{"bad advertised port", func(a *ExistingBrokerExposureArgs) { a.Brokers[0].AdvertisedPort = 70000 }, "AdvertisedPort"},
		{"same advertised address twice", func(a *ExistingBrokerExposureArgs) {
			a.Brokers[1].AdvertisedHost, a.Brokers[1].AdvertisedPort = a.Brokers[0].AdvertisedHost, a.Brokers[0].AdvertisedPort
		}, "AdvertisedPort"},
		{"bad external port", func(a *ExistingBrokerExposureArgs) { a.ExternalPort = 0 }, "ExternalPort"},
		{"bad bootstrap", func(a *ExistingBrokerExposureArgs) { a.Bootstrap = "10.0.0.10" }, "Bootstrap"},
		{"no jump host", func(a *ExistingBrokerExposureArgs) { a.JumpHost = "" }, "JumpHost"},
		{"bad jump user", func(a *ExistingBrokerExposureArgs) { a.JumpUser = "root;" }, "JumpUser"},
		{"no key", func(a *ExistingBrokerExposureArgs) { a.PrivateKey = nil }, "PrivateKey"},
		{"no kplc", func(a *ExistingBrokerExposureArgs) { a.Kplc = KplcBinary{} }, "Kplc.Path"},
		{"short ready timeout", func(a *ExistingBrokerExposureArgs) { a.ReadyTimeoutSeconds = 5 }, "ReadyTimeoutSeconds"},
		{"ready timeout too long", func(a *ExistingBrokerExposureArgs) { a.ReadyTimeoutSeconds = 999999 }, "ReadyTimeoutSeconds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := exArgs(t, "unique_name")
			tc.edit(args)
			mocks, _, err := exRun(t, args)
			var ae *ArgError
			if !errors.As(err, &ae) || !strings.Contains(ae.Field, tc.field) {
				t.Fatalf("error %v, want an *ArgError for field %s", err, tc.field)
			}
			if ae.Fix == "" || ae.Problem == "" {
				t.Errorf("error %v has no problem or fix", err)
			}
			checkNothingRegistered(t, mocks)
		})
	}
}
