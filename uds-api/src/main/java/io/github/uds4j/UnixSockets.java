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
 *   <li>The system property {@code uds4j.provider=NAME} ({@code jdk16} or {@code junixsocket}):
 *       only that provider is used; if it is missing or cannot work here, every call fails with a
 *       {@link ProviderUnavailableException} naming the property and the reason.
 *   <li>Otherwise, of the providers that {@link java.util.ServiceLoader} finds and that can work
 *       here, the one with the highest priority: {@code jdk16} (200, Java 16+, no native code)
 *       before {@code junixsocket} (100, JNI, Java 8+). Ties are broken by name, never by class
 *       path order.
 *   <li>If none can work, every call fails with a {@link ProviderUnavailableException} that
 *       lists each candidate and why it was rejected.
 * </ol>
 * A provider compiled for a newer Java than the one running is skipped and reported as
 * {@code requires Java N}. {@link #report()} tells what was found and chosen, and why.
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
        return backend().connect(address);
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
        return backend().connect(address, timeout);
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
        return backend().bind(address, options);
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
     *     it cannot work here; the message says which, and why
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
