package io.github.uds4j.ffm;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.Availability;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The provider for Java 22 and newer that calls libc through the Foreign Function &amp; Memory
 * API ({@code java.lang.foreign}): every capability, no JNI, nothing to extract or build per
 * platform. Linux on x86_64 and aarch64.
 *
 * <p>Its name is {@code ffm} and its priority 150: below jdk16 (200), whose streams need no
 * native access and do not pin virtual threads, above junixsocket (100), so that what jdk16
 * cannot do goes here first. On JDK 24 and newer, calling libc is a restricted operation: run
 * with {@code --enable-native-access=ALL-UNNAMED} (or the module's name), or the JVM prints a
 * warning on first use.
 */
public final class FfmProvider implements UnixSocketProvider {
    static final String NAME = "ffm";

    private static final Set<UnixSocketCapability> CAPABILITIES = Collections.unmodifiableSet(
            EnumSet.of(UnixSocketCapability.NATIVE_SOCKETPAIR,
                    UnixSocketCapability.PEER_CREDENTIALS, UnixSocketCapability.PEER_PID,
                    UnixSocketCapability.ABSTRACT_NAMESPACE,
                    UnixSocketCapability.DATAGRAM, UnixSocketCapability.SEQPACKET,
                    UnixSocketCapability.FD_PASSING));

    /** Creates the provider; loads nothing. */
    public FfmProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 150;
    }

    /**
     * Available on Linux on x86_64 or aarch64, once libc's functions are bound. Never throws.
     */
    @Override
    public Availability availability() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux")) {
            return Availability.unavailable("runs on Linux only, this is " + os, null);
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return Availability.unavailable("runs on x86_64 and aarch64 only, this is " + arch,
                    null);
        }
        try {
            Class.forName(LibC.class.getName(), true, FfmProvider.class.getClassLoader());
            return Availability.available();
        } catch (LinkageError | RuntimeException | ClassNotFoundException e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null
                    ? e.getCause() : e;
            return Availability.unavailable("cannot bind libc's socket functions: " + cause, e);
        }
    }

    @Override
    public Set<UnixSocketCapability> capabilities() {
        return CAPABILITIES;
    }

    // ---- streams and seqpacket ----

    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        return connect(address, timeoutMillis, null);
    }

    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation) throws IOException {
        return connect(address, timeoutMillis, cancellation, UnixSocketType.STREAM);
    }

    @Override
    public UnixSocket connectSeqpacket(UnixSocketAddress address, long timeoutMillis)
            throws IOException {
        return connect(address, timeoutMillis, null, UnixSocketType.SEQPACKET);
    }

    /**
     * Connects without blocking in {@code connect(2)}: a full backlog makes a non-blocking
     * connect fail with {@code EAGAIN}, and it is tried again on the same socket after a pause
     * that grows from 0.1 to 10 ms (parked below 1 ms, from then on in {@link
     * Native#connectPause}), so that a time limit, a cancel, a close or an interrupt (which closes
     * the socket and throws {@link ClosedByInterruptException}, as the JDK's channels do) is
     * noticed within 10 ms. An uncontended connect is one {@code connect(2)}.
     */
    private static UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation, UnixSocketType type) throws IOException {
        Objects.requireNonNull(address, "address == null");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must not be negative, was "
                    + timeoutMillis);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ClosedByInterruptException();
        }
        int s = Native.socket(nativeType(type));
        SocketFd guard = new SocketFd(s);
        boolean ok = false;
        try {
            if (cancellation != null) {
                cancellation.closeOnCancel(guard::close);
            }
            if (type == UnixSocketType.SEQPACKET) {
                Ancillary.passCredentials(s);
            }
            Native.fcntl(s, LibC.F_SETFL, Native.fcntl(s, LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
            long deadline = Timeouts.deadline(timeoutMillis);
            long pause = 100_000;
            while (true) {
                int f = guard.enter();
                int r;
                try {
                    r = Native.connect(f, address);
                } finally {
                    guard.leave();
                }
                if (r == 0) {
                    break;
                }
                if (timeoutMillis > 0 && Timeouts.millisLeft(deadline) == 0) {
                    throw new SocketTimeoutException(address + ": connect timed out after "
                            + timeoutMillis + " ms (the server's backlog may be full)");
                }
                if (pause < 1_000_000) {
                    LockSupport.parkNanos(pause);
                } else {
                    Native.connectPause((int) (pause / 1_000_000));
                }
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
                if (Thread.currentThread().isInterrupted()) {
                    throw new ClosedByInterruptException();
                }
                if (cancellation != null) {
                    cancellation.check();
                }
            }
            int f = guard.enter();
            try {
                Native.fcntl(f, LibC.F_SETFL, Native.fcntl(f, LibC.F_GETFL, 0) & ~LibC.O_NONBLOCK);
            } finally {
                guard.leave();
            }
            if (cancellation != null) {
                cancellation.release(guard::close);
                cancellation.check();
            }
            ok = true;
        } catch (java.nio.channels.ClosedChannelException e) {
            if (cancellation != null && cancellation.isCancelled()) {
                throw ConnectCancellation.closed();
            }
            throw e;
        } finally {
            if (!ok) {
                guard.close();
            }
        }
        // The socket leaves the guard: it is the new socket's from here on.
        return new FfmSocket(s, type, null, address);
    }

    @Override
    public ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        return listen(privatePath, address, backlog, UnixSocketType.STREAM);
    }

    @Override
    public ListeningSocket bindSeqpacket(UnixSocketAddress privatePath,
            UnixSocketAddress address, int backlog) throws IOException {
        return listen(privatePath, address, backlog, UnixSocketType.SEQPACKET);
    }

    private static ListeningSocket listen(UnixSocketAddress privatePath,
            UnixSocketAddress address, int backlog, UnixSocketType type) throws IOException {
        Objects.requireNonNull(privatePath, "privatePath == null");
        Objects.requireNonNull(address, "address == null");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be 1 or more, was " + backlog);
        }
        int s = Native.socket(nativeType(type));
        try {
            if (type == UnixSocketType.SEQPACKET) {
                Ancillary.passCredentials(s); // accepted sockets inherit it
            }
            Native.bind(s, privatePath);
            Native.listen(s, backlog);
            Native.fcntl(s, LibC.F_SETFL, Native.fcntl(s, LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
            return new FfmListeningSocket(s, type, address);
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(s);
            throw e;
        }
    }

    @Override
    public UnixSocket[] openPair() throws IOException {
        return pair(UnixSocketType.STREAM);
    }

    @Override
    public UnixSocket[] openSeqpacketPair() throws IOException {
        return pair(UnixSocketType.SEQPACKET);
    }

    private static UnixSocket[] pair(UnixSocketType type) throws IOException {
        int[] sv = Native.socketpair(nativeType(type));
        try {
            if (type == UnixSocketType.SEQPACKET) {
                Ancillary.passCredentials(sv[0]);
                Ancillary.passCredentials(sv[1]);
            }
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(sv[0]);
            Native.closeQuietly(sv[1]);
            throw e;
        }
        return new UnixSocket[] {new FfmSocket(sv[0], type, null, null),
            new FfmSocket(sv[1], type, null, null)};
    }

    static int nativeType(UnixSocketType type) {
        switch (type) {
            case STREAM:
                return LibC.SOCK_STREAM;
            case SEQPACKET:
                return LibC.SOCK_SEQPACKET;
            default:
                return LibC.SOCK_DGRAM;
        }
    }

    // ---- datagrams ----

    @Override
    public UnixDatagramSocket openDatagram(UnixSocketAddress privatePath,
            UnixSocketAddress address) throws IOException {
        return FfmDatagramSocket.ofNew(privatePath, address);
    }

    @Override
    public UnixDatagramSocket[] openDatagramPair() throws IOException {
        return FfmDatagramSocket.ofPair();
    }

    // ---- adoption ----

    /**
     * {@inheritDoc} A connected Unix stream or seqpacket socket, checked before anything could
     * close it ({@link Adoption}); the socket owns a duplicate and the caller's {@code fd} is
     * closed.
     *
     * @throws IOException if {@code fd} is not one (it stays open and the caller's)
     */
    @Override
    public UnixSocket adoptSocket(FileDescriptor fd) throws IOException {
        Objects.requireNonNull(fd, "fd == null");
        return Adoption.adoptSocket(fd);
    }

    /**
     * {@inheritDoc} A listening Unix stream or seqpacket socket. It owns no file and does not
     * know its address.
     *
     * @throws IOException if {@code fd} is not one (it stays open and the caller's)
     */
    @Override
    public ListeningSocket adoptListening(FileDescriptor fd) throws IOException {
        Objects.requireNonNull(fd, "fd == null");
        return Adoption.adoptListening(fd);
    }

    /**
     * {@inheritDoc} A Unix datagram socket. It owns no file and does not know its address.
     *
     * @throws IOException if {@code fd} is not one (it stays open and the caller's)
     */
    @Override
    public UnixDatagramSocket adoptDatagram(FileDescriptor fd) throws IOException {
        Objects.requireNonNull(fd, "fd == null");
        return Adoption.adoptDatagram(fd);
    }

    @Override
    public String toString() {
        return "FfmProvider";
    }

}
