// Package rules holds the checks of values that both the stack configuration (package config)
// and the components (package components) enforce, so that the two can never disagree: a value
// `kplc plan` calls valid is one the components accept at `pulumi up`. Each rule is written
// once, from what the host scripts and the cloud accept. The package is a leaf: it imports only
// the standard library.
package rules

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	// serviceNameRe is what scripts/expose-existing-broker.sh accepts for --service
	// (`^[A-Za-z0-9@._-]+$`), starting with a letter or digit so that systemctl can never take
	// it for an option. systemd itself also allows ':' and '\', which the script refuses.
	serviceNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9@._-]{0,99}$`)
	// heapRe is a JVM size for -Xms/-Xmx in megabytes or gigabytes; the JVM and
	// scripts/install-broker.sh --heap accept either case of the unit.
	heapRe = regexp.MustCompile(`^[1-9][0-9]*[mMgG]$`)
	// packageNameRe is what scripts/install-broker.sh accepts for --java-package (an RPM or
	// Debian package name).
	packageNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*$`)
	// loginNameRe is a Linux login name (useradd's default NAME_REGEX).
	loginNameRe = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	// clusterIDRe is a KRaft cluster ID: a base64url-encoded UUID, 22 characters.
	clusterIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)
	// kafkaVersionRe is an Apache Kafka release, MAJOR.MINOR.PATCH.
	kafkaVersionRe = regexp.MustCompile(`^([0-9]+)\.([0-9]+)\.([0-9]+)$`)
	// propertiesPathRe are the characters a server.properties path may hold: the host steps
	// pass it to the scripts, which refuse spaces, quotes and shell metacharacters.
	propertiesPathRe = regexp.MustCompile(`^/[A-Za-z0-9._/@+-]+$`)
	// armFamilyRe matches the instance families of Alibaba Cloud's Arm processors: a 'y'
	// (YiTian 710, e.g. g8y, c8y, r8y, ebmg8y) or an 'r' (Ampere Altra, e.g. g6r, c6r) right
	// after the generation digits.
	armFamilyRe = regexp.MustCompile(`^[a-z]+[0-9]+[yr][a-z]*$`)
)

// ServiceNameRule says what IsServiceName accepts, for error messages.
const ServiceNameRule = "1..100 letters, digits and @ . _ -, starting with a letter or digit"

// IsServiceName reports whether s is a systemd service name the host steps can restart, e.g.
// "kafka" or "kafka@broker.service".
func IsServiceName(s string) bool { return serviceNameRe.MatchString(s) }

// HeapRule says what IsHeap accepts, for error messages.
const HeapRule = "a whole number of megabytes or gigabytes, like 2g or 1536m"

// IsHeap reports whether s is a JVM heap size the brokers can be given, e.g. "2g" or "1536m".
func IsHeap(s string) bool { return heapRe.MatchString(s) }

// IsPackageName reports whether s is a package name the install step accepts, e.g.
// "java-17-openjdk-headless".
func IsPackageName(s string) bool { return packageNameRe.MatchString(s) }

// IsLoginName reports whether s is a Linux login name, e.g. "root" or "ecs-user".
func IsLoginName(s string) bool { return loginNameRe.MatchString(s) }

// IsClusterID reports whether s is a KRaft cluster ID (22 base64url characters).
func IsClusterID(s string) bool { return clusterIDRe.MatchString(s) }

// KafkaVersion splits a Kafka release "MAJOR.MINOR.PATCH" into its numbers' texts; ok is false
// when s is not one.
func KafkaVersion(s string) (major, minor, patch string, ok bool) {
	m := kafkaVersionRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", "", false
	}
	return m[1], m[2], m[3], true
}

// PropertiesPathRule says what IsPropertiesPath accepts, for error messages.
const PropertiesPathRule = "a clean absolute path of letters, digits and . _ / @ + -"

// IsPropertiesPath reports whether p is a server.properties path the host steps accept.
func IsPropertiesPath(p string) bool {
	return propertiesPathRe.MatchString(p) && path.Clean(p) == p
}

// DiskCategories are the ECS disk categories accepted for system and data disks (the
// categories of alicloud_instance's system_disk_category that are cloud disks a data disk can
// also use; alicloud-provider-facts.md, ecs/instance).
func DiskCategories() []string {
	return []string{"cloud_essd", "cloud_essd_entry", "cloud_auto", "cloud_ssd", "cloud_efficiency"}
}

// IsDiskCategory reports whether c is one of DiskCategories.
func IsDiskCategory(c string) bool { return slices.Contains(DiskCategories(), c) }

// InstanceFamily returns the family of an ECS instance type: "g7" of "ecs.g7.xlarge", or ""
// when the type has fewer than three parts.
func InstanceFamily(instanceType string) string {
	parts := strings.Split(instanceType, ".")
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}

// IsArmInstanceType reports whether an ECS instance type belongs to an Arm family, on which
// the linux/amd64 kplc and host steps cannot run.
func IsArmInstanceType(instanceType string) bool {
	return armFamilyRe.MatchString(InstanceFamily(instanceType))
}

// importableKeyTypes are the OpenSSH public key types Alibaba Cloud can import as a key pair:
// ECS ImportKeyPair documents the encryption methods rsa, dsa, ssh-rsa, ssh-dss and ecdsa, and
// not ssh-ed25519 (alicloud-provider-facts.md, ecs/ecsKeyPair public_key). In OpenSSH's names
// (golang.org/x/crypto/ssh KeyAlgoRSA, KeyAlgoDSA, KeyAlgoECDSA256/384/521; a test keeps them
// equal) that is ssh-rsa, ssh-dss and the three NIST ECDSA curves; ed25519, security keys
// (sk-...) and certificates are refused, as the stricter reading of the doc.
var importableKeyTypes = []string{"ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}

// IsImportableKeyType reports whether Alibaba Cloud imports an OpenSSH public key of type typ
// (the first field of an authorized_keys line, e.g. "ssh-rsa") as a key pair.
func IsImportableKeyType(typ string) bool {
	return slices.Contains(importableKeyTypes, typ)
}

// ImportableKeyTypesText says which key types Alibaba Cloud imports, for messages.
const ImportableKeyTypesText = "Alibaba Cloud's ECS ImportKeyPair imports only RSA, DSA and ECDSA keys " +
	"(ssh-rsa, ssh-dss, ecdsa-sha2-nistp256/384/521), not ssh-ed25519"

// KeygenCommand makes the key pair every SSH message steers to: RSA, 4096 bits.
const KeygenCommand = "ssh-keygen -t rsa -b 4096 -f ~/.ssh/kafka-plc"
