package io.github.uds4j.junixsocket;

import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.ProviderSupport;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * A connected socket on a blocking junixsocket channel. The streams are thin adapters over the
 * channel methods, so both views behave alike.
 *
 * <p>Read timeouts do not use junixsocket's {@code SO_TIMEOUT}: its channel reads end a
 * timed-out wait with -1, as at the end of the stream, and it limits writes too. Once a timeout
 * is set, the channel is switched to non-blocking mode and reads and writes that cannot proceed
 * wait in a {@link ChannelWaiter}, as on the JDK provider.
 */
final class JunixUnixSocket implements UnixSocket {
    private final AFUNIXSocketChannel channel;
    private final UnixSocketAddress local;
    private final UnixSocketAddress remote;
    /** A descriptor junixsocket will not close (see {@link SocketPairs}), or null. */
    private final FileDescriptor ownedDescriptor;
    private final ChannelWaiter waiter;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    /** Set by {@link #close()}: tells a close from junixsocket's own closing on a broken pipe. */
    private volatile boolean closeCalled;

    JunixUnixSocket(AFUNIXSocketChannel channel, UnixSocketAddress local,
            UnixSocketAddress remote, FileDescriptor ownedDescriptor) {
        this.channel = channel;
        this.local = local;
        this.remote = remote;
        this.ownedDescriptor = ownedDescriptor;
        this.waiter = new ChannelWaiter(channel, remote != null ? remote : local);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return out;
    }

    /**
     * {@inheritDoc} junixsocket ends a read blocked when another thread closes the channel with
     * -1, as if the peer had closed; that is reported as the close it is.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n;
        try {
            n = channel.read(dst);
            if (n == 0 && dst.hasRemaining()) {
                n = (int) waiter.readAgain(() -> channel.read(dst));
            }
        } catch (IOException e) {
            throw closedOr(e);
        }
        if (n < 0 && closeCalled) {
            throw new AsynchronousCloseException();
        }
        return n;
    }

    /**
     * {@inheritDoc} Reads into the first buffer that has room (junixsocket's own scattering read
     * only ever looks at the first buffer, full or not), so at most one buffer is filled per
     * call, as a blocking read may.
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        checkBounds(dsts.length, offset, length);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /** Writes until nothing remains: a blocking channel may still write only a part. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = 0;
        try {
            do {
                int n = channel.write(src); // once even when empty: a closed socket says so
                if (n == 0 && src.hasRemaining()) {
                    waiter.awaitWritable(); // in non-blocking mode, once a timeout was set
                }
                total += n;
            } while (src.hasRemaining());
        } catch (IOException e) {
            throw closedOr(e);
        }
        return total;
    }

    /**
     * {@inheritDoc} Writes the buffers one after the other, each completely (junixsocket's own
     * gathering write only ever writes the first buffer).
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkBounds(srcs.length, offset, length);
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    private static void checkBounds(int size, int offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + ", length " + length + ", array " + size);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        ensureOpen();
        channel.shutdownInput();
    }

    /**
     * {@inheritDoc} Uses the channel's {@code shutdownOutput}: on JDK 25 the socket's
     * (junixsocket's {@code AFSocket.shutdownOutput()}) wrongly fails with "Socket is not
     * connected".
     */
    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        channel.shutdownOutput();
    }

    @Override
    public UnixSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public UnixSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public PeerCredentials getPeerCredentials() throws IOException {
        if (!NativeSupport.capabilities().contains(UnixSocketCapability.PEER_CREDENTIALS)) {
            throw new UnsupportedOperationException("getPeerCredentials needs "
                    + UnixSocketCapability.PEER_CREDENTIALS + ", which provider "
                    + JunixsocketProvider.NAME + " lacks here");
        }
        ensureOpen();
        AFUNIXSocketCredentials c = channel.getPeerCredentials();
        long uid = c == null ? -1 : unsigned(c.getUid());
        long gid = c == null ? -1 : unsigned(c.getGid());
        if (uid < 0 || gid < 0) {
            throw new IOException("the kernel reported no peer credentials for this socket");
        }
        long pid = c.getPid();
        return PeerCredentials.of(uid, gid, pid > 0 ? pid : -1);
    }

    /**
     * junixsocket passes ids through a signed 32-bit int: ids of 2^31 and more arrive negative.
     * -1 means unknown ({@code (uid_t) -1} is never a real id).
     */
    private static long unsigned(long id) {
        return id < -1 ? id & 0xFFFFFFFFL : id;
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        waiter.setReadTimeout(timeout);
    }

    @Override
    public Duration getReadTimeout() {
        return waiter.getReadTimeout();
    }

    /** Returns whether the channel is still blocking (no read timeout used yet); for tests. */
    boolean blockingMode() {
        return channel.isBlocking();
    }

    @Override
    public String providerName() {
        return JunixsocketProvider.NAME;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the channel, which shuts the socket down and so wakes threads blocked in it, then
     * the descriptor if junixsocket leaves it open, then wakes a thread waiting for a read with
     * a timeout. Idempotent.
     */
    @Override
    public void close() throws IOException {
        closeCalled = true;
        try {
            closeChannel();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    private void closeChannel() throws IOException {
        if (ownedDescriptor == null) {
            channel.close();
            return;
        }
        synchronized (ownedDescriptor) {
            try {
                channel.close();
            } finally {
                SocketPairs.closeDescriptor(ownedDescriptor);
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Makes junixsocket's failures say what happened. On a broken pipe (the peer closed its end
     * or shut down its input) junixsocket closes this channel and throws an {@link
     * AsynchronousCloseException}, as if another thread had closed it; that is reported as the
     * broken pipe it is, as the JDK does. A failure caused by a real concurrent {@link #close()}
     * is reported as that close.
     */
    private IOException closedOr(IOException e) {
        if (!closeCalled && e.getClass() == AsynchronousCloseException.class
                && e.getCause() instanceof IOException) {
            return (IOException) e.getCause();
        }
        if (channel.isOpen() || e instanceof ClosedChannelException) {
            return e;
        }
        AsynchronousCloseException x = new AsynchronousCloseException();
        x.initCause(e);
        return x;
    }

    @Override
    public String toString() {
        return "UnixSocket[" + JunixsocketProvider.NAME + (isOpen() ? "" : ", closed")
                + (local != null ? ", local=" + local : "")
                + (remote != null ? ", remote=" + remote : "") + "]";
    }

    /**
     * Reads with junixsocket's own socket stream, which hands the caller's array to its native
     * code (its channel would copy through a direct buffer leased per call: slower, most of all
     * for small reads), mapping failures as {@link #read(ByteBuffer)} does. Closing it closes the
     * socket.
     */
    private final class In extends InputStream {
        private InputStream raw;

        private InputStream raw() throws IOException {
            InputStream r = raw;
            if (r == null) {
                ensureOpen();
                r = channel.socket().getInputStream();
                raw = r;
            }
            return r;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkBounds(b.length, off, len);
            if (len == 0) {
                return 0;
            }
            if (!channel.isBlocking()) {
                // A read timeout was set: junixsocket's stream knows nothing of it, the channel
                // path waits for it.
                return JunixUnixSocket.this.read(ByteBuffer.wrap(b, off, len));
            }
            int n;
            try {
                n = raw().read(b, off, len);
            } catch (IOException e) {
                throw closedOr(e);
            }
            if (n < 0 && closeCalled) {
                throw new AsynchronousCloseException();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            ensureOpen();
            return channel.socket().getInputStream().available();
        }

        @Override
        public void close() throws IOException {
            JunixUnixSocket.this.close();
        }
    }

    /**
     * Writes with junixsocket's own socket stream, for the reason given at {@link In}, mapping
     * failures as {@link #write(ByteBuffer)} does. Closing it closes the socket.
     */
    private final class Out extends OutputStream {
        private OutputStream raw;

        private OutputStream raw() throws IOException {
            OutputStream r = raw;
            if (r == null) {
                ensureOpen();
                r = channel.socket().getOutputStream();
                raw = r;
            }
            return r;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkBounds(b.length, off, len);
            try {
                if (len == 0) {
                    ensureOpen(); // a closed socket says so, as the channel write does
                    return;
                }
                if (!channel.isBlocking()) {
                    // Non-blocking since a read timeout was set: the channel path waits for room.
                    JunixUnixSocket.this.write(ByteBuffer.wrap(b, off, len));
                    return;
                }
                raw().write(b, off, len);
            } catch (IOException e) {
                throw closedOr(e);
            }
        }

        @Override
        public void close() throws IOException {
            JunixUnixSocket.this.close();
        }
    }
}
