package mocktest

import (
	"regexp"

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
