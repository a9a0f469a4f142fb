package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kafka-plc/kafka-plc/kplc"
	"github.com/kafka-plc/kafka-plc/kplc/dist"
	"github.com/kafka-plc/kafka-plc/kplc/metrics"
	"github.com/kafka-plc/kafka-plc/rules"
)

// exporterSummary is the one-line description of `kplc exporter`.
const exporterSummary = "serve the cluster's health as Prometheus metrics on the bastion's private address"

// Exporter limits: an HTTP request may wait for one scrape (--timeout) plus this much, and at
// most exporterInFlight requests are served at once (the rest get 503 at once).
const (
	exporterSlack    = 5 * time.Second
	exporterInFlight = 4
	// exporterDefaultReuse is --reuse's default: a scrape within 5 s of the last is served the
	// same snapshot.
	exporterDefaultReuse = 5 * time.Second
)

// runExporter serves /metrics until SIGTERM or SIGINT (systemd's stop).
func runExporter(args []string, stdout, stderr io.Writer) int {
	c := newCommon("exporter", stdout, stderr, 10*time.Second, true)
	c.fs.Lookup("timeout").Usage = "bound on one scrape's reads of the cluster, a `duration` (keep it below the Prometheus scrape_timeout)"
	c.fs.Lookup("format").Usage = "format of the start-up line on stdout: text or json"
	listen := c.fs.String("listen", "", "IP:PORT to serve /metrics on: the bastion's PRIVATE IP (required; never 0.0.0.0)")
	brokers := c.fs.Int("brokers", 0, "expected brokers, node IDs 1..N: a missing one shows as kplc_broker_registered 0 (0: report registered brokers only)")
	reuse := c.fs.Duration("reuse", exporterDefaultReuse, "serve a snapshot this young again instead of reading the cluster anew (0: read on every scrape)")
	var groups fileList
	c.fs.Var(&groups, "group", fmt.Sprintf("a consumer group to report lag for (repeat; at most %d)", metrics.MaxGroups))
	probe := kplc.ProbeConfig{}
	c.fs.StringVar(&probe.Via, "probe-via", "", "NLB host: probe the private-link path through it on every scrape, as TiDB Cloud reaches the brokers (kplc_probe_* metrics; needs --brokers)")
	c.fs.IntVar(&probe.BootstrapPort, "probe-bootstrap-port", 9092, "the NLB's bootstrap port (with --probe-via)")
	c.fs.IntVar(&probe.FirstPort, "probe-first-port", 9093, "broker 1's NLB port; broker i's is first+i-1 (with --probe-via)")
	c.fs.StringVar(&probe.HostPattern, "probe-host-pattern", kplc.DefaultHostPattern, "the advertised host pattern, with {id} and {uniqueName} (with --probe-via)")
	c.fs.StringVar(&probe.UniqueName, "probe-unique-name", kplc.PlaceholderUniqueName, "TiDB Cloud's unique name the brokers advertise (with --probe-via)")
	o, code, ok := c.clusterOptions(args, func() error { return checkExporterListen(*listen) })
	if !ok {
		return code
	}
	if *reuse < 0 {
		return c.usageErr(fmt.Errorf("--reuse %s: must be 0 or positive", *reuse))
	}
	cfg := metrics.Config{
		Cluster: o, Emit: metrics.Options{Brokers: *brokers}, Groups: groups,
		Timeout: c.timeout, Reuse: *reuse,
	}
	if probe.Via != "" {
		cfg.Probe = &probe
	} else if set := probeFlagsSet(c.fs); len(set) > 0 {
		return c.usageErr(fmt.Errorf("%s given without --probe-via: pass the NLB's DNS name with --probe-via, or leave the probe flags out", strings.Join(set, ", ")))
	}
	errLog := log.New(stderr, "kplc exporter: ", 0)
	cfg.Log = errLog
	col, err := metrics.NewCollector(cfg)
	if err != nil {
		return c.usageErr(err)
	}
	h, err := exporterHandler(col, c.timeout, errLog)
	if err != nil {
		return c.fail(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "kplc exporter: cannot listen on %s: %v (is it this host's address, and the port free?)\n", *listen, err)
		return exitFailed
	}
	if c.format == "json" {
		emitJSON(stdout, struct {
			Listen    string `json:"listen"`
			Bootstrap string `json:"bootstrap"`
		}{ln.Addr().String(), c.bootstrap})
	} else {
		fmt.Fprintf(stdout, "serving metrics of %s on http://%s/metrics\n", c.bootstrap, ln.Addr())
	}
	if err := dist.Serve(ctx, ln, h, c.timeout, errLog); err != nil {
		errLog.Print(err)
		return exitFailed
	}
	return exitOK
}

// probeFlagsSet lists the --probe-* flags given on the command line, but --probe-via.
func probeFlagsSet(fs *flag.FlagSet) []string {
	var out []string
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "probe-") && f.Name != "probe-via" {
			out = append(out, "--"+f.Name)
		}
	})
	return out
}

// checkExporterListen accepts only a private (or loopback) IP:PORT: the metrics describe the
// cluster's inside and are served to scrapers in the VPC, never on a public address.
func checkExporterListen(listen string) error {
	if err := dist.CheckListen(listen); err != nil {
		return err
	}
	addr := netip.MustParseAddrPort(listen).Addr()
	if !addr.IsLoopback() && !rules.IsScraperRange(netip.PrefixFrom(addr, addr.BitLen())) {
		return fmt.Errorf("--listen %q: %s is not a private address; bind the bastion's private IP (e.g. 10.0.3.5:%d)", listen, addr, rules.ExporterPort)
	}
	return nil
}

// exporterHandler serves the collector (and the exporter process's own CPU, memory and file
// descriptors) on /metrics and nothing else. A request is bounded by the scrape timeout plus
// exporterSlack, and at most exporterInFlight are served at once.
func exporterHandler(col prometheus.Collector, scrape time.Duration, errLog *log.Logger) (http.Handler, error) {
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(col); err != nil {
		return nil, fmt.Errorf("registering the cluster collector: %w", err)
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, fmt.Errorf("registering the process collector: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:            errLog,
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: exporterInFlight,
		Timeout:             scrape + exporterSlack,
	}))
	return mux, nil
}
