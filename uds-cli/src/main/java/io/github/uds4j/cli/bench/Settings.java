package io.github.uds4j.cli.bench;

/** What {@code uds bench} measures and how much: the command line's choices, checked. */
public final class Settings {
    /** Bytes moved per run with 64 KiB writes unless told otherwise: 1 GiB. */
    public static final long DEFAULT_BYTES = 1L << 30;
    /** Recorded round trips per run unless told otherwise. */
    public static final int DEFAULT_TRIPS = 200000;
    /** Datagrams per run and size unless told otherwise. */
    public static final int DEFAULT_MESSAGES = 200000;
    /** Rounds unless told otherwise. */
    public static final int DEFAULT_ROUNDS = 5;
    /** The large write size. */
    static final int LARGE_WRITE = 64 * 1024;
    /** The small write size. */
    static final int SMALL_WRITE = 16;
    /** The datagram sizes: a small message, and a larger one. */
    static final int SMALL_DATAGRAM = 64;
    static final int LARGE_DATAGRAM = 8 * 1024;
    /** How many times fewer bytes the 16-byte writes move than the 64 KiB writes. */
    static final int SMALL_FRACTION = 64;

    final long bytes;
    final long smallBytes;
    final int trips;
    final int warmupTrips;
    final int rounds;
    /** Datagrams per run, for each size. */
    final int messages;
    /** Only this provider (and its backend's baseline), or null for every available one. */
    final String provider;
    final boolean json;
    /** Child JVMs timing the first {@code UnixSockets.backend()}; 0 skips that check. */
    final int startupRuns;

    /**
     * Checks and keeps the settings.
     *
     * @param bytes bytes per run with 64 KiB writes; the 16-byte writes move 1/64 of that
     * @param trips recorded round trips per run; a tenth as many go before them unrecorded
     * @param rounds how many times every measurement runs
     * @param messages datagrams per run, for each size
     * @param provider the only provider to measure, or null for all available
     * @param json whether to print JSON instead of tables
     * @param startupRuns how many child JVMs time the start-up, 0 for none
     * @throws IllegalArgumentException if a number is out of range
     */
    public Settings(long bytes, int trips, int rounds, int messages, String provider,
            boolean json, int startupRuns) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1, was " + bytes);
        }
        if (trips < 1) {
            throw new IllegalArgumentException("trips must be at least 1, was " + trips);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1, was " + messages);
        }
        if (startupRuns < 0) {
            throw new IllegalArgumentException("startupRuns must not be negative");
        }
        this.bytes = bytes;
        this.smallBytes = Math.max(SMALL_WRITE, bytes / SMALL_FRACTION);
        this.trips = trips;
        this.warmupTrips = Math.max(1, trips / 10);
        this.rounds = rounds;
        this.messages = messages;
        this.provider = provider;
        this.json = json;
        this.startupRuns = startupRuns;
    }
}
