package io.github.uds4j.cli.bench;

/** The figures of one measurement, one I/O style and one transport, one per round and metric. */
final class Cell {
    final Measure measure;
    final Style style;
    final Transport transport;
    /** [metric][round]. */
    final double[][] values;
    /** Why this cell is not measured (a provider without datagrams), or null. */
    final String lacking;

    Cell(Measure measure, Style style, Transport transport, int rounds) {
        this(measure, style, transport, rounds, null);
    }

    Cell(Measure measure, Style style, Transport transport, int rounds, String lacking) {
        this.measure = measure;
        this.style = style;
        this.transport = transport;
        this.lacking = lacking;
        this.values = new double[measure.metrics().length][rounds];
        if (lacking != null) {
            for (double[] v : values) {
                java.util.Arrays.fill(v, Double.NaN);
            }
        }
    }

    /** Records the figures of one round from a streaming run of {@code nanos}. */
    void recordThroughput(int round, long bytes, long nanos) {
        values[0][round] = bytes / (1024.0 * 1024.0) / (Math.max(nanos, 1) / 1e9);
    }

    /** Records the figure of one round that moved {@code messages} datagrams in {@code nanos}. */
    void recordRate(int round, long messages, long nanos) {
        values[0][round] = messages / (Math.max(nanos, 1) / 1e9);
    }

    /** Records the figures of one round from the times of its trips, in nanoseconds. */
    void recordTrips(int round, long[] trips) {
        long[] sorted = trips.clone();
        java.util.Arrays.sort(sorted);
        values[0][round] = Stats.mean(trips) / 1000.0;
        values[1][round] = Stats.percentile(sorted, 50) / 1000.0;
        values[2][round] = Stats.percentile(sorted, 99) / 1000.0;
    }
}
