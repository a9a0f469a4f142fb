package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bastionReplacement returns the options that make a bastion replacement safe. The bastion has a
// static private IP, and a replacement created first would ask RunInstances for the address the
// old bastion still holds; its ForceNew inputs are availabilityZone and systemDiskCategory (facts:
// ecs/instance; instanceType, hostName, bandwidth and security groups change in place, imageId and
// keyName are ignored). The bastion holds no data (the dist directory is re-filled from the
// verified download by the prepare step), so it is deleted first. Every step on it follows: the
// broker set's bastion steps re-run on the new instance (KraftBrokerSetArgs.BastionInstanceID).
func bastionReplacement() []pulumi.ResourceOption {
	return []pulumi.ResourceOption{pulumi.DeleteBeforeReplace(true), pulumi.ReplaceOnChanges(bastionReplaceOnChanges)}
}

// warnKeyRotation logs a warning when the configured public key differs from the key the key
// pair holds (its state, which ignores later changes; see build): the instances keep the key
// they were created with, so the new key is not installed anywhere, and the warning says how
// to rotate it by hand. It only logs: nothing is registered inside the apply.
func warnKeyRotation(ctx *pulumi.Context, name string, key *ecs.EcsKeyPair, configured string) {
	key.PublicKey.ApplyT(func(current *string) (string, error) {
		if current == nil || *current == "" || sameSSHKey(*current, configured) {
			return "", nil
		}
		if err := ctx.Log.Warn(keyRotationWarning(name), &pulumi.LogArgs{Resource: key}); err != nil {
			return "", fmt.Errorf("logging the key rotation of %q: %w", name, err)
		}
		return "", nil
	})
}

// sameSSHKey reports whether two authorized_keys lines hold the same key: the same type and
// base64 blob, whatever their comments.
func sameSSHKey(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) < 2 || len(fb) < 2 {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return fa[0] == fb[0] && fa[1] == fb[1]
}

// keyRotationWarning says that a changed sshPublicKey is not applied, and how to rotate the key.
func keyRotationWarning(name string) string {
	return fmt.Sprintf("KafkaVpc %q: sshPublicKey differs from the key of key pair %s-key, which the bastion and the brokers "+
		"were created with; pulumi up does not change it: the provider cannot change the public key of an existing key pair "+
		"(the update calls no API for it), and attaching another key pair to an instance reboots it, which the brokers, all at "+
		"once and without the restart gates, must not do. "+
		"To rotate the key by hand: (1) with the old private key, append the new public key to the login user's "+
		"~/.ssh/authorized_keys on the bastion and on every broker (through the bastion); (2) set the new private key: "+
		"pulumi config set --secret sshPrivateKey < NEW_KEY_FILE; (3) pulumi up, and check that it reaches every host; "+
		"(4) remove the old public key from every host's authorized_keys. The key pair keeps the old public key, so "+
		"an instance created later (a replaced bastion) starts with the old key only. To go back instead, set "+
		"sshPublicKey to the old key", name, name)
}
