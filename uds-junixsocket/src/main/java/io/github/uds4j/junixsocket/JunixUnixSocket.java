package io.github.uds4j.junixsocket;

import io.github.uds4j.Descriptor;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.Received;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.DescriptorAccess;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.BrokenPipeSocketException;

/**
 * A connected socket on a blocking junixsocket channel.
 *
 * <p><b>Reads</b> use junixsocket: its socket's stream for arrays, its channel for buffers.
 *
 * <p><b>Writes</b> do not. junixsocket closes the socket when a write fails with a broken pipe
 * (its channel, its stream, and its native code, which shuts the socket down for both
 * directions first), so what the peer sent before it closed would be lost; and its stream writes
 * hold no lock, so concurrent writes interleave. Writes here go to the socket's descriptor
 * through the JDK instead: a {@link FileChannel} of a {@link FileOutputStream} on junixsocket's
 * own {@link FileDescriptor} object (so a close that invalidates it stops them too). That is
 * {@code write(2)} and {@code writev(2)} as the JDK's socket channels do them: a broken pipe is
 * an {@code IOException("Broken pipe")} that leaves the socket alone, a non-blocking descriptor
 * gives partial counts, a direct buffer is written in place. Every write holds {@link
 * #writeLock} for its whole length, so that its bytes stay together. (A virtual thread in
 * blocking mode writes through junixsocket's channel instead; see {@link
 * #virtualAndBlocking()}.)
 *
 * <p><b>Interrupts</b> close the socket and throw a {@link
 * java.nio.channels.ClosedByInterruptException}, as on the JDK's channels: the file channel and
 * junixsocket's channel are interruptible channels already; the stream read is made one by
 * {@link Interruption}. An interrupt of a writer closes the file channel, which signals the
 * threads blocked in it out of {@code write(2)}, waits for them, then calls its stream's {@code
 * close}, which closes this socket ({@link FdOutput}). {@link #close()} goes the other way: it
 * shuts the socket down, which wakes every blocked thread, then closes the file channel. A
 * shutdown also ends the connection for every other holder of the socket (a process it was sent
 * to), so a close with no thread inside a read or write first moves the socket out of the
 * descriptor instead ({@link #closeChannel()}).
 *
 * <p><b>SEQPACKET.</b> The same class serves a {@code SOCK_SEQPACKET} socket, held in a
 * junixsocket stream channel ({@link Seqpackets}). Each read takes one message, whole, under
 * {@link #readLock}, through a direct buffer one byte larger than the caller's so that a longer
 * message is noticed ({@link #readMessage}: {@link MessageTruncatedException} from a read,
 * {@link Received#isTruncated()} from a receive); an empty message reads as 0, told from the
 * end by a peek. Each write sends one message: a heap buffer or array whole, not in pieces; an
 * empty one too.
 *
 * <p><b>Descriptors</b> ({@link #send(ByteBuffer, Descriptor...)}, {@link #receive(ByteBuffer,
 * int)}) go through junixsocket's channel with {@link JunixAncillary}; a plain read gives
 * junixsocket no room for them, so the kernel closes any that come with it.
 *
 * <p>Read timeouts do not use junixsocket's {@code SO_TIMEOUT}: its channel reads end a
 * timed-out wait with -1, as at the end of the stream, and it limits writes too. Once a timeout
 * is set, the channel is switched to non-blocking mode and reads and writes that cannot proceed
 * wait in a {@link ChannelWaiter}, as on the JDK provider.
 */
final class JunixUnixSocket implements UnixSocket, DescriptorAccess {
    /**
     * The most one write hands the file channel from a heap buffer or array: the JDK copies it
     * through a temporary direct buffer as large as that and keeps it per thread.
     */
    static final int MAX_HEAP_CHUNK = 256 * 1024;

    /** How long a blocking write waits before trying again when it moved nothing. */
    private static final long ROOM_RETRY_NANOS = 100_000;

    /**
     * The largest scratch buffer a seqpacket socket keeps between reads (see {@link
     * #readMessage}); a larger one is made for the read that needs it and dropped.
     */
    private static final int MAX_KEPT_SCRATCH = 1024 * 1024;

    private final AFUNIXSocketChannel channel;
    private final UnixSocketType type;
    private final UnixSocketAddress local;
    private final UnixSocketAddress remote;
    /** A descriptor junixsocket will not close (see {@link SocketPairs}), or null. */
    private final FileDescriptor ownedDescriptor;
    private final ChannelWaiter waiter;
    /** Writes to junixsocket's descriptor; see the class comment. */
    private final FileChannel output;
    /** Held by every write for its whole length, so that concurrent writes do not interleave. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Makes the stream read interruptible. */
    private final Interruption interruption = new Interruption(this);
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    /** Set by {@link #close()}: tells a close from junixsocket's own closing. */
    private volatile boolean closeCalled;
    /** Set by the first {@link #closeSocket()}, which may be reentered (see there). */
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    /**
     * Threads inside a read or write call. A close that finds none releases the socket without
     * shutting it down ({@link #closeChannel()}).
     */
    private final AtomicInteger calls = new AtomicInteger();
    /** Set by {@link #shutdownOutput()}: writes then throw a ClosedChannelException. */
    private volatile boolean outputShut;
    /** Made on the first send or receive with descriptors; see {@link #ancillary()}. */
    private volatile JunixAncillary ancillary;
    private final Object ancillaryLock = new Object();
    /** Held by every read of a seqpacket socket: one message at a time. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** A seqpacket read's direct buffer, one byte larger than the caller's; under readLock. */
    private ByteBuffer scratch;
    /** One byte for the peek after a seqpacket read of nothing; under readLock. */
    private ByteBuffer peekByte;
    /** Whether the last seqpacket message read was longer than the buffer; under readLock. */
    private boolean lastTruncated;

    JunixUnixSocket(AFUNIXSocketChannel channel, UnixSocketAddress local,
            UnixSocketAddress remote, FileDescriptor ownedDescriptor) throws IOException {
        this(channel, UnixSocketType.STREAM, local, remote, ownedDescriptor);
    }

    /**
     * Makes a socket of {@code type}, {@code STREAM} or {@code SEQPACKET} (a seqpacket socket
     * in a junixsocket stream channel, see {@link Seqpackets}).
     */
    JunixUnixSocket(AFUNIXSocketChannel channel, UnixSocketType type, UnixSocketAddress local,
            UnixSocketAddress remote, FileDescriptor ownedDescriptor) throws IOException {
        this.channel = channel;
        this.type = type;
        this.local = local;
        this.remote = remote;
        this.ownedDescriptor = ownedDescriptor;
        this.waiter = new ChannelWaiter(channel, remote != null ? remote : local, this);
        this.output = new FdOutput(channel.getFileDescriptor(), this).getChannel();
    }

    /**
     * The stream under {@link #output}. The file channel closes it when an interrupt closes the
     * file channel; that closes this socket through junixsocket, never the descriptor directly:
     * junixsocket owns it and shuts the socket down before closing it, which wakes blocked
     * readers. On Java 8 its finalizer does the same for a socket dropped unclosed.
     */
    private static final class FdOutput extends FileOutputStream {
        private final JunixUnixSocket socket;

        FdOutput(FileDescriptor fd, JunixUnixSocket socket) {
            super(fd);
            this.socket = socket;
        }

        @Override
        public void close() throws IOException {
            socket.closeSocket();
        }
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
        calls.incrementAndGet();
        try {
            if (dst.isReadOnly()) {
                throw readOnly();
            }
            if (type == UnixSocketType.SEQPACKET) {
                return readOneMessage(new ByteBuffer[] {dst}, 0, 1);
            }
            waiter.checkInterrupt();
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
        } finally {
            calls.decrementAndGet();
        }
    }

    /**
     * {@inheritDoc} Reads into the first buffer that has room (junixsocket's own scattering read
     * only ever looks at the first buffer, full or not), so at most one buffer is filled per
     * call, as a blocking read may.
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        calls.incrementAndGet();
        try {
            checkBounds(dsts.length, offset, length);
            for (int i = offset; i < offset + length; i++) {
                if (dsts[i].isReadOnly()) {
                    throw readOnly();
                }
            }
            if (type == UnixSocketType.SEQPACKET) {
                return readOneMessage(dsts, offset, length);
            }
            for (int i = offset; i < offset + length; i++) {
                if (dsts[i].hasRemaining()) {
                    return read(dsts[i]);
                }
            }
            return 0;
        } finally {
            calls.decrementAndGet();
        }
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /**
     * Reads one seqpacket message into {@code dsts}, in order, and throws a {@link
     * MessageTruncatedException} after putting the bytes that fit if it was longer.
     */
    private int readOneMessage(ByteBuffer[] dsts, int offset, int length) throws IOException {
        readLock.lock();
        try {
            int n = readMessage(dsts, offset, length);
            if (lastTruncated) {
                throw new MessageTruncatedException(n);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Reads one seqpacket message into {@code dsts}; the caller holds {@link #readLock}. Sets
     * {@link #lastTruncated}.
     *
     * <p>junixsocket reads with {@code recv(2)} and no {@code MSG_TRUNC}, which returns no more
     * than the buffer holds and discards the rest. So the message is read into a direct buffer
     * one byte larger than the caller's room (a heap buffer would go through junixsocket's
     * per-thread buffer, which holds at most 1 MiB): a message that fills it was longer.
     *
     * <p>An empty message and the end of the connection both make {@code recv(2)} return 0,
     * which junixsocket reports as -1. A peek without waiting tells them apart where it can
     * ({@link Seqpackets#wasEmptyMessage}): if nothing is queued and the end has not come (the
     * peek would block), or a message with bytes is queued, the 0 was an empty message. If the
     * peek also sees 0, the read reports the end: that is right at the end of the connection,
     * and wrong only when an empty message is followed, already queued, by another empty one
     * or by the end; then that empty message is taken for the end. junixsocket offers nothing
     * that tells these apart (no {@code MSG_TRUNC}, no {@code SO_PASSCRED} or {@code
     * SO_TIMESTAMP} to make the kernel mark every message, no {@code POLLRDHUP}).
     */
    private int readMessage(ByteBuffer[] dsts, int offset, int length) throws IOException {
        lastTruncated = false;
        long room = 0;
        for (int i = offset; i < offset + length; i++) {
            room += dsts[i].remaining();
        }
        waiter.checkInterrupt();
        if (room == 0) {
            ensureOpen();
            return 0; // as a stream read with no room: takes nothing
        }
        int size = (int) Math.min(room, Integer.MAX_VALUE - 8) + 1;
        ByteBuffer s = scratch(size);
        int n;
        try {
            n = channel.read(s);
            if (n == 0) {
                n = (int) waiter.readAgain(() -> channel.read(s));
            }
        } catch (IOException e) {
            throw closedOr(e);
        }
        if (n < 0) {
            if (closeCalled) {
                throw new AsynchronousCloseException();
            }
            if (!emptyMessage()) {
                return -1;
            }
            n = 0;
        }
        s.flip();
        int kept = (int) Math.min(n, room);
        lastTruncated = n > room;
        s.limit(kept);
        for (int i = offset; i < offset + length && s.hasRemaining(); i++) {
            ByteBuffer d = dsts[i];
            int k = Math.min(d.remaining(), s.remaining());
            ByteBuffer part = s.duplicate();
            part.limit(part.position() + k);
            d.put(part);
            s.position(s.position() + k);
        }
        if (s.capacity() > MAX_KEPT_SCRATCH) {
            scratch = null;
        }
        return kept;
    }

    /** Returns the direct scratch buffer, cleared, with {@code size} bytes of room. */
    private ByteBuffer scratch(int size) {
        ByteBuffer s = scratch;
        if (s == null || s.capacity() < size) {
            s = ByteBuffer.allocateDirect(size);
            scratch = s;
        }
        s.clear();
        s.limit(size);
        return s;
    }

    /** After a seqpacket read of nothing: whether it was an empty message (else the end). */
    private boolean emptyMessage() throws IOException {
        if (peekByte == null) {
            peekByte = ByteBuffer.allocateDirect(1);
        }
        try {
            return Seqpackets.wasEmptyMessage(channel.getFileDescriptor(), channel.isBlocking(),
                    peekByte);
        } catch (IOException e) {
            throw closedOr(e);
        }
    }

    /**
     * A read into a read-only buffer, refused as the JDK's channels refuse it, before anything
     * is read (junixsocket would read and then fail to store, losing the bytes); a closed socket
     * says so first, as there.
     */
    private IllegalArgumentException readOnly() throws ClosedChannelException {
        ensureOpen();
        return new IllegalArgumentException("Read-only buffer");
    }

    /** Writes all of {@code src}, under the write lock; heap buffers in pieces. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        calls.incrementAndGet();
        try {
            writeLock.lock();
            try {
                beforeWrite();
                try {
                    if (type == UnixSocketType.SEQPACKET) {
                        return writeMessage(src);
                    }
                    if (src.isDirect() || src.remaining() <= MAX_HEAP_CHUNK) {
                        return writeFully(src);
                    }
                    return ProviderSupport.writeInChunks(src, MAX_HEAP_CHUNK, this::writeFully);
                } catch (IOException e) {
                    throw writeFailure(e);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            calls.decrementAndGet();
        }
    }

    /**
     * {@inheritDoc} One {@code writev(2)} for all the buffers, then more until they are empty,
     * under the write lock (junixsocket's own gathering write only ever writes the first
     * buffer).
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        calls.incrementAndGet();
        try {
            checkBounds(srcs.length, offset, length);
            writeLock.lock();
            try {
                beforeWrite();
                try {
                    if (type == UnixSocketType.SEQPACKET) {
                        long all = 0;
                        for (int i = offset; i < offset + length; i++) {
                            all += srcs[i].remaining();
                        }
                        if (all == 0) {
                            sendEmpty(null);
                            return 0;
                        }
                        if (virtualAndBlocking()) {
                            // one message: junixsocket's channel writes one buffer per call
                            ByteBuffer one = gather(srcs, offset, length, all);
                            return writeVirtual(one);
                        }
                    }
                    if (virtualAndBlocking()) {
                        long total = 0;
                        for (int i = offset; i < offset + length; i++) {
                            total += writeVirtual(srcs[i]);
                        }
                        return total;
                    }
                    long total = 0;
                    int end = offset + length;
                    int first = offset;
                    do {
                        long n = output.write(srcs, first, end - first);
                        total += n;
                        while (first < end && !srcs[first].hasRemaining()) {
                            first++;
                        }
                        if (n == 0 && first < end) {
                            awaitRoom();
                        }
                    } while (first < end);
                    return total;
                } catch (IOException e) {
                    throw writeFailure(e);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            calls.decrementAndGet();
        }
    }

    /** Writes all of {@code b[off..off+len)} under the write lock, in pieces. */
    private void writeArray(byte[] b, int off, int len) throws IOException {
        calls.incrementAndGet();
        try {
            writeLock.lock();
            try {
                beforeWrite();
                try {
                    if (type == UnixSocketType.SEQPACKET) {
                        writeMessage(ByteBuffer.wrap(b, off, len));
                        return;
                    }
                    int end = off + len;
                    do {
                        int n = Math.min(end - off, MAX_HEAP_CHUNK);
                        writeFully(ByteBuffer.wrap(b, off, n));
                        off += n;
                    } while (off < end);
                } catch (IOException e) {
                    throw writeFailure(e);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            calls.decrementAndGet();
        }
    }

    /**
     * Writes {@code src} as one seqpacket message: an empty one too; a heap buffer whole (the
     * JDK copies it into one temporary direct buffer), never in pieces. The caller holds the
     * write lock.
     */
    private int writeMessage(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            sendEmpty(null);
            return 0;
        }
        if (virtualAndBlocking() && !src.isDirect()) {
            // junixsocket's channel sends a heap buffer through a per-thread buffer of 1 MiB
            int n = writeVirtual(gather(new ByteBuffer[] {src.duplicate()}, 0, 1,
                    src.remaining()));
            src.position(src.position() + n);
            return n;
        }
        return writeFully(src);
    }

    /** Copies the remaining bytes of the buffers into one direct buffer, flipped. */
    private static ByteBuffer gather(ByteBuffer[] srcs, int offset, int length, long all)
            throws IOException {
        if (all > Integer.MAX_VALUE - 8) {
            throw new IOException("Message too long: " + all + " bytes");
        }
        ByteBuffer one = ByteBuffer.allocateDirect((int) all);
        for (int i = offset; i < offset + length; i++) {
            one.put(srcs[i]);
        }
        one.flip();
        return one;
    }

    /**
     * Sends an empty seqpacket message, with the outbound descriptors of junixsocket's {@code
     * ancillary} data support if not null. Neither the JDK's file channel nor junixsocket's
     * channel sends an empty buffer, so this goes to junixsocket's native write; interruptible
     * as a stream read is ({@link Interruption}). The caller holds the write lock.
     */
    private void sendEmpty(Object ancillarySupport) throws IOException {
        if (waiter.isNonBlocking()) {
            waiter.awaitWritable();
        }
        boolean done = false;
        interruption.enter();
        try {
            Seqpackets.sendEmpty(channel.getFileDescriptor(), ancillarySupport);
            done = true;
        } catch (IOException e) {
            throw junixWriteFailure(e);
        } finally {
            interruption.exit(done);
        }
    }

    /**
     * What every write checks first, as the JDK's channels do, with the write lock held: so a
     * {@link ClosedChannelException} later in the call means a close meanwhile.
     */
    private void beforeWrite() throws IOException {
        waiter.checkInterrupt();
        ensureOpen();
        if (outputShut) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Writes until {@code src} is empty, calling the file channel at least once (so that an
     * interrupted thread is noticed even for nothing). The caller holds the write lock.
     */
    private int writeFully(ByteBuffer src) throws IOException {
        if (virtualAndBlocking()) {
            return writeVirtual(src);
        }
        int total = 0;
        do {
            int n = output.write(src);
            total += n;
            if (n == 0 && src.hasRemaining()) {
                awaitRoom();
            }
        } while (src.hasRemaining());
        return total;
    }

    /**
     * Whether this is a virtual thread on a socket in blocking mode. Such a thread must not wait
     * in the file channel: the JDK can neither signal a virtual thread out of {@code write(2)}
     * nor stop waiting for it to leave, so closing the file channel, which an interrupt does,
     * would hang until the peer reads. junixsocket's own write parks a virtual thread instead.
     */
    private boolean virtualAndBlocking() {
        return VirtualThreads.current() && !waiter.isNonBlocking();
    }

    /**
     * Writes through junixsocket's channel, for a virtual thread (see {@link
     * #virtualAndBlocking()}): it waits for room by parking the thread, and an interrupt closes
     * the socket. Its one difference: on a broken pipe junixsocket closes the socket, so what
     * the peer sent is lost; the failure is still reported as the JDK's broken pipe, and the
     * socket is then closed here too.
     */
    private int writeVirtual(ByteBuffer src) throws IOException {
        int total = 0;
        try {
            do {
                total += channel.write(src);
            } while (src.hasRemaining());
        } catch (AsynchronousCloseException e) {
            throw junixWriteFailure(e);
        }
        return total;
    }

    /**
     * Says what a failed write through junixsocket means. junixsocket closes the socket's
     * descriptor on a broken pipe (its channel reports that as an {@link
     * AsynchronousCloseException} caused by a {@link BrokenPipeSocketException}, its native
     * write as the latter): that is reported as the JDK's {@code IOException("Broken pipe")},
     * and this socket is closed too.
     */
    private IOException junixWriteFailure(IOException e) {
        Throwable pipe = e instanceof BrokenPipeSocketException ? e : e.getCause();
        if (!closeCalled && !(e instanceof java.nio.channels.ClosedByInterruptException)
                && pipe instanceof BrokenPipeSocketException) {
            IOException x = new IOException("Broken pipe");
            x.initCause(pipe);
            try {
                close();
            } catch (IOException suppressed) {
                x.addSuppressed(suppressed);
            }
            return x;
        }
        return e;
    }

    /**
     * Waits for room after a write that moved nothing. In non-blocking mode that is the waiter's
     * job. In blocking mode it happens only while junixsocket has made the descriptor
     * non-blocking for a moment (it does so while a virtual thread reads through it): then wait
     * a little and try again.
     */
    private void awaitRoom() throws IOException {
        if (waiter.isNonBlocking()) {
            waiter.awaitWritable();
        } else {
            LockSupport.parkNanos(ROOM_RETRY_NANOS);
        }
    }

    /**
     * Says what a failed write that found the socket open means: after {@link
     * #shutdownOutput()} a {@link ClosedChannelException}; after a close meanwhile an {@link
     * AsynchronousCloseException} (the file channel may say so itself, or report its own
     * closing, or the descriptor's, on its next call); an interrupt's {@link
     * java.nio.channels.ClosedByInterruptException} as is. A broken pipe stays the JDK's {@code
     * IOException("Broken pipe")}.
     */
    private IOException writeFailure(IOException e) {
        if (e instanceof AsynchronousCloseException) {
            return e; // the file channel's, a ClosedByInterruptException included
        }
        IOException x = null;
        if (closeCalled || !channel.isOpen()) {
            x = new AsynchronousCloseException();
        } else if (outputShut) {
            x = new ClosedChannelException();
        }
        if (x == null) {
            return e;
        }
        x.initCause(e);
        return x;
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

    /**
     * {@inheritDoc} The first bytes go through junixsocket's channel, {@code sendmsg(2)} with the
     * descriptors; on a stream, what it did not take follows as an ordinary write. junixsocket
     * closes the socket when that {@code sendmsg(2)} meets a broken pipe: the failure is the
     * JDK's {@code IOException("Broken pipe")} all the same, and the socket is then closed.
     */
    @Override
    public int send(ByteBuffer src, Descriptor... descriptors) throws IOException {
        calls.incrementAndGet();
        try {
            if (descriptors == null) {
                throw new NullPointerException("descriptors == null");
            }
            if (descriptors.length == 0) {
                return write(src);
            }
            requireCapability(UnixSocketCapability.FD_PASSING, "sending descriptors");
            if (type == UnixSocketType.STREAM && !src.hasRemaining()) {
                throw new IllegalArgumentException("on a stream socket descriptors travel with bytes:"
                        + " send at least one byte with them");
            }
            FileDescriptor[] fds = JunixAncillary.toSend(descriptors);
            JunixAncillary anc = ancillary();
            writeLock.lock();
            try {
                beforeWrite();
                try {
                    if (!src.hasRemaining()) {
                        anc.send(fds, () -> {
                            sendEmpty(anc.support());
                            return 0;
                        });
                        return 0;
                    }
                    int start = src.position();
                    // A seqpacket message goes whole: junixsocket would send a heap buffer through
                    // its per-thread buffer of 1 MiB.
                    ByteBuffer b = type == UnixSocketType.SEQPACKET && !src.isDirect()
                            ? gather(new ByteBuffer[] {src.duplicate()}, 0, 1, src.remaining())
                            : src;
                    while (anc.send(fds, () -> channel.write(b)) == 0) {
                        // moved nothing (non-blocking): junixsocket dropped the descriptors: again
                        awaitRoom();
                    }
                    if (b != src) {
                        src.position(start + b.position());
                    }
                    if (src.hasRemaining()) {
                        writeFully(src); // the rest of a stream write
                    }
                    return src.position() - start;
                } catch (IOException e) {
                    throw writeFailure(junixWriteFailure(e));
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            calls.decrementAndGet();
        }
    }

    /**
     * {@inheritDoc} Gives junixsocket room for {@link Messages#MAX_DESCRIPTORS} descriptors for
     * this one read only ({@link JunixAncillary}): a plain read has none, so the kernel closes
     * descriptors that come with it.
     */
    @Override
    public Received receive(ByteBuffer dst, int maxDescriptors) throws IOException {
        calls.incrementAndGet();
        try {
            Messages.checkMax(maxDescriptors);
            requireCapability(UnixSocketCapability.FD_PASSING, "receiving descriptors");
            if (dst.isReadOnly()) {
                throw readOnly();
            }
            JunixAncillary anc = ancillary();
            if (type == UnixSocketType.SEQPACKET) {
                readLock.lock();
                try {
                    JunixAncillary.Incoming<Integer> in = anc.receive(
                            () -> readMessage(new ByteBuffer[] {dst}, 0, 1));
                    int n = in.result;
                    return JunixAncillary.received(n, n >= 0 && lastTruncated, null, in.descriptors,
                            maxDescriptors);
                } finally {
                    readLock.unlock();
                }
            }
            JunixAncillary.Incoming<Integer> in = anc.receive(() -> read(dst));
            return JunixAncillary.received(in.result, false, null, in.descriptors, maxDescriptors);
        } finally {
            calls.decrementAndGet();
        }
    }

    private JunixAncillary ancillary() {
        JunixAncillary a = ancillary;
        if (a == null) {
            synchronized (ancillaryLock) {
                a = ancillary;
                if (a == null) {
                    a = JunixAncillary.of(channel);
                    ancillary = a;
                }
            }
        }
        return a;
    }

    private static void requireCapability(UnixSocketCapability capability, String what) {
        if (!NativeSupport.capabilities().contains(capability)) {
            throw new UnsupportedOperationException(what + " needs " + capability
                    + ", which provider " + JunixsocketProvider.NAME + " lacks here");
        }
    }

    @Override
    public UnixSocketType type() {
        return type;
    }

    /**
     * {@inheritDoc} On a closed socket, a descriptor that is not valid (which {@link
     * Descriptor#of(java.io.FileDescriptor)} refuses).
     */
    @Override
    public FileDescriptor fileDescriptor() {
        try {
            return channel.getFileDescriptor();
        } catch (IOException e) {
            return new FileDescriptor(); // closed
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
        outputShut = true;
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
     * Closes the socket ({@link #closeSocket()}): its shutdown wakes the threads blocked in it,
     * writers in the file channel included; then the file channel, which then has no thread to
     * wait for. Idempotent.
     */
    @Override
    public void close() throws IOException {
        try {
            closeSocket();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(output, e);
            throw e;
        }
        output.close();
    }

    /**
     * Closes junixsocket's channel, which shuts the socket down and so wakes threads blocked in
     * it, then the descriptor if junixsocket leaves it open, then wakes a thread waiting for a
     * read with a timeout. Runs once; also run by the file channel's close, and reentered when
     * closing a pair's descriptor closes every stream attached to it, {@link FdOutput} too.
     */
    private void closeSocket() throws IOException {
        closeCalled = true;
        if (!socketClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeChannel();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    /**
     * Closes junixsocket's channel and the descriptor. junixsocket shuts the socket down before
     * it closes it, which wakes threads blocked in it but also ends the connection for every
     * other holder of the socket, such as a process it was sent to ({@link
     * io.github.uds4j.Descriptor#of(UnixSocket)}). So when no thread is inside a read or write
     * here, the socket is first moved out of the descriptor ({@link Seqpackets#release}): the
     * shutdown then reaches nothing, and the close only drops this process's reference.
     */
    private void closeChannel() throws IOException {
        if (calls.get() == 0) {
            Seqpackets.release(channel);
        }
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

    /** Reports a read that failed because this socket was closed meanwhile as that close. */
    private IOException closedOr(IOException e) {
        if ((channel.isOpen() && !closeCalled) || e instanceof ClosedChannelException) {
            return e;
        }
        AsynchronousCloseException x = new AsynchronousCloseException();
        x.initCause(e);
        return x;
    }

    @Override
    public String toString() {
        return "UnixSocket[" + JunixsocketProvider.NAME
                + (type == UnixSocketType.STREAM ? "" : ", " + type)
                + (isOpen() ? "" : ", closed")
                + (local != null ? ", local=" + local : "")
                + (remote != null ? ", remote=" + remote : "") + "]";
    }

    /**
     * Reads with junixsocket's own socket stream, which hands the caller's array to its native
     * code (its channel would copy through a direct buffer leased per call: slower, most of all
     * for small reads), mapping failures as {@link #read(ByteBuffer)} does, and interruptible
     * through {@link Interruption}. Closing it closes the socket.
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

        /** {@inheritDoc} On a seqpacket socket, reads a message of one byte; skips empty ones. */
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        /**
         * {@inheritDoc} On a seqpacket socket, reads one message as {@link
         * JunixUnixSocket#read(ByteBuffer)} does: 0 for an empty one, a {@link
         * MessageTruncatedException} for one longer than {@code len}.
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            calls.incrementAndGet();
            try {
                checkBounds(b.length, off, len);
                if (len == 0) {
                    return 0;
                }
                if (type == UnixSocketType.SEQPACKET) {
                    return readOneMessage(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)}, 0, 1);
                }
                if (waiter.isNonBlocking()) {
                    // A read timeout was set: junixsocket's stream knows nothing of it, the channel
                    // path waits for it.
                    return JunixUnixSocket.this.read(ByteBuffer.wrap(b, off, len));
                }
                int n = -1;
                interruption.enter();
                try {
                    n = raw().read(b, off, len);
                } catch (IOException e) {
                    throw closedOr(e);
                } finally {
                    interruption.exit(n > 0);
                }
                if (n < 0 && closeCalled) {
                    throw new AsynchronousCloseException();
                }
                return n;
            } finally {
                calls.decrementAndGet();
            }
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
     * Writes through the file channel as {@link #write(ByteBuffer)} does (see the class comment
     * for why not junixsocket's stream). A zero-length write checks the state as any write does.
     * Closing it closes the socket.
     */
    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            writeArray(new byte[] {(byte) b}, 0, 1);
        }

        /** {@inheritDoc} On a seqpacket socket, one message, an empty one too. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkBounds(b.length, off, len);
            writeArray(b, off, len);
        }

        @Override
        public void close() throws IOException {
            JunixUnixSocket.this.close();
        }
    }
}
