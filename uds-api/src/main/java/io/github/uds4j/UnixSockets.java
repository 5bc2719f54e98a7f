package io.github.uds4j;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Opens Unix domain sockets with the provider chosen for this JVM.
 *
 * <pre>{@code
 * UnixSocketAddress address = UnixSocketAddress.of("./uds_socket");
 * try (UnixServerSocket server = UnixSockets.bind(address);
 *      UnixSocket client = UnixSockets.connect(address);
 *      UnixSocket peer = server.accept()) {
 *     client.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
 *     ...
 * }
 * }</pre>
 *
 * <h2>Which provider does the work</h2>
 * The provider is chosen once, on first use, in this order:
 * <ol>
 *   <li>The system property {@code uds4j.provider=NAME} ({@code jdk16}, {@code ffm} or {@code
 *       junixsocket}):
 *       only that provider is used; if it is missing or cannot work here, every call fails with a
 *       {@link ProviderUnavailableException} naming the property and the reason.
 *   <li>Otherwise, of the providers that {@link java.util.ServiceLoader} finds and that can work
 *       here, the one with the highest priority: {@code jdk16} (200, Java 16+, no native code),
 *       then {@code ffm} (150, Java 22+, libc through {@code java.lang.foreign}), then {@code
 *       junixsocket} (100, JNI, Java 8+). Ties are broken by name, never by class
 *       path order.
 *   <li>If none can work, every call fails with a {@link ProviderUnavailableException} that
 *       lists each candidate and why it was rejected.
 * </ol>
 * A provider compiled for a newer Java than the one running is skipped and reported as
 * {@code requires Java N}. {@link #report()} tells what was found and chosen, and why.
 *
 * <h2>Routing by capability</h2>
 * An operation that needs a capability the chosen provider lacks ({@link
 * UnixSocketCapability}: datagrams, {@code SEQPACKET}, abstract names, descriptor passing) goes
 * to the available provider of highest priority that has it. On Java 17 with jdk16 and
 * junixsocket, streams use {@code jdk16} and datagrams {@code junixsocket}; junixsocket's classes
 * and native library are loaded only when the first such operation comes. On Java 22+ with ffm
 * too, datagrams go to {@code ffm} and junixsocket is not loaded. When {@code uds4j.provider}
 * forces a provider, nothing is routed elsewhere: the operation fails with an {@link
 * UnsupportedOperationException} naming the capability and the forced provider. When no
 * provider has the capability, it fails the same way, naming each provider and what it lacks.
 * The routing decides per operation: a socket stays with the provider that made it, so to pass
 * descriptors over a stream on Java 16+ make the stream with {@link
 * #backendWith(UnixSocketCapability...) backendWith(FD_PASSING)}.
 *
 * <h2>Errors</h2>
 * Failures have the same type on every provider and name the path: a missing file is a {@link
 * java.nio.file.NoSuchFileException}, a socket file nobody listens on a {@link
 * java.net.ConnectException}, a path in use a {@link java.net.BindException}, a file that is not a
 * socket a {@link java.nio.file.FileSystemException}, a lack of permission an {@link
 * java.nio.file.AccessDeniedException}.
 */
public final class UnixSockets {
    private UnixSockets() {}

    /**
     * Connects to the server listening at {@code address}, waiting as long as it takes.
     *
     * @param address the server's address
     * @return the connected socket
     * @throws NullPointerException if {@code address} is null
     * @throws java.nio.file.NoSuchFileException if there is no file at the path
     * @throws java.net.ConnectException if nobody listens on the socket file (a stale file)
     * @throws java.nio.file.FileSystemException if the file is not a socket
     * @throws java.nio.file.AccessDeniedException if the process may not connect
     * @throws java.nio.channels.ClosedByInterruptException if this thread is interrupted,
     *     before or during the connect (see {@link UnixSocket}); nothing stays open
     * @throws IOException for any other I/O error
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static UnixSocket connect(UnixSocketAddress address) throws IOException {
        return backendFor(address).connect(address);
    }

    /**
     * Connects a socket of {@code type} to the server listening at {@code address}: {@code
     * STREAM}, or {@code SEQPACKET} for one that keeps message boundaries. Routed to a provider
     * that has the type (see above).
     *
     * @param address the server's address: a path or an abstract name
     * @param type {@code STREAM} or {@code SEQPACKET}
     * @return the connected socket; its {@link UnixSocket#type()} is {@code type}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM}
     * @throws UnsupportedOperationException if no provider that may be used has the type
     * @throws IOException as for {@link #connect(UnixSocketAddress)}; a {@link
     *     java.nio.file.FileSystemException} "is a socket of another type" if the server's type
     *     differs
     */
    public static UnixSocket connect(UnixSocketAddress address, UnixSocketType type)
            throws IOException {
        return backendFor(address, type).connect(address, type, Duration.ZERO);
    }

    /**
     * Connects to the server listening at {@code address}, waiting at most {@code timeout}.
     *
     * <p>A connect waits only while the server's backlog is full (on Linux a stream connect
     * otherwise succeeds or fails at once), and one that can complete at once does, however short
     * the timeout. One that cannot never gives up before {@code timeout} has passed, and throws
     * soon after it: within about 1 ms on an idle machine, on both providers (measured on Linux,
     * 1 ms timeout against a full backlog, median of 50: 1.2 ms on jdk16, 1.3 ms on junixsocket;
     * junixsocket's kernel wait, counted in clock ticks, ends 20 ms early and the rest is spent in
     * attempts about every millisecond). A busy machine adds its scheduling delays to that.
     *
     * @param address the server's address
     * @param timeout how long the connect may take; zero means no limit
     * @return the connected socket
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws java.net.SocketTimeoutException if the connect did not complete in time, for
     *     example because the server's backlog is full
     * @throws IOException as for {@link #connect(UnixSocketAddress)}
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static UnixSocket connect(UnixSocketAddress address, Duration timeout)
            throws IOException {
        return backendFor(address).connect(address, timeout);
    }

    /**
     * Creates a socket file at {@code address} and listens on it, with {@link
     * BindOptions#defaults()}.
     *
     * @param address where to listen
     * @return the server
     * @throws IOException as for {@link #bind(UnixSocketAddress, BindOptions)}
     */
    public static UnixServerSocket bind(UnixSocketAddress address) throws IOException {
        return bind(address, BindOptions.defaults());
    }

    /**
     * Creates a socket file at {@code address} and listens on it. What happens to a file already
     * at the path is decided by {@link BindOptions#existingFile(ExistingFilePolicy)}: by default
     * a stale socket file of this user is replaced, anything else is left alone and the bind
     * fails. The socket is bound in a fresh private directory beside the path, given its mode
     * there, and published with {@code link(2)}, which never replaces a file; a file in the way
     * is removed only after it was moved aside atomically and found to be the stale socket that
     * was probed. So concurrent binders, a closing server and another local user can neither
     * make this bind remove or change their files nor make a server run without its file.
     *
     * @param address where to listen
     * @param options the backlog, the policy for an existing file, the permissions, …
     * @return the server; closing it removes the socket file if it is still the one created here
     * @throws NullPointerException if an argument is null
     * @throws java.nio.file.NoSuchFileException if the parent directory does not exist
     * @throws java.nio.file.FileAlreadyExistsException if something other than a socket is at
     *     the path (it is left alone)
     * @throws java.net.BindException if a running server listens at the path, a stale socket
     *     file of another user is there (unless the policy is {@link
     *     ExistingFilePolicy#REPLACE_STALE_ANY_OWNER}), another binder won the path meanwhile, or
     *     a socket file is there and the policy is {@link ExistingFilePolicy#FAIL}
     * @throws java.nio.file.AccessDeniedException if the process may not create the file, or the
     *     socket's directory or one above it is not safe from other users: owned by a user other
     *     than root and this process's, or writable by group or others without the sticky bit
     *     (the message names the directory)
     * @throws java.nio.file.FileSystemException if the socket's directory is too long for the
     *     private path the socket is bound at first (over 90 bytes)
     * @throws IOException for any other I/O error
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static UnixServerSocket bind(UnixSocketAddress address, BindOptions options)
            throws IOException {
        return backendFor(address).bind(address, options);
    }

    /**
     * Listens with a socket of {@code type} ({@code STREAM} or {@code SEQPACKET}) at {@code
     * address}, as {@link #bind(UnixSocketAddress, BindOptions)} does: a path gets the same
     * socket-file handling whatever the type. At an abstract name no file is made and none is
     * removed; file options are refused there.
     *
     * @param address a path or an abstract name
     * @param type {@code STREAM} or {@code SEQPACKET}
     * @param options as for {@link #bind(UnixSocketAddress, BindOptions)}
     * @return the server; the sockets it accepts have {@code type}
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM}, or {@code address}
     *     is an abstract name and {@code options} set permissions, a group or an existing-file
     *     policy
     * @throws UnsupportedOperationException if no provider that may be used can do it
     * @throws IOException as for {@link #bind(UnixSocketAddress, BindOptions)}; a {@link
     *     java.net.BindException} if an abstract name is in use
     */
    public static UnixServerSocket bind(UnixSocketAddress address, UnixSocketType type,
            BindOptions options) throws IOException {
        return backendFor(address, type).bind(address, type, options);
    }

    /**
     * Opens an unbound datagram socket: it can send to any address, and receive from a peer it
     * is connected to.
     *
     * @return the socket
     * @throws UnsupportedOperationException if no provider that may be used has {@link
     *     UnixSocketCapability#DATAGRAM}
     * @throws IOException if it cannot be made
     */
    public static UnixDatagramSocket openDatagram() throws IOException {
        return backendWith(UnixSocketCapability.DATAGRAM).openDatagram();
    }

    /**
     * Opens a datagram socket bound to {@code address}, with {@link BindOptions#defaults()}.
     *
     * @param address a path or an abstract name
     * @return the socket
     * @throws IOException as for {@link #bindDatagram(UnixSocketAddress, BindOptions)}
     */
    public static UnixDatagramSocket bindDatagram(UnixSocketAddress address) throws IOException {
        return bindDatagram(address, BindOptions.defaults());
    }

    /**
     * Opens a datagram socket bound to {@code address}. A path gets exactly the socket-file
     * handling of {@link #bind(UnixSocketAddress, BindOptions)}: a stale file replaced by the
     * same rules, a live socket of any type left alone, the mode and group set before the file
     * appears, the file removed on close only while it is still this socket's.
     *
     * @param address a path or an abstract name
     * @param options the existing-file policy, the permissions, the group (the backlog does not
     *     apply; neither do file options to an abstract name, which are refused)
     * @return the socket
     * @throws IllegalArgumentException if file options are given with an abstract name, or
     *     {@code allowedUids} (a datagram socket has no peer to check)
     * @throws UnsupportedOperationException if no provider that may be used has {@link
     *     UnixSocketCapability#DATAGRAM}
     * @throws IOException as for {@link #bind(UnixSocketAddress, BindOptions)}
     */
    public static UnixDatagramSocket bindDatagram(UnixSocketAddress address, BindOptions options)
            throws IOException {
        return backendFor(address, UnixSocketType.DATAGRAM).bindDatagram(address, options);
    }

    /**
     * Returns two datagram sockets connected to each other, like {@code socketpair(AF_UNIX,
     * SOCK_DGRAM)}: each write on one is one read on the other.
     *
     * @return the pair
     * @throws UnsupportedOperationException if no provider that may be used has {@link
     *     UnixSocketCapability#DATAGRAM}
     * @throws IOException if the pair cannot be made
     */
    public static UnixDatagramSocket[] openDatagramPair() throws IOException {
        return backendWith(UnixSocketCapability.DATAGRAM).openDatagramPair();
    }

    /**
     * Returns two sockets connected to each other, like {@code socketpair(2)}: what one writes
     * the other reads. Nothing is left in the file system. Where the provider has no native
     * socketpair ({@link UnixSocketCapability#EMULATED_SOCKETPAIR}) the pair is made through a
     * listener in a fresh private directory that is removed before this method returns.
     *
     * @return an array of two connected sockets
     * @throws IOException if the pair cannot be made
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static UnixSocket[] openPair() throws IOException {
        return backend().openPair();
    }

    /**
     * Returns two connected sockets of {@code type}: {@code STREAM} as {@link #openPair()}, or
     * {@code SEQPACKET}.
     *
     * @param type {@code STREAM} or {@code SEQPACKET}
     * @return an array of two connected sockets
     * @throws IllegalArgumentException if {@code type} is {@code DATAGRAM} (use {@link
     *     #openDatagramPair()})
     * @throws UnsupportedOperationException if no provider that may be used has the type
     * @throws IOException if the pair cannot be made
     */
    public static UnixSocket[] openPair(UnixSocketType type) throws IOException {
        if (type == UnixSocketType.SEQPACKET) {
            return backendWith(UnixSocketCapability.SEQPACKET).openPair(type);
        }
        return backend().openPair(type);
    }

    /**
     * Returns the provider that {@link #connect(UnixSocketAddress)} and the other static methods
     * use for something that needs {@code capabilities}: the chosen one if it has them all,
     * otherwise (unless {@code uds4j.provider} forces a provider) the available provider of
     * highest priority that has them. Sockets it makes have its capabilities, for example
     * {@code backendWith(FD_PASSING).connect(address)} for a stream that passes descriptors.
     *
     * @param capabilities what is needed, possibly nothing (then this is {@link #backend()})
     * @return the provider's sockets
     * @throws UnsupportedOperationException if no provider that may be used has them all; the
     *     message names what is missing and where
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static UnixSocketBackend backendWith(UnixSocketCapability... capabilities) {
        java.util.EnumSet<UnixSocketCapability> needed =
                java.util.EnumSet.noneOf(UnixSocketCapability.class);
        for (UnixSocketCapability c : capabilities) {
            if (c == null) {
                throw new NullPointerException("capability == null");
            }
            needed.add(c);
        }
        return Providers.selection().backendWith(needed);
    }

    private static UnixSocketBackend backendFor(UnixSocketAddress address) {
        return backendFor(address, UnixSocketType.STREAM);
    }

    /** The provider for a socket of {@code type} at {@code address}. */
    private static UnixSocketBackend backendFor(UnixSocketAddress address, UnixSocketType type) {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (type == null) {
            throw new NullPointerException("type == null");
        }
        java.util.EnumSet<UnixSocketCapability> needed =
                java.util.EnumSet.noneOf(UnixSocketCapability.class);
        if (address.isAbstract()) {
            needed.add(UnixSocketCapability.ABSTRACT_NAMESPACE);
        }
        if (type == UnixSocketType.SEQPACKET) {
            needed.add(UnixSocketCapability.SEQPACKET);
        } else if (type == UnixSocketType.DATAGRAM) {
            needed.add(UnixSocketCapability.DATAGRAM);
        }
        return Providers.selection().backendWith(needed);
    }

    /**
     * Returns the provider chosen for this JVM, choosing it on the first call, with everything
     * uds-api adds to it. The static methods of this class use it.
     *
     * @return the chosen provider's sockets
     * @throws ProviderUnavailableException if no provider can work here; every call throws a
     *     fresh one, with the original failure as its cause
     */
    public static UnixSocketBackend backend() {
        return Providers.selection().backend();
    }

    /**
     * Returns the provider named {@code name}, such as {@code jdk16} or {@code junixsocket},
     * whichever provider this JVM chose, so that a tool can compare providers side by side. Its
     * sockets have every check and guarantee of this class's. Asks that provider whether it can
     * work here, which may load its native code.
     *
     * @param name the provider's name, ignoring case
     * @return that provider's sockets
     * @throws NullPointerException if {@code name} is null
     * @throws ProviderUnavailableException if no provider of that name is on the class path or
     *     module path, or it cannot work here; the message says which, and why
     */
    public static UnixSocketBackend backend(String name) {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        return Providers.selection().named(name);
    }

    /**
     * Returns what the chosen provider can do.
     *
     * @return the capabilities
     * @throws ProviderUnavailableException if no provider can work here
     */
    public static Set<UnixSocketCapability> capabilities() {
        return backend().capabilities();
    }

    /**
     * Returns every provider found, whether each can work here and why not, what each can do,
     * and which was chosen and why. This asks every provider, including those the selection did
     * not need, so it may load a provider's native code. Never throws.
     *
     * @return the report
     */
    public static ProviderReport report() {
        return Providers.selection().report();
    }
}
