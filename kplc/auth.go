package kplc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ScramIterations is the iteration count of the SCRAM credentials kplc writes: Kafka's minimum
// for SCRAM-SHA-512 (it accepts 4096 to 16384; kadm.UpsertSCRAM documents the same bounds), the
// count kafka-configs.sh uses by default. kfake (the test stand-in) always announces 4096 in its
// server-first message (kfake sasl.go:158-161), so a credential with another count could not be
// tested against it.
const ScramIterations = 4096

// AllTopics is the literal topic name that Kafka's authorizer reads as every topic
// (ResourcePattern.WILDCARD_RESOURCE).
const AllTopics = "*"

// UpsertSCRAM creates or replaces user's SCRAM-SHA-512 credential with password through the
// AlterUserScramCredentials API. The password is salted by the client (kadm), so it never
// crosses the network in clear, and it is never printed.
func UpsertSCRAM(ctx context.Context, o Options, user, password string) error {
	switch {
	case user == "":
		return &UsageError{Err: errors.New("no user: pass --user NAME")}
	case password == "":
		return &UsageError{Err: errors.New("no password on stdin: pipe it in, e.g. pulumi config get kafka-plc:externalPassword | kplc scram-upsert ...")}
	}
	cl, err := connect(ctx, o)
	if err != nil {
		return err
	}
	defer cl.Close()
	res, err := kadm.NewClient(cl).AlterUserSCRAMs(ctx, nil, []kadm.UpsertSCRAM{{
		User: user, Mechanism: kadm.ScramSha512, Iterations: ScramIterations, Password: password,
	}})
	if err != nil {
		return fmt.Errorf("upserting the SCRAM-SHA-512 credential of %s: %s", user, Explain(err))
	}
	if r, ok := res[user]; ok && r.Err != nil {
		return fmt.Errorf("upserting the SCRAM-SHA-512 credential of %s: %w", user, r.Err)
	}
	return nil
}

// ChangefeedAccess is what TiDB Cloud's changefeed (TiCDC) may do: Create, Write and Describe
// on topics (every topic, or those with TopicPrefix) and DescribeConfigs on the cluster, the
// permissions TiCDC documents for a Kafka sink with ACLs.
type ChangefeedAccess struct {
	// User is the changefeed's SCRAM user.
	User string
	// TopicPrefix limits the topic ACLs to a prefix; "" means every topic.
	TopicPrefix string
}

// ACL is one access control entry, as kplc lists it.
type ACL struct {
	// Principal is e.g. "User:tidb-cdc".
	Principal string `json:"principal"`
	// Host is the client host the entry applies to ("*" for any).
	Host string `json:"host"`
	// Resource is the resource type: TOPIC, CLUSTER, GROUP...
	Resource string `json:"resource"`
	// Name is the resource name ("*" for every topic, kafka-cluster for the cluster).
	Name string `json:"name"`
	// Pattern is LITERAL or PREFIXED.
	Pattern string `json:"pattern"`
	// Operation is e.g. WRITE.
	Operation string `json:"operation"`
	// Permission is ALLOW or DENY.
	Permission string `json:"permission"`
}

// String formats the entry on one line.
func (a ACL) String() string {
	return fmt.Sprintf("%s %s %s on %s %s (%s) from %s", a.Permission, a.Principal, a.Operation, a.Resource, a.Name, a.Pattern, a.Host)
}

// Builders returns the ACL builders of the access: the topic entries and the cluster entry
// (two builders, since a pattern type applies to every resource of a builder and the cluster
// resource is always literal).
func (a ChangefeedAccess) Builders() (topics, cluster *kadm.ACLBuilder) {
	principal := "User:" + a.User
	topics = kadm.NewACLs().Allow(principal).AllowHosts("*").
		Operations(kadm.OpCreate, kadm.OpWrite, kadm.OpDescribe)
	if a.TopicPrefix == "" {
		topics = topics.Topics(AllTopics).ResourcePatternType(kadm.ACLPatternLiteral)
	} else {
		topics = topics.Topics(a.TopicPrefix).ResourcePatternType(kadm.ACLPatternPrefixed)
	}
	cluster = kadm.NewACLs().Allow(principal).AllowHosts("*").Clusters().
		Operations(kadm.OpDescribeConfigs).ResourcePatternType(kadm.ACLPatternLiteral)
	return topics, cluster
}

// ApplyChangefeedACLs creates the access's ACLs and deletes the user's other entries (e.g. the
// every-topic entries after a prefix was set). Kafka keeps ACLs as a set, so creating an
// existing entry again changes nothing: the call is idempotent and safe to repeat on every
// update. It returns the principal's ACLs as the cluster lists them afterwards.
func ApplyChangefeedACLs(ctx context.Context, o Options, a ChangefeedAccess) ([]ACL, error) {
	if a.User == "" {
		return nil, &UsageError{Err: errors.New("no user: pass --user NAME")}
	}
	cl, err := connect(ctx, o)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	topics, cluster := a.Builders()
	for _, b := range []*kadm.ACLBuilder{topics, cluster} {
		res, err := adm.CreateACLs(ctx, b)
		if err != nil {
			return nil, fmt.Errorf("creating the ACLs of User:%s: %s", a.User, Explain(err))
		}
		for _, r := range res {
			if errors.Is(r.Err, kerr.SecurityDisabled) {
				return nil, fmt.Errorf("creating ACL %s %s on %s %s: %w: %w", r.Operation, r.Principal, r.Type, r.Name, ErrNoAuthorizerForACLs, r.Err)
			}
			if r.Err != nil {
				return nil, fmt.Errorf("creating ACL %s %s on %s %s: %w", r.Operation, r.Principal, r.Type, r.Name, r.Err)
			}
		}
	}
	// Entries of the user that are no longer wanted (a narrower prefix, a removed operation)
	// are deleted, so that the user has exactly the access above.
	if err := pruneACLs(ctx, cl, adm, a); err != nil {
		return nil, err
	}
	return describeACLs(ctx, adm, "User:"+a.User)
}

// Wanted returns the ACL entries of the access, as ListACLs shows them.
func (a ChangefeedAccess) Wanted() map[ACL]bool {
	principal := "User:" + a.User
	name, pattern := AllTopics, "LITERAL"
	if a.TopicPrefix != "" {
		name, pattern = a.TopicPrefix, "PREFIXED"
	}
	want := map[ACL]bool{{principal, "*", "CLUSTER", "kafka-cluster", "LITERAL", "DESCRIBE_CONFIGS", "ALLOW"}: true}
	for _, op := range []string{"CREATE", "WRITE", "DESCRIBE"} {
		want[ACL{principal, "*", "TOPIC", name, pattern, op, "ALLOW"}] = true
	}
	return want
}

// pruneACLs deletes the entries of a's user that a does not want, each by an exact filter.
func pruneACLs(ctx context.Context, cl *kgo.Client, adm *kadm.Client, a ChangefeedAccess) error {
	principal := "User:" + a.User
	res, err := adm.DescribeACLs(ctx, kadm.NewACLs().AnyResource().ResourcePatternType(kadm.ACLPatternAny).
		Operations(kadm.OpAny).Allow(principal).AllowHosts().Deny(principal).DenyHosts())
	if err != nil {
		return fmt.Errorf("listing the ACLs of %s: %s", principal, Explain(err))
	}
	want := a.Wanted()
	req := kmsg.NewPtrDeleteACLsRequest()
	for _, r := range res {
		if r.Err != nil {
			return fmt.Errorf("listing the ACLs of %s: %w", principal, r.Err)
		}
		for _, d := range r.Described {
			if want[toACL(d)] {
				continue
			}
			f := kmsg.NewDeleteACLsRequestFilter()
			f.ResourceType, f.ResourceName, f.ResourcePatternType = d.Type, kmsg.StringPtr(d.Name), kmsg.ACLResourcePatternType(d.Pattern)
			f.Principal, f.Host = kmsg.StringPtr(d.Principal), kmsg.StringPtr(d.Host)
			f.Operation, f.PermissionType = kmsg.ACLOperation(d.Operation), d.Permission
			req.Filters = append(req.Filters, f)
		}
	}
	if len(req.Filters) == 0 {
		return nil
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("deleting stale ACLs of %s: %s", principal, Explain(err))
	}
	for _, r := range resp.Results {
		if err := kerr.ErrorForCode(r.ErrorCode); err != nil {
			return fmt.Errorf("deleting stale ACLs of %s: %w", principal, err)
		}
	}
	return nil
}

// toACL converts a described entry to the form kplc lists.
func toACL(d kadm.DescribedACL) ACL {
	return ACL{
		Principal: d.Principal, Host: d.Host, Resource: strings.ToUpper(d.Type.String()), Name: d.Name,
		Pattern: strings.ToUpper(d.Pattern.String()), Operation: strings.ToUpper(kmsg.ACLOperation(d.Operation).String()),
		Permission: strings.ToUpper(d.Permission.String()),
	}
}

// ErrNoAuthorizerForACLs is returned by ApplyChangefeedACLs when Kafka refuses to create ACLs
// because no authorizer runs where it keeps them. In KRaft a broker forwards CreateAcls to the
// active controller, which answers SECURITY_DISABLED without an authorizer of its own (Kafka
// 3.7 AclApis.handleCreateAcls, "No Authorizer is configured."): in a cluster with dedicated
// controllers (mode existing edits only the brokers) the controllers need it too.
var ErrNoAuthorizerForACLs = errors.New("no authorizer runs where Kafka keeps ACLs; fix: the brokers get one from kafka-plc, " +
	"but dedicated controller nodes need authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer and " +
	"super.users=User:ANONYMOUS in their own server.properties (restart them one at a time), then re-run the update")

// ErrAuthorizerOff is returned by ListACLs when the cluster runs no authorizer.
var ErrAuthorizerOff = errors.New("the cluster runs no authorizer (externalAuth none): every client may do everything")

// ListACLs returns every ACL of the cluster, sorted; ErrAuthorizerOff when it has no authorizer.
func ListACLs(ctx context.Context, o Options) ([]ACL, error) {
	cl, err := connect(ctx, o)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	return describeACLs(ctx, kadm.NewClient(cl), "")
}

// describeACLs lists the ACLs of principal (every principal when "").
func describeACLs(ctx context.Context, adm *kadm.Client, principal string) ([]ACL, error) {
	b := kadm.NewACLs().AnyResource().ResourcePatternType(kadm.ACLPatternAny).
		Operations(kadm.OpAny).AllowHosts().DenyHosts()
	if principal == "" {
		b = b.Allow().Deny()
	} else {
		b = b.Allow(principal).Deny(principal)
	}
	res, err := adm.DescribeACLs(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("listing ACLs: %s", Explain(err))
	}
	seen := map[ACL]bool{}
	var out []ACL
	for _, r := range res {
		if r.Err != nil {
			if errors.Is(r.Err, kerr.SecurityDisabled) {
				return nil, ErrAuthorizerOff
			}
			return nil, fmt.Errorf("listing ACLs: %w", r.Err)
		}
		for _, d := range r.Described {
			a := toACL(d)
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}
