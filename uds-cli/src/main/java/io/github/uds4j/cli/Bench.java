package io.github.uds4j.cli;

import io.github.uds4j.ProviderUnavailableException;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.cli.bench.Harness;
import io.github.uds4j.cli.bench.Settings;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code uds bench}: uds4j against its backends' own APIs and TCP, side by side. */
final class Bench implements Command {
    /** Sizes of {@code --quick}: a look in well under a minute. */
    static final long QUICK_BYTES = 64L << 20;
    static final int QUICK_TRIPS = 20000;
    static final int QUICK_ROUNDS = 3;
    static final int QUICK_MESSAGES = 20000;
    static final int STARTUP_RUNS = 5;
    static final int QUICK_STARTUP_RUNS = 2;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String synopsis() {
        return "bench [--provider NAME] [--bytes N] [--trips N] [--messages N] [--rounds N]"
                + " [--quick] [--json]";
    }

    @Override
    public String summary() {
        return "measure throughput, round trips, datagrams: uds4j, its backends' own APIs, TCP";
    }

    @Override
    public String description() {
        return "Measures, in one run, uds4j with every available provider, the backends' own\n"
                + "APIs as baselines (the JDK's Unix domain socket channels on Java 16+,\n"
                + "junixsocket's socket and channel), and Java's TCP over loopback:\n"
                + "  - one-way streaming with 64 KiB writes (--bytes, default 1 GiB) and with\n"
                + "    16-byte writes (1/64 of that), through byte[] streams, heap ByteBuffers\n"
                + "    and direct ByteBuffers;\n"
                + "  - round trips of 1-byte and 16-byte messages: mean, p50, p99 (--trips,\n"
                + "    default 200000, after a tenth as many unrecorded);\n"
                + "  - datagrams of 64 bytes and of 8 KiB sent one way over a connected pair,\n"
                + "    in messages per second (--messages, default 200000 of each size),\n"
                + "    through heap and direct ByteBuffers, for the providers that have them\n"
                + "    and junixsocket's own channel.\n"
                + "The ffm provider (Java 22+) has no API of its own: its ratios are to the\n"
                + "JDK's channel for streams and to junixsocket's for datagrams. On older Javas\n"
                + "its rows are left out, and the output says why.\n"
                + "A warm-up round goes first; then every measurement runs once per round,\n"
                + "interleaved, for --rounds rounds (default 5). Each figure is the median of\n"
                + "the rounds with the lowest and highest; beside each uds4j figure is its ratio\n"
                + "to the raw API of the same backend and I/O style. Then it checks the\n"
                + "targets it prints with the figures (what uds4j sets out to achieve against\n"
                + "the raw APIs and TCP), including a start-up check in fresh JVMs.\n"
                + "\n"
                + "The default run takes several minutes. On a machine with few CPUs, wake-ups\n"
                + "across CPUs dominate: run it on one CPU, as in 'taskset -c 0 ./uds bench'; it\n"
                + "warns when the process may use more than one. Progress goes to standard error.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("provider").hasArg().argName("NAME")
                .desc("measure only this provider (jdk16, junixsocket or ffm) and its"
                        + " baseline; default: every available one")
                .build());
        o.addOption(Option.builder().longOpt("bytes").hasArg().argName("N")
                .desc("bytes to stream per run with 64 KiB writes, such as 1G, 256M or 65536"
                        + " (default 1G; --quick: 64M)")
                .build());
        o.addOption(Option.builder().longOpt("trips").hasArg().argName("N")
                .desc("recorded round trips per run (default " + Settings.DEFAULT_TRIPS
                        + "; --quick: " + QUICK_TRIPS + ")")
                .build());
        o.addOption(Option.builder().longOpt("messages").hasArg().argName("N")
                .desc("datagrams per run and size (default " + Settings.DEFAULT_MESSAGES
                        + "; --quick: " + QUICK_MESSAGES + ")")
                .build());
        o.addOption(Option.builder().longOpt("rounds").hasArg().argName("N")
                .desc("rounds (default " + Settings.DEFAULT_ROUNDS + "; --quick: " + QUICK_ROUNDS
                        + ")")
                .build());
        o.addOption(Option.builder().longOpt("quick")
                .desc("smaller sizes for a first look; --bytes, --trips, --messages and"
                        + " --rounds still apply")
                .build());
        o.addOption(Option.builder().longOpt("json")
                .desc("print JSON instead of tables").build());
        return o;
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        boolean quick = line.hasOption("quick");
        long bytes = line.hasOption("bytes") ? size(line.getOptionValue("bytes"))
                : quick ? QUICK_BYTES : Settings.DEFAULT_BYTES;
        int trips = line.hasOption("trips") ? count("--trips", line.getOptionValue("trips"))
                : quick ? QUICK_TRIPS : Settings.DEFAULT_TRIPS;
        int messages = line.hasOption("messages")
                ? count("--messages", line.getOptionValue("messages"))
                : quick ? QUICK_MESSAGES : Settings.DEFAULT_MESSAGES;
        int rounds = line.hasOption("rounds") ? count("--rounds", line.getOptionValue("rounds"))
                : quick ? QUICK_ROUNDS : Settings.DEFAULT_ROUNDS;
        String provider = null;
        if (line.hasOption("provider")) {
            provider = line.getOptionValue("provider").trim();
            if (provider.isEmpty()) {
                throw new UsageException("--provider needs a name, such as jdk16, junixsocket"
                        + " or ffm");
            }
            try {
                UnixSockets.backend(provider);
            } catch (ProviderUnavailableException e) {
                Main.requireKnownProvider(provider); // else the run says why it cannot work
            }
        }
        Settings settings = new Settings(bytes, trips, rounds, messages, provider,
                line.hasOption("json"),
                quick ? QUICK_STARTUP_RUNS : STARTUP_RUNS);
        Harness.run(settings, Version.get(), io.out, io.err, io.terminal);
        return Main.OK;
    }

    /** Parses a byte count: digits with an optional K, M or G (powers of 1024), KiB etc. too. */
    static long size(String text) throws UsageException {
        String s = text.trim().toUpperCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("([0-9]{1,18})\\s*(?:([KMG])(?:I?B)?|B)?").matcher(s);
        if (!m.matches()) {
            throw new UsageException("invalid size '" + text
                    + "' for --bytes: use a number of bytes, optionally with K, M or G,"
                    + " such as 1G or 256M");
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : "KMG".indexOf(m.group(2)) * 10 + 10;
        if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
            throw new UsageException("invalid size '" + text + "' for --bytes: must be at"
                    + " least 1 byte");
        }
        return n << shift;
    }

    /** Parses a positive count. */
    static int count(String option, String text) throws UsageException {
        String s = text.trim();
        if (!s.matches("[0-9]{1,9}") || Integer.parseInt(s) < 1) {
            throw new UsageException("invalid value '" + text + "' for " + option
                    + ": use a whole number of 1 or more");
        }
        return Integer.parseInt(s);
    }
}
