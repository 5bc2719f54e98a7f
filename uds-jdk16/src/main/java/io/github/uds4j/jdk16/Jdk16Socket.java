package io.github.uds4j.jdk16;

import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A {@link UnixSocket} over a connected, blocking {@link SocketChannel} of the {@code UNIX}
 * family. The streams are thin: a {@code byte[]} is copied once, into a per-thread direct buffer
 * ({@link StreamBuffers}), and that is handed to the channel, as the JDK itself would do with a
 * wrapped array through its own temporary buffer, only with less work per call.
 *
 * <p>The JDK's socket channels have no read timeout. Once one is set, the channel is switched to
 * non-blocking mode and reads and writes that cannot proceed wait in a {@link ChannelWaiter}; a
 * socket without a timeout stays in blocking mode and never touches a selector.
 *
 * <p>The channel's own write lock covers one call to it; a write here may take several (a large
 * heap buffer or array in pieces, a non-blocking channel until it has taken everything), so
 * writes hold {@link #writeLock} for the whole call, which keeps each write's bytes together.
 * Interrupts are the channel's: a blocking channel closes and throws {@link
 * java.nio.channels.ClosedByInterruptException}; in non-blocking mode the waiter does the same.
 */
final class Jdk16Socket implements UnixSocket {
    /**
     * The most a single heap read or write hands to the channel. The JDK copies a heap buffer
     * through a temporary direct buffer as large as the buffer's remaining bytes and keeps it
     * per thread; capping the size keeps that native memory small. The kernel moves at most a
     * socket buffer's worth (about 200 KiB) per call anyway.
     */
    static final int MAX_HEAP_CHUNK = 256 * 1024;

    private final SocketChannel channel;
    private final SocketInput in;
    private final SocketOutput out;
    private final SocketAddress rawLocal;
    /** The listener's published path, reported instead of its temporary name; or null. */
    private final UnixSocketAddress publishedLocal;
    private final SocketAddress rawRemote;
    private final ChannelWaiter waiter;
    /** Held by every write for its whole length, so that concurrent writes do not interleave. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Set by {@link #shutdownOutput()}: a write then fails with a ClosedChannelException. */
    private volatile boolean outputShut;

    /**
     * Wraps {@code channel}, which must be connected and in blocking mode.
     *
     * @throws IOException if the channel is already closed
     */
    Jdk16Socket(SocketChannel channel) throws IOException {
        this(channel, true, null);
    }

    /**
     * Wraps an accepted {@code channel}; {@code publishedLocal}, when not null, is reported as
     * the local address instead of the temporary name the listener was bound under.
     */
    Jdk16Socket(SocketChannel channel, UnixSocketAddress publishedLocal) throws IOException {
        this(channel, true, publishedLocal);
    }

    /**
     * Wraps {@code channel}, which must be connected and in blocking mode.
     *
     * @param named false for an end of a pair: its listener's path was only a means and is gone,
     *     so both ends report no addresses, as with {@code socketpair(2)}
     * @throws IOException if the channel is already closed
     */
    Jdk16Socket(SocketChannel channel, boolean named) throws IOException {
        this(channel, named, null);
    }

    private Jdk16Socket(SocketChannel channel, boolean named, UnixSocketAddress publishedLocal)
            throws IOException {
        this.channel = channel;
        this.publishedLocal = publishedLocal;
        this.rawLocal = named ? channel.getLocalAddress() : null;
        this.rawRemote = named ? channel.getRemoteAddress() : null;
        UnixSocketAddress remote = convert(rawRemote);
        this.waiter = new ChannelWaiter(channel, remote != null ? remote : convert(rawLocal), this);
        this.in = new SocketInput(this);
        this.out = new SocketOutput(this);
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        waiter.checkInterrupt();
        if (dst.isDirect() || dst.remaining() <= MAX_HEAP_CHUNK) {
            return readSome(dst);
        }
        int limit = dst.limit();
        dst.limit(dst.position() + MAX_HEAP_CHUNK);
        try {
            return readSome(dst);
        } finally {
            dst.limit(limit);
        }
    }

    /** Reads once; in non-blocking mode waits, within the read timeout, for a byte to come. */
    private int readSome(ByteBuffer dst) throws IOException {
        int n = channel.read(dst);
        if (n == 0 && dst.hasRemaining()) {
            n = (int) waiter.readAgain(() -> channel.read(dst));
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        waiter.checkInterrupt();
        long n = channel.read(dsts, offset, length); // checks the arguments and the state
        if (n == 0 && hasRemaining(dsts, offset, length)) {
            n = waiter.readAgain(() -> channel.read(dsts, offset, length));
        }
        return n;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (buffers[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            beforeWrite();
            try {
                if (src.isDirect() || src.remaining() <= MAX_HEAP_CHUNK) {
                    return writeFully(src);
                }
                return ProviderSupport.writeInChunks(src, MAX_HEAP_CHUNK, this::writeFully);
            } catch (ClosedChannelException e) {
                throw shutOrClosed(e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * What every write checks first, with the write lock held: an interrupt in non-blocking
     * mode, and whether the socket is open, so that a {@link ClosedChannelException} later in
     * the call means a close meanwhile.
     */
    private void beforeWrite() throws IOException {
        waiter.checkInterrupt();
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Says what a closed channel means for a write that found the socket open. The JDK channel
     * reports a write after {@code shutdownOutput()} as an {@link AsynchronousCloseException},
     * as if another thread had closed it; the API promises a {@link ClosedChannelException}, as
     * {@code SocketChannel.shutdownOutput()} documents. A write that had to call the channel
     * again (a large or non-blocking write) and found it closed was under way when another
     * thread closed it: an {@link AsynchronousCloseException}, as when the channel notices.
     */
    private IOException shutOrClosed(ClosedChannelException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException) {
            return e;
        }
        ClosedChannelException x;
        if (outputShut && channel.isOpen()) {
            x = new ClosedChannelException();
        } else if (e.getClass() == ClosedChannelException.class) {
            x = new AsynchronousCloseException();
        } else {
            return e;
        }
        x.initCause(e);
        return x;
    }

    /**
     * Writes until {@code src} is empty, calling the channel at least once (a closed channel says
     * so); in non-blocking mode waits for room whenever a write moves nothing. The caller holds
     * {@link #writeLock}.
     */
    private int writeFully(ByteBuffer src) throws IOException {
        int total = 0;
        do {
            int n = channel.write(src);
            if (n == 0 && src.hasRemaining()) {
                waiter.awaitWritable();
            }
            total += n;
        } while (src.hasRemaining());
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Writes all remaining bytes of the buffers, calling the channel until they are empty. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        writeLock.lock();
        try {
            beforeWrite();
            try {
                long total = channel.write(srcs, offset, length); // checks the arguments
                long last = total;
                int end = offset + length;
                int first = offset;
                while (true) {
                    while (first < end && !srcs[first].hasRemaining()) {
                        first++;
                    }
                    if (first == end) {
                        return total;
                    }
                    if (last == 0) {
                        waiter.awaitWritable();
                    }
                    last = channel.write(srcs, first, end - first);
                    total += last;
                }
            } catch (ClosedChannelException e) {
                throw shutOrClosed(e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
        outputShut = true;
    }

    @Override
    public UnixSocketAddress getLocalAddress() {
        return publishedLocal != null ? publishedLocal : convert(rawLocal);
    }

    @Override
    public UnixSocketAddress getRemoteAddress() {
        return convert(rawRemote);
    }

    /** Returns the API's address for the JDK's, or null for an unnamed socket. */
    static UnixSocketAddress convert(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress)) {
            return null;
        }
        String path = ((UnixDomainSocketAddress) address).getPath().toString();
        return path.isEmpty() ? null : UnixSocketAddress.of(path);
    }

    @Override
    public PeerCredentials getPeerCredentials() throws IOException {
        if (!Jdk16Provider.peerCredentialsSupported()) {
            throw new UnsupportedOperationException(UnixSocketCapability.PEER_CREDENTIALS
                    + " is not supported by provider jdk16 on this platform");
        }
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        long uid = IdLookup.USERS.idOf(peer.user().getName());
        long gid = IdLookup.GROUPS.idOf(peer.group().getName());
        return PeerCredentials.of(uid, gid, -1);
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
        return Jdk16Provider.NAME;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the channel, then wakes and closes the selectors of a read timeout, if any. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    @Override
    public String toString() {
        UnixSocketAddress remote = getRemoteAddress();
        UnixSocketAddress local = getLocalAddress();
        return "UnixSocket[jdk16, " + (remote != null ? "to " + remote
                : local != null ? "at " + local : "unnamed") + (isOpen() ? "" : ", closed") + "]";
    }

    /** Reads from the channel through this thread's direct buffer; keeps no bytes of its own. */
    private static final class SocketInput extends InputStream {
        private final Jdk16Socket socket;

        SocketInput(Jdk16Socket socket) {
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = StreamBuffers.get(len);
            buffer.limit(Math.min(len, buffer.capacity()));
            int n = socket.read(buffer); // through the read timeout, if one is set
            if (n > 0) {
                buffer.flip();
                buffer.get(b, off, n);
            }
            return n;
        }

        /**
         * Returns 0 while the socket is open: the JDK does not tell how many bytes are queued,
         * and a read may block.
         */
        @Override
        public int available() throws IOException {
            if (!socket.channel.isOpen()) {
                throw new ClosedChannelException();
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Writes the caller's array through this thread's direct buffer; keeps no bytes back. */
    private static final class SocketOutput extends OutputStream {
        private final Jdk16Socket socket;

        SocketOutput(Jdk16Socket socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /**
         * Writes the array in pieces of this thread's buffer, under the socket's write lock. A
         * zero-length write still asks the channel, so that a closed or shut down socket says so.
         */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buffer = StreamBuffers.get(len);
            socket.writeLock.lock();
            try {
                socket.beforeWrite();
                try {
                    if (len == 0) {
                        buffer.limit(0);
                        socket.writeFully(buffer);
                        return;
                    }
                    int end = off + len;
                    while (off < end) {
                        int n = Math.min(end - off, buffer.capacity());
                        buffer.clear();
                        buffer.put(b, off, n).flip();
                        socket.writeFully(buffer);
                        off += n;
                    }
                } catch (ClosedChannelException e) {
                    throw socket.shutOrClosed(e);
                }
            } finally {
                socket.writeLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
