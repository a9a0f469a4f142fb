package internal

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestPkgResourceDefaultOpts(t *testing.T) {
	tests := []struct {
		name string
		opts []pulumi.ResourceOption
		want string
	}{
		{name: "no options adds the package version", want: "3.105.0"},
		{name: "caller options are kept", opts: []pulumi.ResourceOption{pulumi.Protect(true)}, want: "3.105.0"},
		{name: "explicit caller version wins", opts: []pulumi.ResourceOption{pulumi.Version("9.9.9")}, want: "9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pulumi.NewResourceOptions(PkgResourceDefaultOpts(tt.opts)...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != tt.want {
				t.Errorf("resource option version = %q, want %q", got.Version, tt.want)
			}
			if len(tt.opts) == 1 && tt.want == Version && !got.Protect {
				t.Errorf("caller's Protect option was dropped")
			}
		})
	}
}

func TestPkgInvokeDefaultOpts(t *testing.T) {
	tests := []struct {
		name string
		opts []pulumi.InvokeOption
		want string
	}{
		{name: "no options adds the package version", want: "3.105.0"},
		{name: "explicit caller version wins", opts: []pulumi.InvokeOption{pulumi.Version("9.9.9")}, want: "9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pulumi.NewInvokeOptions(PkgInvokeDefaultOpts(tt.opts)...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != tt.want {
				t.Errorf("invoke option version = %q, want %q", got.Version, tt.want)
			}
		})
	}
}

func TestCheckRequired(t *testing.T) {
	var missing pulumi.StringInput
	tests := []struct {
		name    string
		args    []Arg
		wantErr string
	}{
		{name: "nothing required", wantErr: ""},
		{name: "all given", args: []Arg{Required("VpcId", pulumi.String("vpc-1"))}, wantErr: ""},
		{
			name:    "first missing argument is named",
			args:    []Arg{Required("VpcId", pulumi.String("vpc-1")), Required("AddressType", missing), Required("ZoneMappings", nil)},
			wantErr: "invalid value for required argument 'AddressType'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRequired(tt.args...)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("CheckRequired() error = %q, want %q", got, tt.wantErr)
			}
		})
	}
}
