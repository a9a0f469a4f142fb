// Package doccheck holds a test that enforces the project's documentation rule: every package
// has a package doc comment, and every exported identifier, exported struct field and exported
// interface method of the root module has a doc comment. It has no code of its own; run it with
// `go test ./internal/doccheck`.
package doccheck
