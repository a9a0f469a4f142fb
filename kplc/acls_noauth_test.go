package kplc

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestApplyACLsWithoutAuthorizer: Kafka answers CreateAcls with SECURITY_DISABLED, "No Authorizer
// is configured.", where no authorizer runs (Kafka 3.7 core/.../server/AclApis.scala,
// handleCreateAcls; in KRaft the broker forwards the request to the active controller, so a
// dedicated controller without an authorizer answers so). kfake accepts ACLs even without
// EnableACLs, so the answer is scripted here. The error is ErrNoAuthorizerForACLs, whose text
// names the controllers' fix.
func TestApplyACLsWithoutAuthorizer(t *testing.T) {
	t.Parallel()
	c, o := newCluster(t)
	c.ControlKey(int16(kmsg.CreateACLs), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		req := kreq.(*kmsg.CreateACLsRequest)
		resp := req.ResponseKind().(*kmsg.CreateACLsResponse)
		for range req.Creations {
			r := kmsg.NewCreateACLsResponseResult()
			r.ErrorCode = kerr.SecurityDisabled.Code
			r.ErrorMessage = kmsg.StringPtr("No Authorizer is configured.")
			resp.Results = append(resp.Results, r)
		}
		return resp, nil, true
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := ApplyChangefeedACLs(ctx, o, ChangefeedAccess{User: "tidb-cdc"})
	if !errors.Is(err, ErrNoAuthorizerForACLs) || !strings.Contains(err.Error(), "dedicated controller") {
		t.Fatalf("ApplyChangefeedACLs = %v, want ErrNoAuthorizerForACLs naming the controllers' fix", err)
	}
}
