package components

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kafka-plc/kafka-plc/config"
	"github.com/kafka-plc/kafka-plc/rules"
)

// configAccepts loads the example stack (Pulumi.<stack>.yaml) with edit applied and reports
// whether config.Load found no problem with the setting key (other settings may still fail
// offline, e.g. a secret that is not decrypted).
func configAccepts(t *testing.T, stack, key string, edit func(config.Values)) bool {
	t.Helper()
	project, values, err := config.ReadStack("..", stack)
	if err != nil {
		t.Fatalf("reading stack %s: %v", stack, err)
	}
	edit(values)
	_, err = config.Load(project, stack, values)
	var problems config.Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatalf("loading stack %s: %v", stack, err)
	}
	for _, p := range problems {
		if p.Key == key {
			return false
		}
	}
	return true
}

// setExistingBroker sets field of existingBrokers[0] in the stack's values.
func setExistingBroker(t *testing.T, field, value string) func(config.Values) {
	return func(values config.Values) {
		var brokers []map[string]any
		if err := json.Unmarshal([]byte(values["existingBrokers"].Raw), &brokers); err != nil {
			t.Fatalf("existingBrokers: %v", err)
		}
		brokers[0][field] = value
		raw, _ := json.Marshal(brokers)
		values["existingBrokers"] = config.Value{Raw: string(raw)}
	}
}

// set sets a top-level setting.
func set(key, value string) func(config.Values) {
	return func(values config.Values) { values[key] = config.Value{Raw: value} }
}

// Every value that config.Load accepts (so `kplc plan` says "valid"), the component that
// receives it accepts too: the rules they share live in package rules. Each row is one shared
// rule, with values on both sides of its edges.
func TestComponentsAcceptWhatConfigAccepts(t *testing.T) {
	type rule struct {
		name, stack, key string
		values           []string
		edit             func(value string) func(config.Values)
		component        func(value string) error
	}
	brokerSet := func(change func(a *KraftBrokerSetArgs, v string)) func(string) error {
		return func(v string) error {
			args := bsArgs(bsPlan(t, ""), bsKplcBinary(t))
			change(args, v)
			return args.Validate("kafka")
		}
	}
	exposure := func(change func(b *ExposedBroker, v string)) func(string) error {
		return func(v string) error {
			args := exArgs(t, "u1")
			change(&args.Brokers[0], v)
			return args.Validate("kafka")
		}
	}
	top := func(key string) func(string) func(config.Values) {
		return func(v string) func(config.Values) { return set(key, v) }
	}
	broker := func(field string) func(string) func(config.Values) {
		return func(v string) func(config.Values) { return setExistingBroker(t, field, v) }
	}
	diskValues := append(rules.DiskCategories(), "cloud", "ephemeral_ssd", "cloud_essd_pl1", "CLOUD_ESSD")
	for _, r := range []rule{
		{"service name", "existing", "existingBrokers[0].serviceName",
			[]string{"kafka", "kafka.service", "kafka@broker.service", "kafka@broker:1.service", "-kafka", "kafka broker", `kafka\x2d1`, strings.Repeat("k", 100), strings.Repeat("k", 101)},
			broker("serviceName"), exposure(func(b *ExposedBroker, v string) { b.ServiceName = v })},
		{"properties path", "existing", "existingBrokers[0].propertiesPath",
			[]string{"/opt/kafka/config/kraft/server.properties", "/opt/kafka~1/server.properties", "/opt/ka,fka/server.properties", "/opt/kafka/../server.properties", "/opt/kafka/config/", "config/server.properties", "/opt/kafka:1/server.properties"},
			broker("propertiesPath"), exposure(func(b *ExposedBroker, v string) { b.PropertiesPath = v })},
		{"broker login", "existing", "existingBrokers[0].sshUser",
			[]string{"root", "ecs-user", "_svc", "Admin", "kafka.user", strings.Repeat("u", 32), strings.Repeat("u", 33)},
			broker("sshUser"), exposure(func(b *ExposedBroker, v string) { b.SSHUser = v })},
		{"SSH login", "dev", "sshUser",
			[]string{"root", "ecs-user", "Admin", "9user"},
			top("sshUser"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.SSH.User = v })},
		{"heap", "dev", "brokerHeap",
			[]string{"2g", "1536m", "2G", "1536M", "512k", "0g", "2gb", "2"},
			top("brokerHeap"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.Kafka.Heap = v })},
		{"Java package", "dev", "javaPackage",
			[]string{"java-17-openjdk-headless", "java-1.8.0-openjdk", "Java_17", "openjdk+x", "-java", "java 17"},
			top("javaPackage"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.Kafka.JavaPackage = v })},
		{"Kafka version", "dev", "kafkaVersion",
			[]string{"3.7.1", "3.8.0", "4.0.0", "3.7", "3.7.1-rc1"},
			top("kafkaVersion"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.Kafka.Version = v })},
		{"Arm instance types", "dev", "brokerInstanceType",
			[]string{"ecs.g7.xlarge", "ecs.g8y.large", "ecs.c6r.large", "ecs.ebmg8y.32xlarge", "ecs.g8i.xlarge", "ecs.r8y.2xlarge"},
			top("brokerInstanceType"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.InstanceType = v })},
		{"system disk category", "dev", "systemDiskCategory", diskValues,
			top("systemDiskCategory"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.SystemDiskCategory = v })},
		{"data disk category", "dev", "dataDiskCategory", diskValues,
			top("dataDiskCategory"), brokerSet(func(a *KraftBrokerSetArgs, v string) { a.DataDiskCategory = v })},
	} {
		t.Run(r.name, func(t *testing.T) {
			accepted := 0
			for _, v := range r.values {
				if !configAccepts(t, r.stack, r.key, r.edit(v)) {
					continue
				}
				accepted++
				if err := r.component(v); err != nil {
					t.Errorf("%s = %q: config.Load accepts it, the component refuses it: %v", r.key, v, err)
				}
			}
			if accepted == 0 {
				t.Errorf("config accepted none of %q: the table tests nothing", r.values)
			}
		})
	}
}
