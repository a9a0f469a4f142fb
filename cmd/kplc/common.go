package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kafka-plc/kafka-plc/kplc"
)

// saslPasswordEnv names the environment variable holding the SASL
// password, so it never appears in command lines or process listings.
const saslPasswordEnv = "KPLC_SASL_PASSWORD"

// common holds the flags every subcommand shares.
type common struct {
	fs        *flag.FlagSet
	name      string
	timeout   time.Duration
	format    string
	bootstrap string
	via       string
	saslMech  string
	saslUser  string
	stderr    io.Writer
	// stdout is where -h prints the help.
	stdout io.Writer
}

// newCommon makes a flag set with --timeout and --format; withCluster adds
// --bootstrap, --via and the SASL flags.
func newCommon(name string, stdout, stderr io.Writer, timeout time.Duration, withCluster bool) *common {
	c := &common{fs: flag.NewFlagSet("kplc "+name, flag.ContinueOnError), name: name, stderr: stderr, stdout: stdout}
	c.fs.SetOutput(stderr)
	addTimeout(c.fs, &c.timeout, timeout, "give up after this long, a `duration` such as 30s or 5m")
	c.fs.StringVar(&c.format, "format", "text", "output format: text or json")
	if withCluster {
		c.fs.StringVar(&c.bootstrap, "bootstrap", "", "bootstrap addresses HOST:PORT[,HOST:PORT...] (required)")
		c.fs.StringVar(&c.via, "via", "", "optional NLB host: dial every advertised broker name at this host, same port (as TiDB Cloud does)")
		c.fs.StringVar(&c.saslMech, "sasl-mechanism", "", "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (password from $"+saslPasswordEnv+")")
		c.fs.StringVar(&c.saslUser, "sasl-user", "", "SASL user name")
	}
	return c
}

// parseArgs parses args and validates the shared flags. ok is false when the subcommand should
// return code: exitOK after -h (the help went to stdout, once), exitUsage after a problem (on
// stderr, with where to find the flags).
func (c *common) parseArgs(args []string) (code int, ok bool) {
	code, ok = parseFlags(c.fs, "kplc "+c.name+": "+summaries[c.name]+"\n\nusage: kplc "+c.name+" [flags]\n\nFlags:\n", args, c.stdout, c.stderr)
	if !ok {
		return code, false
	}
	if c.fs.NArg() > 0 {
		return c.usageErr(fmt.Errorf("unexpected argument %q", c.fs.Arg(0))), false
	}
	if c.format != "text" && c.format != "json" {
		return c.usageErr(fmt.Errorf("--format %q: use text or json", c.format)), false
	}
	if c.timeout <= 0 {
		return c.usageErr(fmt.Errorf("--timeout %s: must be positive, e.g. 30s or 5m", c.timeout)), false
	}
	return exitOK, true
}

// clusterOptions parses args, runs valid (when given) on the subcommand's own flags, and
// builds the cluster options; ok is false when the subcommand should return code (the problem
// has been printed).
func (c *common) clusterOptions(args []string, valid func() error) (o kplc.Options, code int, ok bool) {
	if code, ok := c.parseArgs(args); !ok {
		return o, code, false
	}
	if valid != nil {
		if err := valid(); err != nil {
			return o, c.usageErr(err), false
		}
	}
	o, err := c.options()
	if err != nil {
		return o, c.usageErr(err), false
	}
	return o, exitOK, true
}

// parseWithUsage parses the flags of a subcommand with its own usage text: see parseFlags.
// The flag set's output must be stderr.
func parseWithUsage(fs *flag.FlagSet, usage string, args []string, stdout io.Writer) (code int, ok bool) {
	return parseFlags(fs, usage, args, stdout, fs.Output())
}

// parseFlags parses args with fs. ok is false when the subcommand should return code:
//   - after -h, -help or --help, exitOK: usage, then the flag defaults, went to stdout, once;
//   - after a bad flag, exitUsage: the flag package's message, then where to find the flags,
//     went to stderr (not the whole help: a usage error stays short, and off stdout).
func parseFlags(fs *flag.FlagSet, usage string, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	// The flag package calls Usage itself on -h and on a bad flag; both are handled below.
	fs.Usage = func() {}
	fs.SetOutput(stderr)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fmt.Fprint(stdout, usage)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
		return exitOK, false
	case err != nil:
		name := strings.TrimPrefix(fs.Name(), "kplc ")
		fmt.Fprintf(stderr, "run `kplc %s -h` for the flags\n", name)
		return exitUsage, false
	}
	return exitOK, true
}

// reportUsageProblems prints every problem of subcommand name, then where to find its flags,
// and returns exitUsage.
func reportUsageProblems(stderr io.Writer, name string, problems []string) int {
	for _, p := range problems {
		fmt.Fprintf(stderr, "kplc %s: %s\n", name, p)
	}
	fmt.Fprintf(stderr, "run `kplc %s -h` for the flags\n", name)
	return exitUsage
}

// options builds kplc.Options from the cluster flags.
func (c *common) options() (kplc.Options, error) {
	var o kplc.Options
	if strings.TrimSpace(c.bootstrap) == "" {
		return o, errors.New("--bootstrap is required, e.g. --bootstrap 10.0.0.5:9092")
	}
	for _, a := range strings.Split(c.bootstrap, ",") {
		if a = strings.TrimSpace(a); a != "" {
			o.Bootstrap = append(o.Bootstrap, a)
		}
	}
	if c.via != "" {
		o.Dial, o.Via = kplc.NLBDialer(c.via), c.via
	}
	if c.saslMech != "" || c.saslUser != "" {
		pass, ok := os.LookupEnv(saslPasswordEnv)
		switch {
		case c.saslMech == "" || c.saslUser == "":
			return o, errors.New("--sasl-mechanism and --sasl-user go together")
		case !ok:
			return o, fmt.Errorf("SASL needs the password in $%s", saslPasswordEnv)
		}
		o.SASL = &kplc.SASL{Mechanism: strings.ToUpper(c.saslMech), User: c.saslUser, Password: pass}
	}
	return o, nil
}

func (c *common) usageErr(err error) int {
	fmt.Fprintf(c.stderr, "kplc %s: %v\n", c.name, err)
	return exitUsage
}

// fail reports an error from the library: usage errors exit 2, the rest 1.
func (c *common) fail(err error) int {
	fmt.Fprintf(c.stderr, "kplc %s: %v\n", c.name, err)
	var ue *kplc.UsageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailed
}

func (c *common) context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), c.timeout)
}

// emitJSON writes v as indented JSON, with <, > and & as written (messages hold shell commands).
func emitJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// verdictExit prints a verdict and returns its exit code.
func (c *common) verdict(stdout io.Writer, what string, v kplc.Verdict) int {
	if c.format == "json" {
		emitJSON(stdout, v)
	} else {
		for _, n := range v.Notes {
			fmt.Fprintf(stdout, "note: %s\n", n)
		}
		if v.OK {
			fmt.Fprintf(stdout, "%s: yes\n", what)
		} else {
			fmt.Fprintf(stdout, "%s: NO\n", what)
			for _, p := range v.Problems {
				fmt.Fprintf(stdout, "  - %s\n", p)
			}
		}
	}
	if v.OK {
		return exitOK
	}
	return exitFailed
}
