package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ReadStack reads a stack's configuration offline, the way `kplc plan` needs it: the project
// name from dir/Pulumi.yaml and the values of dir/Pulumi.<stack>.yaml (or of the project's
// stackConfigDir). Keys "kafka-plc:KEY" and bare "KEY" become Values["KEY"]; YAML lists and
// maps become JSON text, as the Pulumi engine passes them; an encrypted value ({secure: ...})
// becomes Value{Secret: true} with empty Raw and is never decrypted. Keys of other namespaces
// keep their namespace (alicloud:profile): Load compares ProviderRegionKey with region, ignores
// the other known namespaces and warns about unknown ones. Pulumi.yaml's config
// block is not read: Load applies the defaults of Settings, which a test keeps equal to it.
func ReadStack(dir, stack string) (project string, values Values, err error) {
	projPath := filepath.Join(dir, "Pulumi.yaml")
	var proj struct {
		Name           string `yaml:"name"`
		StackConfigDir string `yaml:"stackConfigDir"`
	}
	if err := readYAML(projPath, &proj); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("no Pulumi project here: %s does not exist; run from the kafka-plc directory or pass --dir DIR", projPath)
		}
		return "", nil, err
	}
	if proj.Name == "" {
		return "", nil, fmt.Errorf("%s has no project name (name: kafka-plc)", projPath)
	}

	if i := strings.LastIndex(stack, "/"); i >= 0 {
		stack = stack[i+1:] // org/project/stack keeps its settings in Pulumi.<stack>.yaml
	}
	if stack == "" {
		return "", nil, errors.New("no stack name given; pass --stack NAME (e.g. --stack dev)")
	}
	stackDir := dir
	if proj.StackConfigDir != "" {
		stackDir = filepath.Join(dir, proj.StackConfigDir)
	}
	stackPath := filepath.Join(stackDir, "Pulumi."+stack+".yaml")
	var doc struct {
		Config map[string]yaml.Node `yaml:"config"`
	}
	if err := readYAML(stackPath, &doc); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("stack %q has no settings file: %s does not exist; create the stack with `pulumi stack init %s` and set its config, or pass --stack NAME%s",
				stack, stackPath, stack, availableStacks(stackDir))
		}
		return "", nil, err
	}

	values = Values{}
	prefix := proj.Name + ":"
	keys := make([]string, 0, len(doc.Config))
	for k := range doc.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		node := doc.Config[k]
		key := k
		switch {
		case k == ProviderRegionKey:
		case strings.HasPrefix(k, prefix):
			key = strings.TrimPrefix(k, prefix)
		case strings.Contains(k, ":"):
			// Kept whole: Load ignores other packages' settings and warns about a
			// namespace nothing reads (kafkaplc:brokerCount).
		}
		if _, dup := values[key]; dup {
			return "", nil, fmt.Errorf("%s sets %s twice (as %s and %s%s); keep one", stackPath, key, key, prefix, key)
		}
		v, err := nodeValue(&node)
		if err != nil {
			return "", nil, fmt.Errorf("%s: line %d: %s: %w", stackPath, node.Line, k, err)
		}
		values[key] = v
	}
	return proj.Name, values, nil
}

// readYAML decodes the YAML file at path into out; syntax errors name the file and line.
func readYAML(path string, out any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := yaml.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s is not valid YAML: %w", path, err)
	}
	return nil
}

// availableStacks lists the stack files of dir, for the missing-stack error.
func availableStacks(dir string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	if len(names) == 0 {
		return ""
	}
	return " (stacks with settings here: " + strings.Join(names, ", ") + ")"
}

// nodeValue converts one stack-file value to a Value.
func nodeValue(n *yaml.Node) (Value, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return Value{}, nil
		}
		return Value{Raw: n.Value}, nil
	case yaml.MappingNode:
		if len(n.Content) == 2 && n.Content[0].Value == "secure" {
			return Value{Secret: true}, nil
		}
	case yaml.SequenceNode:
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	default:
		return Value{}, fmt.Errorf("unexpected YAML value")
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return Value{}, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Value{}, fmt.Errorf("cannot be written as JSON: %w", err)
	}
	return Value{Raw: string(b)}, nil
}
