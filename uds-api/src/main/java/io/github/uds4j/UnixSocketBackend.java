package io.github.uds4j;

import io.github.uds4j.internal.Failures;
import io.github.uds4j.internal.SocketFiles;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;

/**
 * One provider's sockets, with everything uds-api adds: the path checks, the safe handling of
 * socket files, permissions, removal on close, and the standard errors. {@link UnixSockets}
 * uses the one chosen for this JVM ({@link UnixSockets#backend()}); {@link
 * UnixSockets#backend(String)} gives a named one, so that a tool can compare providers side by
 * side with the same guarantees.
 */
public final class UnixSocketBackend {
    final UnixSocketProvider provider;
    private final Set<UnixSocketCapability> capabilities;

    UnixSocketBackend(UnixSocketProvider provider, Set<UnixSocketCapability> capabilities) {
        this.provider = provider;
        this.capabilities = Collections.unmodifiableSet(capabilities);
    }

    /** Returns the provider's name, such as {@code jdk16} or {@code junixsocket}. */
    public String name() {
        return provider.name();
    }

    /** Returns what this provider can do. */
    public Set<UnixSocketCapability> capabilities() {
        return capabilities;
    }

    /**
     * Connects to the server listening at {@code address}; see {@link
     * UnixSockets#connect(UnixSocketAddress)}.
     *
     * @param address the server's address
     * @return the connected socket
     * @throws NullPointerException if {@code address} is null
     * @throws IOException as for {@link UnixSockets#connect(UnixSocketAddress)}
     */
    public UnixSocket connect(UnixSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /**
     * Connects, waiting at most {@code timeout}; see {@link
     * UnixSockets#connect(UnixSocketAddress, Duration)}.
     *
     * @param address the server's address
     * @param timeout how long the connect may take; zero means no limit
     * @return the connected socket
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IOException as for {@link UnixSockets#connect(UnixSocketAddress, Duration)}
     */
    public UnixSocket connect(UnixSocketAddress address, Duration timeout) throws IOException {
        return connect(address, Timeouts.toMillis(timeout, "timeout"));
    }

    private UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (Thread.currentThread().isInterrupted()) {
            // As a blocking SocketChannel's connect: an interrupted thread does not connect. The
            // providers' limited connects start without blocking and would not notice.
            throw new ClosedByInterruptException();
        }
        try {
            return provider.connect(address, timeoutMillis);
        } catch (IOException e) {
            throw Failures.connect(address, e);
        }
    }

    /**
     * Connects as above; a {@link ConnectCancellation#cancel()} from another thread ends the
     * connect with a {@link java.net.SocketException} "Socket closed", whatever the provider
     * threw. {@code cancellation} must not be null.
     */
    UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        try {
            return provider.connect(address, timeoutMillis, cancellation);
        } catch (IOException e) {
            if (!cancellation.isCancelled()) {
                throw Failures.connect(address, e);
            }
            java.net.SocketException closed = ConnectCancellation.closed();
            if (e.getClass() == closed.getClass() && closed.getMessage().equals(e.getMessage())) {
                throw e; // the provider's own
            }
            closed.initCause(e);
            throw closed;
        }
    }

    /**
     * Creates a socket file at {@code address} and listens on it, with {@link
     * BindOptions#defaults()}; see {@link UnixSockets#bind(UnixSocketAddress)}.
     *
     * @param address where to listen
     * @return the server
     * @throws IOException as for {@link UnixSockets#bind(UnixSocketAddress, BindOptions)}
     */
    public UnixServerSocket bind(UnixSocketAddress address) throws IOException {
        return bind(address, BindOptions.defaults());
    }

    /**
     * Creates a socket file at {@code address} and listens on it; see {@link
     * UnixSockets#bind(UnixSocketAddress, BindOptions)}.
     *
     * @param address where to listen
     * @param options the backlog, the policy for an existing file, the permissions, …
     * @return the server
     * @throws NullPointerException if an argument is null
     * @throws UnsupportedOperationException if {@code options} allow only some uids and this
     *     provider cannot tell a peer's uid
     * @throws IOException as for {@link UnixSockets#bind(UnixSocketAddress, BindOptions)}
     */
    public UnixServerSocket bind(final UnixSocketAddress address, final BindOptions options)
            throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (options == null) {
            throw new NullPointerException("options == null");
        }
        if (options.allowedUids() != null
                && !capabilities.contains(UnixSocketCapability.PEER_CREDENTIALS)) {
            throw new UnsupportedOperationException("allowedUids needs "
                    + UnixSocketCapability.PEER_CREDENTIALS + ", which provider " + name()
                    + " lacks");
        }
        SocketFiles.Published<ListeningSocket> published = SocketFiles.bind(address, options,
                new SocketFiles.Binding<ListeningSocket>() {
                    @Override
                    public ListeningSocket bind(UnixSocketAddress privatePath)
                            throws IOException {
                        return provider.bind(privatePath, address, options.backlog());
                    }

                    @Override
                    public void probe(UnixSocketAddress at, long timeoutMillis)
                            throws IOException {
                        provider.connect(at, timeoutMillis).close();
                    }
                });
        return new OwnedServerSocket(published, address, options);
    }

    /**
     * Returns two sockets connected to each other; see {@link UnixSockets#openPair()}.
     *
     * @return an array of two connected sockets
     * @throws IOException if the pair cannot be made
     */
    public UnixSocket[] openPair() throws IOException {
        return provider.openPair();
    }

    @Override
    public String toString() {
        return "UnixSocketBackend[" + name() + "]";
    }
}
