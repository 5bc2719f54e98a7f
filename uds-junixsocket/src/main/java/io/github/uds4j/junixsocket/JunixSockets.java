package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
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
        refuseListeningName(privatePath, SOCK_STREAM);
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

    /** {@code SOCK_STREAM} and {@code SOCK_SEQPACKET}, as {@code /proc/net/unix} shows them. */
    static final int SOCK_STREAM = 1;
    static final int SOCK_SEQPACKET = 5;
    /** {@code __SO_ACCEPTCON} in {@code /proc/net/unix}'s flags: the socket listens. */
    private static final int ACCEPTCON = 1 << 16;

    /**
     * Refuses to bind a stream or seqpacket socket at an abstract name that a listening socket
     * of that type holds, before junixsocket tries: when its bind fails, junixsocket connects to
     * the address to see whether it is in use, and at a listening server that connect succeeds,
     * so the server would accept a connection from nobody. (A path is bound in uds-api's private
     * directory, where nothing else is; a datagram socket's connect reaches no one's accept.)
     * The names are read from {@code /proc/net/unix} (Linux, the one platform with abstract
     * names); the check and the bind are two steps, so a server that takes the name between
     * them still sees that one connection.
     *
     * @throws BindException "Address already in use" if such a socket holds the name
     */
    static void refuseListeningName(UnixSocketAddress address, int type) throws IOException {
        if (address.isAbstract() && listens(address.abstractName(), type)) {
            throw new BindException("Address already in use");
        }
    }

    /** Whether {@code /proc/net/unix} shows a listening socket of {@code type} at the name. */
    private static boolean listens(byte[] name, int type) {
        char[] shown = new char[name.length + 1]; // as the kernel prints it: NULs as '@'
        shown[0] = '@';
        for (int i = 0; i < name.length; i++) {
            shown[i + 1] = name[i] == 0 ? '@' : (char) (name[i] & 0xff);
        }
        String wanted = new String(shown);
        String table;
        try (InputStream in = new FileInputStream("/proc/net/unix")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                out.write(b, 0, n);
            }
            table = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return false; // no such table here: junixsocket's own check stands
        }
        // Num RefCount Protocol Flags Type St Inode Path; the path is the rest of the line.
        for (String line : table.split("\n")) {
            int start = 0;
            while (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            String[] f = line.substring(start).split(" +", 8);
            if (f.length < 8 || !f[7].equals(wanted)) {
                continue;
            }
            try {
                if (Integer.parseInt(f[4], 16) == type
                        && (Integer.parseInt(f[3], 16) & ACCEPTCON) != 0) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // the header, or a line broken by a name with a newline
            }
        }
        return false;
    }

    /** Returns two connected sockets made by {@code socketpair(2)}, both blocking. */
    static UnixSocket[] openPair() throws IOException {
        return SocketPairs.open();
    }

    /**
     * Returns junixsocket's address for {@code address}. A path is encoded as the JDK's file APIs
     * encode it (junixsocket itself would always use UTF-8). An abstract name becomes a NUL and
     * exactly the name's bytes: junixsocket passes that length to the kernel without padding
     * (on Linux), so Python's {@code "\0name"}, socat's {@code ABSTRACT:name} and this name the
     * same socket; the longest, 107 bytes, fills {@code sun_path}.
     */
    static AFUNIXSocketAddress toNative(UnixSocketAddress address) throws IOException {
        if (address.isAbstract()) {
            byte[] name = address.abstractName();
            byte[] bytes = new byte[name.length + 1];
            System.arraycopy(name, 0, bytes, 1, name.length);
            return AFUNIXSocketAddress.of(bytes);
        }
        return AFUNIXSocketAddress.of(address.toString().getBytes(ProviderSupport.fileNameCharset()));
    }

    /**
     * Returns the address junixsocket reports for a socket's own name or its peer's ({@code
     * getsockname}, {@code getpeername}, which give the exact length), or null if it is unnamed
     * or not one uds4j can represent (a path over 106 bytes).
     */
    static UnixSocketAddress fromNative(SocketAddress address) {
        return fromNative(address, false);
    }

    /**
     * Returns the sender's address of a received datagram, or null if the sender is unnamed.
     * junixsocket reads a sender's address without its length, so an abstract name comes padded
     * with NULs to 107 bytes: the trailing NULs are dropped here. An abstract name that itself
     * ends with NUL bytes is therefore reported without them (a gap of junixsocket 2.11.1).
     */
    static UnixSocketAddress fromSender(SocketAddress address) {
        return fromNative(address, true);
    }

    private static UnixSocketAddress fromNative(SocketAddress address, boolean padded) {
        if (!(address instanceof AFUNIXSocketAddress)) {
            return null;
        }
        AFUNIXSocketAddress a = (AFUNIXSocketAddress) address;
        try {
            byte[] bytes = a.getPathAsBytes();
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            if (bytes[0] == 0) {
                int end = bytes.length;
                if (padded) {
                    while (end > 1 && bytes[end - 1] == 0) {
                        end--;
                    }
                }
                if (end <= 1) {
                    return null; // all NULs: junixsocket's sign of an unnamed sender
                }
                byte[] name = new byte[end - 1];
                System.arraycopy(bytes, 1, name, 0, name.length);
                return UnixSocketAddress.ofAbstract(name);
            }
            return UnixSocketAddress.of(new String(bytes, ProviderSupport.fileNameCharset()));
        } catch (RuntimeException e) {
            return null; // a name uds4j cannot represent, such as a path over 106 bytes
        }
    }

}
