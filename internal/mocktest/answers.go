package mocktest

import (
	"regexp"
	"strings"

	"github.com/kafka-plc/kafka-plc/components/componentstest"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Answers the mocks can give in place of Alibaba Cloud and the command provider.

// ImageID is the system image ImagesResult answers with.
const ImageID = componentstest.ImageID

// StagingHome is the login user's home directory StagingStdout reports.
const StagingHome = "/home/tester"

// stagingStep matches the name of a component's upload-directory step and captures the
// component's name: "<component>-kplc-staging[-<n>]" (kplc's, on the bastion or an existing
// broker), "<component>-staging-<n>" (a new broker's) or "<component>-checks-staging" (the
// verification's, on the bastion).
var stagingStep = regexp.MustCompile(`^(.+?)-(?:kplc-|checks-)?staging(?:-[0-9]+)?$`)

// StagingStdout answers for an upload-directory step (see stagingStep) what the real step
// prints: the absolute path of the login user's staging directory,
// StagingHome/.kafka-plc/<component>. ok is false for every other resource.
func StagingStdout(r Resource) (out resource.PropertyMap, ok bool) {
	m := stagingStep.FindStringSubmatch(r.Name)
	if r.Type != TypeRemoteCommand || m == nil {
		return nil, false
	}
	return resource.PropertyMap{"stdout": resource.NewProperty(StagingHome + "/.kafka-plc/" + m[1] + "\n")}, true
}

// ImagesResult is the answer of ecs.GetImages (FuncGetImages) listing the one image ImageID.
func ImagesResult() resource.PropertyMap { return componentstest.ImagesResult() }

// HostKey is the SSH host public key every host-key read step reports (HostKeyStdout).
const HostKey = componentstest.HostKey

// hostKeyStep marks the steps of a components.SSHHostKey: "<name>-read" (remote) and
// "<name>-pin" (local), whose parent is the SSHHostKey component.
const hostKeyStep = "kafka-plc:index:SSHHostKey"

// HostKeyStdout answers for the steps of an SSHHostKey what the real ones print: the read
// step the host's key (HostKey), the pin step the key it was given (its KPLC_HOST_KEY). ok is
// false for every other resource. Mocks answers these itself, after Outputs.
func HostKeyStdout(r Resource) (out resource.PropertyMap, ok bool) {
	if !strings.Contains(string(r.Parent), "::"+hostKeyStep+"::") && !strings.Contains(string(r.Parent), "$"+hostKeyStep+"::") {
		return nil, false
	}
	switch {
	case r.Type == TypeRemoteCommand && strings.HasSuffix(r.Name, "-read"):
		return resource.PropertyMap{"stdout": resource.NewProperty(HostKey)}, true
	case r.Type == TypeLocalCommand && strings.HasSuffix(r.Name, "-pin"):
		key := ""
		if env, ok := r.Inputs["environment"]; ok && env.IsObject() {
			key = Str(env.ObjectValue(), "KPLC_HOST_KEY")
		}
		return resource.PropertyMap{"stdout": resource.NewProperty(key)}, true
	}
	return nil, false
}
