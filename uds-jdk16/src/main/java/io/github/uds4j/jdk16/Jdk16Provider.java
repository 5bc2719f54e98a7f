package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.Availability;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * The provider on the JDK's own Unix domain socket channels ({@link StandardProtocolFamily#UNIX},
 * {@link java.net.UnixDomainSocketAddress}), for Java 16 and newer. It needs no native code of its
 * own.
 *
 * <p>What it cannot do, because the JDK does not: a native {@code socketpair} (pairs are made
 * through a short-lived listener in a private directory), the peer's process id, abstract names,
 * and read timeouts. The peer's user and group, which the JDK reports by name, are mapped back to
 * numeric ids from {@code /etc/passwd} and {@code /etc/group} (see {@code IdLookup}).
 *
 * <p>Users do not call this class: {@link io.github.uds4j.UnixSockets} finds it with {@link
 * java.util.ServiceLoader}. Its name is {@code jdk16} and its priority 200.
 */
public final class Jdk16Provider implements UnixSocketProvider {
    static final String NAME = "jdk16";

    /** Creates the provider; does nothing else. */
    public Jdk16Provider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 200;
    }

    /**
     * Tells whether this JDK and platform support {@code UNIX} socket channels. Never throws.
     *
     * <p>The JDK supports them on every Unix-like platform it runs on, so there the answer is
     * given without opening a channel: the first channel of the {@code UNIX} family costs a fresh
     * JVM some 20 ms of the JDK's own set-up (its {@code SecureRandom} for temporary names, its
     * selector provider), which the first connect or bind pays anyway and choosing a provider
     * need not. On Windows, where support depends on the version, a channel is opened and closed
     * to find out.
     */
    @Override
    public Availability availability() {
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            return Availability.available();
        }
        return Probe.AVAILABILITY;
    }

    /** Returns {@link UnixSocketCapability#EMULATED_SOCKETPAIR} and, where the platform has
     * {@code SO_PEERCRED}, {@link UnixSocketCapability#PEER_CREDENTIALS}. */
    @Override
    public Set<UnixSocketCapability> capabilities() {
        return Probe.CAPABILITIES;
    }

    /**
     * Connects to {@code address}.
     *
     * @throws java.net.SocketTimeoutException if {@code timeoutMillis} is positive and passed
     *     first, also while the server's backlog is full; the message names the path
     * @throws IOException any other failure, as the JDK reports it
     */
    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        return connect(address, timeoutMillis, null);
    }

    /**
     * {@inheritDoc} A cancel closes the connecting channel, which the JDK wakes at once.
     */
    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation) throws IOException {
        Objects.requireNonNull(address, "address == null");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must not be negative, was "
                    + timeoutMillis);
        }
        SocketChannel channel = Connector.connect(address, timeoutMillis, cancellation);
        try {
            return new Jdk16Socket(channel);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * Listens at {@code privatePath} with a {@link ServerSocketChannel}.
     *
     * @throws IOException as the JDK reports it
     */
    @Override
    public ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        Objects.requireNonNull(privatePath, "privatePath == null");
        Objects.requireNonNull(address, "address == null");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be 1 or more, was " + backlog);
        }
        return Jdk16ListeningSocket.bind(privatePath, address, backlog);
    }

    /**
     * Returns two connected sockets, made through a listener in a private directory of
     * uds-api's socket-file mechanism that is removed before this method returns.
     *
     * @throws IOException if the pair cannot be made
     */
    @Override
    public UnixSocket[] openPair() throws IOException {
        return SocketPairs.open();
    }

    /** Returns whether {@code SO_PEERCRED} can be read on this platform. */
    static boolean peerCredentialsSupported() {
        return Probe.PEER_CREDENTIALS;
    }

    @Override
    public String toString() {
        return "Jdk16Provider";
    }

    /** Asks the JDK once, on first use, what it supports. Never throws. */
    private static final class Probe {
        static final Availability AVAILABILITY;
        static final boolean PEER_CREDENTIALS;
        static final Set<UnixSocketCapability> CAPABILITIES;

        static {
            Availability availability;
            boolean peerCredentials = false;
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                availability = Availability.available();
                peerCredentials = supportsPeerCredentials(channel);
            } catch (UnsupportedOperationException e) {
                availability = Availability.unavailable("this JDK (" + System.getProperty(
                        "java.version") + " on " + System.getProperty("os.name")
                        + ") does not support Unix domain socket channels", e);
            } catch (IOException | RuntimeException | LinkageError e) {
                availability = Availability.unavailable(
                        "cannot open a Unix domain socket channel: " + e, e);
            }
            EnumSet<UnixSocketCapability> caps = EnumSet.of(UnixSocketCapability.EMULATED_SOCKETPAIR);
            if (peerCredentials) {
                caps.add(UnixSocketCapability.PEER_CREDENTIALS);
            }
            AVAILABILITY = availability;
            PEER_CREDENTIALS = peerCredentials;
            CAPABILITIES = Collections.unmodifiableSet(caps);
        }

        private static boolean supportsPeerCredentials(SocketChannel channel) {
            try {
                return channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED);
            } catch (RuntimeException | LinkageError e) {
                return false; // a runtime image without the jdk.net module
            }
        }
    }
}
