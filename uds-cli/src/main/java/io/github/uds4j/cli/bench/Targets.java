package io.github.uds4j.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What uds4j sets out to achieve, checked against one run's figures ({@link #TITLES}). Every
 * comparison is a ratio of two transports measured in the same rounds (see {@link
 * Results#ratio}), apart from the start-up figures.
 */
final class Targets {
    /** Overhead allowed against the backend's raw API: 3% of throughput or of time. */
    static final double MIN_THROUGHPUT_RATIO = 0.97;
    static final double MAX_TIME_RATIO = 1.03;
    static final double MIN_TCP_THROUGHPUT_RATIO = 3.0;
    static final double MAX_TCP_TIME_RATIO = 0.8;
    static final double MAX_STARTUP_MILLIS = 10.0;
    /** ffm against what it competes with: jdk16's byte[] streams, its round trip, junixsocket. */
    static final double MIN_FFM_STREAM_RATIO = 1.2;
    static final double MAX_FFM_ROUND_TRIP_RATIO = 1.05;
    static final double MIN_FFM_DATAGRAM_RATIO = 1.0;

    /** Each target in words, by its number (index 0 is unused). */
    static final String[] TITLES = {
        "",
        "no measurable overhead over the backend's own API, in the same I/O style: at least "
                + MIN_THROUGHPUT_RATIO + "x its throughput, at most " + MAX_TIME_RATIO
                + "x its round-trip time",
        "byte[] streams: on jdk16 at least as fast as junixsocket's raw streams and the JDK's"
                + " raw heap-ByteBuffer channel, on junixsocket at least " + MIN_THROUGHPUT_RATIO
                + "x its raw streams",
        "direct ByteBuffers at least " + MIN_THROUGHPUT_RATIO + "x as fast as the backend's own"
                + " direct path",
        "at least " + MIN_TCP_THROUGHPUT_RATIO + "x the throughput of TCP over loopback, at most "
                + MAX_TCP_TIME_RATIO + "x its round-trip time",
        "start-up: the first UnixSockets.backend() of a fresh JVM within " + MAX_STARTUP_MILLIS
                + " ms (Java 16+), and junixsocket loaded only when it is chosen",
        "ffm (Java 22+): byte[] streams at least " + MIN_FFM_STREAM_RATIO + "x jdk16's with"
                + " 64 KiB writes, direct ByteBuffers at least " + MIN_THROUGHPUT_RATIO
                + "x the JDK's own channel, a 1-byte round trip at most "
                + MAX_FFM_ROUND_TRIP_RATIO + "x jdk16's, datagrams at least "
                + MIN_FFM_DATAGRAM_RATIO + "x as many per second as junixsocket's",
    };

    private Targets() {}

    /** One comparison against a limit. */
    static final class Check {
        final int target;
        final String what;
        final double value;
        final double limit;
        /** True when the value must be at least the limit, false when at most. */
        final boolean atLeast;
        /** Which figure gave the value, such as {@code 16-byte writes, heap ByteBuffer}. */
        final String where;
        /** {@code x} for a ratio, {@code ms}, or empty for a count. */
        final String unit;

        Check(int target, String what, double value, double limit, boolean atLeast,
                String where) {
            this(target, what, value, limit, atLeast, where, "x");
        }

        Check(int target, String what, double value, double limit, boolean atLeast,
                String where, String unit) {
            this.target = target;
            this.what = what;
            this.value = value;
            this.limit = limit;
            this.atLeast = atLeast;
            this.where = where;
            this.unit = unit;
        }

        /** Whether the limit was kept; false when the value is unknown. */
        boolean met() {
            if (Double.isNaN(value)) {
                return false;
            }
            return atLeast ? value >= limit : value <= limit;
        }
    }

    /** The worst of several ratios, where it came from, and the median of them all. */
    private static final class Worst {
        final boolean lowest;
        final List<Double> all = new ArrayList<Double>();
        double value = Double.NaN;
        private String at = "";

        Worst(boolean lowest) {
            this.lowest = lowest;
        }

        void offer(double v, String where) {
            if (Double.isNaN(v)) {
                return;
            }
            all.add(v);
            if (Double.isNaN(value) || (lowest ? v < value : v > value)) {
                value = v;
                at = where;
            }
        }

        /** Where the worst ratio is, and the median of all, which noise moves less. */
        String where() {
            if (all.size() < 2) {
                return at;
            }
            double[] values = new double[all.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = all.get(i);
            }
            return at + "; median of " + values.length + ": "
                    + Format.ratio(Stats.median(values));
        }
    }

    static List<Check> check(Results r) {
        List<Check> checks = new ArrayList<Check>();
        Transport tcp = r.find(Transport.Kind.TCP, null);
        for (Transport t : r.ofKind(Transport.Kind.UDS4J)) {
            Transport raw = r.baseline(t);
            if (raw == null || !raw.backend.equals(t.backend)) {
                continue; // ffm has no API of its own: target 6
            }
            Worst throughput = new Worst(true);
            Worst time = new Worst(false);
            for (Measure m : r.measures) {
                for (Style s : r.styles) {
                    Cell a = r.cell(m, s, t);
                    Cell b = r.cell(m, s, raw);
                    if (m.throughput) {
                        throughput.offer(Results.ratio(a, b, 0), m.title() + ", " + s.label);
                    } else {
                        for (int metric = 0; metric < 2; metric++) { // mean and p50
                            time.offer(Results.ratio(a, b, metric), m.title() + " "
                                    + m.metrics()[metric] + ", " + s.label);
                        }
                    }
                }
            }
            checks.add(new Check(1, t.name + " / " + raw.name + ", throughput (worst)",
                    throughput.value, MIN_THROUGHPUT_RATIO, true, throughput.where()));
            checks.add(new Check(1, t.name + " / " + raw.name + ", round trip (worst)",
                    time.value, MAX_TIME_RATIO, false, time.where()));
        }

        Measure large = r.measures.get(0);
        Transport jdk = r.find(Transport.Kind.UDS4J, "jdk16");
        Transport junix = r.find(Transport.Kind.UDS4J, "junixsocket");
        Transport jdkRaw = r.find(Transport.Kind.RAW, "jdk16");
        Transport junixRaw = r.find(Transport.Kind.RAW, "junixsocket");
        String where = large.title() + ", byte[] stream";
        if (jdk != null && junixRaw != null) {
            checks.add(new Check(2, "uds4j jdk16 stream / junixsocket raw stream",
                    Results.ratio(r.cell(large, Style.STREAM, jdk),
                            r.cell(large, Style.STREAM, junixRaw), 0), 1.0, true, where));
        }
        if (jdk != null && jdkRaw != null) {
            checks.add(new Check(2, "uds4j jdk16 stream / jdk16 raw heap ByteBuffer",
                    Results.ratio(r.cell(large, Style.STREAM, jdk),
                            r.cell(large, Style.HEAP, jdkRaw), 0), 1.0, true,
                    large.title()));
        }
        if (junix != null && junixRaw != null) {
            checks.add(new Check(2, "uds4j junixsocket stream / junixsocket raw stream",
                    Results.ratio(r.cell(large, Style.STREAM, junix),
                            r.cell(large, Style.STREAM, junixRaw), 0), MIN_THROUGHPUT_RATIO,
                    true, where));
        }

        for (Transport t : r.ofKind(Transport.Kind.UDS4J)) {
            Transport raw = r.baseline(t);
            if (raw == null) {
                continue;
            }
            Worst direct = new Worst(true);
            for (Measure m : r.measures) {
                if (m.throughput) {
                    direct.offer(Results.ratio(r.cell(m, Style.DIRECT, t),
                            r.cell(m, Style.DIRECT, raw), 0), m.title());
                }
            }
            checks.add(new Check(3, t.name + " / " + raw.name + ", direct ByteBuffer throughput"
                    + " (worst)", direct.value, MIN_THROUGHPUT_RATIO, true, direct.where()));
        }

        if (tcp != null) {
            for (Transport t : r.ofKind(Transport.Kind.UDS4J)) {
                Worst throughput = new Worst(true);
                Worst time = new Worst(false);
                for (Style s : r.styles) {
                    throughput.offer(Results.ratio(r.cell(large, s, t), r.cell(large, s, tcp),
                            0), large.title() + ", " + s.label);
                    for (Measure m : r.measures) {
                        if (!m.throughput) {
                            time.offer(Results.ratio(r.cell(m, s, t), r.cell(m, s, tcp), 0),
                                    m.title() + " mean, " + s.label);
                        }
                    }
                }
                checks.add(new Check(4, t.name + " / " + tcp.name + ", throughput (worst)",
                        throughput.value, MIN_TCP_THROUGHPUT_RATIO, true, throughput.where()));
                checks.add(new Check(4, t.name + " / " + tcp.name + ", round trip (worst)",
                        time.value, MAX_TCP_TIME_RATIO, false, time.where()));
            }
        }

        ffm(r, checks);

        Startup.Result s = r.startup;
        if (s != null) {
            if ("jdk16".equals(s.provider)) { // the limit is for Java 16+ with its own provider
                checks.add(new Check(5, "first UnixSockets.backend(), ms (median of "
                        + s.millis.length + " JVMs)", Stats.median(s.millis),
                        MAX_STARTUP_MILLIS, false, "chose " + s.provider, "ms"));
            }
            checks.add(new Check(5, "junixsocket classes loaded with the facade", s.classesAtFacade,
                    0, false, "before UnixSockets.backend()", ""));
            if (!"junixsocket".equals(s.provider)) {
                checks.add(new Check(5, "junixsocket classes loaded by UnixSockets.backend()",
                        s.classesAtProvider, 0, false, "chose " + s.provider, ""));
            } else if (s.nativeLibrariesAfter >= 0) {
                checks.add(new Check(5, "junixsocket native libraries mapped before"
                        + " UnixSockets.backend()", s.nativeLibrariesBefore, 0, false,
                        "chose " + s.provider, ""));
                checks.add(new Check(5, "junixsocket native libraries mapped after"
                        + " UnixSockets.backend()",
                        s.nativeLibrariesAfter, 1, true, "chose " + s.provider, ""));
            }
        }
        checks.sort((a, b) -> Integer.compare(a.target, b.target));
        return checks;
    }

    /** Target 6: the ffm provider against what it competes with, when it was measured. */
    private static void ffm(Results r, List<Check> checks) {
        Transport ffm = r.find(Transport.Kind.UDS4J, "ffm");
        if (ffm == null) {
            return;
        }
        Measure large = r.measures.get(0);
        Transport jdk = r.find(Transport.Kind.UDS4J, "jdk16");
        Transport jdkRaw = r.find(Transport.Kind.RAW, "jdk16");
        if (jdk != null) {
            checks.add(new Check(6, "uds4j ffm / uds4j jdk16, byte[] stream",
                    Results.ratio(r.cell(large, Style.STREAM, ffm),
                            r.cell(large, Style.STREAM, jdk), 0), MIN_FFM_STREAM_RATIO, true,
                    large.title()));
        }
        if (jdkRaw != null) {
            checks.add(new Check(6, "uds4j ffm / jdk16 raw, direct ByteBuffer",
                    Results.ratio(r.cell(large, Style.DIRECT, ffm),
                            r.cell(large, Style.DIRECT, jdkRaw), 0), MIN_THROUGHPUT_RATIO, true,
                    large.title()));
        }
        if (jdk != null) {
            for (Measure m : r.measures) {
                if (!m.throughput && m.size == 1) {
                    Cell a = r.cell(m, Style.STREAM, ffm);
                    Cell b = r.cell(m, Style.STREAM, jdk);
                    checks.add(new Check(6, "uds4j ffm / uds4j jdk16, 1-byte round trip",
                            Results.ratio(a, b, 0), MAX_FFM_ROUND_TRIP_RATIO, false,
                            "mean, byte[] stream; p50: " + Format.ratio(Results.ratio(a, b, 1))));
                }
            }
        }
        Transport junix = r.find(Transport.Kind.UDS4J, "junixsocket");
        if (junix != null && r.datagramTransports.contains(junix)) {
            Cell probe = r.cell(r.datagramMeasures.get(0), r.datagramStyles.get(0), ffm);
            for (Measure m : r.datagramMeasures) {
                Worst rate = new Worst(true);
                for (Style s : r.datagramStyles) {
                    rate.offer(Results.ratio(r.cell(m, s, ffm), r.cell(m, s, junix), 0),
                            s.label);
                }
                checks.add(new Check(6, "uds4j ffm / uds4j junixsocket, " + m.title()
                        + " (worst)", rate.value, MIN_FFM_DATAGRAM_RATIO, true,
                        probe != null && probe.lacking != null ? probe.lacking : rate.where()));
            }
        }
    }
}
