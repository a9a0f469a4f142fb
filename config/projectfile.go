package config

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// ProjectDescription is the description written into Pulumi.yaml.
const ProjectDescription = "Self-hosted Apache Kafka (KRaft) on Alibaba Cloud, exposed to TiDB Cloud over PrivateLink."

// ProjectFile renders Pulumi.yaml from Settings: the project name, the Go runtime, and a config
// block that declares every setting with its type, default, description and secrecy. Settings
// required in every mode get no default, so Pulumi itself asks for them.
func ProjectFile() ([]byte, error) {
	cfg := &yaml.Node{Kind: yaml.MappingNode}
	for _, s := range Settings {
		decl := &yaml.Node{Kind: yaml.MappingNode}
		addPair(decl, "type", scalar(string(s.Type)))
		if s.Items != "" {
			items := &yaml.Node{Kind: yaml.MappingNode}
			addPair(items, "type", scalar(string(s.Items)))
			addPair(decl, "items", items)
		}
		if s.Default != nil {
			var def yaml.Node
			if err := def.Encode(s.Default); err != nil {
				return nil, fmt.Errorf("encoding the default of %s: %w", s.Key, err)
			}
			if def.Kind == yaml.SequenceNode || def.Kind == yaml.MappingNode {
				def.Style = yaml.FlowStyle
			}
			addPair(decl, "default", &def)
		}
		// A secret with a default (externalPassword, optional) is not declared secret: the engine
		// merges a project default into the stack's config as plain text and then refuses a
		// secret key whose value is not encrypted (pkg/v3 v3.274.1 workspace/config.go:326-345
		// and 128-133), which would break every stack that leaves it unset. Load refuses such a
		// value stored in plain text instead.
		if s.Secret && s.Default == nil {
			addPair(decl, "secret", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		addPair(decl, "description", scalar(s.Description))
		addPair(cfg, s.Key, decl)
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	addPair(root, "name", scalar(ProjectName))
	addPair(root, "runtime", scalar("go"))
	addPair(root, "description", scalar(ProjectDescription))
	addPair(root, "config", cfg)

	var buf bytes.Buffer
	buf.WriteString("# Generated from config.Settings (config/settings.go): edit the table there and run\n")
	buf.WriteString("# `go test ./config -update`. A test fails when this file and the table disagree.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("encoding Pulumi.yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding Pulumi.yaml: %w", err)
	}
	return buf.Bytes(), nil
}

// scalar returns a string scalar node.
func scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// addPair appends key: value to a mapping node.
func addPair(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, scalar(key), value)
}
