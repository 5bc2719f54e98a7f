package io.github.uds4j.junixsocket;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.DescriptorAccess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.newsclub.net.unix.FileDescriptorCast;
import org.newsclub.net.unix.SocketClosedException;

/**
 * A datagram socket on junixsocket 2.11.1, which falls short of the contract in several ways
 * that this class works around.
 *
 * <p><b>Two descriptors.</b> junixsocket closes a socket's descriptor when a send fails with
 * {@code ECONNREFUSED} (a stale socket file, a peer that is gone), {@code ENOTCONN} or {@code
 * EPIPE}, and when a receive fails with {@code ECONNRESET}: one reply to a client that has left
 * would close a server. So the socket's own descriptor ({@link #fd}) is never handed to a
 * junixsocket I/O call; sends and receives go through a duplicate ({@link Io}). When junixsocket
 * closes the duplicate, the socket lives on in {@link #fd}, the failure is reported, and the
 * next call makes a new duplicate.
 *
 * <p><b>Receives</b> go through junixsocket's {@code DatagramSocket.receive(DatagramPacket)},
 * the one call of junixsocket that tells the three outcomes of {@code recvfrom(2)} apart: a
 * datagram with bytes (the packet's length), an empty datagram (a {@link SocketTimeoutException}:
 * junixsocket takes {@code recv} returning 0 for the end of a stream), and nothing yet (length
 * 0, should the descriptor be non-blocking). Its channel's {@code receive} returns null for both
 * of the last two, having consumed the datagram in the first. The packet gets a buffer one byte
 * larger than the room in the caller's buffer: a datagram that fills it was longer than the
 * room, and is reported truncated (junixsocket has no {@code MSG_TRUNC}). The sender of an
 * empty datagram is unknown (junixsocket drops it): null, or the peer when connected.
 *
 * <p><b>Sends</b> go through {@code DatagramSocket.send(DatagramPacket)}: its channel sends
 * nothing for an empty buffer, and is not woken by an interrupt (below). That call cannot tell
 * a send that found the descriptor non-blocking from one that went through, so the descriptor
 * is kept in blocking mode for good.
 *
 * <p><b>Virtual threads</b> never call junixsocket here: on one, junixsocket skips an empty
 * datagram (it retries on its own timeout exception), sends an empty datagram again and again,
 * spins a CPU while it waits for a datagram (it polls for writing), and makes the shared
 * descriptor non-blocking around each call, which would lose other threads' sends. A virtual
 * thread hands each blocking call to a platform thread of a small pool ({@link IoThreads}) and
 * waits for it without holding its carrier.
 *
 * <p><b>Timeouts.</b> A read timeout waits in a {@link ChannelWaiter} on a third junixsocket
 * channel over {@link #fd}, which is registered with a selector (so in non-blocking mode as far
 * as Java is concerned) but never reads or writes; the blocking mode of the shared descriptor is
 * restored after registering it.
 *
 * <p><b>Close and interrupts.</b> {@link #close()} shuts the socket down, which wakes every
 * thread blocked in it, then closes the descriptors. junixsocket's cast channels ({@link
 * FileDescriptorCast}) neither shut down nor close when closed, and a channel call's own
 * interrupt handling closes only that channel, so every blocking call runs inside {@link
 * Interruption}, whose interrupt closes this socket.
 *
 * <p><b>Connect</b> drops the datagrams already queued, as the JDK's {@code DatagramChannel}
 * does, so that everything received afterwards comes from the peer; received datagrams then
 * report the address given to {@link #connect(UnixSocketAddress)} as their sender.
 */
final class JunixDatagramSocket implements UnixDatagramSocket, DescriptorAccess {
    /**
     * The most of the caller's buffer a receive uses: a datagram that fills this many bytes
     * (one more than the room, or {@code MAX_RECEIVE + 1}) is reported truncated. Datagrams over
     * 16 MiB need a sender whose send buffer root forced that large.
     */
    static final int MAX_RECEIVE = 16 * 1024 * 1024;
    /** The largest receive buffer kept between calls. */
    private static final int KEPT_SCRATCH = 1024 * 1024 + 1;
    /** How long to wait before trying again when the descriptor was non-blocking for a moment. */
    private static final long RETRY_NANOS = 100_000;
    /** How often a call is repeated on a new duplicate before the failure is reported. */
    private static final int ATTEMPTS = 3;
    /** A connect drains at most this many queued datagrams. */
    private static final int DRAIN_LIMIT = 100_000;
    private static final byte[] EMPTY = new byte[0];
    private static final int NOTHING = -1;

    /** The socket's own descriptor: never used for I/O, so junixsocket never closes it. */
    private final FileDescriptor fd;
    /** The junixsocket channel that owns {@link #fd} and shuts the socket down on close, or null. */
    private final AFUNIXDatagramChannel owner;
    private final UnixSocketAddress local;
    private volatile UnixSocketAddress remote;
    private volatile boolean connected;

    /** The duplicate that I/O goes through; replaced under {@link #ioLock}. */
    private volatile Io io;
    private final Object ioLock = new Object();

    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Interruption interruption = new Interruption(this);

    private final Object timeoutLock = new Object();
    /** Null until a read timeout is first set. */
    private volatile ChannelWaiter waiter;
    /** The channel registered with the waiter's selectors, or null. */
    private volatile AFUNIXDatagramChannel twin;

    private volatile boolean closeCalled;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Guarded by receiveLock.
    private final DatagramPacket packet = new DatagramPacket(EMPTY, 0);
    private byte[] scratch = new byte[0];
    private String lastSenderHost;
    private UnixSocketAddress lastSender;

    // Guarded by sendLock.
    private byte[] sendScratch = new byte[0];
    private UnixSocketAddress lastTarget;
    private InetAddress lastNativeTarget;

    private JunixDatagramSocket(FileDescriptor fd, AFUNIXDatagramChannel owner,
            UnixSocketAddress local, UnixSocketAddress remote, boolean connected)
            throws IOException {
        this.fd = fd;
        this.owner = owner;
        this.local = local;
        this.remote = remote;
        this.connected = connected;
        this.io = newIo();
    }

    /** A duplicate of {@link #fd}, junixsocket's channel on it, and its descriptor passing. */
    private static final class Io {
        final FileDescriptor fd;
        final AFUNIXDatagramChannel channel;
        final AFDatagramSocket<AFUNIXSocketAddress> socket;
        final JunixAncillary ancillary;

        Io(FileDescriptor fd, AFUNIXDatagramChannel channel) {
            this.fd = fd;
            this.channel = channel;
            this.socket = channel.socket();
            this.ancillary = JunixAncillary.of(channel);
        }

        /** Whether junixsocket closed the duplicate after a failure. */
        boolean lost() {
            return !fd.valid();
        }
    }

    private Io newIo() throws IOException {
        FileDescriptorCast cast = FileDescriptorCast.duplicating(fd);
        FileDescriptor dup = cast.getFileDescriptor();
        try {
            AFUNIXDatagramChannel channel = cast.as(AFUNIXDatagramChannel.class);
            channel.setDeleteOnClose(false);
            channel.setShutdownOnClose(false);
            if (!channel.isBlocking()) {
                channel.configureBlocking(true);
            }
            return new Io(dup, channel);
        } catch (IOException | RuntimeException | Error e) {
            closeDescriptor(dup, e);
            throw e;
        }
    }

    /**
     * Opens a datagram socket, bound at {@code privatePath} (a path in uds-api's private
     * directory, or an abstract name) or unbound when it is null.
     *
     * <p>junixsocket's datagram bind replaces what it finds at a path: a stale socket file, and
     * even a regular file (it connects, gets "connection refused", unlinks, binds again); and it
     * makes the socket file mode 0666. Neither matters in the private directory, where nothing
     * else is and uds-api sets the mode afterwards. Its close would delete the file at the path
     * the socket is bound to; that is turned off.
     */
    static JunixDatagramSocket open(UnixSocketAddress privatePath, UnixSocketAddress address)
            throws IOException {
        AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
        try {
            channel.setDeleteOnClose(false);
            if (privatePath != null) {
                channel.bind(JunixSockets.toNative(privatePath));
            }
            return new JunixDatagramSocket(channel.getFileDescriptor(), channel,
                    privatePath == null ? null : address, null, false);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * Returns two connected sockets from {@code socketpair(2)}, without the two descriptors
     * junixsocket's {@code AFUNIXSocketPair.openDatagram()} leaks (see {@link SocketPairs}),
     * where its native call can be reached.
     */
    static UnixDatagramSocket[] openPair() throws IOException {
        FileDescriptor[] fds = SocketPairs.openDescriptors(SocketPairs.SOCK_DGRAM);
        if (fds == null) {
            return openLeakingPair();
        }
        JunixDatagramSocket a = null;
        try {
            a = new JunixDatagramSocket(fds[0], null, null, null, true);
            fds[0] = null;
            JunixDatagramSocket b = new JunixDatagramSocket(fds[1], null, null, null, true);
            return new UnixDatagramSocket[] {a, b};
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(a, e);
            closeDescriptor(fds[0], e);
            closeDescriptor(fds[1], e);
            throw e;
        }
    }

    private static UnixDatagramSocket[] openLeakingPair() throws IOException {
        AFUNIXSocketPair<AFUNIXDatagramChannel> pair = AFUNIXSocketPair.openDatagram();
        AFUNIXDatagramChannel c1 = pair.getSocket1();
        AFUNIXDatagramChannel c2 = pair.getSocket2();
        JunixDatagramSocket a = null;
        try {
            c1.setDeleteOnClose(false);
            c2.setDeleteOnClose(false);
            a = new JunixDatagramSocket(c1.getFileDescriptor(), c1, null, null, true);
            JunixDatagramSocket b = new JunixDatagramSocket(c2.getFileDescriptor(), c2, null,
                    null, true);
            return new UnixDatagramSocket[] {a, b};
        } catch (IOException | RuntimeException | Error e) {
            if (a != null) {
                ProviderSupport.closeAfterFailure(a, e);
            } else {
                ProviderSupport.closeAfterFailure(c1, e);
            }
            ProviderSupport.closeAfterFailure(c2, e);
            throw e;
        }
    }

    /**
     * Makes a socket of a received descriptor of a Unix datagram socket; it then owns the
     * descriptor. Like the other adopted sockets ({@link Adoption}) it does not know its
     * addresses: the kernel's names may be a private path a uds4j socket was bound at before it
     * was moved into place.
     *
     * @throws IOException if {@code fd} is not a Unix datagram socket; it stays the caller's
     */
    static JunixDatagramSocket adopt(FileDescriptor fd) throws IOException {
        boolean connected = Adoption.checkDatagram(fd);
        return new JunixDatagramSocket(fd, null, null, null, connected);
    }

    // ---------------------------------------------------------------------------- receiving

    @Override
    public Received receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    @Override
    public Received receive(final ByteBuffer dst, final int maxDescriptors) throws IOException {
        if (dst == null) {
            throw new NullPointerException("dst == null");
        }
        Messages.checkMax(maxDescriptors);
        if (maxDescriptors > 0) {
            require(UnixSocketCapability.FD_PASSING, "receiving descriptors");
        }
        if (dst.isReadOnly()) {
            ensureOpen();
            throw new IllegalArgumentException("Read-only buffer");
        }
        lock(receiveLock);
        try {
            if (VirtualThreads.current()) {
                return onPlatformThread(new JunixAncillary.IoCall<Received>() {
                    @Override
                    public Received call() throws IOException {
                        return receiveLocked(dst, maxDescriptors);
                    }
                });
            }
            return receiveLocked(dst, maxDescriptors);
        } finally {
            receiveLock.unlock();
        }
    }

    private Received receiveLocked(ByteBuffer dst, int maxDescriptors) throws IOException {
        ensureOpen();
        int room = dst.remaining();
        final int take = Math.min(room, MAX_RECEIVE) + 1;
        final byte[] buf = scratch(take);
        ChannelWaiter w = waiter;
        long millis = w == null ? 0 : w.getReadTimeout().toMillis();
        long deadline = Timeouts.deadline(millis);
        int attempts = 0;
        while (true) {
            if (millis > 0 && !w.await(SelectionKey.OP_READ, deadline)) {
                throw Timeouts.readTimedOut(address(), millis);
            }
            final Io cur = io;
            JunixAncillary.Incoming<Integer> in;
            try {
                // Always with room for descriptors, so that unwanted ones are counted and closed.
                in = cur.ancillary.receive(new JunixAncillary.IoCall<Integer>() {
                    @Override
                    public Integer call() throws IOException {
                        return attempt(cur, buf, take);
                    }
                });
            } catch (IOException e) {
                if (!lostAndReplaced(cur, e) || ++attempts >= ATTEMPTS) {
                    throw e;
                }
                continue; // the duplicate was closed before the call: once more on a new one
            }
            int n = in.result;
            if (n == NOTHING) {
                Messages.received(0, false, null, in.descriptors, 0); // none can have come
                if (millis == 0) {
                    LockSupport.parkNanos(RETRY_NANOS);
                }
                continue;
            }
            int kept = Math.min(n, room);
            dst.put(buf, 0, kept);
            UnixSocketAddress sender = connected ? remote : n == 0 ? null : senderOf(packet);
            return Messages.received(kept, n == take, sender, in.descriptors, maxDescriptors);
        }
    }

    /**
     * Receives once into {@code buf[0, take)}: returns the datagram's length (up to {@code
     * take}), or {@link #NOTHING} if none was waiting.
     */
    private int attempt(Io cur, byte[] buf, int take) throws IOException {
        DatagramPacket p = packet;
        p.setData(buf, 0, take);
        boolean completed = false;
        interruption.enter();
        try {
            try {
                cur.socket.receive(p);
            } catch (SocketTimeoutException e) {
                // recv(2) returned 0: an empty datagram, or close() shut the socket down.
                if (closeCalled) {
                    throw closedMeanwhile(e);
                }
                completed = true;
                return 0;
            }
            int n = p.getLength();
            if (n == 0) {
                return NOTHING;
            }
            completed = true;
            return n;
        } catch (IOException e) {
            if (closeCalled) {
                throw closedMeanwhile(e);
            }
            throw e;
        } finally {
            interruption.exit(completed);
        }
    }

    private byte[] scratch(int size) {
        if (scratch.length >= size) {
            return scratch;
        }
        byte[] b = new byte[size];
        if (size <= KEPT_SCRATCH) {
            scratch = b;
        }
        return b;
    }

    /** Converts the sender junixsocket put in the packet; the last one is remembered. */
    private UnixSocketAddress senderOf(DatagramPacket p) {
        InetAddress a = p.getAddress();
        if (a == null) {
            return null;
        }
        String host = a.getHostName(); // junixsocket's encoding of the address; no lookup
        if (host.equals(lastSenderHost)) {
            return lastSender;
        }
        UnixSocketAddress sender;
        try {
            sender = JunixSockets.fromSender(AFUNIXSocketAddress.unwrap(a, 0));
        } catch (SocketException | RuntimeException e) {
            sender = null;
        }
        lastSenderHost = host;
        lastSender = sender;
        return sender;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst == null) {
            throw new NullPointerException("dst == null");
        }
        ensureOpen();
        if (!connected) {
            throw new NotYetConnectedException();
        }
        Received r = receive(dst, 0);
        if (r.isTruncated()) {
            throw new io.github.uds4j.MessageTruncatedException(r.length());
        }
        return r.length();
    }

    // ------------------------------------------------------------------------------ sending

    @Override
    public int send(final ByteBuffer src, final UnixSocketAddress target,
            Descriptor... descriptors) throws IOException {
        if (src == null) {
            throw new NullPointerException("src == null");
        }
        if (descriptors == null) {
            throw new NullPointerException("descriptors == null");
        }
        if (descriptors.length > 0) {
            require(UnixSocketCapability.FD_PASSING, "sending descriptors");
        }
        final FileDescriptor[] fds = JunixAncillary.toSend(descriptors);
        if (target != null && target.isAbstract()) {
            require(UnixSocketCapability.ABSTRACT_NAMESPACE, "sending to " + target);
        }
        lock(sendLock);
        try {
            ensureOpen();
            checkInterrupt();
            if (target == null && !connected) {
                throw new NotYetConnectedException();
            }
            if (VirtualThreads.current()) {
                return onPlatformThread(new JunixAncillary.IoCall<Integer>() {
                    @Override
                    public Integer call() throws IOException {
                        return sendLocked(src, target, fds);
                    }
                });
            }
            return sendLocked(src, target, fds);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends {@code src} whole with {@code fds} attached, on a platform thread, with the send
     * lock held.
     */
    private int sendLocked(ByteBuffer src, UnixSocketAddress target, FileDescriptor[] fds)
            throws IOException {
        final DatagramPacket p = packetFor(src);
        if (target != null) {
            p.setAddress(nativeTarget(target));
            p.setPort(0);
        }
        int n = src.remaining();
        int attempts = 0;
        while (true) {
            final Io cur = io;
            boolean completed = false;
            interruption.enter();
            try {
                cur.ancillary.send(fds, new JunixAncillary.IoCall<Void>() {
                    @Override
                    public Void call() throws IOException {
                        cur.socket.send(p);
                        return null;
                    }
                });
                completed = true;
            } catch (IOException | RuntimeException e) {
                if (closeCalled) {
                    throw closedMeanwhile(e);
                }
                if (!lostAndReplaced(cur, e) || ++attempts >= ATTEMPTS) {
                    throw e;
                }
                continue; // the duplicate was closed before the call: once more on a new one
            } finally {
                interruption.exit(completed);
            }
            src.position(src.limit());
            return n;
        }
    }

    /** A packet of {@code src}'s remaining bytes: its own array if it has one, else a copy. */
    private DatagramPacket packetFor(ByteBuffer src) {
        int n = src.remaining();
        if (src.hasArray()) {
            return new DatagramPacket(src.array(), src.arrayOffset() + src.position(), n);
        }
        byte[] b = sendScratch.length >= n ? sendScratch : new byte[n];
        if (b != sendScratch && n <= KEPT_SCRATCH) {
            sendScratch = b;
        }
        src.duplicate().get(b, 0, n);
        return new DatagramPacket(b, 0, n);
    }

    /** junixsocket's address for the target, as its DatagramSocket API takes it; remembered. */
    private InetAddress nativeTarget(UnixSocketAddress target) throws IOException {
        if (!target.equals(lastTarget)) {
            lastNativeTarget = JunixSockets.toNative(target).wrapAddress();
            lastTarget = target;
        }
        return lastNativeTarget;
    }

    /**
     * Runs {@code call} on a platform thread of {@link IoThreads} while the calling virtual
     * thread waits, unmounted. An interrupt of the waiting thread closes the socket, which ends
     * the call, and is then reported as {@link ClosedByInterruptException}.
     */
    private <T> T onPlatformThread(final JunixAncillary.IoCall<T> call) throws IOException {
        java.util.concurrent.Future<T> f = IoThreads.submit(new java.util.concurrent.Callable<T>() {
            @Override
            public T call() throws IOException {
                return call.call();
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        try {
                            close();
                        } catch (IOException suppressed) {
                            // the caller's own close reports it
                        }
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    if (interrupted) {
                        break;
                    }
                    if (t instanceof IOException) {
                        throw (IOException) t;
                    }
                    if (t instanceof RuntimeException) {
                        throw (RuntimeException) t;
                    }
                    if (t instanceof Error) {
                        throw (Error) t;
                    }
                    throw new IOException(t);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        throw new ClosedByInterruptException();
    }

    /**
     * The platform threads that run junixsocket calls for virtual threads: as many as are
     * waiting at once, each ending after a minute without work. Daemon threads, made on first
     * use.
     */
    private static final class IoThreads {
        private static final java.util.concurrent.ThreadPoolExecutor POOL = pool();

        private IoThreads() {}

        private static java.util.concurrent.ThreadPoolExecutor pool() {
            final java.util.concurrent.atomic.AtomicInteger count =
                    new java.util.concurrent.atomic.AtomicInteger();
            return new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
                    java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.SynchronousQueue<Runnable>(),
                    new java.util.concurrent.ThreadFactory() {
                        @Override
                        public Thread newThread(Runnable r) {
                            Thread t = new Thread(r, "uds4j-datagram-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        }
                    });
        }

        static <T> java.util.concurrent.Future<T> submit(java.util.concurrent.Callable<T> c) {
            return POOL.submit(c);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (src == null) {
            throw new NullPointerException("src == null");
        }
        ensureOpen();
        if (!connected) {
            throw new NotYetConnectedException();
        }
        return send(src, null);
    }

    // ---------------------------------------------------------------------------- connecting

    @Override
    public void connect(UnixSocketAddress target) throws IOException {
        if (target == null) {
            throw new NullPointerException("target == null");
        }
        if (target.isAbstract()) {
            require(UnixSocketCapability.ABSTRACT_NAMESPACE, "connecting to " + target);
        }
        lock(sendLock);
        try {
            lock(receiveLock);
            try {
                ensureOpen();
                checkInterrupt();
                Io cur = io;
                try {
                    cur.channel.connect(JunixSockets.toNative(target));
                } catch (IOException | RuntimeException e) {
                    if (e instanceof ClosedByInterruptException) {
                        throw closeForInterrupt((ClosedByInterruptException) e);
                    }
                    lostAndReplaced(cur, e);
                    throw e;
                }
                remote = target;
                connected = true;
                drain();
            } finally {
                receiveLock.unlock();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Drops the datagrams queued before the connect, with the descriptor non-blocking for the
     * while (both locks are held, so nothing else of this socket runs). Descriptors in them are
     * closed by the kernel, as no receive buffer for them is given.
     */
    private void drain() throws IOException {
        Io cur = io;
        byte[] one = new byte[1];
        DatagramPacket p = new DatagramPacket(one, 1);
        cur.channel.configureBlocking(false);
        try {
            for (int i = 0; i < DRAIN_LIMIT; i++) {
                p.setData(one, 0, 1);
                try {
                    cur.socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue; // an empty datagram
                }
                if (p.getLength() == 0) {
                    return;
                }
            }
        } finally {
            cur.channel.configureBlocking(true);
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public UnixSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public UnixSocketAddress getRemoteAddress() {
        return remote;
    }

    // ------------------------------------------------------------------------------ timeouts

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        long millis = Timeouts.toMillis(timeout, "timeout");
        ensureOpen();
        synchronized (timeoutLock) {
            ChannelWaiter w = waiter;
            if (w == null) {
                if (millis == 0) {
                    return;
                }
                w = startWaiting();
            }
            w.setReadTimeout(timeout);
        }
    }

    /**
     * Makes the waiter, on a channel over {@link #fd} that only waits, and its selector (which
     * holds two descriptors until the socket is closed). Registering the channel needs
     * non-blocking mode, which sets {@code O_NONBLOCK} on the descriptor all the channels share;
     * the I/O channel then turns it off again. No send runs meanwhile (the send lock is held):
     * an empty send could not tell that its datagram went nowhere; a receive just tries again.
     */
    private ChannelWaiter startWaiting() throws IOException {
        lock(sendLock);
        try {
            ensureOpen();
            AFUNIXDatagramChannel t = FileDescriptorCast.using(fd).as(AFUNIXDatagramChannel.class);
            t.setDeleteOnClose(false);
            t.setShutdownOnClose(false);
            ChannelWaiter w = new ChannelWaiter(t, address(), this);
            try {
                w.makeNonBlocking();
                AFUNIXDatagramChannel c = io.channel;
                c.configureBlocking(false);
                c.configureBlocking(true);
                // Opens and registers the selector now (a wait whose deadline has passed), so
                // that a receive opens no descriptor.
                w.await(SelectionKey.OP_READ, System.nanoTime());
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(w, e);
                throw e;
            }
            twin = t;
            waiter = w;
            if (closeCalled) { // close() may have missed them
                w.close();
                t.close();
                throw new ClosedChannelException();
            }
            return w;
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public Duration getReadTimeout() {
        ChannelWaiter w = waiter;
        return w == null ? Duration.ZERO : w.getReadTimeout();
    }

    // ------------------------------------------------------------------------------- closing

    @Override
    public boolean isOpen() {
        return !closeCalled;
    }

    /**
     * {@inheritDoc} Shuts the socket down first, which wakes the threads blocked in it, then
     * closes the waiter and the descriptors. Idempotent.
     */
    @Override
    public void close() throws IOException {
        closeCalled = true;
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IOException failure = null;
        try {
            if (owner != null) {
                owner.close(); // shutdown(2), then close(2)
            } else {
                NativeShutdown.shutdown(fd);
            }
        } catch (IOException e) {
            failure = e;
        }
        failure = closeQuietly(waiter, failure);
        Io cur;
        synchronized (ioLock) {
            cur = io;
        }
        failure = closeQuietly(cur.channel, failure);
        failure = closeDescriptor(cur.fd, failure);
        failure = closeQuietly(twin, failure);
        failure = closeDescriptor(fd, failure);
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeQuietly(java.io.Closeable c, IOException failure) {
        if (c == null) {
            return failure;
        }
        try {
            c.close();
        } catch (IOException e) {
            return merge(failure, e);
        }
        return failure;
    }

    private static IOException closeDescriptor(FileDescriptor d, IOException failure) {
        try {
            Messages.close(d);
        } catch (IOException e) {
            return merge(failure, e);
        }
        return failure;
    }

    private static void closeDescriptor(FileDescriptor d, Throwable failure) {
        if (d == null) {
            return;
        }
        try {
            Messages.close(d);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static IOException merge(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    // ------------------------------------------------------------------------------- helpers

    /**
     * After a failed call on {@code cur}: if junixsocket closed that duplicate, makes a new one
     * and returns whether the call failed only because the duplicate was already closed when it
     * started (then it may be repeated); the socket stays usable either way.
     */
    private boolean lostAndReplaced(Io cur, Exception e) throws IOException {
        if (!cur.lost() || closeCalled) {
            return false;
        }
        synchronized (ioLock) {
            if (io == cur && !closeCalled) {
                io = newIo(); // the old one is left to the collector: junixsocket closed it
            }
        }
        return e instanceof SocketClosedException || (e instanceof ClosedChannelException
                && !(e instanceof AsynchronousCloseException));
    }

    private AsynchronousCloseException closedMeanwhile(Exception cause) {
        if (cause instanceof AsynchronousCloseException) {
            return (AsynchronousCloseException) cause;
        }
        AsynchronousCloseException x = new AsynchronousCloseException();
        x.initCause(cause);
        return x;
    }

    private ClosedByInterruptException closeForInterrupt(ClosedByInterruptException x) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            x.addSuppressed(e);
        }
        return x;
    }

    /** As a blocking JDK channel: an interrupted thread closes the socket and throws. */
    private void checkInterrupt() throws ClosedByInterruptException {
        if (Thread.currentThread().isInterrupted()) {
            throw closeForInterrupt(new ClosedByInterruptException());
        }
    }

    private void lock(ReentrantLock l) throws IOException {
        try {
            l.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closeForInterrupt(new ClosedByInterruptException());
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closeCalled) {
            throw new ClosedChannelException();
        }
    }

    private static void require(UnixSocketCapability capability, String what) {
        if (!NativeSupport.capabilities().contains(capability)) {
            throw new UnsupportedOperationException(what + " needs " + capability
                    + ", which provider " + JunixsocketProvider.NAME + " lacks here");
        }
    }

    private UnixSocketAddress address() {
        UnixSocketAddress r = remote;
        return r != null ? r : local;
    }

    @Override
    public FileDescriptor fileDescriptor() {
        return fd;
    }

    @Override
    public String providerName() {
        return JunixsocketProvider.NAME;
    }

    @Override
    public String toString() {
        UnixSocketAddress r = remote;
        return "UnixDatagramSocket[" + JunixsocketProvider.NAME + (isOpen() ? "" : ", closed")
                + (local != null ? ", local=" + local : "")
                + (r != null ? ", remote=" + r : connected ? ", connected" : "") + "]";
    }

    /**
     * {@code shutdown(2)} of a descriptor that no junixsocket channel shuts down when closed (a
     * pair's, a received one's), through junixsocket's package-private native call. Where that
     * is refused (junixsocket on the module path), nothing is shut down: closing then does not
     * wake a thread blocked in a receive on such a socket.
     */
    private static final class NativeShutdown {
        private static final int SHUT_RDWR = 2;
        private static final Method SHUTDOWN = find();

        private NativeShutdown() {}

        private static Method find() {
            try {
                Method m = Class.forName("org.newsclub.net.unix.NativeUnixSocket", true,
                        AFUNIXDatagramChannel.class.getClassLoader()).getDeclaredMethod(
                                "shutdown", FileDescriptor.class, int.class);
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        static void shutdown(FileDescriptor fd) throws IOException {
            if (SHUTDOWN == null || !fd.valid()) {
                return;
            }
            try {
                SHUTDOWN.invoke(null, fd, SHUT_RDWR);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (t instanceof IOException) {
                    throw (IOException) t;
                }
                throw new IOException("shutdown failed", t);
            } catch (IllegalAccessException e) {
                throw new IOException("shutdown failed", e);
            }
        }
    }
}
