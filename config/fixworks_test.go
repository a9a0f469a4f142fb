package config

import (
	"testing"
)

// TestFixBlamesTheChangedSettingAndWorks: the problem names the setting the user changed, and
// setting the value its fix suggests makes the configuration valid (issue 16 item 11: for
// brokerCount 1 the fix offered "or controllerCount 3", which changed nothing; for
// nlbFirstBrokerPort 9092 the problem blamed nlbBootstrapPort, which the user never set).
func TestFixBlamesTheChangedSettingAndWorks(t *testing.T) {
	cases := []struct {
		name  string
		edits Values
		want  string
		fixed Values
	}{
		{"one broker", Values{"brokerCount": raw("1")},
			`brokerCount = "1": is less than controllerCount 3: every controller is also a broker, and a KRaft quorum has 3 or 5 controllers; fix: pulumi config set kafka-plc:brokerCount 3 --stack dev`,
			Values{"brokerCount": raw("3")}},
		{"two brokers, five controllers", Values{"brokerCount": raw("2"), "controllerCount": raw("5")},
			`brokerCount = "2": is less than controllerCount 5: every controller is also a broker, and a KRaft quorum has 3 or 5 controllers; fix: pulumi config set kafka-plc:brokerCount 5 --stack dev`,
			Values{"brokerCount": raw("5")}},
		{"four brokers, five controllers", Values{"brokerCount": raw("4"), "controllerCount": raw("5")},
			`controllerCount = "5": exceeds brokerCount 4; every controller is also a broker; fix: pulumi config set kafka-plc:controllerCount 3 --stack dev (or pulumi config set kafka-plc:brokerCount 5 --stack dev)`,
			Values{"controllerCount": raw("3")}},
		{"first broker port on the bootstrap port", Values{"nlbFirstBrokerPort": raw("9092")},
			`nlbFirstBrokerPort = "9092": gives the brokers NLB ports 9092-9094, which include nlbBootstrapPort 9092; fix: pulumi config set kafka-plc:nlbFirstBrokerPort 9093 --stack dev`,
			Values{"nlbFirstBrokerPort": raw("9093")}},
		{"bootstrap port among the broker ports", Values{"nlbBootstrapPort": raw("9094")},
			`nlbBootstrapPort = "9094": falls inside the per-broker NLB ports 9093-9095; fix: pulumi config set kafka-plc:nlbBootstrapPort 9092 --stack dev && pulumi config set kafka-plc:nlbFirstBrokerPort 9093 --stack dev`,
			Values{"nlbBootstrapPort": raw("9092")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(ProjectName, "dev", with(validNew(), tc.edits))
			ps, ok := AsProblems(err)
			if !ok || len(ps) != 1 || ps[0].Error() != tc.want {
				t.Fatalf("Load: %v\nwant exactly one problem:\n%s", err, tc.want)
			}
			if _, err := Load(ProjectName, "dev", with(with(validNew(), tc.edits), tc.fixed)); err != nil {
				t.Errorf("after the fix: %v", err)
			}
		})
	}
}
