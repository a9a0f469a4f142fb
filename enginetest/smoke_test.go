package enginetest

import (
	"testing"

	"github.com/kafka-plc/kafka-plc/deploy"
	_ "github.com/pulumi/pulumi/pkg/v3/engine"
	_ "github.com/pulumi/pulumi/pkg/v3/engine/lifecycletest/framework"
	_ "github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	_ "github.com/pulumi/pulumi/pkg/v3/secrets/passphrase"
)

func TestProgramLinks(t *testing.T) {
	if deploy.Program(".") == nil {
		t.Fatal("deploy.Program returned nil")
	}
}
