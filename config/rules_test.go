package config

import (
	"encoding/json"
	"errors"
	"testing"
)

// A service name the host steps would refuse at `pulumi up` is refused by Load, so `kplc plan`
// reports it (issue 16: "kafka@broker:1.service" used to pass here and fail in
// ExistingBrokerExposure).
func TestLoadRefusesServiceNameTheHostStepsRefuse(t *testing.T) {
	project, values, err := ReadStack("..", "existing")
	if err != nil {
		t.Fatal(err)
	}
	var brokers []map[string]any
	if err := json.Unmarshal([]byte(values["existingBrokers"].Raw), &brokers); err != nil {
		t.Fatal(err)
	}
	brokers[1]["serviceName"] = "kafka@broker:1.service"
	raw, _ := json.Marshal(brokers)
	values["existingBrokers"] = Value{Raw: string(raw)}
	_, err = Load(project, "existing", values)
	var problems Problems
	if !errors.As(err, &problems) {
		t.Fatalf("Load error = %v, want Problems", err)
	}
	want := `existingBrokers[1].serviceName = "kafka@broker:1.service": is not a systemd service name the host steps accept ` +
		`(1..100 letters, digits and @ . _ -, starting with a letter or digit); ` +
		`fix: pulumi config set --path 'kafka-plc:existingBrokers[1].serviceName' kafka --stack existing`
	for _, p := range problems {
		if p.Key == "existingBrokers[1].serviceName" {
			if p.Error() != want {
				t.Errorf("problem =\n%s\nwant\n%s", p.Error(), want)
			}
			return
		}
	}
	t.Errorf("no problem for existingBrokers[1].serviceName in:\n%v", err)
}
