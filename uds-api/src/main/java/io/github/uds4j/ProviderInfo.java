package io.github.uds4j;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the selection found out about one provider: its name, whether it can work here and why
 * not, and what it can do. Part of {@link UnixSockets#report()}.
 */
public final class ProviderInfo {
    private final String name;
    private final String className;
    private final int priority;
    private final boolean available;
    private final String reason;
    private final Set<UnixSocketCapability> capabilities;
    private final Throwable cause;

    ProviderInfo(String name, String className, int priority, boolean available, String reason,
            Set<UnixSocketCapability> capabilities, Throwable cause) {
        this.name = name;
        this.className = className;
        this.priority = priority;
        this.available = available;
        this.reason = reason;
        this.capabilities = capabilities.isEmpty()
                ? Collections.<UnixSocketCapability>emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.cause = cause;
    }

    /**
     * Returns the provider's name, such as {@code jdk16}.
     *
     * @return the name {@code -Duds4j.provider} and {@link UnixSockets#backend(String)} take
     */
    public String name() {
        return name;
    }

    /**
     * Returns the provider's class name.
     *
     * @return the fully qualified name of its {@code UnixSocketProvider} class
     */
    public String className() {
        return className;
    }

    /**
     * Returns the provider's priority, or {@link Integer#MIN_VALUE} if it could not be loaded.
     *
     * @return the priority; of the available providers the highest is chosen
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns whether the provider can work in this JVM.
     *
     * @return true if it loaded and its own check passed
     */
    public boolean isAvailable() {
        return available;
    }

    /**
     * Returns why the provider cannot work here, such as {@code requires Java 16, running 1.8.0_402}, or {@code available}.
     *
     * @return one sentence, for people
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns what the provider can do; empty when it is unavailable.
     *
     * @return an unmodifiable set
     */
    public Set<UnixSocketCapability> capabilities() {
        return capabilities;
    }

    /**
     * Returns the failure behind an unavailable provider, or null.
     *
     * @return the exception or error that made it unavailable, or null if there was none
     */
    public Throwable cause() {
        return cause;
    }

    /** Returns {@code jdk16: available} or {@code jdk16: unavailable — requires Java 16, running 1.8.0_402}. */
    @Override
    public String toString() {
        return name + (available ? ": available" : ": unavailable \u2014 " + reason);
    }
}
