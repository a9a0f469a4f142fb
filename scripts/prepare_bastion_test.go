package scripts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const distDir = "/opt/kafka-plc/dist"

// --- prepare-bastion.sh ---------------------------------------------------

func bastionArgs(checksum, listen string) []string {
	return []string{
		"--kafka-url", "https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		"--checksum", checksum, "--file", "kafka_2.13-3.7.1.tgz", "--listen", listen,
	}
}

func newBastion(t *testing.T) (h *host, sha256sum, sha512sum string) {
	t.Helper()
	h = newHost(t)
	sha256sum, sha512sum = h.addKafkaTarball("2.13", "3.7.1")
	h.writeFile(h.rootPath(distDir+"/kplc"), testKplc)
	return h, sha256sum, sha512sum
}

func TestPrepareBastionFreshThenIdempotent(t *testing.T) {
	t.Parallel()
	for _, algo := range []string{"sha256", "sha512"} {
		t.Run(algo, func(t *testing.T) {
			t.Parallel()
			h, s256, s512 := newBastion(t)
			sum := map[string]string{"sha256": s256, "sha512": s512}[algo]
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
			assertCalls(t, "fresh", h.calls(), []string{
				"curl -fsSL --retry 5 --retry-delay 3 --retry-connrefused --connect-timeout 20 --max-time 1700 -o <root>/opt/kafka-plc/dist/.kafka_2.13-3.7.1.tgz.TMP -- https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
				"systemctl daemon-reload",
				"systemctl enable kplc-dist.service",
				"systemctl restart kplc-dist.service",
			})
			want := h.readFile(filepath.Join(h.fixtures, "kafka_2.13-3.7.1.tgz"))
			if got := h.readFile(h.rootPath(distDir + "/kafka_2.13-3.7.1.tgz")); got != want {
				t.Errorf("dist tarball differs from the downloaded fixture (%d vs %d bytes)", len(got), len(want))
			}
			if got := h.readFile(h.rootPath("/usr/local/bin/kplc")); got != testKplc {
				t.Errorf("/usr/local/bin/kplc = %q, want the uploaded binary %q", got, testKplc)
			}
			unit := h.readFile(h.rootPath("/etc/systemd/system/kplc-dist.service"))
			for _, want := range []string{
				"ExecStart=/usr/local/bin/kplc serve-dist --listen 10.0.3.5:8081 --dir /opt/kafka-plc/dist --file kafka_2.13-3.7.1.tgz --file kplc\n",
				"WorkingDirectory=/opt/kafka-plc/dist\n",
				"ReadOnlyPaths=/opt/kafka-plc/dist\n",
				"User=nobody\n",
			} {
				if !strings.Contains(unit, want) {
					t.Errorf("kplc-dist.service lacks %q:\n%s", want, unit)
				}
			}
			if got := h.listDir(distDir); strings.Join(got, " ") != "kafka_2.13-3.7.1.tgz kplc" {
				t.Errorf("dist dir holds %v, want only the tarball and kplc (no temp files)", got)
			}

			before := h.snapshot(distDir+"/kafka_2.13-3.7.1.tgz", "/etc/systemd/system/kplc-dist.service", "/usr/local/bin/kplc")
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
			assertCalls(t, "re-run", h.calls(), []string{"systemctl is-active kplc-dist.service"})
			h.assertUnchanged("re-run", before)

			// A new listen address changes the unit: reload and restart once.
			h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8082")...)
			assertCalls(t, "new port", h.calls(), []string{
				"systemctl daemon-reload",
				"systemctl enable kplc-dist.service",
				"systemctl restart kplc-dist.service",
			})
		})
	}
}

func TestPrepareBastionChecksumMismatchKeepsVerifiedFile(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	h.mustRun(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
	h.calls()
	before := h.snapshot(distDir + "/kafka_2.13-3.7.1.tgz")

	wrong := "sha256:" + strings.Repeat("ab", 32)
	r := h.run(PrepareBastionName, "", bastionArgs(wrong, "10.0.3.5:8081")...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"checksum mismatch for https://archive.apache.org/dist/kafka/3.7.1/kafka_2.13-3.7.1.tgz",
		"expected " + wrong,
		"actual   " + sum,
		"left as it was",
		"kafkaChecksum",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	h.assertUnchanged("after mismatch", before)
	if got := h.listDir(distDir); strings.Join(got, " ") != "kafka_2.13-3.7.1.tgz kplc" {
		t.Errorf("dist dir holds %v after a mismatch, want no leftover temp file", got)
	}
	if n := countPrefix(h.calls(), "systemctl"); n != 0 {
		t.Errorf("%d systemctl calls after a checksum mismatch, want none", n)
	}
}

func TestPrepareBastionMissingKplcFails(t *testing.T) {
	t.Parallel()
	h, sum, _ := newBastion(t)
	if err := os.Remove(h.rootPath(distDir + "/kplc")); err != nil {
		t.Fatal(err)
	}
	r := h.run(PrepareBastionName, "", bastionArgs(sum, "10.0.3.5:8081")...)
	if r.code != 1 || !strings.Contains(r.stderr, "/opt/kafka-plc/dist/kplc is missing") {
		t.Errorf("exit %d, want 1 naming the missing kplc upload\nstderr:\n%s", r.code, r.stderr)
	}
}

// --- install-broker.sh ----------------------------------------------------
