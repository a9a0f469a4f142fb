package kraft

// Authorization settings of a KRaft node, shared by the rendering of new brokers (package plan)
// and the in-place edit of existing ones (package propsedit), so that both write the same text.
const (
	// KeyAuthorizer is authorizer.class.name.
	KeyAuthorizer = "authorizer.class.name"
	// StandardAuthorizer is KRaft's ACL authorizer, which keeps ACLs in the metadata log.
	StandardAuthorizer = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
	// KeyAllowEveryone is allow.everyone.if.no.acl.found (StandardAuthorizer.java:54).
	KeyAllowEveryone = "allow.everyone.if.no.acl.found"
	// KeySuperUsers is super.users (StandardAuthorizer.java:52).
	KeySuperUsers = "super.users"
	// KeyPrincipalBuilder is principal.builder.class; a custom builder can give PLAINTEXT
	// connections another principal than AnonymousPrincipal.
	KeyPrincipalBuilder = "principal.builder.class"
	// AnonymousPrincipal is the principal Kafka gives every connection on a PLAINTEXT listener:
	// DefaultKafkaPrincipalBuilder.build returns KafkaPrincipal.ANONYMOUS for a
	// PlaintextAuthenticationContext, i.e. User:ANONYMOUS (Kafka 3.7.1
	// DefaultKafkaPrincipalBuilder.java:71-72, KafkaPrincipal.java:45). The brokers and
	// controllers on INTERNAL and CONTROLLER, and kplc on the bastion, connect as it.
	AnonymousPrincipal = "User:ANONYMOUS"
	// ScramJaasConfig is the JAAS config kafka-plc gives a SCRAM listener: the SCRAM login
	// module with no options (a broker only verifies clients on it; the credentials live in the
	// cluster metadata, created by kplc scram-upsert).
	ScramJaasConfig = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
)
