package io.github.uds4j.ffm;

import io.github.uds4j.Descriptor;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.Received;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.DescriptorAccess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected stream or seqpacket socket on a descriptor of its own.
 *
 * <p>Blocking calls are blocking system calls; {@link #close()} (also by an interrupt, through
 * {@link AbstractInterruptibleChannel}) wakes them by shutting the socket down and releases the
 * number when the last has left ({@link SocketFd}). A read timeout waits in {@code poll} and
 * then reads without waiting.
 *
 * <p>byte[] reads and writes first try a {@linkplain LibC#RECV_CRITICAL critical} call with
 * {@code MSG_DONTWAIT} on the array itself; only when it would block do they make a blocking
 * call through the thread's native buffer ({@link Buffers}), and that call moves at most {@link
 * #WAIT_CHUNK} bytes: it is there to wait, and once it returns the socket has room or bytes
 * again, so the rest goes straight from or to the array with critical calls, and little is
 * copied. A read whose critical attempt found nothing skips it the next times (in request and
 * response it would find nothing again, a wasted system call per read) until a blocking read
 * fills its chunk, a sign that bytes are arriving faster than they are read. Direct buffers go
 * to the call as they are.
 *
 * <p>A seqpacket socket asks for the sender's credentials on every message ({@code
 * SO_PASSCRED}): an empty message carries them, the end of the connection does not.
 */
final class FfmSocket extends AbstractInterruptibleChannel implements UnixSocket,
        DescriptorAccess {
    private final SocketFd fd;
    private final UnixSocketType type;
    private final UnixSocketAddress local;
    private final UnixSocketAddress remote;
    private final ReentrantLock readLock = new ReentrantLock();
    /** Held by every write for its whole length, so that concurrent writes do not interleave. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final InputStream in = new SocketInput();
    private final OutputStream out = new SocketOutput();
    private volatile long readTimeoutMillis;
    private volatile boolean outputShut;
    /** Once a seqpacket socket has read its end, later reads say so without a call. */
    private volatile boolean endSeen;
    /**
     * The last critical read attempt found nothing: array reads go straight to the blocking
     * call. Guarded by {@link #readLock}.
     */
    private boolean readMissed;

    /**
     * The most an array read or write moves through native memory in the blocking call that
     * waits for bytes or room; the rest goes straight from or to the array.
     */
    static final int WAIT_CHUNK = 4096;

    FfmSocket(int fd, UnixSocketType type, UnixSocketAddress local, UnixSocketAddress remote) {
        this.fd = new SocketFd(fd);
        this.type = type;
        this.local = local;
        this.remote = remote;
    }

    /** The descriptor, for the provider's own use while the socket is open. */
    SocketFd fd() {
        return fd;
    }

    private boolean messages() {
        return type == UnixSocketType.SEQPACKET;
    }

    // ---- reading ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        readLock.lock();
        try {
            ensureOpen();
            if (!dst.hasRemaining() && !messages()) {
                return 0;
            }
            int n = 0;
            begin();
            try {
                int f = fd.enter();
                try {
                    n = readBuffer(f, dst);
                } finally {
                    fd.leave();
                }
            } finally {
                end(n > 0 || (n == 0 && messages()));
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * A stream socket's read into an array, as {@link #read(ByteBuffer)} does it for a buffer
     * over the array, without making one.
     */
    private int readArray(byte[] b, int off, int len) throws IOException {
        readLock.lock();
        try {
            ensureOpen();
            long n = 0;
            begin();
            try {
                int f = fd.enter();
                try {
                    n = recvArray(f, b, off, len);
                } finally {
                    fd.leave();
                }
            } finally {
                end(n > 0);
            }
            return n == 0 ? -1 : (int) n;
        } finally {
            readLock.unlock();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private int readBuffer(int f, ByteBuffer dst) throws IOException {
        int pos = dst.position();
        int len = dst.remaining();
        if (messages()) {
            MemorySegment target = dst.isDirect() ? MemorySegment.ofBuffer(dst)
                    : Buffers.get(len).asSlice(0, Math.min(len, Buffers.MAX));
            Ancillary.Result r = receiveMessage(f, target, target.byteSize());
            if (r.endOfStream()) {
                endSeen = true;
                return -1;
            }
            int kept = (int) Math.min(r.length(), target.byteSize());
            if (!dst.isDirect()) {
                MemorySegment.copy(target, 0, MemorySegment.ofBuffer(dst), 0, kept);
            }
            dst.position(pos + kept);
            Ancillary.closeAll(r.fds());
            if (r.truncated()) {
                throw new MessageTruncatedException(kept);
            }
            return kept;
        }
        long n;
        if (dst.isDirect()) {
            n = recvInto(f, MemorySegment.ofBuffer(dst), len);
        } else {
            n = recvArray(f, dst.array(), dst.arrayOffset() + pos, len);
        }
        if (n > 0) {
            dst.position(pos + (int) n);
        }
        return n == 0 ? -1 : (int) n;
    }

    /** One message, within the read timeout; {@code MSG_TRUNC} gives its whole length. */
    private Ancillary.Result receiveMessage(int f, MemorySegment target, long len)
            throws IOException {
        if (endSeen) {
            return new Ancillary.Result(0, false, false, new int[0], null, false);
        }
        long timeout = readTimeoutMillis;
        if (timeout == 0) {
            return Ancillary.receive(f, target, len, false, LibC.MSG_TRUNC);
        }
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            awaitReadable(f, deadline, timeout);
            Ancillary.Result r = Ancillary.receive(f, target, len, false,
                    LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
            if (r != null) {
                return r;
            }
        }
    }

    private void awaitReadable(int f, long deadline, long timeout) throws IOException {
        long left = Timeouts.millisLeft(deadline);
        if (left == 0 || Native.poll(f, LibC.POLLIN, (int) Math.min(left, Integer.MAX_VALUE)) == 0) {
            throw Timeouts.readTimedOut(remote != null ? remote : local, timeout);
        }
    }

    /** Reads into native memory, within the read timeout; 0 at the end. */
    private long recvInto(int f, MemorySegment seg, long len) throws IOException {
        long timeout = readTimeoutMillis;
        if (timeout == 0) {
            return Native.recv(f, seg, len, 0);
        }
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            long n = Native.recv(f, seg, len, LibC.MSG_DONTWAIT);
            if (n != Native.AGAIN) {
                return n;
            }
            awaitReadable(f, deadline, timeout);
        }
    }

    /**
     * Reads into an array: straight into it when bytes are there, else through native memory.
     * The caller holds {@link #readLock}.
     */
    private long recvArray(int f, byte[] b, int off, int len) throws IOException {
        if (!readMissed) {
            long n = Native.recvCritical(f, b, off, len);
            if (n != Native.AGAIN) {
                return n;
            }
            readMissed = true;
        }
        int chunk = Math.min(len, WAIT_CHUNK);
        MemorySegment buf = Buffers.get(chunk);
        long n = recvInto(f, buf, chunk);
        if (n <= 0) {
            return n;
        }
        MemorySegment.copy(buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
        if (n < chunk || n == len) {
            return n;
        }
        // More is likely waiting: take it straight into the array.
        long more;
        try {
            more = Native.recvCritical(f, b, off + (int) n, len - (int) n);
        } catch (IOException e) {
            return n; // the bytes read come first; the failure shows on the next read
        }
        if (more == Native.AGAIN || more == 0) {
            return n; // nothing more yet, or the end, which the next read returns
        }
        readMissed = false;
        return n + more;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /**
     * Reads into the first buffer with room, waiting as {@link #read(ByteBuffer)} does, then
     * into the next ones only what is there already. A seqpacket socket reads one message
     * across the buffers.
     */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
            total += dsts[i].remaining();
        }
        if (messages()) {
            int cap = (int) Math.min(total, Buffers.MAX);
            ByteBuffer one = ByteBuffer.allocateDirect(Math.max(cap, 0));
            MessageTruncatedException cut = null;
            int n;
            try {
                n = read(one);
            } catch (MessageTruncatedException e) {
                n = e.kept();
                cut = e;
            }
            if (n > 0) {
                one.flip();
                for (int i = offset; i < offset + length && one.hasRemaining(); i++) {
                    int k = Math.min(dsts[i].remaining(), one.remaining());
                    ByteBuffer part = one.slice();
                    part.limit(k);
                    dsts[i].put(part);
                    one.position(one.position() + k);
                }
            }
            if (cut != null) {
                throw cut;
            }
            return n;
        }
        int first = offset;
        while (first < offset + length && !dsts[first].hasRemaining()) {
            first++;
        }
        if (first == offset + length) {
            ensureOpen();
            return 0;
        }
        int n = read(dsts[first]);
        if (n <= 0) {
            return n;
        }
        long got = n;
        int end = offset + length;
        for (int i = first; !dsts[i].hasRemaining(); ) {
            if (++i == end) {
                return got;
            }
            if (dsts[i].hasRemaining()) {
                int m = readNow(dsts[i]);
                if (m <= 0) {
                    return got;
                }
                got += m;
            }
        }
        return got;
    }

    /** Reads what is there without waiting; 0 if nothing. */
    private int readNow(ByteBuffer d) throws IOException {
        readLock.lock();
        try {
            int f = fd.enter();
            try {
                int pos = d.position();
                long n;
                if (d.isDirect()) {
                    n = Native.recv(f, MemorySegment.ofBuffer(d), d.remaining(),
                            LibC.MSG_DONTWAIT);
                } else {
                    n = Native.recvCritical(f, d.array(), d.arrayOffset() + pos, d.remaining());
                }
                if (n <= 0) {
                    return 0;
                }
                d.position(pos + (int) n);
                return (int) n;
            } finally {
                fd.leave();
            }
        } finally {
            readLock.unlock();
        }
    }

    // ---- writing ----

    @Override
    public int write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            checkWritable();
            int len = src.remaining();
            if (len == 0 && !messages()) {
                return 0;
            }
            boolean done = false;
            begin();
            try {
                int f = fd.enter();
                try {
                    int pos = src.position();
                    long n;
                    if (messages()) {
                        n = sendMessage(f, src, null);
                    } else if (src.isDirect()) {
                        n = sendAll(f, MemorySegment.ofBuffer(src), len);
                    } else if (src.hasArray()) {
                        n = sendArray(f, src.array(), src.arrayOffset() + pos, len);
                    } else {
                        n = sendCopy(f, MemorySegment.ofBuffer(src), len);
                    }
                    src.position(pos + (int) n);
                    done = true;
                    return (int) n;
                } finally {
                    fd.leave();
                }
            } finally {
                end(done);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A stream socket's write of a whole array, as {@link #write(ByteBuffer)} does it for a
     * buffer over the array, without making one.
     */
    private void writeArray(byte[] b, int off, int len) throws IOException {
        writeLock.lock();
        try {
            checkWritable();
            if (len == 0) {
                return;
            }
            boolean done = false;
            begin();
            try {
                int f = fd.enter();
                try {
                    sendArray(f, b, off, len);
                    done = true;
                } finally {
                    fd.leave();
                }
            } finally {
                end(done);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void checkWritable() throws ClosedChannelException {
        ensureOpen();
        if (outputShut) {
            throw new ClosedChannelException();
        }
    }

    /** Sends one whole seqpacket message, with {@code fds} if not null. */
    private long sendMessage(int f, ByteBuffer src, int[] fds) throws IOException {
        int len = src.remaining();
        MemorySegment seg;
        if (src.isDirect()) {
            seg = MemorySegment.ofBuffer(src);
        } else {
            if (len > Buffers.MAX) {
                seg = java.lang.foreign.Arena.ofAuto().allocate(len);
            } else {
                seg = Buffers.get(len);
            }
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, seg, 0, len);
        }
        while (true) {
            long n = fds == null ? Native.send(f, seg, len, 0)
                    : Ancillary.send(f, seg, len, null, fds, 0);
            if (n != Native.AGAIN) {
                return n;
            }
            Native.poll(f, LibC.POLLOUT, -1);
        }
    }

    /** Sends all {@code len} bytes at {@code seg}, blocking as needed. */
    private static long sendAll(int f, MemorySegment seg, long len) throws IOException {
        long sent = 0;
        while (sent < len) {
            long n = Native.send(f, seg.asSlice(sent), len - sent, 0);
            if (n == Native.AGAIN) {
                Native.poll(f, LibC.POLLOUT, -1); // a non-blocking descriptor from elsewhere
                continue;
            }
            sent += n;
        }
        return sent;
    }

    /**
     * Sends an array: straight from it while the socket takes bytes at once; when it is full, a
     * blocking call with at most {@link #WAIT_CHUNK} bytes through native memory waits for room.
     */
    private static long sendArray(int f, byte[] b, int off, int len) throws IOException {
        long sent = 0;
        while (sent < len) {
            long n = Native.sendCritical(f, b, off + (int) sent, len - (int) sent);
            if (n == Native.AGAIN) {
                // Wait for room in a blocking call with a few bytes; the rest goes on from the
                // array.
                int chunk = (int) Math.min(len - sent, WAIT_CHUNK);
                MemorySegment buf = Buffers.get(chunk);
                MemorySegment.copy(b, off + (int) sent, buf, java.lang.foreign.ValueLayout.JAVA_BYTE,
                        0, chunk);
                n = Native.send(f, buf, chunk, 0);
                if (n == Native.AGAIN) {
                    Native.poll(f, LibC.POLLOUT, -1);
                    continue;
                }
            }
            sent += n;
        }
        return sent;
    }

    /** Sends a buffer whose memory cannot be passed as it is, through native memory. */
    private static long sendCopy(int f, MemorySegment src, long len) throws IOException {
        long sent = 0;
        while (sent < len) {
            MemorySegment buf = Buffers.get(len - sent);
            long chunk = Math.min(len - sent, buf.byteSize());
            MemorySegment.copy(src, sent, buf, 0, chunk);
            sent += sendAll(f, buf, chunk);
        }
        return sent;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Writes every buffer whole, under the write lock; a seqpacket socket sends one message. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        if (messages()) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += srcs[i].remaining();
            }
            ByteBuffer one = ByteBuffer.allocateDirect((int) total);
            for (int i = offset; i < offset + length; i++) {
                one.put(srcs[i].duplicate());
            }
            one.flip();
            int n = write(one);
            for (int i = offset; i < offset + length; i++) {
                srcs[i].position(srcs[i].limit());
            }
            return n;
        }
        writeLock.lock();
        try {
            checkWritable();
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    // ---- messages with descriptors ----

    @Override
    public int send(ByteBuffer src, Descriptor... descriptors) throws IOException {
        if (descriptors.length == 0) {
            return write(src);
        }
        if (descriptors.length > Messages.MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("at most " + Messages.MAX_DESCRIPTORS
                    + " descriptors per message, got " + descriptors.length);
        }
        writeLock.lock();
        try (Fds.Lent lent = Fds.lend(descriptors)) {
            checkWritable();
            boolean done = false;
            begin();
            try {
                int f = fd.enter();
                try {
                    int pos = src.position();
                    long n;
                    if (messages()) {
                        n = sendMessage(f, src, lent.numbers());
                    } else {
                        n = sendStreamWithFds(f, src, lent.numbers());
                    }
                    src.position(pos + (int) n);
                    done = true;
                    return (int) n;
                } finally {
                    fd.leave();
                }
            } finally {
                end(done);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The descriptors go with the first bytes; the rest follows as a plain write. */
    private long sendStreamWithFds(int f, ByteBuffer src, int[] fds) throws IOException {
        int len = src.remaining();
        MemorySegment seg;
        if (src.isDirect()) {
            seg = MemorySegment.ofBuffer(src);
        } else {
            seg = Buffers.get(len);
            len = (int) Math.min(len, seg.byteSize());
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, seg, 0, len);
        }
        long n;
        while ((n = Ancillary.send(f, seg, Math.max(len, 0), null, fds, 0)) == Native.AGAIN) {
            Native.poll(f, LibC.POLLOUT, -1);
        }
        long total = n;
        int all = src.remaining();
        if (total < all) {
            if (src.isDirect()) {
                total += sendAll(f, seg.asSlice(total), all - total);
            } else if (src.hasArray()) {
                total += sendArray(f, src.array(), src.arrayOffset() + src.position()
                        + (int) total, all - (int) total);
            } else {
                total += sendCopy(f, MemorySegment.ofBuffer(src).asSlice(total), all - total);
            }
        }
        return total;
    }

    @Override
    public Received receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    @Override
    public Received receive(ByteBuffer dst, int maxDescriptors) throws IOException {
        Messages.checkMax(maxDescriptors);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        readLock.lock();
        try {
            ensureOpen();
            Ancillary.Result r = null;
            begin();
            try {
                int f = fd.enter();
                try {
                    int len = dst.remaining();
                    MemorySegment target = dst.isDirect() ? MemorySegment.ofBuffer(dst)
                            : Buffers.get(len).asSlice(0, Math.min(len, Buffers.MAX));
                    if (messages()) {
                        r = receiveMessage(f, target, target.byteSize());
                    } else {
                        r = receiveStream(f, target, target.byteSize());
                    }
                    int kept = (int) Math.min(r.length(), target.byteSize());
                    if (!dst.isDirect() && kept > 0) {
                        MemorySegment.copy(target, 0, MemorySegment.ofBuffer(dst), 0, kept);
                    }
                    boolean end = messages() ? r.endOfStream() : r.length() == 0 && len > 0;
                    if (end) {
                        endSeen = messages();
                    } else {
                        dst.position(dst.position() + kept);
                    }
                    return Messages.received(end ? -1 : kept, r.truncated(), null,
                            Fds.adopt(r.fds(), maxDescriptors), maxDescriptors);
                } finally {
                    fd.leave();
                }
            } finally {
                end(r != null && (r.length() > 0 || messages()));
            }
        } finally {
            readLock.unlock();
        }
    }

    private Ancillary.Result receiveStream(int f, MemorySegment target, long len)
            throws IOException {
        long timeout = readTimeoutMillis;
        if (timeout == 0) {
            return Ancillary.receive(f, target, len, false, 0);
        }
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            Ancillary.Result r = Ancillary.receive(f, target, len, false, LibC.MSG_DONTWAIT);
            if (r != null) {
                return r;
            }
            awaitReadable(f, deadline, timeout);
        }
    }

    // ---- the rest ----

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void shutdownInput() throws IOException {
        int f = fd.enter();
        try {
            Native.shutdown(f, LibC.SHUT_RD);
        } catch (IOException e) {
            if (!Errno.message(107).equals(e.getMessage())) {
                throw e;
            }
        } finally {
            fd.leave();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        int f = fd.enter();
        try {
            Native.shutdown(f, LibC.SHUT_WR);
            outputShut = true;
        } catch (IOException e) {
            if (!Errno.message(107).equals(e.getMessage())) {
                throw e;
            }
            outputShut = true;
        } finally {
            fd.leave();
        }
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
        int f = fd.enter();
        try {
            int[] c = Native.peerCredentials(f);
            return PeerCredentials.of(Integer.toUnsignedLong(c[1]), Integer.toUnsignedLong(c[2]),
                    c[0] > 0 ? c[0] : -1);
        } finally {
            fd.leave();
        }
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        long ms = Timeouts.toMillis(timeout, "timeout");
        ensureOpen();
        readTimeoutMillis = ms;
    }

    @Override
    public Duration getReadTimeout() {
        return Duration.ofMillis(readTimeoutMillis);
    }

    @Override
    public UnixSocketType type() {
        return type;
    }

    @Override
    public String providerName() {
        return FfmProvider.NAME;
    }

    /** A second number for the socket, made on first use, closed with it ({@link SocketFd#view()}). */
    @Override
    public FileDescriptor fileDescriptor() {
        return fd.view();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return "UnixSocket[ffm, " + (type == UnixSocketType.SEQPACKET ? "seqpacket, " : "")
                + (remote != null ? "to " + remote : local != null ? "at " + local : "unnamed")
                + (isOpen() ? "" : ", closed") + "]";
    }

    /** Reads straight into the caller's array where it can. */
    private final class SocketInput extends InputStream {
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
                ensureOpen();
                return 0;
            }
            if (!messages()) {
                return readArray(b, off, len);
            }
            return FfmSocket.this.read(ByteBuffer.wrap(b, off, len));
        }

        /** Returns 0 while open: a read may block. */
        @Override
        public int available() throws IOException {
            ensureOpen();
            return 0;
        }

        @Override
        public void close() throws IOException {
            FfmSocket.this.close();
        }
    }

    /** Writes straight from the caller's array where it can. */
    private final class SocketOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (!messages()) {
                writeArray(b, off, len);
                return;
            }
            FfmSocket.this.write(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            FfmSocket.this.close();
        }
    }
}
