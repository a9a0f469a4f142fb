package enginetest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// KafkaTarball builds a fake kafka_<scala>-<version>.tgz holding the scripts tests' stand-ins
// for kafka-storage.sh and kafka-server-start.sh (scripts/testdata/kafka-bin of the project at
// projectDir), the layout install-broker.sh unpacks, and returns it with its "sha256:<hex>"
// digest (the form of the kafkaChecksum setting). The same inputs give the same bytes.
func KafkaTarball(projectDir, scala, version string) ([]byte, string, error) {
	top := "kafka_" + scala + "-" + version
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.ModTime = time.Unix(1700000000, 0)
	tw := tar.NewWriter(gz)
	add := func(name string, mode int64, dir bool, body []byte) error {
		hdr := &tar.Header{Name: top + "/" + name, Mode: mode, Size: int64(len(body)), ModTime: time.Unix(1700000000, 0)}
		if dir {
			hdr.Typeflag, hdr.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := tw.Write(body)
		return err
	}
	entries := []struct {
		name string
		mode int64
		dir  bool
		body []byte
	}{
		{"", 0o755, true, nil},
		{"bin/", 0o755, true, nil},
		{"libs/", 0o755, true, nil},
		{"libs/kafka_" + scala + "-" + version + ".jar", 0o644, false, []byte("fake jar for Kafka " + version + "\n")},
		{"LICENSE", 0o644, false, []byte("fake license\n")},
	}
	for _, f := range []string{"kafka-storage.sh", "kafka-server-start.sh"} {
		body, err := os.ReadFile(filepath.Join(projectDir, "scripts", "testdata", "kafka-bin", f))
		if err != nil {
			return nil, "", fmt.Errorf("reading the Kafka script stand-in: %w", err)
		}
		entries = append(entries, struct {
			name string
			mode int64
			dir  bool
			body []byte
		}{"bin/" + f, 0o755, false, body})
	}
	for _, e := range entries {
		if err := add(e.name, e.mode, e.dir, e.body); err != nil {
			return nil, "", fmt.Errorf("packing %s: %w", e.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, "", fmt.Errorf("closing the tarball: %w", err)
	}
	if err := gz.Close(); err != nil {
		return nil, "", fmt.Errorf("compressing the tarball: %w", err)
	}
	sum := sha512.Sum512(buf.Bytes())
	return buf.Bytes(), "sha512:" + hex.EncodeToString(sum[:]), nil
}
