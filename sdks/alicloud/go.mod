module github.com/pulumi/pulumi-alicloud/sdk/v3

go 1.26.6

require github.com/pulumi/pulumi/sdk/v3 v3.274.1
