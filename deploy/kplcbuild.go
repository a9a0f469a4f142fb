package deploy

import (
	"context"
	"fmt"

	"github.com/kafka-plc/kafka-plc/components"
)

// kplcBuild is a build of kplc running on its own goroutine while the program registers what
// needs no binary and reaches no host (see program).
type kplcBuild struct {
	done   chan struct{}
	cancel context.CancelFunc
	path   string
	err    error
}

// startKplcBuild starts build for moduleDir and returns at once.
func startKplcBuild(ctx context.Context, moduleDir string, build KplcBuilder) *kplcBuild {
	ctx, cancel := context.WithCancel(ctx)
	b := &kplcBuild{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(b.done)
		b.path, b.err = build(ctx, moduleDir)
	}()
	return b
}

// wait returns the built binary once the build has ended, or the build's error (go's output
// and the fix are in it) with the stack named and, when registered is not "", what the update
// had registered by then and what becomes of it.
func (b *kplcBuild) wait(stack, registered string) (components.KplcBinary, error) {
	<-b.done
	if b.err != nil {
		if registered != "" {
			return components.KplcBinary{}, fmt.Errorf("stack %s: %w\n(no host was touched; %s)", stack, b.err, registered)
		}
		return components.KplcBinary{}, fmt.Errorf("stack %s: %w", stack, b.err)
	}
	return components.KplcBinary{Path: b.path}, nil
}

// stop cancels a build still running (the program failed before it waited) and waits for its
// goroutine to end, so that no go build outlives the program.
func (b *kplcBuild) stop() {
	b.cancel()
	<-b.done
}
