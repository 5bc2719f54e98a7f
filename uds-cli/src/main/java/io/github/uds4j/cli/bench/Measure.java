package io.github.uds4j.cli.bench;

/** One kind of measurement: streaming with one write size, or round trips of one message size. */
final class Measure {
    /** Throughput in MiB/s: its name in the table and in the JSON output. */
    static final String[] THROUGHPUT_METRICS = {"MiB/s"};
    static final String[] THROUGHPUT_IDS = {"mibPerSecond"};
    /** Round-trip times in microseconds: their names in the table and in the JSON output. */
    static final String[] ROUND_TRIP_METRICS = {"mean", "p50", "p99"};
    static final String[] ROUND_TRIP_IDS = {"meanMicros", "p50Micros", "p99Micros"};
    /** Datagrams: messages per second. */
    static final String[] DATAGRAM_METRICS = {"msgs/s"};
    static final String[] DATAGRAM_IDS = {"messagesPerSecond"};

    /**
     * The name in the JSON output, such as {@code throughput-65536}, {@code roundtrip-1} or
     * {@code datagrams-64}.
     */
    final String id;
    /** Streaming, in MiB/s. */
    final boolean throughput;
    /** Datagrams sent one way, in messages per second (neither throughput nor round trips). */
    final boolean datagrams;
    /** The write size, or the message size. */
    final int size;
    /** Bytes per run, recorded trips per run, or datagrams per run. */
    final long amount;
    /** Unrecorded trips before them (round trips only). */
    final int warmup;

    private Measure(String id, boolean throughput, boolean datagrams, int size, long amount,
            int warmup) {
        this.id = id;
        this.throughput = throughput;
        this.datagrams = datagrams;
        this.size = size;
        this.amount = amount;
        this.warmup = warmup;
    }

    static Measure throughput(int writeSize, long bytes) {
        return new Measure("throughput-" + writeSize, true, false, writeSize, bytes, 0);
    }

    static Measure roundTrip(int messageSize, int trips, int warmup) {
        return new Measure("roundtrip-" + messageSize, false, false, messageSize, trips, warmup);
    }

    static Measure datagrams(int messageSize, long messages) {
        return new Measure("datagrams-" + messageSize, false, true, messageSize, messages, 0);
    }

    /** Returns the same measurement with a smaller amount, for the warm-up round. */
    Measure scaled(int divisor) {
        long a = Math.max(1, amount / divisor);
        return new Measure(id, throughput, datagrams, size, a, (int) Math.max(1, warmup / divisor));
    }

    String[] metrics() {
        return throughput ? THROUGHPUT_METRICS : datagrams ? DATAGRAM_METRICS : ROUND_TRIP_METRICS;
    }

    String[] metricIds() {
        return throughput ? THROUGHPUT_IDS : datagrams ? DATAGRAM_IDS : ROUND_TRIP_IDS;
    }

    /** The kind in the JSON output. */
    String kind() {
        return throughput ? "throughput" : datagrams ? "datagrams" : "roundtrip";
    }

    /**
     * A short title, such as {@code 64 KiB writes}, {@code 1-byte round trip} or {@code 8 KiB
     * datagrams}.
     */
    String title() {
        if (throughput || datagrams) {
            return (size >= 1024 ? Format.size(size) : size + "-byte")
                    + (throughput ? " writes" : " datagrams");
        }
        return size + "-byte round trip";
    }
}
