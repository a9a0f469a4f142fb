package mocktest

import (
	"github.com/kafka-plc/kafka-plc/components/componentstest"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Answers the mocks can give in place of Alibaba Cloud and the command provider.

// ImageID is the system image ImagesResult answers with.
const ImageID = componentstest.ImageID

// StagingHome is the login user's home directory StagingStdout reports.
const StagingHome = "/home/tester"

// stagingStep marks the name of a component's upload-directory step:
// "<component>-kplc-staging" or "<component>-kplc-staging-<n>".
const stagingStep = "-kplc-staging"

// StagingStdout answers for an upload-directory step (a remote command named
// "<component>-kplc-staging" or "<component>-kplc-staging-<n>") what the real step prints: the
// absolute path of the login user's staging directory, StagingHome/.kafka-plc/<component>.
// ok is false for every other resource.
func StagingStdout(r Resource) (out resource.PropertyMap, ok bool) {
	i := strings.Index(r.Name, stagingStep)
	if r.Type != TypeRemoteCommand || i < 0 {
		return nil, false
	}
	return resource.PropertyMap{"stdout": resource.NewProperty(StagingHome + "/.kafka-plc/" + r.Name[:i] + "\n")}, true
}

// ImagesResult is the answer of ecs.GetImages (FuncGetImages) listing the one image ImageID.
func ImagesResult() resource.PropertyMap { return componentstest.ImagesResult() }
