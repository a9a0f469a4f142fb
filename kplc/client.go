package kplc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// DialFunc dials a network address; it has the signature kgo.Dialer expects.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// SASL holds the credentials used to authenticate to a SASL listener.
type SASL struct {
	// Mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.
	Mechanism string
	// User is the SASL user name.
	User string
	// Password is the SASL password; it is never printed.
	Password string
}

// Options says how to reach a cluster.
type Options struct {
	// Bootstrap lists the host:port addresses used to discover the cluster.
	Bootstrap []string
	// Dial, if non-nil, replaces the default dialer for every connection,
	// including connections to advertised broker addresses.
	Dial DialFunc
	// Via is the NLB host that Dial dials every advertised name at (NLBDialer), or "": only
	// messages use it (a broker that cannot be reached gets the --via hint when it is "").
	Via string
	// SASL, if non-nil, authenticates every connection.
	SASL *SASL
	// DialTimeout bounds one TCP connect; zero means 5 seconds.
	DialTimeout time.Duration
}

func (o Options) dialTimeout() time.Duration {
	if o.DialTimeout > 0 {
		return o.DialTimeout
	}
	return 5 * time.Second
}

func (o Options) dial(ctx context.Context, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, o.dialTimeout())
	defer cancel()
	if o.Dial != nil {
		return o.Dial(ctx, "tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// validate checks the options that can be wrong before any I/O.
func (o Options) validate() error {
	if len(o.Bootstrap) == 0 {
		return errors.New("no bootstrap address: pass --bootstrap HOST:PORT[,HOST:PORT...]")
	}
	for _, a := range o.Bootstrap {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return fmt.Errorf("bootstrap address %q is not HOST:PORT: %w", a, err)
		}
	}
	if o.SASL != nil {
		switch o.SASL.Mechanism {
		case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
		default:
			return fmt.Errorf("SASL mechanism %q is not supported: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", o.SASL.Mechanism)
		}
	}
	return nil
}

// clientOpts returns the kgo options shared by every client kplc creates.
func (o Options) clientOpts(seeds []string) []kgo.Opt {
	opts := []kgo.Opt{
		kgo.SeedBrokers(seeds...),
		kgo.DialTimeout(o.dialTimeout()),
		kgo.RequestRetries(3),
		kgo.RetryTimeout(10 * time.Second),
		kgo.MetadataMinAge(250 * time.Millisecond),
		kgo.ClientID("kplc"),
	}
	if o.Dial != nil {
		opts = append(opts, kgo.Dialer(o.Dial))
	}
	if s := o.SASL; s != nil {
		switch s.Mechanism {
		case "PLAIN":
			opts = append(opts, kgo.SASL(plain.Auth{User: s.User, Pass: s.Password}.AsMechanism()))
		case "SCRAM-SHA-256":
			opts = append(opts, kgo.SASL(scram.Auth{User: s.User, Pass: s.Password}.AsSha256Mechanism()))
		case "SCRAM-SHA-512":
			opts = append(opts, kgo.SASL(scram.Auth{User: s.User, Pass: s.Password}.AsSha512Mechanism()))
		}
	}
	return opts
}

// connect validates the options, makes sure at least one bootstrap address
// accepts TCP connections (so a dead address fails fast, naming the address
// and the reason) and returns a client seeded with the reachable addresses.
func connect(ctx context.Context, o Options, extra ...kgo.Opt) (*kgo.Client, error) {
	if err := o.validate(); err != nil {
		return nil, &UsageError{Err: err}
	}
	// Dial every address at once, so one that times out (a broker being
	// restarted, a black-holed address) costs one dial timeout, not one
	// per address.
	errs := make([]error, len(o.Bootstrap))
	var wg sync.WaitGroup
	for i, addr := range o.Bootstrap {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := o.dial(ctx, addr)
			if err == nil {
				conn.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	var reachable, failures []string
	for i, addr := range o.Bootstrap {
		if errs[i] != nil {
			failures = append(failures, fmt.Sprintf("%s: %s", addr, Explain(errs[i])))
			continue
		}
		reachable = append(reachable, addr)
	}
	if len(reachable) == 0 {
		return nil, fmt.Errorf("no bootstrap address answers: %s", strings.Join(failures, "; "))
	}
	cl, err := kgo.NewClient(append(o.clientOpts(reachable), extra...)...)
	if err != nil {
		return nil, fmt.Errorf("creating Kafka client for %s: %w", strings.Join(reachable, ","), err)
	}
	return cl, nil
}

// UsageError marks an error caused by bad input rather than by the cluster.
type UsageError struct {
	// Err is the underlying problem, naming the setting and the fix.
	Err error
}

// Error implements error.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// Explain turns a connection or protocol error into a short reason a user
// can act on: "connection refused", "DNS lookup of HOST failed: no such
// host", "SASL authentication failed", and so on. Unknown errors are
// returned as their text.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var dnsErr *net.DNSError
	var kErr *kerr.Error
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return fmt.Sprintf("DNS lookup of %s failed: no such host", dnsErr.Name)
		}
		return fmt.Sprintf("DNS lookup of %s failed: %s", dnsErr.Name, dnsErr.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on that port)"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection was closed by the other side (" + err.Error() + "); if the listener requires SASL, pass --sasl-mechanism and --sasl-user with the password in KPLC_SASL_PASSWORD, and if you did, check the SASL user, password and mechanism"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "timed out (" + err.Error() + ")"
	case errors.Is(err, kerr.SaslAuthenticationFailed), errors.Is(err, kerr.IllegalSaslState), errors.Is(err, kerr.UnsupportedSaslMechanism):
		return "SASL authentication failed: " + err.Error()
	case errors.Is(err, kerr.ClusterAuthorizationFailed), errors.Is(err, kerr.TopicAuthorizationFailed), errors.Is(err, kerr.GroupAuthorizationFailed):
		return "not authorized: " + err.Error()
	case errors.As(err, &kErr):
		return fmt.Sprintf("Kafka error %s: %s", kErr.Message, kErr.Description)
	}
	return err.Error()
}

// explained is an error shown as Explain shows it that still unwraps to its cause, so that
// unreachable and reachHint can look at it.
type explained struct{ err error }

func (e explained) Error() string { return Explain(e.err) }
func (e explained) Unwrap() error { return e.err }

// unreachable reports whether err is a failure to reach a broker rather than a Kafka answer:
// its advertised name does not resolve, or nothing listens at its address.
func unreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED) ||
		(errors.As(err, &opErr) && opErr.Op == "dial")
}

// reachHint is the advice after a failure to reach an advertised broker (see unreachable): the
// bootstrap answered, so the client got the brokers' advertised addresses, which TiDB Cloud
// reaches through the NLB and which need not resolve, or be routable, where kplc runs. With
// --via already given there is nothing to add.
func (o Options) reachHint(err error) string {
	if o.Via != "" || !unreachable(err) {
		return ""
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return ". The bootstrap address answered, but the brokers' advertised names do not resolve here: pass --via NLB_HOST to dial every advertised name at the NLB (as TiDB Cloud does), or run where the names resolve"
	}
	return ". The bootstrap address answered, but a broker's advertised address does not: if it is reachable only through the NLB, pass --via NLB_HOST to dial every advertised name there (as TiDB Cloud does)"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// marshalJSON encodes v like json.Marshal but leaves <, > and & as they are: the messages hold
// shell commands (`< ~/.ssh/key`, `<name>`) that a reader must see as written. An Encoder's
// SetEscapeHTML(false) does not undo what a MarshalJSON method has already escaped, so every
// MarshalJSON of this package uses this.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Millis returns d in milliseconds rounded to 0.1 ms: the unit and precision of the latencies
// kplc prints, in text ("1.5 ms") and in JSON (1.5) alike.
func Millis(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/100) / 10 }

// errText returns err's text or "" for nil; used by JSON encoders.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
