package io.github.uds4j.cli.bench;

import java.util.Arrays;

/** Medians, ranges and percentiles. */
final class Stats {
    private Stats() {}

    /** Returns the median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return values.length == 0 ? Double.NaN : m;
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return values.length == 0 ? Double.NaN : m;
    }

    static double mean(long[] values) {
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /**
     * Returns the {@code p}-th percentile of {@code sorted} by the nearest-rank method: the
     * smallest value that at least {@code p} percent of the values do not exceed.
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
