package io.github.uds4j.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one run measured, and the comparisons made from it. */
final class Results {
    final Settings settings;
    /** uds4j's version. */
    final String version;
    final List<Transport> transports;
    final List<Measure> measures;
    final List<Style> styles;
    /** The rows of the datagram table, the datagram sizes and their I/O styles. */
    final List<Transport> datagramTransports;
    final List<Measure> datagramMeasures;
    final List<Style> datagramStyles;
    /** Every cell, of the stream tables and of the datagram table. */
    final List<Cell> cells;
    /** The start-up check, or null when it was skipped. */
    final Startup.Result startup;
    final int cpus;
    final List<String> warnings;
    /** Providers found but not measured, each as its name and why: {@code ffm: ...}. */
    final List<String> skipped;

    Results(Settings settings, String version, List<Transport> transports, List<Measure> measures,
            List<Style> styles, List<Transport> datagramTransports,
            List<Measure> datagramMeasures, List<Style> datagramStyles, List<Cell> cells,
            Startup.Result startup, int cpus, List<String> warnings, List<String> skipped) {
        this.settings = settings;
        this.version = version;
        this.transports = transports;
        this.measures = measures;
        this.styles = styles;
        this.datagramTransports = datagramTransports;
        this.datagramMeasures = datagramMeasures;
        this.datagramStyles = datagramStyles;
        this.cells = cells;
        this.startup = startup;
        this.cpus = cpus;
        this.warnings = warnings;
        this.skipped = skipped;
    }

    /** Returns the cell, or null if that transport was not measured. */
    Cell cell(Measure m, Style style, Transport t) {
        for (Cell c : cells) {
            if (c.measure == m && c.style == style && c.transport == t) {
                return c;
            }
        }
        return null;
    }

    /**
     * Returns the raw transport {@code t}'s stream figures are compared with: the same
     * backend's, for a uds4j one (the JDK's for ffm); else null.
     */
    Transport baseline(Transport t) {
        return baseline(t, false);
    }

    /** As {@link #baseline(Transport)}, in the stream tables or in the datagram table. */
    Transport baseline(Transport t, boolean datagrams) {
        String backend = t.baselineBackend(datagrams);
        if (t.kind != Transport.Kind.UDS4J || backend == null) {
            return null;
        }
        for (Transport b : datagrams ? datagramTransports : transports) {
            if (b.kind == Transport.Kind.RAW && b.backend.equals(backend)) {
                return b;
            }
        }
        return null;
    }

    /** Returns the baseline of {@code t} for measure {@code m}. */
    Transport baseline(Transport t, Measure m) {
        return baseline(t, m.datagrams);
    }

    /** Returns the first transport of that kind and backend, or null. */
    Transport find(Transport.Kind kind, String backend) {
        for (Transport t : transports) {
            if (t.kind == kind && (backend == null || t.backend.equals(backend))) {
                return t;
            }
        }
        return null;
    }

    List<Transport> ofKind(Transport.Kind kind) {
        List<Transport> list = new ArrayList<Transport>();
        for (Transport t : transports) {
            if (t.kind == kind) {
                list.add(t);
            }
        }
        return list;
    }

    /**
     * Returns the median over the rounds of {@code a}'s figure divided by {@code b}'s in the same
     * round: pairing the rounds cancels much of the drift of a busy machine. NaN if either is
     * missing.
     */
    static double ratio(Cell a, Cell b, int metric) {
        if (a == null || b == null || a.lacking != null || b.lacking != null) {
            return Double.NaN;
        }
        double[] x = a.values[metric];
        double[] y = b.values[metric];
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i] / y[i];
        }
        return Stats.median(r);
    }
}
