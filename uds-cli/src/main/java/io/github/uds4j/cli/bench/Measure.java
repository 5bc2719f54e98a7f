package io.github.uds4j.cli.bench;

/** One kind of measurement: streaming with one write size, or round trips of one message size. */
final class Measure {
    /** Throughput in MiB/s: its name in the table and in the JSON output. */
    static final String[] THROUGHPUT_METRICS = {"MiB/s"};
    static final String[] THROUGHPUT_IDS = {"mibPerSecond"};
    /** Round-trip times in microseconds: their names in the table and in the JSON output. */
    static final String[] ROUND_TRIP_METRICS = {"mean", "p50", "p99"};
    static final String[] ROUND_TRIP_IDS = {"meanMicros", "p50Micros", "p99Micros"};

    /** The name in the JSON output, such as {@code throughput-65536} or {@code roundtrip-1}. */
    final String id;
    final boolean throughput;
    /** The write size, or the message size. */
    final int size;
    /** Bytes per run, or recorded trips per run. */
    final long amount;
    /** Unrecorded trips before them (round trips only). */
    final int warmup;

    private Measure(String id, boolean throughput, int size, long amount, int warmup) {
        this.id = id;
        this.throughput = throughput;
        this.size = size;
        this.amount = amount;
        this.warmup = warmup;
    }

    static Measure throughput(int writeSize, long bytes) {
        return new Measure("throughput-" + writeSize, true, writeSize, bytes, 0);
    }

    static Measure roundTrip(int messageSize, int trips, int warmup) {
        return new Measure("roundtrip-" + messageSize, false, messageSize, trips, warmup);
    }

    /** Returns the same measurement with a smaller amount, for the warm-up round. */
    Measure scaled(int divisor) {
        long a = Math.max(1, amount / divisor);
        return new Measure(id, throughput, size, a, (int) Math.max(1, warmup / divisor));
    }

    String[] metrics() {
        return throughput ? THROUGHPUT_METRICS : ROUND_TRIP_METRICS;
    }

    String[] metricIds() {
        return throughput ? THROUGHPUT_IDS : ROUND_TRIP_IDS;
    }

    /** A short title, such as {@code 64 KiB writes} or {@code 1-byte round trip}. */
    String title() {
        if (throughput) {
            return (size >= 1024 ? Format.size(size) : size + "-byte") + " writes";
        }
        return size + "-byte round trip";
    }
}
