package io.github.uds4j.cli.bench;

import io.github.uds4j.ProviderInfo;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code uds bench}: every measurement for every transport, in interleaved rounds (one run
 * of each measurement per round, round after round, every other round in reverse order), after
 * a warm-up round whose figures are dropped; then prints the table or the JSON.
 */
public final class Harness {
    /** The system property that forces a provider, as the global {@code --provider} does. */
    static final String PROVIDER_PROPERTY = "uds4j.provider";
    /** Datagram sockets have no streams: only buffers. */
    static final List<Style> DATAGRAM_STYLES = Collections.unmodifiableList(
            Arrays.asList(Style.HEAP, Style.DIRECT));

    private Harness() {}

    /**
     * Measures and prints the results on {@code out}; progress and warnings go to {@code err}.
     *
     * @param settings what to measure
     * @param version uds4j's version, for the heading
     * @param out where the table or JSON goes
     * @param err where the progress line and warnings go
     * @param terminal whether {@code err} shows a terminal (the progress line is redrawn in
     *     place) or not (one line per round)
     * @throws IOException if a measurement fails
     * @throws InterruptedException if interrupted
     * @throws io.github.uds4j.ProviderUnavailableException if the provider asked for, or every
     *     provider, cannot work here
     */
    public static void run(Settings settings, String version, PrintStream out, PrintStream err,
            boolean terminal) throws IOException, InterruptedException {
        List<String> skipped = new ArrayList<String>();
        List<Transport> transports = transports(settings.provider, skipped);
        List<String> warnings = new ArrayList<String>();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus > 1) {
            String w = "this process may run on " + cpus + " CPUs: a writer and a reader on"
                    + " different CPUs wake each other across CPUs, which on a machine with few"
                    + " CPUs dominates the figures and makes them vary; for steadier ones run"
                    + " it on one CPU: taskset -c 0 ./uds bench";
            warnings.add(w);
            err.println("uds bench: warning: " + w);
            err.flush();
        }
        List<Measure> measures = Arrays.asList(
                Measure.throughput(Settings.LARGE_WRITE, settings.bytes),
                Measure.throughput(Settings.SMALL_WRITE, settings.smallBytes),
                Measure.roundTrip(1, settings.trips, settings.warmupTrips),
                Measure.roundTrip(16, settings.trips, settings.warmupTrips));
        List<Style> styles = Arrays.asList(Style.values());
        List<Cell> cells = new ArrayList<Cell>();
        for (Measure m : measures) {
            for (Style s : styles) {
                for (Transport t : transports) {
                    cells.add(new Cell(m, s, t, settings.rounds));
                }
            }
        }
        List<Measure> datagramMeasures = Arrays.asList(
                Measure.datagrams(Settings.SMALL_DATAGRAM, settings.messages),
                Measure.datagrams(Settings.LARGE_DATAGRAM, settings.messages));
        List<Transport> datagramTransports = new ArrayList<Transport>();
        for (Transport t : transports) {
            if (t.datagramRows()) {
                datagramTransports.add(t);
            }
        }
        Path dir = Files.createTempDirectory("uds-bench");
        List<String> lacking = new ArrayList<String>();
        for (Transport t : datagramTransports) {
            lacking.add(datagramsLacking(t, dir));
        }
        int measured = 0;
        for (Measure m : datagramMeasures) {
            for (Style s : DATAGRAM_STYLES) {
                for (int i = 0; i < datagramTransports.size(); i++) {
                    cells.add(new Cell(m, s, datagramTransports.get(i), settings.rounds,
                            lacking.get(i)));
                }
            }
        }
        for (Cell c : cells) {
            measured += c.lacking == null ? 1 : 0;
        }
        Progress progress = new Progress(err, terminal, measured * (settings.rounds + 1));
        try {
            for (int round = -1; round < settings.rounds; round++) {
                String name = round < 0 ? "warm-up" : "round " + (round + 1) + " of "
                        + settings.rounds;
                progress.round(name);
                System.gc();
                // Every other round runs in reverse order, so that no transport always runs
                // right after the same other one.
                List<Cell> order = cells;
                if (round % 2 != 0) {
                    order = new ArrayList<Cell>(cells);
                    Collections.reverse(order);
                }
                for (Cell c : order) {
                    if (c.lacking != null) {
                        continue;
                    }
                    progress.step(name + ": " + c.measure.title() + ", " + c.style.label + ", "
                            + c.transport.name);
                    measure(c, round, dir);
                }
            }
        } finally {
            progress.done();
            Files.deleteIfExists(dir);
        }
        Startup.Result startup = null;
        if (settings.startupRuns > 0) {
            progress.round("start-up check");
            startup = Startup.measure(settings.startupRuns);
            progress.done();
        }
        Results results = new Results(settings, version, transports, measures, styles,
                datagramTransports, datagramMeasures, DATAGRAM_STYLES, cells, startup, cpus,
                warnings, skipped);
        out.print(settings.json ? Report.json(results) : Report.table(results));
        out.flush();
    }

    /**
     * Returns why {@code t} cannot carry datagrams here, or null when it can: as it says, or
     * as a first pair of sockets shows (a provider may list DATAGRAM and not have it yet).
     */
    private static String datagramsLacking(Transport t, Path dir) throws IOException {
        String lacking = t.datagramsLacking();
        if (lacking != null) {
            return lacking;
        }
        try {
            t.openDatagrams(dir, "probe").close();
            return null;
        } catch (UnsupportedOperationException e) {
            return e.getMessage() != null ? e.getMessage() : t.name + " has no datagrams";
        }
    }

    /** Runs one measurement; a negative round is the warm-up, at a tenth of the size. */
    private static void measure(Cell c, int round, Path dir)
            throws IOException, InterruptedException {
        Measure m = round < 0 ? c.measure.scaled(10) : c.measure;
        if (m.datagrams) {
            try (DatagramLink link = c.transport.openDatagrams(dir, "d")) {
                long nanos = Workloads.datagrams(link, c.style, m.size, m.amount);
                if (round >= 0) {
                    c.recordRate(round, m.amount, nanos);
                }
            } catch (IOException e) {
                throw new IOException(c.transport.name + ", " + c.style.label + ", "
                        + c.measure.title() + ": " + e, e);
            }
            return;
        }
        try (Link link = c.transport.open(c.style, dir, "s")) {
            if (m.throughput) {
                long nanos = Workloads.stream(link, c.style, m.size, m.amount);
                if (round >= 0) {
                    c.recordThroughput(round, m.amount, nanos);
                }
            } else {
                long[] trips = Workloads.roundTrips(link, c.style, m.size, m.warmup,
                        (int) m.amount);
                if (round >= 0) {
                    c.recordTrips(round, trips);
                }
            }
        } catch (IOException e) {
            throw new IOException(c.transport.name + ", " + c.style.label + ", "
                    + c.measure.title() + ": " + e, e);
        }
    }

    /**
     * Returns what to measure: uds4j with each available provider (or only {@code only}, or
     * the one the system property forces), each followed by its backend's own API (the ffm
     * provider has none), then TCP. Each provider found but unavailable here goes to {@code
     * skipped} as its name and the reason, such as ffm on a Java older than 22.
     */
    static List<Transport> transports(String only, List<String> skipped) {
        String wanted = only;
        if (wanted == null) {
            String forced = System.getProperty(PROVIDER_PROPERTY);
            if (forced != null && !forced.trim().isEmpty()) {
                wanted = forced.trim();
            }
        }
        List<String> names = new ArrayList<String>();
        if (wanted != null) {
            names.add(wanted);
        } else {
            for (ProviderInfo p : UnixSockets.report().candidates()) {
                if (p.isAvailable()) {
                    names.add(p.name());
                } else {
                    skipped.add(p.name() + ": " + p.reason());
                }
            }
            if (names.isEmpty()) {
                UnixSockets.backend(); // throws, saying why each provider cannot work
            }
        }
        List<Transport> transports = new ArrayList<Transport>();
        for (String name : names) {
            UnixSocketBackend provider = UnixSockets.backend(name);
            transports.add(new Uds4jTransport(provider));
            String backend = provider.name().toLowerCase(Locale.ROOT);
            if (backend.equals("jdk16")) {
                Transport raw = JdkRawTransport.createOrNull();
                if (raw != null) {
                    transports.add(raw);
                }
            } else if (backend.equals("junixsocket")) {
                transports.add(new JunixRawTransport());
            }
        }
        transports.add(new TcpTransport());
        return transports;
    }

    /** The line that tells how far the run is. */
    private static final class Progress {
        private final PrintStream err;
        private final boolean terminal;
        private final int total;
        private int done;
        private int shown;

        Progress(PrintStream err, boolean terminal, int total) {
            this.err = err;
            this.terminal = terminal;
            this.total = total;
        }

        void round(String name) {
            if (terminal) {
                show("uds bench: " + name);
            } else {
                err.println("uds bench: " + name);
                err.flush();
            }
        }

        void step(String what) {
            done++;
            if (terminal) {
                show(String.format(Locale.ROOT, "uds bench: %d/%d %s", done, total, what));
            }
        }

        private void show(String line) {
            StringBuilder b = new StringBuilder("\r").append(line);
            for (int i = line.length(); i < shown; i++) {
                b.append(' ');
            }
            shown = line.length();
            err.print(b);
            err.flush();
        }

        void done() {
            if (terminal && shown > 0) {
                StringBuilder b = new StringBuilder("\r");
                for (int i = 0; i < shown; i++) {
                    b.append(' ');
                }
                err.print(b.append('\r'));
                err.flush();
                shown = 0;
            }
        }
    }
}
