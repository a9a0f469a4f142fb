package components

import (
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/components/componentstest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// recordingMocks wraps componentstest's mocks and records the upload paths of CopyToRemote.
type recordingMocks struct {
	componentstest.Mocks
	uploads chan string
}

func (m *recordingMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == componentstest.TypeCopyToRemote {
		m.uploads <- args.Inputs["remotePath"].StringValue()
	}
	return m.Mocks.NewResource(args)
}

// The components that upload kplc run under componentstest's default mocks: the upload
// directory step answers with an absolute path the components accept, and the uploads go there.
func TestComponentsRunUnderComponentstest(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(ctx *pulumi.Context) error
	}{
		{"KraftBrokerSet and PrivateLinkVerification", func(ctx *pulumi.Context) error {
			args := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
			bs, err := NewKraftBrokerSet(ctx, "kafka", args)
			if err != nil {
				return err
			}
			va := bsVerifyFields(bsPlanOf[args])
			va.SSH, va.NLBDNSName, va.NLBRevision = args.SSH, pulumi.String(bsNLBDNSName), pulumi.String(bsNLBRevision)
			va.ConfigRevision, va.DependsOn = bs.ConfigRevision, []pulumi.Resource{bs.ClusterReadyStep}
			_, err = NewPrivateLinkVerification(ctx, "verify", va)
			return err
		}},
		{"ExistingBrokerExposure", func(ctx *pulumi.Context) error {
			_, err := NewExistingBrokerExposure(ctx, "kafka", exArgs(t, "u1"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mocks := &recordingMocks{uploads: make(chan string, 100)}
			if err := pulumi.RunErr(tc.run, pulumi.WithMocks("consumer", "test", mocks)); err != nil {
				t.Fatalf("program failed under componentstest's mocks: %v", err)
			}
			close(mocks.uploads)
			n := 0
			for p := range mocks.uploads {
				n++
				if !strings.HasPrefix(p, "/") || !strings.Contains(p, "/.kafka-plc/") {
					t.Errorf("upload to %q, want an absolute path under $HOME/.kafka-plc", p)
				}
			}
			if n == 0 {
				t.Errorf("%s uploaded nothing", tc.name)
			}
		})
	}
}
