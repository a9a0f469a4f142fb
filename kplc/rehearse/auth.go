package rehearse

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// AuthScramSHA512 is the value of Options.Auth that rehearses externalAuth scram-sha-512.
const AuthScramSHA512 = "scram-sha-512"

// Users of an authenticated rehearsal: an admin (kfake requires SASL on every connection, so
// the admin stands in for the unauthenticated INTERNAL super user of a real cluster) and the
// changefeed user, created like on the bastion with kplc scram-upsert and acls-apply.
const (
	rehearsalAdmin = "kplc-admin"
	// ChangefeedUser is the changefeed's user in an authenticated rehearsal.
	ChangefeedUser = "tidb-cdc"
)

// authState holds the credentials of an authenticated rehearsal (passwords random per run).
type authState struct {
	admin, changefeed kplc.SASL
}

// randomPassword returns 24 random bytes in base64, like `openssl rand -base64 24`.
func randomPassword() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making a rehearsal password: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// authOpts returns the kfake options of Options.Auth and the credentials to use.
func authOpts(auth string) ([]kfake.Opt, *authState, error) {
	switch auth {
	case "":
		return nil, nil, nil
	case AuthScramSHA512:
	default:
		return nil, nil, fmt.Errorf("--auth %q: use %s", auth, AuthScramSHA512)
	}
	adminPass, err := randomPassword()
	if err != nil {
		return nil, nil, err
	}
	cdcPass, err := randomPassword()
	if err != nil {
		return nil, nil, err
	}
	st := &authState{
		admin:      kplc.SASL{Mechanism: "SCRAM-SHA-512", User: rehearsalAdmin, Password: adminPass},
		changefeed: kplc.SASL{Mechanism: "SCRAM-SHA-512", User: ChangefeedUser, Password: cdcPass},
	}
	return []kfake.Opt{kfake.EnableSASL(), kfake.EnableACLs(), kfake.Superuser("SCRAM-SHA-512", rehearsalAdmin, adminPass)}, st, nil
}

// provisionChangefeed creates the changefeed user's credential and ACLs through the NLB, as
// the bastion's access step does on a real cluster.
func (r *Rehearsal) provisionChangefeed() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	o := kplc.Options{Bootstrap: []string{r.Bootstrap()}, Dial: kplc.NLBDialer(LoopbackHost), SASL: &r.auth.admin}
	if err := kplc.UpsertSCRAM(ctx, o, r.auth.changefeed.User, r.auth.changefeed.Password); err != nil {
		return fmt.Errorf("rehearsal credential: %w", err)
	}
	if _, err := kplc.ApplyChangefeedACLs(ctx, o, kplc.ChangefeedAccess{User: r.auth.changefeed.User}); err != nil {
		return fmt.Errorf("rehearsal ACLs: %w", err)
	}
	return nil
}

// checkUnauthenticated reports whether a client without credentials is refused.
func (r *Rehearsal) checkUnauthenticated(ctx context.Context, rep *Report) {
	if r.auth == nil {
		return
	}
	rep.Auth = "SCRAM-SHA-512 as " + r.auth.changefeed.User
	o := kplc.Options{Bootstrap: []string{r.Bootstrap()}, Dial: kplc.NLBDialer(LoopbackHost)}
	_, err := kplc.CheckBrokers(ctx, o)
	refused := err != nil
	rep.UnauthenticatedRefused = &refused
	if err != nil {
		rep.Unauthenticated = err.Error()
	}
}
