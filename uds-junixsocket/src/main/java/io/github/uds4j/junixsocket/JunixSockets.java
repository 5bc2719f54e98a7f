package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** The socket operations of {@link JunixsocketProvider}, on junixsocket's channels. */
final class JunixSockets {
    private JunixSockets() {}

    /**
     * Connects, in blocking mode. junixsocket ignores the timeout of {@code Socket.connect}, and
     * neither a close nor an interrupt wakes its connect: {@link JunixConnector} bounds and
     * cancels the wait with the kernel's send timeout {@code SO_SNDTIMEO} and non-blocking
     * attempts.
     *
     * @param cancel ends the connect from another thread; null when nothing can
     */
    static UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancel) throws IOException {
        AFUNIXSocketChannel channel = JunixConnector.connect(toNative(address), address,
                timeoutMillis, cancel);
        try {
            return new JunixUnixSocket(channel, null, address, null);
        } catch (RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
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
