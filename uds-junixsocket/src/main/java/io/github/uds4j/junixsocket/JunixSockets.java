package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.ListeningSocket;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedByInterruptException;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** The socket operations of {@link JunixsocketProvider}, on junixsocket's channels. */
final class JunixSockets {
    private JunixSockets() {}

    /**
     * The longest a connect waits in the kernel at a time, for a full backlog: between such
     * waits it notices an interrupt.
     */
    static final long CONNECT_SLICE_MILLIS = 50;

    /**
     * Connects, in blocking mode. junixsocket ignores the timeout of {@code Socket.connect}, and a
     * non-blocking connect does not help either: when the backlog is full Linux fails it at once
     * with {@code EAGAIN} instead of leaving it pending. What does work is the kernel's own
     * bound on a blocking connect's wait, the send timeout {@code SO_SNDTIMEO}, which junixsocket
     * sets with {@code setSoTimeout}; it is reset to 0 (no limit) once connected.
     *
     * <p>That wait is also the only one an interrupt cannot end: closing the socket does not wake
     * a connect waiting for room in a backlog (junixsocket's channel closes it on an interrupt,
     * to no effect). So the kernel waits at most {@value #CONNECT_SLICE_MILLIS} ms at a time, and
     * an interrupted thread then gives up with a {@link ClosedByInterruptException}, the socket
     * closed, as the JDK's channels do at once.
     */
    static UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        AFUNIXSocketAddress target = toNative(address);
        AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
        try {
            long deadline = Timeouts.deadline(timeoutMillis);
            while (true) {
                long left = Timeouts.millisLeft(deadline);
                if (left == 0) {
                    throw connectTimedOut(address, timeoutMillis, null);
                }
                channel.socket().setSoTimeout((int) Math.min(left, CONNECT_SLICE_MILLIS));
                try {
                    channel.connect(target);
                    break;
                } catch (SocketTimeoutException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        ClosedByInterruptException x = new ClosedByInterruptException();
                        x.initCause(e);
                        throw x;
                    }
                    if (Timeouts.millisLeft(deadline) == 0) {
                        throw connectTimedOut(address, timeoutMillis, e);
                    }
                }
            }
            channel.socket().setSoTimeout(0);
            return new JunixUnixSocket(channel, null, address, null);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
    }

    private static SocketTimeoutException connectTimedOut(UnixSocketAddress address,
            long timeoutMillis, SocketTimeoutException cause) {
        SocketTimeoutException x = new SocketTimeoutException(address + ": connect timed out after "
                + timeoutMillis + " ms (the server's backlog may be full)");
        if (cause != null) {
            x.initCause(cause);
        }
        return x;
    }

    /**
     * Binds at {@code privatePath}, a path in uds-api's private directory where nothing else can
     * be, and listens. junixsocket's native bind would move away or unlink a file it finds at its
     * path; there it finds none.
     *
     * <p>junixsocket's accept also checks, before every call, that the file at the path it
     * bound is still the one it created, and closes the server when it is not. That path is the
     * private one, which uds-api removes once the socket is linked into place. So connections
     * are accepted on a second junixsocket server made on the same descriptor ({@code
     * FileDescriptorCast.using}), which knows no inode to check. The binding one is kept open
     * beside it and owns the descriptor: the cast one never closes it, and closing the binding
     * one early would shut the shared socket down.
     */
    static ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        AFUNIXServerSocketChannel binder = AFUNIXServerSocketChannel.open();
        AFUNIXServerSocketChannel acceptor = null;
        try {
            binder.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.FALSE);
            binder.setDeleteOnClose(false);
            binder.bind(toNative(privatePath), backlog);
            acceptor = FileDescriptorCast.using(binder.getFileDescriptor())
                    .as(AFUNIXServerSocket.class).getChannel();
            acceptor.setDeleteOnClose(false);
            acceptor.configureBlocking(true);
            return new JunixListeningSocket(acceptor, binder, address);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(acceptor, e);
            ProviderSupport.closeAfterFailure(binder, e);
            throw e;
        }
    }

    /** Returns two connected sockets made by {@code socketpair(2)}, both blocking. */
    static UnixSocket[] openPair() throws IOException {
        return SocketPairs.open();
    }

    static AFUNIXSocketAddress toNative(UnixSocketAddress address) throws IOException {
        return toNative(address.toString());
    }

    /** Encodes the path as the JDK's file APIs do; junixsocket itself would always use UTF-8. */
    private static AFUNIXSocketAddress toNative(String path) throws IOException {
        return AFUNIXSocketAddress.of(path.getBytes(ProviderSupport.fileNameCharset()));
    }

    /** Returns the address junixsocket reports, or null if it is unnamed or not a path. */
    static UnixSocketAddress fromNative(SocketAddress address) {
        if (!(address instanceof AFUNIXSocketAddress)) {
            return null;
        }
        AFUNIXSocketAddress a = (AFUNIXSocketAddress) address;
        try {
            if (!a.hasFilename()) {
                return null;
            }
            byte[] bytes = a.getPathAsBytes();
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return UnixSocketAddress.of(new String(bytes, ProviderSupport.fileNameCharset()));
        } catch (RuntimeException e) {
            return null; // a name uds4j cannot represent, such as one over 107 bytes
        }
    }

}
