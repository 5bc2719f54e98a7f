package io.github.uds4j;

import io.github.uds4j.spi.DescriptorAccess;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file descriptor to send over a Unix socket, or one received ({@code SCM_RIGHTS}): an
 * open file, a pipe, a socket. The receiving process gets its own descriptor for the same open
 * file description: the same file offset, the same pipe, the same socket.
 *
 * <p><b>Sending.</b> {@link #of(FileDescriptor)} and the other {@code of} methods <em>borrow</em>
 * a descriptor: sending does not close it, the caller keeps owning it, and {@link #close()}
 * does nothing to it.
 *
 * <p><b>Receiving.</b> A received descriptor is the receiver's: use it once, through one of
 * {@link #openInputStream()}, {@link #openOutputStream()}, {@link #toUnixSocket()}, {@link
 * #toServerSocket()} or {@link #toDatagramSocket()}, which hand it over to what they return
 * (closing that closes the descriptor), or close it. {@link #fileDescriptor()} lends it without
 * handing it over.
 *
 * <p><b>No JVM flags.</b> {@link FileDescriptor} has no public way to wrap a descriptor number,
 * and its field is closed to reflection on Java 16+ unless {@code --add-opens
 * java.base/java.io=ALL-UNNAMED} is given. uds4j needs neither: providers with {@link
 * UnixSocketCapability#FD_PASSING} create the {@code FileDescriptor} in native code (junixsocket)
 * or have java.io open one and move the received descriptor onto its number (ffm, Java 22+),
 * and every use above works on Java 8 to 25 without any flag. What a flag would still be needed
 * for: reaching the descriptor of a JDK channel that has no public accessor ({@link
 * java.nio.channels.Pipe}'s channels, a {@link java.nio.channels.SocketChannel}), which only
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} and reflection give; send a pipe made by
 * another process, a {@link FileInputStream}/{@link FileOutputStream} ({@code getFD()}), or a
 * uds4j socket instead.
 */
public final class Descriptor implements Closeable {
    private static final int OPEN = 0;
    private static final int HANDED_OVER = 1;
    private static final int CLOSED = 2;

    private final FileDescriptor fd;
    private final boolean owned;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    private Descriptor(FileDescriptor fd, boolean owned) {
        this.fd = fd;
        this.owned = owned;
    }

    /**
     * Borrows {@code fd} to send it; the caller keeps owning it.
     *
     * @param fd an open descriptor
     * @return a descriptor to send
     * @throws NullPointerException if {@code fd} is null
     * @throws IllegalArgumentException if {@code fd} is not valid (closed)
     */
    public static Descriptor of(FileDescriptor fd) {
        if (fd == null) {
            throw new NullPointerException("fd == null");
        }
        if (!fd.valid()) {
            throw new IllegalArgumentException("the FileDescriptor is not valid (closed)");
        }
        return new Descriptor(fd, false);
    }

    /**
     * Borrows the descriptor of an open file stream; see {@link #of(FileDescriptor)}.
     *
     * @param in an open stream; it stays the caller's to close
     * @return its descriptor, lent for sending
     * @throws IOException if the stream has no descriptor (as {@link FileInputStream#getFD()})
     */
    public static Descriptor of(FileInputStream in) throws IOException {
        return of(in.getFD());
    }

    /**
     * Borrows the descriptor of an open file stream; see {@link #of(FileDescriptor)}.
     *
     * @param out an open stream; it stays the caller's to close
     * @return its descriptor, lent for sending
     * @throws IOException if the stream has no descriptor (as {@link FileOutputStream#getFD()})
     */
    public static Descriptor of(FileOutputStream out) throws IOException {
        return of(out.getFD());
    }

    /**
     * Borrows the descriptor of an open file; see {@link #of(FileDescriptor)}.
     *
     * @param file an open file; it stays the caller's to close
     * @return its descriptor, lent for sending
     * @throws IOException if the file has no descriptor (as {@link RandomAccessFile#getFD()})
     */
    public static Descriptor of(RandomAccessFile file) throws IOException {
        return of(file.getFD());
    }

    /**
     * Borrows a socket's descriptor to send it: the receiver gets the same connection.
     *
     * @param socket an open socket made by a provider with {@link
     *     UnixSocketCapability#FD_PASSING}
     * @return a descriptor to send
     * @throws UnsupportedOperationException if the socket's provider cannot hand out its
     *     descriptor
     */
    public static Descriptor of(UnixSocket socket) {
        return ofSocket(socket, socket.providerName());
    }

    /**
     * Borrows a server's descriptor: the receiver can accept on it. See {@link #of(UnixSocket)}.
     *
     * @param server an open server made by a provider with {@link UnixSocketCapability#FD_PASSING}
     * @return its descriptor, lent for sending
     * @throws UnsupportedOperationException if the server's provider cannot hand out its descriptor
     */
    public static Descriptor of(UnixServerSocket server) {
        return ofSocket(server, server.toString());
    }

    /**
     * Borrows a datagram socket's descriptor. See {@link #of(UnixSocket)}.
     *
     * @param socket an open datagram socket made by a provider with {@link UnixSocketCapability#FD_PASSING}
     * @return its descriptor, lent for sending
     * @throws UnsupportedOperationException if the socket's provider cannot hand out its descriptor
     */
    public static Descriptor of(UnixDatagramSocket socket) {
        return ofSocket(socket, socket.providerName());
    }

    private static Descriptor ofSocket(Object socket, String provider) {
        if (!(socket instanceof DescriptorAccess)) {
            throw new UnsupportedOperationException(socket + " cannot hand out its descriptor:"
                    + " that needs " + UnixSocketCapability.FD_PASSING + ", which its provider ("
                    + provider + ") lacks");
        }
        return of(((DescriptorAccess) socket).fileDescriptor());
    }

    /**
     * Takes ownership of an open descriptor, such as one a provider received: closing the result
     * closes it.
     *
     * @param fd an open descriptor nobody else will close
     * @return the owned descriptor
     * @throws NullPointerException if {@code fd} is null
     */
    public static Descriptor adopt(FileDescriptor fd) {
        if (fd == null) {
            throw new NullPointerException("fd == null");
        }
        return new Descriptor(fd, true);
    }

    /**
     * Returns whether this descriptor is the holder's to close (received or adopted).
     *
     * @return true if closing this object closes the descriptor, false if it is borrowed
     */
    public boolean isOwned() {
        return owned;
    }

    /**
     * Returns whether this descriptor is open and not handed over.
     *
     * @return false once it is closed, or handed over to a stream, socket or server
     */
    public boolean isOpen() {
        return state.get() == OPEN && fd.valid();
    }

    /**
     * Lends the descriptor; it stays this object's (do not close it through another object).
     *
     * @return the descriptor
     * @throws ClosedChannelException if it was closed or handed over
     */
    public FileDescriptor fileDescriptor() throws ClosedChannelException {
        if (state.get() != OPEN) {
            throw new ClosedChannelException();
        }
        return fd;
    }

    /**
     * Hands the descriptor over to a stream that reads from it: a file (from its current
     * offset, which the sender shares), a pipe's read end, a socket.
     *
     * @return the stream; closing it closes the descriptor
     * @throws ClosedChannelException if it was closed or handed over
     */
    public FileInputStream openInputStream() throws ClosedChannelException {
        handOver();
        return new FileInputStream(fd);
    }

    /**
     * Hands the descriptor over to a stream that writes to it: a file, a pipe's write end.
     *
     * @return the stream; closing it closes the descriptor
     * @throws ClosedChannelException if it was closed or handed over
     */
    public FileOutputStream openOutputStream() throws ClosedChannelException {
        handOver();
        return new FileOutputStream(fd);
    }

    /**
     * Hands a connected Unix socket's descriptor over to a {@link UnixSocket} (stream or
     * seqpacket, as the socket is), on the provider with {@link UnixSocketCapability#FD_PASSING}
     * that {@link UnixSockets#backendWith} picks.
     *
     * @return the socket; closing it closes the descriptor
     * @throws ClosedChannelException if it was closed or handed over
     * @throws IOException if the descriptor is not a connected Unix stream or seqpacket socket
     *     (it stays open and this object's)
     * @throws UnsupportedOperationException if no provider has {@code FD_PASSING}
     */
    public UnixSocket toUnixSocket() throws IOException {
        UnixSocketBackend backend = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING);
        checkOpen();
        UnixSocket s = backend.adoptSocket(fd);
        state.set(HANDED_OVER);
        return s;
    }

    /**
     * Hands a listening Unix socket's descriptor over to a {@link UnixServerSocket}. It owns no
     * file: closing it closes the socket and leaves the file, which the sender's server removes.
     *
     * @return the server
     * @throws IOException if the descriptor is not a listening Unix socket (it stays open)
     * @throws UnsupportedOperationException if no provider has {@code FD_PASSING}
     */
    public UnixServerSocket toServerSocket() throws IOException {
        UnixSocketBackend backend = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING);
        checkOpen();
        UnixServerSocket s = backend.adoptServer(fd);
        state.set(HANDED_OVER);
        return s;
    }

    /**
     * Hands a Unix datagram socket's descriptor over to a {@link UnixDatagramSocket}. It owns no
     * file.
     *
     * @return the socket
     * @throws IOException if the descriptor is not a Unix datagram socket (it stays open)
     * @throws UnsupportedOperationException if no provider has {@code FD_PASSING} and {@code
     *     DATAGRAM}
     */
    public UnixDatagramSocket toDatagramSocket() throws IOException {
        UnixSocketBackend backend = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING,
                UnixSocketCapability.DATAGRAM);
        checkOpen();
        UnixDatagramSocket s = backend.adoptDatagram(fd);
        state.set(HANDED_OVER);
        return s;
    }

    private void checkOpen() throws ClosedChannelException {
        if (state.get() != OPEN) {
            throw new ClosedChannelException();
        }
    }

    private void handOver() throws ClosedChannelException {
        if (!state.compareAndSet(OPEN, HANDED_OVER)) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Closes the descriptor if this object owns it and has not handed it over; does nothing for
     * a borrowed one. Idempotent.
     *
     * @throws IOException if the close fails
     */
    @Override
    public void close() throws IOException {
        if (state.compareAndSet(OPEN, CLOSED) && owned) {
            new FileInputStream(fd).close(); // closes fd: the stream is its only holder
        }
    }

    @Override
    public String toString() {
        String s = state.get() == OPEN ? "open" : state.get() == CLOSED ? "closed" : "handed over";
        return "Descriptor[" + (owned ? "owned" : "borrowed") + ", " + s + "]";
    }
}
