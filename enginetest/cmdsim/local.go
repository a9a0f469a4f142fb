package cmdsim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// createLocal is local/commandController.go L34-57: nothing runs in preview (L47-50); without
// `create` nothing runs. In preview `assets` and `archive` are unset (nil pointers, which the
// encoder omits) and stdout/stderr unknown.
func (h *Hosts) createLocal(ctx context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	id, err := newID(req.URN.Name())
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	state := commandOutputs(LocalCommandType, req.Properties, "", "")
	if req.Preview {
		return plugin.CreateResponse{ID: id,
			Properties: markPreview(LocalCommandType, state, req.Properties, property.Map{}, true)}, nil
	}
	create, ok := str(req.Properties, "create")
	if !ok {
		return plugin.CreateResponse{ID: id, Properties: state, Status: resource.StatusOK}, nil
	}
	out, err := h.runLocal(ctx, req.URN, "create", create, req.Properties, state)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	return plugin.CreateResponse{ID: id, Properties: out, Status: resource.StatusOK}, nil
}

// updateLocal is local/commandController.go L67-90: the old outputs (stdout, stderr, assets,
// archive) are carried; preview runs nothing (L75-78); `update` runs if set, else `create`.
func (h *Hosts) updateLocal(ctx context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	state := commandOutputs(LocalCommandType, req.NewInputs, outputString(req.OldOutputs, "stdout"), outputString(req.OldOutputs, "stderr"))
	for _, k := range []string{"assets", "archive"} {
		if v, ok := req.OldOutputs.GetOk(k); ok && !v.IsNull() {
			state = state.Set(k, v)
		}
	}
	if req.Preview {
		return plugin.UpdateResponse{Status: resource.StatusOK,
			Properties: markPreview(LocalCommandType, state, req.NewInputs, req.OldOutputs, false)}, nil
	}
	cmd, ok := str(req.NewInputs, "update")
	if !ok {
		cmd, ok = str(req.NewInputs, "create")
	}
	if !ok {
		return plugin.UpdateResponse{Properties: state, Status: resource.StatusOK}, nil
	}
	out, err := h.runLocal(ctx, req.URN, "update", cmd, req.NewInputs, state)
	if err != nil {
		return plugin.UpdateResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.UpdateResponse{Properties: out, Status: resource.StatusOK}, nil
}

// runLocal is local/commandOutputs.go run (L39-146): the interpreter (default /bin/sh -c), in
// `dir` (default the provider's working directory), with the provider's environment plus
// `environment` plus the previous outputs (default on, only when non-empty), stdin when
// non-empty. On failure: `<err>: running "<command>":\n<stdout and stderr>`, <err> being
// os/exec's (e.g. "exit status 1"). On success, assetPaths become `assets` and archivePaths
// `archive`, then stdout and stderr less one trailing newline.
func (h *Hosts) runLocal(ctx context.Context, urn resource.URN, op, command string, inputs, state property.Map) (property.Map, error) {
	args := []string{"/bin/sh", "-c"}
	if interp, ok := stringList(inputs, "interpreter"); ok && len(interp) > 0 {
		args = interp
	}
	args = append(append([]string(nil), args...), command)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stdout, stderr strings.Builder
	var both lockedBuffer
	cmd.Stdout = io.MultiWriter(&stdout, &both)
	cmd.Stderr = io.MultiWriter(&stderr, &both)
	if dir, ok := str(inputs, "dir"); ok {
		cmd.Dir = dir
	} else {
		wd, err := os.Getwd()
		if err != nil {
			return state, err
		}
		cmd.Dir = wd
	}
	cmd.Env = os.Environ()
	for k, v := range stringMap(inputs, "environment") {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if boolOr(inputs, "addPreviousOutputInEnv", true) {
		if v := outputString(state, "stdout"); v != "" {
			cmd.Env = append(cmd.Env, envPreviousStdout+"="+v)
		}
		if v := outputString(state, "stderr"); v != "" {
			cmd.Env = append(cmd.Env, envPreviousStderr+"="+v)
		}
	}
	if stdin, ok := str(inputs, "stdin"); ok && stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	run := h.startRun(Run{URN: urn, Type: LocalCommandType, Op: op, Host: LocalHost, Command: command})
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		code = -1
	}
	h.finishRun(run, code)
	if err != nil {
		return state, fmt.Errorf("%w: running %q:\n%s", err, command, both.String())
	}
	if globs, ok := stringList(inputs, "assetPaths"); ok {
		assets, err := globAssets(cmd.Dir, globs)
		if err != nil {
			return state, err
		}
		m := map[string]property.Value{}
		for p, a := range assets {
			m[p] = property.New(a)
		}
		state = state.Set("assets", property.New(m))
	}
	if globs, ok := stringList(inputs, "archivePaths"); ok {
		assets, err := globAssets(cmd.Dir, globs)
		if err != nil {
			return state, err
		}
		members := map[string]any{}
		for p, a := range assets {
			members[p] = a
		}
		ar, err := archive.FromAssets(members)
		if err != nil {
			return state, err
		}
		state = state.Set("archive", property.New(ar))
	}
	return state.Set("stdout", property.New(strings.TrimSuffix(stdout.String(), "\n"))).
		Set("stderr", property.New(strings.TrimSuffix(stderr.String(), "\n"))), nil
}

// globAssets is local/commandOutputs.go globAssets (L148-191): files only, gobwas/glob with "/"
// as separator (compileGlob), "!" patterns exclude, rules in order; each match is a path
// FileAsset at path.Join(dir, rel), keyed by rel.
func globAssets(dir string, globs []string) (map[string]*asset.Asset, error) {
	compiled := make([]*regexp.Regexp, len(globs))
	exclude := make([]bool, len(globs))
	for i, g := range globs {
		exclude[i] = strings.HasPrefix(g, "!")
		c, err := compileGlob(strings.TrimPrefix(g, "!"))
		if err != nil {
			return nil, err
		}
		compiled[i] = c
	}
	assets := map[string]*asset.Asset{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		for i, g := range compiled {
			if !g.MatchString(p) {
				continue
			}
			if exclude[i] {
				delete(assets, p)
				continue
			}
			a, err := asset.FromPath(path.Join(dir, p))
			if err != nil {
				return err
			}
			assets[p] = a
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return assets, nil
}

// compileGlob translates the gobwas/glob syntax with separator '/' (as v1.2.1 compiles assetPaths,
// glob.Compile(g, '/')) to a regular expression: * is any run of non-separators, ** any run, ? one
// non-separator, [abc] [!abc] [a-z] a class, {a,b} alternatives, \x a literal x. (gobwas/glob is
// not in the module cache; the patterns the program uses are literal paths.)
func compileGlob(g string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(g[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("glob %q: unclosed [", g)
			}
			class := g[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case c == '{':
			depth++
			b.WriteString("(?:")
		case c == '}' && depth > 0:
			depth--
			b.WriteString(")")
		case c == ',' && depth > 0:
			b.WriteString("|")
		case c == '\\' && i+1 < len(g):
			i++
			b.WriteString(regexp.QuoteMeta(string(g[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("glob %q: unclosed {", g)
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
