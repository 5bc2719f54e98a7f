package io.github.uds4j.spi;

/**
 * Whether a provider can work in this JVM, and if not, why, in one sentence.
 */
public final class Availability {
    private static final Availability AVAILABLE = new Availability(true, "available", null);

    private final boolean available;
    private final String reason;
    private final Throwable cause;

    private Availability(boolean available, String reason, Throwable cause) {
        this.available = available;
        this.reason = reason;
        this.cause = cause;
    }

    /**
     * Returns the answer for a provider that works here.
     *
     * @return the one instance that says available
     */
    public static Availability available() {
        return AVAILABLE;
    }

    /**
     * Returns the answer for a provider that cannot work here.
     *
     * @param reason one sentence a person can act on, such as {@code requires Java 16, running 1.8.0_402}
     * @param cause the underlying failure, or null
     * @return the answer
     * @throws NullPointerException if {@code reason} is null
     */
    public static Availability unavailable(String reason, Throwable cause) {
        if (reason == null) {
            throw new NullPointerException("reason == null");
        }
        return new Availability(false, reason, cause);
    }

    /**
     * Returns whether the provider works here.
     *
     * @return true if the provider may be chosen
     */
    public boolean isAvailable() {
        return available;
    }

    /**
     * Returns why the provider cannot work here, or {@code available}.
     *
     * @return the reason given to {@link #unavailable}, or {@code available}
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the underlying failure, or null.
     *
     * @return the cause given to {@link #unavailable}, or null
     */
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        return reason;
    }
}
