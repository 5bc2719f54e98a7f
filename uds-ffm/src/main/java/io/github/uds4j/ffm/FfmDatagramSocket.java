package io.github.uds4j.ffm;

import io.github.uds4j.Descriptor;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.DescriptorAccess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Unix datagram socket on a descriptor of its own, closed as {@link FfmSocket} is: a close
 * (also by an interrupt, through {@link AbstractInterruptibleChannel}) shuts the socket down,
 * which wakes a blocked receive, and the number is released when the last call has left
 * ({@link SocketFd}). A read timeout waits in {@code poll}.
 *
 * <p><b>Sending</b> a heap buffer first tries a {@linkplain LibC#SENDTO_CRITICAL critical}
 * {@code sendto} with {@code MSG_DONTWAIT} straight from the array; only when the receiver's
 * queue is full does it make a blocking call through the thread's native buffer ({@link
 * Buffers}). A direct buffer goes to the call as it is. The target's {@code sockaddr_un} is
 * kept from one send to the next while the target stays the same. Descriptors go with {@code
 * sendmsg}.
 *
 * <p><b>Receiving</b> with {@link #receive(ByteBuffer)} is one {@code recvmsg} with {@code
 * MSG_TRUNC} (the datagram's whole length, so truncation is known), the sender's address, and
 * room for descriptors (so that unwanted ones are counted and closed), in the thread's native
 * structs ({@link Scratch}): no native memory is allocated per call. The last sender's address
 * is kept, so that a stream of datagrams from one peer decodes it once. {@link
 * #read(ByteBuffer)}, which wants neither sender nor descriptors, is a {@code recv}: critical
 * with {@code MSG_DONTWAIT} into a heap array, blocking through the native buffer when nothing
 * is queued yet; descriptors that came with the datagram are closed by the kernel.
 *
 * <p>A send that waits for room in another socket's queue (Linux queues at most {@code
 * net.unix.max_dgram_qlen} datagrams, 10 by default, per receiver) is woken by the receiver,
 * not by this socket's close: a close from another thread ends it only once the receiver
 * takes a datagram.
 *
 * <p>{@link #connect(UnixSocketAddress)} drops the datagrams already queued, as the JDK's
 * {@code DatagramChannel} does, so that what is received afterwards comes from the peer.
 */
final class FfmDatagramSocket extends AbstractInterruptibleChannel implements UnixDatagramSocket,
        DescriptorAccess {
    /** A connect drops at most this many queued datagrams. */
    private static final int DRAIN_LIMIT = 100_000;

    private final SocketFd fd;
    private final UnixSocketAddress local;
    private volatile UnixSocketAddress remote;
    private volatile boolean connected;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private volatile long readTimeoutMillis;

    // Guarded by sendLock: the last target, encoded.
    private UnixSocketAddress lastTarget;
    private MemorySegment targetName;
    private int targetLength;

    // Guarded by receiveLock: the last sender, as the kernel gave it and decoded.
    private MemorySegment senderName;
    private int senderLength = -1;
    private UnixSocketAddress lastSender;
    private final Ancillary.Names senders = this::sender;

    /**
     * Makes a socket of {@code fd}, an open Unix datagram socket that becomes this socket's;
     * it is connected if the kernel says it has a peer ({@code getpeername}).
     *
     * @param local the address it is bound at as the caller knows it, or null
     */
    FfmDatagramSocket(int fd, UnixSocketAddress local) {
        this(fd, local, hasPeer(fd));
    }

    private FfmDatagramSocket(int fd, UnixSocketAddress local, boolean connected) {
        this.fd = new SocketFd(fd);
        this.local = local;
        this.connected = connected;
    }

    private static boolean hasPeer(int fd) {
        try {
            Native.name(fd, true);
            return true;
        } catch (IOException e) {
            return false; // ENOTCONN
        }
    }

    /**
     * Opens a datagram socket bound at {@code privatePath} (a path in uds-api's private
     * directory, or an abstract name), or unbound when it is null; {@code address} is the
     * address it reports as its own.
     */
    static FfmDatagramSocket ofNew(UnixSocketAddress privatePath, UnixSocketAddress address)
            throws IOException {
        int s = Native.socket(LibC.SOCK_DGRAM);
        try {
            if (privatePath != null) {
                Native.bind(s, privatePath);
            }
            return new FfmDatagramSocket(s, privatePath == null ? null : address, false);
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(s);
            throw e;
        }
    }

    /** Returns two datagram sockets connected to each other, from {@code socketpair(2)}. */
    static FfmDatagramSocket[] ofPair() throws IOException {
        int[] sv = Native.socketpair(LibC.SOCK_DGRAM);
        return new FfmDatagramSocket[] {new FfmDatagramSocket(sv[0], null, true),
            new FfmDatagramSocket(sv[1], null, true)};
    }

    /** The descriptor, for the provider's own use while the socket is open. */
    SocketFd fd() {
        return fd;
    }

    // ---- receiving ----

    @Override
    public Received receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    @Override
    public Received receive(ByteBuffer dst, int maxDescriptors) throws IOException {
        Objects.requireNonNull(dst, "dst == null");
        Messages.checkMax(maxDescriptors);
        if (dst.isReadOnly()) {
            ensureOpen();
            throw new IllegalArgumentException("Read-only buffer");
        }
        receiveLock.lock();
        try {
            ensureOpen();
            Ancillary.Result r = null;
            boolean done = false;
            begin();
            try {
                int f = fd.enter();
                try {
                    int room = dst.remaining();
                    try (Arena big = room > Buffers.MAX ? Arena.ofConfined() : null) {
                        MemorySegment target = dst.isDirect() ? MemorySegment.ofBuffer(dst)
                                : big != null ? big.allocate(room)
                                : Buffers.get(room).asSlice(0, room);
                        r = receiveMessage(f, target, room);
                        int kept = (int) Math.min(r.length(), room);
                        if (kept == 0 && fd.isClosed()) {
                            // The close shut the socket down, which ends a receive with 0.
                            Ancillary.closeAll(r.fds());
                            throw new AsynchronousCloseException();
                        }
                        if (!dst.isDirect() && kept > 0) {
                            MemorySegment.copy(target, 0, MemorySegment.ofBuffer(dst), 0, kept);
                        }
                        dst.position(dst.position() + kept);
                        done = true;
                        return received(kept, r.truncated() || r.length() > room, r.sender(),
                                r.fds(), maxDescriptors);
                    }
                } finally {
                    fd.leave();
                }
            } finally {
                end(done);
            }
        } finally {
            receiveLock.unlock();
        }
    }

    private static Received received(int kept, boolean truncated, UnixSocketAddress sender,
            int[] fds, int max) throws IOException {
        if (fds.length == 0) {
            return Received.of(kept, truncated, sender, null, 0);
        }
        return Messages.received(kept, truncated, sender, Fds.adopt(fds, max), max);
    }

    /** One datagram with its sender and descriptors, within the read timeout. */
    private Ancillary.Result receiveMessage(int f, MemorySegment target, long len)
            throws IOException {
        long timeout = readTimeoutMillis;
        if (timeout == 0) {
            return Ancillary.receive(f, target, len, senders, LibC.MSG_TRUNC);
        }
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            Ancillary.Result r = Ancillary.receive(f, target, len, senders,
                    LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
            if (r != null) {
                return r;
            }
            awaitReadable(f, deadline, timeout);
        }
    }

    /** The sender in {@code sa}: the last one again without decoding, when it is the same. */
    private UnixSocketAddress sender(MemorySegment sa, int len) {
        if (len <= LibC.SUN_PATH_OFFSET || len > sa.byteSize()) {
            return null;
        }
        if (len == senderLength
                && MemorySegment.mismatch(sa, 0, len, senderName, 0, len) == -1) {
            return lastSender;
        }
        UnixSocketAddress a = Native.decode(sa, len);
        if (senderName == null) {
            senderName = Arena.ofAuto().allocate(LibC.SOCKADDR_UN);
        }
        MemorySegment.copy(sa, 0, senderName, 0, len);
        senderLength = len;
        lastSender = a;
        return a;
    }

    private void awaitReadable(int f, long deadline, long timeout) throws IOException {
        long left = Timeouts.millisLeft(deadline);
        if (left == 0 || Native.poll(f, LibC.POLLIN, (int) Math.min(left, Integer.MAX_VALUE))
                == 0) {
            throw Timeouts.readTimedOut(address(), timeout);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst == null");
        if (dst.isReadOnly()) {
            ensureOpen();
            throw new IllegalArgumentException("Read-only buffer");
        }
        receiveLock.lock();
        try {
            ensureOpen();
            if (!connected) {
                throw new NotYetConnectedException();
            }
            long n = -1;
            int room = dst.remaining();
            begin();
            try {
                int f = fd.enter();
                try {
                    if (dst.isDirect()) {
                        n = recvInto(f, MemorySegment.ofBuffer(dst), room);
                    } else {
                        n = recvArray(f, dst.array(), dst.arrayOffset() + dst.position(), room);
                    }
                    if (n == 0 && fd.isClosed()) {
                        n = -1;
                        throw new AsynchronousCloseException(); // as in receive
                    }
                } finally {
                    fd.leave();
                }
            } finally {
                end(n >= 0);
            }
            int kept = (int) Math.min(n, room);
            dst.position(dst.position() + kept);
            if (n > room) {
                throw new MessageTruncatedException(kept);
            }
            return kept;
        } finally {
            receiveLock.unlock();
        }
    }

    /** One datagram into native memory, within the read timeout: its whole length. */
    private long recvInto(int f, MemorySegment seg, long len) throws IOException {
        long timeout = readTimeoutMillis;
        if (timeout == 0) {
            return Native.recv(f, seg, len, LibC.MSG_TRUNC);
        }
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            long n = Native.recv(f, seg, len, LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
            if (n != Native.AGAIN) {
                return n;
            }
            awaitReadable(f, deadline, timeout);
        }
    }

    /**
     * One datagram into an array: straight into it when one is queued, else through native
     * memory; its whole length.
     */
    private long recvArray(int f, byte[] b, int off, int len) throws IOException {
        long n = Native.recvCritical(f, b, off, len, LibC.MSG_TRUNC);
        if (n != Native.AGAIN) {
            return n;
        }
        if (len > Buffers.MAX) {
            try (Arena a = Arena.ofConfined()) {
                return recvCopy(f, a.allocate(len), b, off, len);
            }
        }
        return recvCopy(f, Buffers.get(len), b, off, len);
    }

    private long recvCopy(int f, MemorySegment buf, byte[] b, int off, int len)
            throws IOException {
        long n = recvInto(f, buf, len);
        if (n > 0) {
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, (int) Math.min(n, len));
        }
        return n;
    }

    // ---- sending ----

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src == null");
        return send(src, null);
    }

    @Override
    public int send(ByteBuffer src, UnixSocketAddress target, Descriptor... descriptors)
            throws IOException {
        Objects.requireNonNull(src, "src == null");
        Objects.requireNonNull(descriptors, "descriptors == null");
        if (descriptors.length > Messages.MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("at most " + Messages.MAX_DESCRIPTORS
                    + " descriptors per message, got " + descriptors.length);
        }
        sendLock.lock();
        try {
            ensureOpen();
            if (target == null && !connected) {
                throw new NotYetConnectedException();
            }
            if (descriptors.length > 0) {
                try (Fds.Lent lent = Fds.lend(descriptors)) {
                    return sendWith(src, target, lent.numbers());
                }
            }
            return sendWith(src, target, null);
        } finally {
            sendLock.unlock();
        }
    }

    private int sendWith(ByteBuffer src, UnixSocketAddress target, int[] fds)
            throws IOException {
        int len = src.remaining();
        boolean done = false;
        begin();
        try {
            int f = fd.enter();
            try {
                long n;
                if (fds != null) {
                    n = sendMessage(f, src, len, target, fds);
                } else {
                    MemorySegment sa = MemorySegment.NULL;
                    int salen = 0;
                    if (target != null) {
                        sa = targetName(target);
                        salen = targetLength;
                    }
                    if (src.isDirect()) {
                        n = sendto(f, MemorySegment.ofBuffer(src), len, sa, salen);
                    } else if (src.hasArray()) {
                        n = sendArray(f, src.array(), src.arrayOffset() + src.position(), len,
                                sa, salen);
                    } else {
                        n = sendCopy(f, src, len, sa, salen);
                    }
                }
                src.position(src.position() + (int) n);
                done = true;
                return (int) n;
            } finally {
                fd.leave();
            }
        } finally {
            end(done);
        }
    }

    /** {@code target} as a {@code sockaddr_un}, encoded again only when it changes. */
    private MemorySegment targetName(UnixSocketAddress target) {
        if (target != lastTarget && !target.equals(lastTarget)) {
            if (targetName == null) {
                targetName = Arena.ofAuto().allocate(LibC.SOCKADDR_UN);
            }
            lastTarget = null; // until the encoding has succeeded
            targetLength = Native.encode(target, targetName);
            lastTarget = target;
        }
        return targetName;
    }

    /** Sends one datagram from native memory, waiting for room as long as it takes. */
    private static long sendto(int f, MemorySegment seg, long len, MemorySegment sa, int salen)
            throws IOException {
        while (true) {
            long n = Native.sendto(f, seg, len, 0, sa, salen);
            if (n != Native.AGAIN) {
                return n;
            }
            Native.poll(f, LibC.POLLOUT, -1); // a non-blocking descriptor from elsewhere
        }
    }

    /** Sends from an array: straight from it when there is room, else through native memory. */
    private static long sendArray(int f, byte[] b, int off, int len, MemorySegment sa, int salen)
            throws IOException {
        long n = Native.sendtoCritical(f, b, off, len, sa, salen);
        if (n != Native.AGAIN) {
            return n;
        }
        if (len > Buffers.MAX) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(len);
                MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, len);
                return sendto(f, buf, len, sa, salen);
            }
        }
        MemorySegment buf = Buffers.get(len);
        MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, len);
        return sendto(f, buf, len, sa, salen);
    }

    /** Sends a buffer whose memory cannot be passed as it is (read-only heap), copied. */
    private static long sendCopy(int f, ByteBuffer src, int len, MemorySegment sa, int salen)
            throws IOException {
        if (len > Buffers.MAX) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(len);
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, buf, 0, len);
                return sendto(f, buf, len, sa, salen);
            }
        }
        MemorySegment buf = Buffers.get(len);
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, buf, 0, len);
        return sendto(f, buf, len, sa, salen);
    }

    /** Sends one datagram with descriptors ({@code sendmsg}). */
    private static long sendMessage(int f, ByteBuffer src, int len, UnixSocketAddress target,
            int[] fds) throws IOException {
        try (Arena big = !src.isDirect() && len > Buffers.MAX ? Arena.ofConfined() : null) {
            MemorySegment seg;
            if (src.isDirect()) {
                seg = MemorySegment.ofBuffer(src);
            } else {
                seg = big != null ? big.allocate(len) : Buffers.get(len);
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, seg, 0, len);
            }
            while (true) {
                long n = Ancillary.send(f, seg, len, target, fds, 0);
                if (n != Native.AGAIN) {
                    return n;
                }
                Native.poll(f, LibC.POLLOUT, -1);
            }
        }
    }

    // ---- connecting ----

    @Override
    public void connect(UnixSocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target == null");
        sendLock.lock();
        try {
            receiveLock.lock();
            try {
                ensureOpen();
                boolean done = false;
                begin();
                try {
                    int f = fd.enter();
                    try {
                        Native.connect(f, target); // never waits for a datagram socket
                        remote = target;
                        connected = true;
                        drain(f);
                        done = true;
                    } finally {
                        fd.leave();
                    }
                } finally {
                    end(done);
                }
            } finally {
                receiveLock.unlock();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Drops the datagrams queued before the connect. Descriptors in them are closed by the
     * kernel, as no room for them is given.
     */
    private static void drain(int f) throws IOException {
        MemorySegment one = Buffers.get(1);
        for (int i = 0; i < DRAIN_LIMIT; i++) {
            if (Native.recv(f, one, 1, LibC.MSG_DONTWAIT) == Native.AGAIN) {
                return;
            }
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    // ---- the rest ----

    @Override
    public UnixSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public UnixSocketAddress getRemoteAddress() {
        return remote;
    }

    private UnixSocketAddress address() {
        UnixSocketAddress r = remote;
        return r != null ? r : local;
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
    public String providerName() {
        return FfmProvider.NAME;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
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
        UnixSocketAddress r = remote;
        return "UnixDatagramSocket[ffm" + (isOpen() ? "" : ", closed")
                + (local != null ? ", local=" + local : "")
                + (r != null ? ", remote=" + r : connected ? ", connected" : "") + "]";
    }
}
