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
    final List<Cell> cells;
    /** The start-up check, or null when it was skipped. */
    final Startup.Result startup;
    final int cpus;
    final List<String> warnings;

    Results(Settings settings, String version, List<Transport> transports, List<Measure> measures,
            List<Style> styles, List<Cell> cells, Startup.Result startup, int cpus,
            List<String> warnings) {
        this.settings = settings;
        this.version = version;
        this.transports = transports;
        this.measures = measures;
        this.styles = styles;
        this.cells = cells;
        this.startup = startup;
        this.cpus = cpus;
        this.warnings = warnings;
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

    /** Returns the raw transport of the same backend as {@code t}, for a uds4j one; else null. */
    Transport baseline(Transport t) {
        if (t.kind != Transport.Kind.UDS4J) {
            return null;
        }
        for (Transport b : transports) {
            if (b.kind == Transport.Kind.RAW && b.backend.equals(t.backend)) {
                return b;
            }
        }
        return null;
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
        if (a == null || b == null) {
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
