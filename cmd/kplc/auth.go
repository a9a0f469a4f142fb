package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// maxPasswordBytes bounds what scram-upsert reads from stdin.
const maxPasswordBytes = 4096

// readPassword reads the password from r: the first line, without its line ending. It never
// echoes it.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, maxPasswordBytes)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// stdin is where scram-upsert reads the password; tests replace it.
var stdin io.Reader = os.Stdin

func runScramUpsert(args []string, stdout, stderr io.Writer) int {
	c := newCommon("scram-upsert", stdout, stderr, 60*time.Second, true)
	var user string
	c.fs.StringVar(&user, "user", "", "SCRAM user whose SCRAM-SHA-512 credential is created or replaced (required); the password is read from stdin, never from an argument")
	o, code, ok := c.clusterOptions(args, func() error {
		if user == "" {
			return errors.New("--user is required, e.g. --user tidb-cdc")
		}
		return nil
	})
	if !ok {
		return code
	}
	password, err := readPassword(stdin)
	if err != nil {
		return c.usageErr(err)
	}
	ctx, cancel := c.context()
	defer cancel()
	if err := kplc.UpsertSCRAM(ctx, o, user, password); err != nil {
		return c.fail(err)
	}
	if c.format == "json" {
		emitJSON(stdout, map[string]any{"ok": true, "user": user, "mechanism": "SCRAM-SHA-512", "iterations": kplc.ScramIterations})
	} else {
		fmt.Fprintf(stdout, "SCRAM-SHA-512 credential of %s upserted (%d iterations); it works from now on, the previous password no longer does\n", user, kplc.ScramIterations)
	}
	return exitOK
}

func runACLsApply(args []string, stdout, stderr io.Writer) int {
	c := newCommon("acls-apply", stdout, stderr, 60*time.Second, true)
	var a kplc.ChangefeedAccess
	c.fs.StringVar(&a.User, "user", "", "the changefeed's SCRAM user (required)")
	c.fs.StringVar(&a.TopicPrefix, "topic-prefix", "", "limit the topic ACLs to topics with this prefix (default: every topic)")
	o, code, ok := c.clusterOptions(args, func() error {
		if a.User == "" {
			return errors.New("--user is required, e.g. --user tidb-cdc")
		}
		return nil
	})
	if !ok {
		return code
	}
	ctx, cancel := c.context()
	defer cancel()
	acls, err := kplc.ApplyChangefeedACLs(ctx, o, a)
	if err != nil {
		return c.fail(err)
	}
	if c.format == "json" {
		emitJSON(stdout, map[string]any{"ok": true, "acls": acls})
		return exitOK
	}
	fmt.Fprintf(stdout, "ACLs of User:%s (applied; applying again changes nothing):\n", a.User)
	printACLs(stdout, acls)
	return exitOK
}

// printACLs prints ACL entries, one a line.
func printACLs(w io.Writer, acls []kplc.ACL) {
	if len(acls) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, a := range acls {
		fmt.Fprintf(w, "  %s\n", a)
	}
}
