package cmdsim

import (
	"fmt"
	"net"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// endpoint is one hop of a connection (remote/connection.go connectionBase).
type endpoint struct {
	host           string
	user           string
	port           int
	dialErrorLimit int
	perDialTimeout int
	// hostKey is the hop's `hostKey` (nil when unset): the only key it accepts (see handshake).
	hostKey *string
}

// connection is a decoded `connection` input; proxy is nil without connection.proxy.
type connection struct {
	endpoint
	proxy *endpoint
}

// Connection defaults of v1.2.1: remote/connection.go L31-33 (dialErrorDefault 10) and the
// Annotate defaults L57-78 (user root, port 22, perDialTimeout 15); proxyConnection.go L26-46.
// The Go SDK applies the same values client side (sdk/go/command/remote/pulumiTypes.go Defaults).
const (
	defaultUser           = "root"
	defaultPort           = 22
	defaultDialErrorLimit = 10
	defaultPerDialTimeout = 15
)

// connectionDefaults fills in the defaults of a known connection object (and of its proxy), as
// infer.DefaultCheck does (go-provider infer/resource.go L1076-1096, applyDefaults).
func connectionDefaults(v property.Value) property.Value {
	if !v.IsMap() {
		return v
	}
	m := v.AsMap()
	set := func(k string, d property.Value) {
		if _, ok := m.GetOk(k); !ok {
			m = m.Set(k, d)
		}
	}
	set("user", property.New(defaultUser))
	set("port", property.New(float64(defaultPort)))
	set("dialErrorLimit", property.New(float64(defaultDialErrorLimit)))
	set("perDialTimeout", property.New(float64(defaultPerDialTimeout)))
	if p, ok := m.GetOk("proxy"); ok && p.IsMap() {
		m = m.Set("proxy", connectionDefaults(p))
	}
	return property.WithGoValue(v, m)
}

// decodeConnection reads a known connection value, with v1.2.1's defaults for unset fields.
func decodeConnection(v property.Value) (connection, error) {
	var c connection
	ep, err := decodeEndpoint(v, "connection")
	if err != nil {
		return c, err
	}
	c.endpoint = ep
	if p, ok := v.AsMap().GetOk("proxy"); ok && !p.IsNull() {
		pe, err := decodeEndpoint(p, "connection.proxy")
		if err != nil {
			return c, err
		}
		c.proxy = &pe
	}
	return c, nil
}

func decodeEndpoint(v property.Value, what string) (endpoint, error) {
	ep := endpoint{user: defaultUser, port: defaultPort, dialErrorLimit: defaultDialErrorLimit, perDialTimeout: defaultPerDialTimeout}
	if !v.IsMap() {
		return ep, fmt.Errorf("cmdsim: %s is not a known object", what)
	}
	m := v.AsMap()
	host, ok := m.GetOk("host")
	if !ok || !host.IsString() {
		return ep, fmt.Errorf("cmdsim: %s.host is not a known string", what)
	}
	ep.host = host.AsString()
	if u := m.Get("user"); u.IsString() {
		ep.user = u.AsString()
	}
	for k, dst := range map[string]*int{"port": &ep.port, "dialErrorLimit": &ep.dialErrorLimit, "perDialTimeout": &ep.perDialTimeout} {
		if n := m.Get(k); n.IsNumber() {
			*dst = int(n.AsNumber())
		}
	}
	if k := m.Get("hostKey"); k.IsString() {
		key := k.AsString()
		ep.hostKey = &key
	}
	return ep, nil
}

func (e endpoint) address() string { return net.JoinHostPort(e.host, strconv.Itoa(e.port)) }

// isPublic reports whether a host may be reached from the machine running the program: any name
// or address but a private one (RFC 1918, RFC 4193).
func isPublic(host string) bool {
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsPrivate()
}

// dialError is v1.2.1's error after dialling failed dialErrorLimit+1 times (remote/connection.go
// L150-187: dials = try+1; it gives up once dials > limit and reports "after <try> failed
// attempts: <err>", so <n> is the limit). A limit of -1 retries for ever; the simulation fails
// instead of hanging, saying so.
func dialError(limit int, err error) error {
	if limit < 0 {
		return fmt.Errorf("cmdsim: dialErrorLimit -1 would retry for ever (v1.2.1 never gives up): %w", err)
	}
	return fmt.Errorf("after %d failed attempts: %w", limit, err)
}

// timeoutError is what ssh.Dial (net.DialTimeout) reports when nothing answers at an address
// within perDialTimeout; without a per-dial limit the kernel's connect timeout ends it instead.
func timeoutError(e endpoint) error {
	if e.perDialTimeout > 0 {
		return fmt.Errorf("dial tcp %s: i/o timeout", e.address())
	}
	return fmt.Errorf("dial tcp %s: connect: connection timed out", e.address())
}

// dial resolves the host a connection reaches, or fails as v1.2.1's Connection.Dial does
// (remote/connection.go L190-243): the target's hostKey is parsed first (L191-194), then the
// proxy's (L204-207); a proxy's failures, and the target's reached through it, are prefixed
// "proxy: ". Each hop's handshake checks its host key (handshake).
func (h *Hosts) dial(c connection) (hostID string, err error) {
	if _, err := c.parseHostKey(); err != nil {
		return "", err
	}
	if c.proxy == nil {
		id, ok := h.lookup(c.host)
		if !ok || !isPublic(c.host) {
			return "", dialError(c.dialErrorLimit, timeoutError(c.endpoint))
		}
		if err := h.handshake(id, c.endpoint); err != nil {
			return "", dialError(c.dialErrorLimit, err)
		}
		return id, nil
	}
	if _, err := c.proxy.parseHostKey(); err != nil {
		return "", fmt.Errorf("proxy: %w", err)
	}
	proxyID, ok := h.lookup(c.proxy.host)
	if !ok || !isPublic(c.proxy.host) {
		return "", fmt.Errorf("proxy: %w", dialError(c.proxy.dialErrorLimit, timeoutError(*c.proxy)))
	}
	if err := h.handshake(proxyID, *c.proxy); err != nil {
		return "", fmt.Errorf("proxy: %w", dialError(c.proxy.dialErrorLimit, err))
	}
	id, ok := h.lookup(c.host)
	if !ok {
		// The bastion's sshd refuses the direct-tcpip channel (x/crypto/ssh OpenChannelError:
		// `ssh: rejected: connect failed ("<sshd's reason>")`; the reason text is unverified).
		return "", fmt.Errorf("proxy: %w", dialError(c.dialErrorLimit,
			fmt.Errorf("ssh: rejected: connect failed (%q)", "Connection timed out")))
	}
	// The target's handshake runs over the tunnel, retried with the target's limit (L232-240).
	if err := h.handshake(id, c.endpoint); err != nil {
		return "", fmt.Errorf("proxy: %w", dialError(c.dialErrorLimit, err))
	}
	return id, nil
}
