package deploy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/internal/mocktest"
	"github.com/kafka-plc/kafka-plc/plan"
)

// authPassword is a strong changefeed password; it must reach the engine only as a secret.
const authPassword = "q3X9v+Lr7Tz0Wb2Nf8Kd1Q=="

// runAuth runs the dev stack with externalAuth scram-sha-512 and the given password, marked
// secret as `pulumi config set --secret` does unless plain is set.
func runAuth(t *testing.T, password string, plain bool) (*mocktest.Mocks, map[string]any, error) {
	t.Helper()
	cfg := devStack(3)
	cfg["kafka-plc:externalAuth"] = "scram-sha-512"
	cfg["kafka-plc:externalPassword"] = password
	secrets := []string{"kafka-plc:sshPrivateKey"}
	if !plain {
		secrets = append(secrets, "kafka-plc:externalPassword")
	}
	mocks, outputs, err := runProgramSecrets(t, fakeModule(t), cfg, secrets)
	if data, _ := json.Marshal(outputs); strings.Contains(string(data), authPassword) {
		return mocks, outputs, fmt.Errorf("a stack output holds the password: %s", data)
	}
	return mocks, outputs, err
}

// TestProgramAuth: with auth on, the tidbCloud output says what to enter in the changefeed's
// authentication fields, and the password is in no command and no non-secret input of any
// resource.
func TestProgramAuth(t *testing.T) {
	mocks, outputs, err := runAuth(t, authPassword, false)
	if err != nil {
		t.Fatalf("program: %v", err)
	}
	auth, _ := outputs["tidbCloud"].(map[string]any)["authentication"].(map[string]any)
	if auth["mechanism"] != "SCRAM-SHA-512" || auth["user"] != "tidb-cdc" ||
		auth["passwordCommand"] != "pulumi config get kafka-plc:externalPassword --stack dev" {
		t.Errorf("tidbCloud.authentication = %v", auth)
	}
	if hint := authHint(mustPlanAuth(t)); !strings.Contains(hint, "SASL/SCRAM-SHA-512, user tidb-cdc, password from `pulumi config get kafka-plc:externalPassword --stack dev`") {
		t.Errorf("nextStep's auth hint = %q", hint)
	}
	secretStdin := 0
	for _, r := range mocks.Resources() {
		for k, v := range r.Inputs {
			if !strings.Contains(fmt.Sprint(mocktest.Reveal(v)), authPassword) {
				continue
			}
			if k != "stdin" || !v.ContainsSecrets() {
				t.Errorf("%s %q: input %s holds the password outside a secret stdin", r.Type, r.Name, k)
			}
			secretStdin++
		}
	}
	if secretStdin != 3 {
		t.Errorf("%d steps get the password on a secret stdin, want 3 (credential, access, verification)", secretStdin)
	}
}

// TestProgramRefusesWeakOrPlainPassword: a weak password, or one stored in plain text, stops
// the program before the first resource registers, naming externalPassword and never its value.
func TestProgramRefusesWeakOrPlainPassword(t *testing.T) {
	for _, tc := range []struct {
		name, password string
		plain          bool
		want           string
	}{
		{"weak", "short1A", false, "too short"},
		{"plain text", authPassword, true, "must be a secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mocks, _, err := runAuth(t, tc.password, tc.plain)
			if err == nil || !strings.Contains(err.Error(), "externalPassword") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("program = %v, want externalPassword %q", err, tc.want)
			}
			if strings.Contains(err.Error(), tc.password) {
				t.Errorf("the error repeats the password: %v", err)
			}
			if n := len(mocks.Resources()); n != 0 {
				t.Errorf("%d resources registered before the refusal", n)
			}
		})
	}
}

// mustPlanAuth plans the dev stack with auth on.
func mustPlanAuth(t *testing.T) *plan.Plan {
	t.Helper()
	values := config.Values{}
	for k, v := range devStack(3) {
		values[k] = config.Value{Raw: v, Secret: k == "kafka-plc:sshPrivateKey"}
	}
	values["kafka-plc:externalAuth"] = config.Value{Raw: "scram-sha-512"}
	values["kafka-plc:externalPassword"] = config.Value{Secret: true}
	c, err := config.Load("kafka-plc", "dev", values)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProgramExistingAuth: mode existing with externalAuth: the exposure gets the credential and
// access steps, each with the password only as a secret stdin, the edits carry the mechanism,
// and the tidbCloud output names the changefeed's authentication fields.
func TestProgramExistingAuth(t *testing.T) {
	cfg := existingStack()
	cfg["kafka-plc:externalAuth"] = "scram-sha-512"
	cfg["kafka-plc:externalPassword"] = authPassword
	mocks, outputs, err := runProgramSecrets(t, fakeModule(t), cfg, []string{"kafka-plc:sshPrivateKey", "kafka-plc:externalPassword"})
	if err != nil {
		t.Fatalf("program: %v", err)
	}
	auth, _ := outputs["tidbCloud"].(map[string]any)["authentication"].(map[string]any)
	if auth["mechanism"] != "SCRAM-SHA-512" || auth["user"] != "tidb-cdc" {
		t.Errorf("tidbCloud.authentication = %v", auth)
	}
	if data, _ := json.Marshal(outputs); strings.Contains(string(data), authPassword) {
		t.Errorf("a stack output holds the password: %s", data)
	}
	stdin := map[string]bool{}
	for _, r := range mocks.Resources() {
		for k, v := range r.Inputs {
			if !strings.Contains(fmt.Sprint(mocktest.Reveal(v)), authPassword) {
				continue
			}
			if k != "stdin" || !v.ContainsSecrets() {
				t.Errorf("%s %q: input %s holds the password outside a secret stdin", r.Type, r.Name, k)
			}
			stdin[r.Name] = true
		}
		if r.Type == mocktest.TypeRemoteCommand && strings.Contains(r.Name, "-expose-") && !strings.Contains(r.RevealedStr("create"), "'--sasl-mechanism' 'SCRAM-SHA-512'") {
			t.Errorf("%s does not pass the mechanism", r.Name)
		}
	}
	if len(stdin) != 2 || !stdin["kafka-plc-dev-credential"] || !stdin["kafka-plc-dev-access"] {
		t.Errorf("steps with the password on stdin = %v, want the credential and access steps", stdin)
	}
}
