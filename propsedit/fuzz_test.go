package propsedit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzEdit: Edit never panics, never breaks its own post-conditions, and when it succeeds
// a second run changes nothing and lines outside the three keys are kept. The normal test
// run only runs the seeds (every corpus file); fuzz with
// go test ./propsedit -run XXX -fuzz FuzzEdit -fuzztime 30s
func FuzzEdit(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.properties"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for node := 1; node <= 4; node++ {
			f.Add(b, node, "b1.u7x2kq.alicloud.plc.tidbcloud.com", 9093, 39092)
		}
	}
	f.Add([]byte(base), 1, "b1.x", 9093, 0)
	f.Fuzz(func(t *testing.T, data []byte, node int, host string, advPort, port int) {
		w := External{NodeID: node, AdvertisedHost: host, AdvertisedPort: advPort, Port: port}
		r, err := Edit(data, w)
		if err != nil {
			if errors.Is(err, errInternal) {
				t.Fatalf("internal error on %q: %v", data, err)
			}
			return
		}
		if !r.Changed && !bytes.Equal(r.Output, data) {
			t.Fatalf("Changed=false but output differs")
		}
		_ = r.Diff()
		assertOthersUntouched(t, data, r.Output)
		again, err := Edit(r.Output, w)
		if err != nil {
			t.Fatalf("second Edit failed: %v\ninput:\n%q\noutput:\n%q", err, data, r.Output)
		}
		if again.Changed || !bytes.Equal(again.Output, r.Output) {
			t.Fatalf("second Edit changed the file:\n%s", again.Diff())
		}
	})
}
