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

    /**
     * Returns the provider's name, such as {@code jdk16} or {@code junixsocket}.
     *
     * @return the name {@link UnixSockets#backend(String)} takes
     */
    public String name() {
        return provider.name();
    }

    /**
     * Returns what this provider can do.
     *
     * @return an unmodifiable set; an operation that needs a capability not in it throws {@link UnsupportedOperationException}
     */
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
        return connect(address, UnixSocketType.STREAM, Timeouts.toMillis(timeout, "timeout"));
    }

    /**
     * Connects a socket of {@code type} ({@code STREAM} or {@code SEQPACKET}); see {@link
     * UnixSockets#connect(UnixSocketAddress, UnixSocketType)}.
     *
     * @param address the server's address
     * @param type the socket's type
     * @param timeout how long the connect may take; zero means no limit
     * @return the connected socket
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM} or the timeout is
     *     negative
     * @throws UnsupportedOperationException if this provider lacks the capability the type or
     *     the address needs ({@code SEQPACKET}, {@code ABSTRACT_NAMESPACE})
     * @throws IOException as for {@link UnixSockets#connect(UnixSocketAddress)}
     */
    public UnixSocket connect(UnixSocketAddress address, UnixSocketType type, Duration timeout)
            throws IOException {
        return connect(address, type, Timeouts.toMillis(timeout, "timeout"));
    }

    private UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        return connect(address, UnixSocketType.STREAM, timeoutMillis);
    }

    private UnixSocket connect(UnixSocketAddress address, UnixSocketType type,
            long timeoutMillis) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        requireConnectionType(type);
        requireAddress(address);
        if (Thread.currentThread().isInterrupted()) {
            // As a blocking SocketChannel's connect: an interrupted thread does not connect. The
            // providers' limited connects start without blocking and would not notice.
            throw new ClosedByInterruptException();
        }
        try {
            return type == UnixSocketType.SEQPACKET
                    ? provider.connectSeqpacket(address, timeoutMillis)
                    : provider.connect(address, timeoutMillis);
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
        requireAddress(address);
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
    public UnixServerSocket bind(UnixSocketAddress address, BindOptions options)
            throws IOException {
        return bind(address, UnixSocketType.STREAM, options);
    }

    /**
     * Listens with a socket of {@code type} ({@code STREAM} or {@code SEQPACKET}); see {@link
     * UnixSockets#bind(UnixSocketAddress, UnixSocketType, BindOptions)}.
     *
     * @param address where to listen: a path, or an abstract name
     * @param type the socket's type
     * @param options the backlog, the policy for an existing file, the permissions, …
     * @return the server; its accepted sockets have {@code type}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM}, or {@code address}
     *     is an abstract name and {@code options} set file options (permissions, group, a
     *     policy for an existing file)
     * @throws UnsupportedOperationException if this provider lacks the capability the type,
     *     the address or the options need
     * @throws IOException as for {@link UnixSockets#bind(UnixSocketAddress, BindOptions)}; a
     *     {@link java.net.BindException} if the abstract name is in use
     */
    public UnixServerSocket bind(final UnixSocketAddress address, final UnixSocketType type,
            final BindOptions options) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (options == null) {
            throw new NullPointerException("options == null");
        }
        requireConnectionType(type);
        requireAddress(address);
        checkAbstractOptions(address, options);
        if (options.allowedUids() != null
                && !capabilities.contains(UnixSocketCapability.PEER_CREDENTIALS)) {
            throw new UnsupportedOperationException("allowedUids needs "
                    + UnixSocketCapability.PEER_CREDENTIALS + ", which provider " + name()
                    + " lacks");
        }
        if (address.isAbstract()) {
            try {
                return new OwnedServerSocket(listen(address, address, type, options), address,
                        options);
            } catch (IOException e) {
                throw Failures.bind(address, e);
            }
        }
        SocketFiles.Published<ListeningSocket> published = SocketFiles.bind(address, options,
                new SocketFiles.Binding<ListeningSocket>() {
                    @Override
                    public ListeningSocket bind(UnixSocketAddress privatePath)
                            throws IOException {
                        return listen(privatePath, address, type, options);
                    }

                    @Override
                    public void probe(UnixSocketAddress at, long timeoutMillis)
                            throws IOException {
                        UnixSocketBackend.this.probe(at, timeoutMillis);
                    }
                });
        return new OwnedServerSocket(published, address, options);
    }

    private ListeningSocket listen(UnixSocketAddress at, UnixSocketAddress address,
            UnixSocketType type, BindOptions options) throws IOException {
        return type == UnixSocketType.SEQPACKET
                ? provider.bindSeqpacket(at, address, options.backlog())
                : provider.bind(at, address, options.backlog());
    }

    /**
     * Connects a stream socket to the socket file and closes it: that answers for a server of
     * any type, since a live datagram or seqpacket socket refuses with EPROTOTYPE and a stale
     * file with ECONNREFUSED.
     */
    private void probe(UnixSocketAddress at, long timeoutMillis) throws IOException {
        provider.connect(at, timeoutMillis).close();
    }

    /**
     * Opens an unbound datagram socket; see {@link UnixSockets#openDatagram()}.
     *
     * @return the socket
     * @throws UnsupportedOperationException if this provider lacks {@code DATAGRAM}
     * @throws IOException if it cannot be made
     */
    public UnixDatagramSocket openDatagram() throws IOException {
        require(UnixSocketCapability.DATAGRAM, "a datagram socket");
        return new OwnedDatagramSocket(provider.openDatagram(null, null), null);
    }

    /**
     * Opens a datagram socket bound to {@code address}; see {@link
     * UnixSockets#bindDatagram(UnixSocketAddress, BindOptions)}.
     *
     * @param address a path or an abstract name
     * @param options the policy for an existing file, the permissions, the group; the backlog
     *     does not apply
     * @return the socket
     * @throws IllegalArgumentException if {@code address} is an abstract name and {@code options}
     *     set file options, or {@code options} allow only some uids (datagrams carry no peer
     *     credentials)
     * @throws UnsupportedOperationException if this provider lacks {@code DATAGRAM} (or {@code
     *     ABSTRACT_NAMESPACE} for an abstract name)
     * @throws IOException as for {@link UnixSockets#bind(UnixSocketAddress, BindOptions)}
     */
    public UnixDatagramSocket bindDatagram(final UnixSocketAddress address,
            BindOptions options) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (options == null) {
            throw new NullPointerException("options == null");
        }
        require(UnixSocketCapability.DATAGRAM, "a datagram socket");
        requireAddress(address);
        checkAbstractOptions(address, options);
        if (options.allowedUids() != null) {
            throw new IllegalArgumentException(address + ": allowedUids applies to connections;"
                    + " a datagram socket has no peer to check");
        }
        if (address.isAbstract()) {
            try {
                return new OwnedDatagramSocket(provider.openDatagram(address, address), null);
            } catch (IOException e) {
                throw Failures.bind(address, e);
            }
        }
        SocketFiles.Published<UnixDatagramSocket> published = SocketFiles.bind(address, options,
                new SocketFiles.Binding<UnixDatagramSocket>() {
                    @Override
                    public UnixDatagramSocket bind(UnixSocketAddress privatePath)
                            throws IOException {
                        return provider.openDatagram(privatePath, address);
                    }

                    @Override
                    public void probe(UnixSocketAddress at, long timeoutMillis)
                            throws IOException {
                        UnixSocketBackend.this.probe(at, timeoutMillis);
                    }

                    /** Receivers reply to a datagram's sender by its kernel name. */
                    @Override
                    public boolean keepsPrivateName() {
                        return true;
                    }
                });
        return new OwnedDatagramSocket(published.socket(), published);
    }

    /**
     * Returns two datagram sockets connected to each other; see {@link
     * UnixSockets#openDatagramPair()}.
     *
     * @return the pair
     * @throws UnsupportedOperationException if this provider lacks {@code DATAGRAM}
     * @throws IOException if it cannot be made
     */
    public UnixDatagramSocket[] openDatagramPair() throws IOException {
        require(UnixSocketCapability.DATAGRAM, "a datagram socket pair");
        UnixDatagramSocket[] raw = provider.openDatagramPair();
        return new UnixDatagramSocket[] {new OwnedDatagramSocket(raw[0], null),
                new OwnedDatagramSocket(raw[1], null)};
    }

    UnixSocket adoptSocket(java.io.FileDescriptor fd) throws IOException {
        require(UnixSocketCapability.FD_PASSING, "a socket from a received descriptor");
        return provider.adoptSocket(fd);
    }

    UnixServerSocket adoptServer(java.io.FileDescriptor fd) throws IOException {
        require(UnixSocketCapability.FD_PASSING, "a server from a received descriptor");
        ListeningSocket raw = provider.adoptListening(fd);
        return new OwnedServerSocket(raw, null, BindOptions.defaults());
    }

    UnixDatagramSocket adoptDatagram(java.io.FileDescriptor fd) throws IOException {
        require(UnixSocketCapability.FD_PASSING, "a datagram socket from a received descriptor");
        require(UnixSocketCapability.DATAGRAM, "a datagram socket");
        return new OwnedDatagramSocket(provider.adoptDatagram(fd), null);
    }

    private void requireConnectionType(UnixSocketType type) {
        if (type == null) {
            throw new NullPointerException("type == null");
        }
        if (type == UnixSocketType.DATAGRAM) {
            throw new IllegalArgumentException("a datagram socket has no connections: use"
                    + " openDatagram() or bindDatagram()");
        }
        if (type == UnixSocketType.SEQPACKET) {
            require(UnixSocketCapability.SEQPACKET, "a SEQPACKET socket");
        }
    }

    private void requireAddress(UnixSocketAddress address) {
        if (address.isAbstract()) {
            require(UnixSocketCapability.ABSTRACT_NAMESPACE, address + ", an abstract name,");
        }
    }

    private static void checkAbstractOptions(UnixSocketAddress address, BindOptions options) {
        if (address.isAbstract() && options.hasFileOptions()) {
            throw new IllegalArgumentException(address + " is an abstract name: no file exists"
                    + " for it, so file options (permissions, group, existing-file policy) do not"
                    + " apply: " + options);
        }
    }

    /**
     * Throws {@link UnsupportedOperationException} naming {@code capability} and this provider
     * if it lacks it.
     */
    void require(UnixSocketCapability capability, String what) {
        if (!capabilities.contains(capability)) {
            throw new UnsupportedOperationException(what + " needs " + capability
                    + ", which provider " + name() + " lacks");
        }
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

    /**
     * Returns two connected sockets of {@code type} ({@code STREAM} or {@code SEQPACKET}).
     *
     * @param type the sockets' type
     * @return an array of two connected sockets
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM} (use {@link
     *     #openDatagramPair()})
     * @throws UnsupportedOperationException if this provider lacks {@code SEQPACKET}
     * @throws IOException if the pair cannot be made
     */
    public UnixSocket[] openPair(UnixSocketType type) throws IOException {
        requireConnectionType(type);
        return type == UnixSocketType.SEQPACKET ? provider.openSeqpacketPair() : openPair();
    }

    @Override
    public String toString() {
        return "UnixSocketBackend[" + name() + "]";
    }
}
