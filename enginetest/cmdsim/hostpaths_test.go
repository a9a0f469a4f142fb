package cmdsim

import "testing"

func TestMapHostPaths(t *testing.T) {
	stub := func(name string) bool { return name == "kplc" }
	cases := []struct{ name, in, want string }{
		{"kplc by absolute path runs the stub",
			"timeout --kill-after=30 660 /usr/local/bin/kplc cluster-ready --bootstrap '10.0.1.10:9092'",
			"timeout --kill-after=30 660 'kplc' cluster-ready --bootstrap '10.0.1.10:9092'"},
		{"install destination under sudo",
			`sudo -n timeout 120 install -D -m 0755 "$HOME"/'.kafka-plc/x/kplc' '/opt/kafka-plc/dist/kplc'`,
			`sudo -n timeout 120 install -D -m 0755 "$HOME"/'.kafka-plc/x/kplc' "$KPLC_ROOT"'/opt/kafka-plc/dist/kplc'`},
		{"script operands untouched",
			`timeout 60 bash -c 'KPLC_BIN="/usr/local/bin/kplc"' 'x.sh' '--file' '/opt/kafka/config/server.properties'`,
			`timeout 60 bash -c 'KPLC_BIN="/usr/local/bin/kplc"' 'x.sh' '--file' '/opt/kafka/config/server.properties'`},
		{"redirections", "timeout 30 /usr/local/bin/kplc expose -h >/dev/null 2>/var/log/x",
			`timeout 30 'kplc' expose -h >/dev/null 2>"$KPLC_ROOT"'/var/log/x'`},
		{"system programs stay", "/bin/sh -c 'echo /etc/passwd'", "/bin/sh -c 'echo /etc/passwd'"},
		{"other absolute programs go below root", "/opt/kafka/bin/kafka-topics.sh --list && cat /etc/kafka/server.properties",
			`"$KPLC_ROOT"'/opt/kafka/bin/kafka-topics.sh' --list && cat "$KPLC_ROOT"'/etc/kafka/server.properties'`},
		{"commands after if, then and else",
			"if timeout 60 /usr/local/bin/kplc cluster-ready >/dev/null 2>&1; then timeout 120 /usr/local/bin/kplc scram-upsert; else /usr/local/bin/kplc x; fi",
			"if timeout 60 'kplc' cluster-ready >/dev/null 2>&1; then timeout 120 'kplc' scram-upsert; else 'kplc' x; fi"},
		{"quoted if is a command", "'if' /usr/local/bin/kplc", "'if' /usr/local/bin/kplc"},
	}
	for _, tc := range cases {
		if got := MapHostPaths(tc.in, stub); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
