package cloudsim

import (
	"errors"
	"fmt"
)

// APIError is a refusal by the simulated cloud API, worded as terraform-provider-alicloud wraps it at
// apply time: "Resource <id-or-tf-type> <ApiAction> Failed!!! [SDK alibaba-cloud-sdk-go ERROR]" followed
// by the SDK error (facts: "TF error wrapping at apply", tf: alicloud/errors.go L314, L373-390, L403).
type APIError struct {
	// Resource is the resource ID, or the TF type (e.g. "alicloud_instance") when there is no ID yet.
	Resource string
	// Action is the API action, e.g. "RunInstances".
	Action string
	// Code is the API error code, e.g. "InvalidPrivateIpAddress.Duplicated".
	Code string
	// HTTPStatus is the API's HTTP status code.
	HTTPStatus int
	// Message is the API's error message.
	Message string
}

// Error returns the TF-wrapped text. The request ID is a fixed placeholder: the simulator is
// deterministic.
func (e *APIError) Error() string {
	return fmt.Sprintf("[ERROR] terraform-provider-alicloud/alicloud: Resource %s %s Failed!!! [SDK alibaba-cloud-sdk-go ERROR]:\n"+
		"SDKError:\n   StatusCode: %d\n   Code: %s\n   Message: code: %d, %s request id: SIMULATED-REQUEST\n",
		e.Resource, e.Action, e.HTTPStatus, e.Code, e.HTTPStatus, e.Message)
}

// ErrorCode returns the API error code inside err ("" when err is not an APIError).
func ErrorCode(err error) string {
	var api *APIError
	if errors.As(err, &api) {
		return api.Code
	}
	return ""
}

// apiErr builds an APIError.
func apiErr(res, action string, status int, code, msg string) error {
	return &APIError{Resource: res, Action: action, Code: code, HTTPStatus: status, Message: msg}
}

// ProviderError is a refusal by the TF provider's own code before any API call (for example the
// security group rule's port range check); its text is TF's message as is.
type ProviderError struct{ Message string }

// Error returns TF's message.
func (e *ProviderError) Error() string { return e.Message }

// providerErr builds a ProviderError.
func providerErr(msg string) error { return &ProviderError{Message: msg} }
