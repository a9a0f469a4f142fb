package cmdsim

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// createCopy is remote/copyController.go L118-135: preview returns an empty ID and the inputs;
// otherwise the source is copied and the outputs are the inputs.
func (h *Hosts) createCopy(ctx context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	state := inputsOf(CopyToRemoteType, req.Properties)
	if req.Preview {
		return plugin.CreateResponse{Properties: markPreview(CopyToRemoteType, state, req.Properties, property.Map{}, true)}, nil
	}
	if err := h.copyToRemote(ctx, req.URN, "create", req.Properties); err != nil {
		return plugin.CreateResponse{}, err
	}
	id, err := newID("")
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	return plugin.CreateResponse{ID: id, Properties: state, Status: resource.StatusOK}, nil
}

// updateCopy is remote/copyController.go L137-154: it copies only when the source's hash or
// remotePath changed; a change of connection alone copies nothing.
func (h *Hosts) updateCopy(ctx context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	state := inputsOf(CopyToRemoteType, req.NewInputs)
	if req.Preview {
		return plugin.UpdateResponse{Status: resource.StatusOK,
			Properties: markPreview(CopyToRemoteType, state, req.NewInputs, req.OldOutputs, false)}, nil
	}
	newPath, _ := str(req.NewInputs, "remotePath")
	oldPath, _ := str(req.OldOutputs, "remotePath")
	if sourceHash(req.NewInputs) != sourceHash(req.OldOutputs) || newPath != oldPath {
		if err := h.copyToRemote(ctx, req.URN, "update", req.NewInputs); err != nil {
			return plugin.UpdateResponse{Status: resource.StatusUnknown}, err
		}
	}
	return plugin.UpdateResponse{Properties: state, Status: resource.StatusOK}, nil
}

// sourceHash is CopyToRemoteInputs.hash (remote/copy.go L77-82).
func sourceHash(m property.Map) string {
	v := m.Get("source")
	switch {
	case v.IsArchive():
		return v.AsArchive().Hash
	case v.IsAsset():
		return v.AsAsset().Hash
	}
	return ""
}

// copyToRemote is remote/copyController.go copyToRemote (L157-191) into a simulated host: dial,
// then a text asset goes to remotePath exactly (copyTextContent, L34-62), a file or directory
// as sftpCopy (L203-269) places it. remotePath is a path as the SFTP server sees it: an absolute
// one is mapped into the sandbox (Sandbox.Path), a relative one is taken from the user's home.
func (h *Hosts) copyToRemote(ctx context.Context, urn resource.URN, op string, inputs property.Map) error {
	conn, err := decodeConnection(inputs.Get("connection"))
	if err != nil {
		return err
	}
	remotePath, _ := str(inputs, "remotePath")
	source := inputs.Get("source")
	var text, sourcePath string
	isText := false
	switch {
	case source.IsAsset() && source.AsAsset().IsText():
		isText, text = true, source.AsAsset().Text
	case source.IsAsset():
		sourcePath = source.AsAsset().Path
	case source.IsArchive():
		sourcePath = source.AsArchive().Path
	}
	hostID, err := h.dial(conn)
	if err != nil {
		return err
	}
	sb := h.Host(hostID)
	if sb.Err() != nil {
		return sb.Err()
	}
	dest := remotePath
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(sb.Home(conn.user), dest)
	}
	if dest, err = sb.Path(dest); err != nil {
		return err
	}
	what := "copy text to " + remotePath
	if !isText {
		what = "copy " + sourcePath + " to " + remotePath
	}
	run := h.startRun(Run{URN: urn, Type: CopyToRemoteType, Op: op, Host: hostID, Command: what})
	if isText {
		err = copyText(text, dest, remotePath)
	} else {
		err = copyPath(sourcePath, dest, remotePath)
	}
	code := 0
	if err != nil {
		code = 1
	}
	h.finishRun(run, code)
	return err
}

// copyText is copyTextContent (remote/copyController.go L34-62).
func copyText(content, dest, shown string) error {
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		return fmt.Errorf("remote path %s is a directory; when using a text asset, remotePath must be a file path", shown)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("failed to create parent directories for %s: %w", shown, err)
	}
	return os.WriteFile(dest, []byte(content), 0o644)
}

// copyPath is sftpCopy (remote/copyController.go L203-269): a file goes into dest when dest is
// an existing directory, else to dest (parent directories made, an existing file overwritten); a
// directory goes to dest/<its name> unless its path ends in "/" (then its entries go into dest).
func copyPath(src, dest, shown string) error {
	srcInfo, err := os.Stat(src)
	if err != nil {
		return err
	}
	destInfo, err := os.Stat(dest)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("failed to stat remote path %s: %w", shown, err)
	}
	if srcInfo.IsDir() {
		if destInfo == nil {
			if err := os.MkdirAll(dest, 0o755); err != nil {
				return fmt.Errorf("failed to create remote directory %s: %w", shown, err)
			}
		}
		if !strings.HasSuffix(src, "/") {
			dest = filepath.Join(dest, filepath.Base(src))
			if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
				return fmt.Errorf("remote path %s exists but is not a directory", dest)
			}
			if err := os.MkdirAll(dest, 0o755); err != nil {
				return fmt.Errorf("failed to create remote directory %s: %w", dest, err)
			}
		}
		return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			target := filepath.Join(dest, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			return copyFile(p, target)
		})
	}
	if destInfo != nil && destInfo.IsDir() {
		dest = filepath.Join(dest, filepath.Base(src))
	} else if destInfo == nil {
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return fmt.Errorf("failed to create parent directories for %s: %w", shown, err)
		}
	}
	return copyFile(src, dest)
}

// copyFile writes src's bytes to dst, as sftp's Create (mode 0666 less sftp-server's umask 022) and ReadFrom.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("failed to create remote file %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("failed to copy file %s to remote path %s: %w", src, dst, err)
	}
	return out.Close()
}
