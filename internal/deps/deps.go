// Package deps pins, through blank imports, every third-party package the project builds on, so
// that `go mod tidy` keeps them required while the packages that use them are being written.
package deps

import (
	_ "github.com/pulumi/pulumi-command/sdk/go/command/local"
	_ "github.com/pulumi/pulumi-command/sdk/go/command/remote"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	_ "github.com/twmb/franz-go/pkg/kadm"
	_ "github.com/twmb/franz-go/pkg/kfake"
	_ "github.com/twmb/franz-go/pkg/kgo"
	_ "github.com/twmb/franz-go/pkg/kmsg"
	_ "golang.org/x/crypto/ssh"
	_ "gopkg.in/yaml.v3"
)
