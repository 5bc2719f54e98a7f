package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.spi.Availability;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;

/**
 * The provider for Java 8 and newer, on junixsocket 2.11 (JNI). Its name is {@code junixsocket},
 * its priority 100. Users do not call it directly: {@link io.github.uds4j.UnixSockets} finds it
 * with {@link java.util.ServiceLoader}.
 *
 * <p>Loading and constructing this class touches no junixsocket class and no native code, so a
 * JVM that picks another provider, or whose class path lacks junixsocket, pays nothing for it.
 * The native library is loaded by {@link #availability()} (and by {@link #nativeLibraryInfo()}),
 * and every junixsocket type is used only in package-private classes that those calls and the
 * socket operations reach.
 *
 * <p>Two junixsocket defaults are turned off because uds-api alone decides what is removed from
 * the file system: a listening socket neither replaces a file at its path when it binds nor
 * removes its socket file when it is closed.
 */
public final class JunixsocketProvider implements UnixSocketProvider {
    static final String NAME = "junixsocket";

    /** Creates the provider; cheap, loads nothing. */
    public JunixsocketProvider() {}

    /**
     * Describes junixsocket's native library for diagnostics such as the command line's {@code
     * info} command: whether it loaded, which one (as junixsocket names it), and from which file,
     * where the JVM tells ({@code /proc/self/maps} on Linux). Examples:
     * <pre>
     * junixsocket 2.11.1: loaded junixsocket-native-common/junixsocket-native-2.11.1 from /tmp/libtmp123libjunixsocket-native-2.11.1.so (extracted; removed after loading)
     * junixsocket: not loaded: junixsocket is not on the class path or module path (java.lang.NoClassDefFoundError: org/newsclub/net/unix/AFSocket); add com.kohlschutter.junixsocket:junixsocket-core
     * </pre>
     * Loads the native library if nothing has loaded it yet, as {@link #availability()} does.
     * Never throws.
     *
     * @return one line of text
     */
    public static String nativeLibraryInfo() {
        try {
            return NativeSupport.describe();
        } catch (LinkageError | RuntimeException e) {
            return NAME + ": not loaded: " + reasonFor(e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /**
     * Loads junixsocket's native library, once per JVM, and reports whether it works here. Never
     * throws: a missing junixsocket jar ({@link NoClassDefFoundError}) or a library that cannot be
     * loaded for this platform make an unavailable answer with the reason and the cause.
     */
    @Override
    public Availability availability() {
        try {
            return NativeSupport.availability();
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable(reasonFor(e), e);
        }
    }

    /**
     * Returns {@code NATIVE_LIBRARY}, and as junixsocket reports them for this platform: {@code
     * NATIVE_SOCKETPAIR}, {@code PEER_CREDENTIALS}, {@code PEER_PID} (Linux and macOS), {@code
     * ABSTRACT_NAMESPACE}, {@code DATAGRAM}, {@code FD_PASSING} (junixsocket's file descriptor
     * support) and {@code SEQPACKET} (Linux, where junixsocket's internals can be reached: see
     * {@link Seqpackets}); nothing when the provider is unavailable.
     */
    @Override
    public Set<UnixSocketCapability> capabilities() {
        if (!availability().isAvailable()) {
            return Collections.emptySet();
        }
        return NativeSupport.capabilities();
    }

    /**
     * Connects with a junixsocket channel. A positive timeout bounds the kernel's wait for room in
     * the server's backlog ({@code SO_SNDTIMEO}, removed once connected), and non-blocking
     * attempts keep it to about a millisecond.
     *
     * @throws java.net.SocketTimeoutException naming the path, if the timeout passes
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        return connect(address, timeoutMillis, null);
    }

    /**
     * {@inheritDoc} A close cannot wake junixsocket's connect, so one that can be cancelled
     * waits in the kernel in slices of 10 ms and notices a cancel within one (some 16 ms at
     * {@code HZ=250}).
     */
    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation) throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis < 0: " + timeoutMillis);
        }
        ensureAvailable();
        return JunixSockets.connect(address, timeoutMillis, cancellation);
    }

    /**
     * Binds at {@code privatePath} with junixsocket's server channel, which neither replaces a
     * file when it binds nor removes its socket file when it is closed.
     *
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        if (privatePath == null) {
            throw new NullPointerException("privatePath == null");
        }
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog < 1: " + backlog);
        }
        ensureAvailable();
        return JunixSockets.bind(privatePath, address, backlog);
    }

    /**
     * Returns a pair made by the kernel's {@code socketpair(2)}, without the two descriptors that
     * junixsocket 2.11.1's {@code AFUNIXSocketPair.open()} leaks per pair.
     *
     * @throws UnsupportedOperationException if junixsocket has no native socketpair here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixSocket[] openPair() throws IOException {
        ensureAvailable();
        if (!NativeSupport.capabilities().contains(UnixSocketCapability.NATIVE_SOCKETPAIR)) {
            throw new UnsupportedOperationException("openPair needs "
                    + UnixSocketCapability.NATIVE_SOCKETPAIR + ", which provider " + NAME
                    + " lacks here");
        }
        return JunixSockets.openPair();
    }

    /**
     * Opens a datagram socket with junixsocket, bound at {@code privatePath} or unbound. It
     * removes no file: junixsocket's deletion of the socket file on close is turned off.
     *
     * @throws UnsupportedOperationException if junixsocket has no Unix datagrams here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixDatagramSocket openDatagram(UnixSocketAddress privatePath,
            UnixSocketAddress address) throws IOException {
        require(UnixSocketCapability.DATAGRAM);
        if (privatePath != null && privatePath.isAbstract()) {
            require(UnixSocketCapability.ABSTRACT_NAMESPACE);
        }
        return JunixDatagramSocket.open(privatePath, address);
    }

    /**
     * Returns two connected datagram sockets made by {@code socketpair(2)}.
     *
     * @throws UnsupportedOperationException if junixsocket has no Unix datagrams or no native
     *     socketpair here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixDatagramSocket[] openDatagramPair() throws IOException {
        require(UnixSocketCapability.DATAGRAM);
        require(UnixSocketCapability.NATIVE_SOCKETPAIR);
        return JunixDatagramSocket.openPair();
    }

    /**
     * Makes a datagram socket of a received descriptor; see {@link
     * UnixSocketProvider#adoptDatagram}.
     *
     * @throws IOException if {@code fd} is not a Unix datagram socket (it stays the caller's)
     * @throws UnsupportedOperationException if this provider lacks {@code FD_PASSING} or {@code
     *     DATAGRAM} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixDatagramSocket adoptDatagram(FileDescriptor fd) throws IOException {
        if (fd == null) {
            throw new NullPointerException("fd == null");
        }
        require(UnixSocketCapability.FD_PASSING);
        require(UnixSocketCapability.DATAGRAM);
        return JunixDatagramSocket.adopt(fd);
    }

    /**
     * {@inheritDoc} A seqpacket socket in a junixsocket stream channel ({@link Seqpackets}),
     * connected as a stream one is: bounded and cancellable alike. A read returns one message;
     * see {@link JunixUnixSocket} for how truncation and empty messages are told.
     *
     * @throws UnsupportedOperationException if this provider lacks {@code SEQPACKET} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixSocket connectSeqpacket(UnixSocketAddress address, long timeoutMillis)
            throws IOException {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis < 0: " + timeoutMillis);
        }
        require(UnixSocketCapability.SEQPACKET);
        return Seqpackets.connect(address, timeoutMillis, null);
    }

    /**
     * {@inheritDoc} Binds with junixsocket's seqpacket (datagram class) socket, which neither
     * replaces a file when it binds nor removes its socket file when it is closed.
     *
     * @throws UnsupportedOperationException if this provider lacks {@code SEQPACKET} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public ListeningSocket bindSeqpacket(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        if (privatePath == null) {
            throw new NullPointerException("privatePath == null");
        }
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog < 1: " + backlog);
        }
        require(UnixSocketCapability.SEQPACKET);
        return Seqpackets.bind(privatePath, address, backlog);
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException if this provider lacks {@code SEQPACKET} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixSocket[] openSeqpacketPair() throws IOException {
        require(UnixSocketCapability.SEQPACKET);
        return Seqpackets.openPair();
    }

    /**
     * {@inheritDoc} A connected Unix stream socket, or (on Linux) seqpacket socket; checked before
     * anything could close it ({@link Adoption}).
     *
     * @throws IOException if {@code fd} is not one (it stays open and the caller's)
     * @throws UnsupportedOperationException if this provider lacks {@code FD_PASSING} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public UnixSocket adoptSocket(FileDescriptor fd) throws IOException {
        if (fd == null) {
            throw new NullPointerException("fd == null");
        }
        require(UnixSocketCapability.FD_PASSING);
        return Adoption.adoptSocket(fd);
    }

    /**
     * {@inheritDoc} A listening Unix stream socket, or (on Linux) seqpacket socket. It owns no
     * file and does not know its address.
     *
     * @throws IOException if {@code fd} is not one (it stays open and the caller's)
     * @throws UnsupportedOperationException if this provider lacks {@code FD_PASSING} here
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public ListeningSocket adoptListening(FileDescriptor fd) throws IOException {
        if (fd == null) {
            throw new NullPointerException("fd == null");
        }
        require(UnixSocketCapability.FD_PASSING);
        return Adoption.adoptListening(fd);
    }

    /** Makes sure the provider works and has {@code capability} here. */
    private void require(UnixSocketCapability capability) {
        ensureAvailable();
        if (!NativeSupport.capabilities().contains(capability)) {
            throw lacks(capability);
        }
    }

    private void ensureAvailable() {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new IllegalStateException("provider " + NAME + " is unavailable: " + a.reason(),
                    a.cause());
        }
    }

    /**
     * Says in one sentence why junixsocket cannot work, from what its loading threw: missing
     * (its class file is nowhere), on the module path but not resolved, present but not
     * loadable (the error as thrown), or a native library that does not load.
     */
    static String reasonFor(Throwable e) {
        String missing = missingClass(e);
        if (missing != null) {
            switch (ClassSearch.find(missing, JunixsocketProvider.class.getClassLoader())) {
                case NOWHERE:
                    return "junixsocket is not on the class path or module path (" + e
                            + "); add com.kohlschutter.junixsocket:junixsocket-core";
                case MODULE_PATH:
                    return "junixsocket is on the module path but its modules are not resolved ("
                            + e + "): put uds-junixsocket on the module path too (its module"
                            + " requires them), or add --add-modules org.newsclub.net.unix,"
                            + "com.kohlschutter.junixsocket.nativecommon";
                default:
                    return "junixsocket's classes are present but cannot be loaded: "
                            + withCauses(e);
            }
        }
        if (e instanceof LinkageError && !(e instanceof UnsatisfiedLinkError)
                && !(e instanceof ExceptionInInitializerError)
                && !(e instanceof NoClassDefFoundError)) {
            // a class file that is there but wrong: corrupt, too new, another junixsocket version
            return "junixsocket's classes are present but cannot be loaded: " + withCauses(e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "cannot load junixsocket's native library on " + platform() + ": "
                + (root.getMessage() != null ? root.getMessage() : root.toString());
    }

    /**
     * The class a {@link ClassNotFoundException} or {@link NoClassDefFoundError} says could not
     * be found, or null: also for "Could not initialize class", where the class was found and its
     * static initialiser (loading the native library) failed.
     */
    private static String missingClass(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return null;
        }
        if (e instanceof ClassNotFoundException) {
            return message;
        }
        if (e instanceof NoClassDefFoundError && !message.startsWith("Could not initialize")) {
            // "a/b/C", or on some JVMs "a/b/C (wrong name: ...)"
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }
        return null;
    }

    private static String withCauses(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        Throwable c = e.getCause();
        for (int i = 0; i < 8 && c != null && c != e; i++, c = c.getCause() == c ? null
                : c.getCause()) {
            b.append(", caused by ").append(c);
        }
        return b.toString();
    }

    static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }

    @Override
    public String toString() {
        return "JunixsocketProvider[" + NAME + ", priority 100]";
    }
}
