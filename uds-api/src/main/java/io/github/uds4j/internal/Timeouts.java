package io.github.uds4j.internal;

import io.github.uds4j.UnixSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Checks and messages for time limits, the same for every provider: a provider validates a
 * {@link Duration} with {@link #toMillis(Duration, String)} and reports a limit that passed with
 * the exceptions made here.
 */
public final class Timeouts {
    /** Limits longer than this (about 146 years) are treated as no limit. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private Timeouts() {}

    /**
     * Returns {@code d} in whole milliseconds for a time limit: 0 for zero (no limit), at least 1
     * for any positive duration, and {@link Long#MAX_VALUE} for one too long to count.
     *
     * @param d the limit
     * @param what the parameter's name, for the messages
     * @return the limit in milliseconds
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public static long toMillis(Duration d, String what) {
        if (d == null) {
            throw new NullPointerException(what + " == null");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        if (d.isZero()) {
            return 0;
        }
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return ms == 0 ? 1 : ms;
    }

    /**
     * Returns the {@link System#nanoTime()} at which a limit of {@code millis} that starts now
     * passes, or {@link Long#MIN_VALUE} when there is no limit: {@code millis} is 0 or so large
     * that the deadline cannot be counted.
     *
     * @param millis the limit, 0 for none
     * @return the deadline, or {@link Long#MIN_VALUE}
     */
    public static long deadline(long millis) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        if (millis <= 0 || nanos > MAX_NANOS) {
            return Long.MIN_VALUE;
        }
        long d = System.nanoTime() + nanos;
        return d == Long.MIN_VALUE ? d + 1 : d;
    }

    /**
     * Returns the milliseconds left until {@code deadline} (from {@link #deadline(long)}),
     * rounded up, 0 once it has passed, or {@link Long#MAX_VALUE} for no deadline.
     *
     * @param deadline the deadline
     * @return the time left
     */
    public static long millisLeft(long deadline) {
        if (deadline == Long.MIN_VALUE) {
            return Long.MAX_VALUE;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (left + 999_999) / 1_000_000;
    }

    /**
     * Returns the exception for a read that waited {@code millis} for data in vain.
     *
     * @param address the socket's path if known, else null
     * @param millis the read timeout
     * @return the exception, to throw
     */
    public static SocketTimeoutException readTimedOut(UnixSocketAddress address, long millis) {
        return new SocketTimeoutException(prefix(address) + "read timed out after " + millis
                + " ms");
    }

    /**
     * Returns the exception for an accept that waited {@code millis} for a connection in vain.
     *
     * @param address the server's path if known, else null
     * @param millis the accept timeout
     * @return the exception, to throw
     */
    public static SocketTimeoutException acceptTimedOut(UnixSocketAddress address, long millis) {
        return new SocketTimeoutException(prefix(address) + "accept timed out after " + millis
                + " ms");
    }

    private static String prefix(UnixSocketAddress address) {
        return address == null ? "" : address + ": ";
    }
}
