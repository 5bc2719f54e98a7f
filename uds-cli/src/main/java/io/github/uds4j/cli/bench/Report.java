package io.github.uds4j.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** The results as tables for people, or as JSON for programs. */
final class Report {
    private Report() {}

    // ---------------------------------------------------------------- tables

    static String table(Results r) {
        StringBuilder b = new StringBuilder();
        b.append("uds bench: uds4j ").append(r.version).append(", Java ")
                .append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vendor")).append("), ")
                .append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(" (")
                .append(System.getProperty("os.arch")).append("), CPUs usable: ")
                .append(r.cpus).append('\n');
        b.append("Each figure: the median of ").append(r.settings.rounds)
                .append(r.settings.rounds == 1 ? " round" : " interleaved rounds")
                .append(" [lowest..highest].\n");
        b.append("Ratio: to the raw API of the same backend and I/O style, the median of the"
                + " per-round ratios");
        for (Transport t : r.transports) {
            Transport streams = r.baseline(t, false);
            Transport datagrams = r.baseline(t, true);
            if (t.kind == Transport.Kind.UDS4J && streams != null
                    && !streams.backend.equals(t.backend)) {
                b.append("; ").append(t.name).append(": to ").append(streams.name)
                        .append(datagrams == null ? "" : " (datagrams: " + datagrams.name + ")");
            }
        }
        b.append(".\n");

        List<Measure> throughput = new ArrayList<Measure>();
        List<Measure> trips = new ArrayList<Measure>();
        for (Measure m : r.measures) {
            (m.throughput ? throughput : trips).add(m);
        }
        b.append("\nThroughput, one direction, MiB/s (higher is better), reads of ")
                .append(Format.size(Workloads.READ_SIZE)).append('\n');
        List<String> headers = new ArrayList<String>();
        for (Measure m : throughput) {
            headers.add(m.title() + ", " + Format.size(m.amount));
        }
        grid(b, r, headers, throughput, 0, r.styles, r.transports);
        for (Measure m : trips) {
            b.append("\nRound trip, ").append(m.size).append("-byte messages, microseconds"
                    + " (lower is better), ").append(m.amount).append(" trips after ")
                    .append(m.warmup).append(" unrecorded\n");
            List<String> h = new ArrayList<String>();
            List<Measure> same = new ArrayList<Measure>();
            for (String metric : m.metrics()) {
                h.add(metric);
                same.add(m);
            }
            grid(b, r, h, same, -1, r.styles, r.transports);
        }
        if (!r.datagramTransports.isEmpty()) {
            b.append("\nDatagrams, one direction, messages per second (higher is better), ")
                    .append(r.settings.messages).append(" of each size over a connected pair\n");
            List<String> h = new ArrayList<String>();
            for (Measure m : r.datagramMeasures) {
                h.add(m.title());
            }
            grid(b, r, h, r.datagramMeasures, 0, r.datagramStyles, r.datagramTransports);
        }

        b.append("\nRows:\n");
        for (Transport t : r.transports) {
            b.append("  ").append(Format.left(t.name, width(r))).append("  ")
                    .append(t.description).append('\n');
        }
        for (String skipped : r.skipped) {
            b.append("  not measured: ").append(skipped).append('\n');
        }

        if (r.startup != null) {
            Startup.Result s = r.startup;
            b.append("\nStart-up, in a fresh JVM: the first UnixSockets.backend() took ")
                    .append(Format.figure(Stats.median(s.millis))).append(" ms (median of ")
                    .append(s.millis.length).append(" JVMs [")
                    .append(Format.figure(Stats.min(s.millis))).append("..")
                    .append(Format.figure(Stats.max(s.millis))).append("]) and chose ")
                    .append(s.provider).append(";\n  junixsocket classes loaded: ")
                    .append(s.classesAtFacade).append(" with the facade, ")
                    .append(s.classesAtProvider).append(" by UnixSockets.backend()");
            if (s.nativeLibrariesAfter >= 0) {
                b.append("; junixsocket native libraries mapped: ")
                        .append(s.nativeLibrariesBefore).append(" before, ")
                        .append(s.nativeLibrariesAfter).append(" after");
            }
            b.append('\n');
        }

        List<Targets.Check> checks = Targets.check(r);
        if (!checks.isEmpty()) {
            b.append("\nTargets:\n");
            int w = 0;
            for (Targets.Check c : checks) {
                w = Math.max(w, c.what.length());
            }
            int target = 0;
            for (Targets.Check c : checks) {
                if (c.target != target) {
                    target = c.target;
                    b.append("  ").append(target).append(". ").append(Targets.TITLES[target])
                            .append('\n');
                }
                b.append("     ").append(Format.left(c.what, w))
                        .append("  ").append(Format.right(value(c), 8)).append("  ")
                        .append(c.atLeast ? ">= " : "<= ")
                        .append(Format.left(limit(c), 8))
                        .append(Double.isNaN(c.value) ? "n/a   " : c.met() ? "met   " : "MISSED")
                        .append(c.where.isEmpty() ? "" : "  (" + c.where + ")").append('\n');
            }
        }
        for (String w : r.warnings) {
            b.append("\nWarning: ").append(w).append('\n');
        }
        return b.toString();
    }

    private static String value(Targets.Check c) {
        if (c.unit.isEmpty()) {
            return Double.isNaN(c.value) ? "-" : String.valueOf((long) c.value);
        }
        if (c.unit.equals("x")) {
            return Format.ratio(c.value);
        }
        return Format.figure(c.value) + " " + c.unit;
    }

    private static String limit(Targets.Check c) {
        if (c.unit.isEmpty()) {
            return String.valueOf((long) c.limit);
        }
        if (c.unit.equals("x")) {
            return Format.ratio(c.limit);
        }
        return Format.figure(c.limit) + " " + c.unit;
    }

    private static int width(Results r) {
        int w = 0;
        for (Transport t : r.transports) {
            w = Math.max(w, t.name.length());
        }
        return w;
    }

    /**
     * Appends rows grouped by I/O style, one column per header: column {@code i} shows metric
     * {@code metric} of {@code measures.get(i)}, or with {@code metric} -1, metric {@code i}.
     */
    private static void grid(StringBuilder b, Results r, List<String> headers,
            List<Measure> measures, int metric, List<Style> styles, List<Transport> transports) {
        int label = width(r) + 4;
        int columns = headers.size();
        List<String[][]> rows = new ArrayList<String[][]>();
        int[] figureWidth = new int[columns];
        String lacking = null;
        for (Style s : styles) {
            for (Transport t : transports) {
                String[][] row = new String[columns][];
                for (int i = 0; i < columns; i++) {
                    Measure m = measures.get(i);
                    int k = metric >= 0 ? metric : i;
                    Cell c = r.cell(m, s, t);
                    if (c.lacking != null) {
                        row[i] = new String[] {"-", ""};
                        lacking = c.lacking;
                        continue;
                    }
                    double[] v = c.values[k];
                    String figure = Format.figure(Stats.median(v)) + " ["
                            + Format.figure(Stats.min(v)) + ".." + Format.figure(Stats.max(v))
                            + "]";
                    Transport base = r.baseline(t, m);
                    String ratio = base == null ? ""
                            : Format.ratio(Results.ratio(c, r.cell(m, s, base), k));
                    row[i] = new String[] {figure, ratio};
                    figureWidth[i] = Math.max(figureWidth[i], figure.length());
                }
                rows.add(row);
            }
        }
        int[] columnWidth = new int[columns];
        StringBuilder head = new StringBuilder(Format.left("", label));
        for (int i = 0; i < columns; i++) {
            columnWidth[i] = Math.max(figureWidth[i] + 7, headers.get(i).length());
            head.append("   ").append(Format.left(headers.get(i), columnWidth[i]));
        }
        b.append(head.toString().replaceAll("\\s+$", "")).append('\n');
        int n = 0;
        for (Style s : styles) {
            b.append(s.label).append('\n');
            for (Transport t : transports) {
                String[][] row = rows.get(n++);
                StringBuilder line = new StringBuilder("  ").append(Format.left(t.name,
                        label - 2));
                Cell first = r.cell(measures.get(0), s, t);
                if (first.lacking != null) {
                    b.append(line).append("   ").append(first.lacking).append('\n');
                    continue;
                }
                for (int i = 0; i < columns; i++) {
                    String cell = Format.right(row[i][0], figureWidth[i]) + "  "
                            + Format.right(row[i][1], 5);
                    line.append("   ").append(Format.left(cell, columnWidth[i]));
                }
                b.append(line.toString().replaceAll("\\s+$", "")).append('\n');
            }
        }
    }

    // ---------------------------------------------------------------- JSON

    static String json(Results r) {
        Settings s = r.settings;
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"tool\": \"uds bench\",\n");
        b.append("  \"uds4j\": ").append(Format.json(r.version)).append(",\n");
        b.append("  \"java\": {\"version\": ").append(Format.json(System.getProperty("java.version")))
                .append(", \"vendor\": ").append(Format.json(System.getProperty("java.vendor")))
                .append(", \"vm\": ").append(Format.json(System.getProperty("java.vm.name")))
                .append("},\n");
        b.append("  \"os\": {\"name\": ").append(Format.json(System.getProperty("os.name")))
                .append(", \"version\": ").append(Format.json(System.getProperty("os.version")))
                .append(", \"arch\": ").append(Format.json(System.getProperty("os.arch")))
                .append("},\n");
        b.append("  \"cpus\": ").append(r.cpus).append(",\n");
        b.append("  \"settings\": {\"bytes\": ").append(s.bytes)
                .append(", \"smallBytes\": ").append(s.smallBytes)
                .append(", \"largeWrite\": ").append(Settings.LARGE_WRITE)
                .append(", \"smallWrite\": ").append(Settings.SMALL_WRITE)
                .append(", \"readSize\": ").append(Workloads.READ_SIZE)
                .append(", \"trips\": ").append(s.trips)
                .append(", \"warmupTrips\": ").append(s.warmupTrips)
                .append(", \"messages\": ").append(s.messages)
                .append(", \"rounds\": ").append(s.rounds).append("},\n");
        b.append("  \"transports\": [");
        for (int i = 0; i < r.transports.size(); i++) {
            Transport t = r.transports.get(i);
            Transport base = r.baseline(t);
            Transport datagramBase = r.baseline(t, true);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Format.json(t.name))
                    .append(", \"backend\": ").append(Format.json(t.backend))
                    .append(", \"kind\": ").append(Format.json(t.kind.id))
                    .append(", \"baseline\": ").append(Format.json(base == null ? null : base.name))
                    .append(", \"datagramBaseline\": ").append(Format.json(
                            datagramBase == null ? null : datagramBase.name))
                    .append(", \"datagrams\": ").append(t.datagramRows()
                            ? (t.datagramsLacking() == null ? "true"
                                    : Format.json(t.datagramsLacking())) : "false")
                    .append(", \"description\": ").append(Format.json(t.description)).append('}');
        }
        b.append("\n  ],\n");
        b.append("  \"skipped\": [");
        for (int i = 0; i < r.skipped.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Format.json(r.skipped.get(i)));
        }
        b.append("],\n");
        b.append("  \"results\": [");
        for (int i = 0; i < r.cells.size(); i++) {
            Cell c = r.cells.get(i);
            Transport base = r.baseline(c.transport, c.measure);
            Cell baseCell = base == null ? null : r.cell(c.measure, c.style, base);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"measure\": ")
                    .append(Format.json(c.measure.id))
                    .append(", \"kind\": ").append(Format.json(c.measure.kind()))
                    .append(", \"size\": ").append(c.measure.size)
                    .append(", \"amount\": ").append(c.measure.amount)
                    .append(", \"style\": ").append(Format.json(c.style.id))
                    .append(", \"transport\": ").append(Format.json(c.transport.name))
                    .append(", \"baseline\": ").append(Format.json(base == null ? null : base.name))
                    .append(", \"lacking\": ").append(Format.json(c.lacking))
                    .append(", \"metrics\": ");
            if (c.lacking != null) {
                b.append("null}");
                continue;
            }
            b.append('{');
            String[] ids = c.measure.metricIds();
            for (int k = 0; k < ids.length; k++) {
                double[] v = c.values[k];
                b.append(k == 0 ? "" : ", ").append(Format.json(ids[k])).append(": {\"median\": ")
                        .append(Format.json(Stats.median(v))).append(", \"min\": ")
                        .append(Format.json(Stats.min(v))).append(", \"max\": ")
                        .append(Format.json(Stats.max(v))).append(", \"rounds\": [");
                for (int j = 0; j < v.length; j++) {
                    b.append(j == 0 ? "" : ", ").append(Format.json(v[j]));
                }
                b.append("], \"ratio\": ").append(baseCell == null ? "null"
                        : Format.json(Results.ratio(c, baseCell, k))).append('}');
            }
            b.append("}}");
        }
        b.append("\n  ],\n");
        b.append("  \"startup\": ");
        if (r.startup == null) {
            b.append("null");
        } else {
            Startup.Result st = r.startup;
            b.append("{\"provider\": ").append(Format.json(st.provider))
                    .append(", \"millis\": {\"median\": ").append(Format.json(Stats.median(st.millis)))
                    .append(", \"min\": ").append(Format.json(Stats.min(st.millis)))
                    .append(", \"max\": ").append(Format.json(Stats.max(st.millis)))
                    .append("}, \"junixsocketClassesWithFacade\": ").append(st.classesAtFacade)
                    .append(", \"junixsocketClassesByProvider\": ").append(st.classesAtProvider)
                    .append(", \"nativeLibrariesBefore\": ").append(st.nativeLibrariesBefore)
                    .append(", \"nativeLibrariesAfter\": ").append(st.nativeLibrariesAfter)
                    .append('}');
        }
        b.append(",\n  \"targets\": [");
        List<Targets.Check> checks = Targets.check(r);
        for (int i = 0; i < checks.size(); i++) {
            Targets.Check c = checks.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"target\": ").append(c.target)
                    .append(", \"title\": ").append(Format.json(Targets.TITLES[c.target]))
                    .append(", \"check\": ").append(Format.json(c.what))
                    .append(", \"value\": ").append(Format.json(c.value))
                    .append(", \"unit\": ").append(Format.json(c.unit))
                    .append(", \"limit\": ").append(Format.json(c.limit))
                    .append(", \"atLeast\": ").append(c.atLeast)
                    .append(", \"met\": ").append(c.met())
                    .append(", \"where\": ").append(Format.json(c.where)).append('}');
        }
        b.append(checks.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"warnings\": [");
        for (int i = 0; i < r.warnings.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Format.json(r.warnings.get(i)));
        }
        b.append("]\n}\n");
        return b.toString();
    }

}
