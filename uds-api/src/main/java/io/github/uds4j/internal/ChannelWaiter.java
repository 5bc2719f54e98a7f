package io.github.uds4j.internal;

import io.github.uds4j.UnixSocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time limits for a socket channel that has none of its own, for providers whose blocking reads
 * and accepts cannot time out (the JDK's channels have no {@code SO_TIMEOUT}; junixsocket's
 * channel reads end a timed-out wait with -1, as at the end of the stream).
 *
 * <p>A channel stays in blocking mode, and costs nothing extra, until a limit is first set.
 * Then it is switched to non-blocking mode for good, and each wait is a {@link Selector} of the
 * channel's own provider: one per kind of operation, so that a reader and a writer never wake
 * each other. Writes stay complete from the user's view: a write that moves nothing waits until
 * the channel is writable, without a limit.
 *
 * <p>The switch happens in {@link #setReadTimeout} (or {@link #makeNonBlocking()}), in the
 * caller's thread. The JDK's {@code configureBlocking} waits until no read or write is in
 * progress on the channel; doing it at the first read instead would let a reader wait for a
 * writer that waits for the peer, which waits for that reader.
 *
 * <p>Use: when a read returns 0 although the buffer has room, hand the read to {@link
 * #readAgain(Attempt)}; when a write moves nothing, call {@link #awaitWritable()} before writing
 * again; before a read or write, {@link #checkInterrupt()}. After closing the channel, call
 * {@link #close()}: it wakes a thread waiting here, which then throws an {@link
 * AsynchronousCloseException}. An interrupted thread closes the socket (the owner given to the
 * constructor, so that its own close runs and wakes its other threads) and throws a {@link
 * ClosedByInterruptException}, as a blocking channel does.
 */
public final class ChannelWaiter implements Closeable {
    private final SelectableChannel channel;
    private final UnixSocketAddress address;
    /** What an interrupt closes: the socket that owns the channel, or the channel itself. */
    private final Closeable owner;
    /** The longest one select waits before the socket's state is checked again. */
    static final long SLICE_MILLIS = 100;

    private final Object lock = new Object();
    private volatile long readTimeoutMillis;
    private volatile boolean closed;
    /** Set once the channel was switched to non-blocking mode; read without a lock. */
    private volatile boolean nonBlocking;
    private volatile Selector readSelector;
    private volatile Selector writeSelector;
    private volatile Selector acceptSelector;
    /** One thread at a time selects for an operation; see {@link #takeTurn}. */
    private final ReentrantLock readTurn = new ReentrantLock();
    private final ReentrantLock writeTurn = new ReentrantLock();
    private final ReentrantLock acceptTurn = new ReentrantLock();

    /**
     * Makes a waiter for {@code channel}; opens nothing yet.
     *
     * @param channel a socket or server socket channel, in any mode
     * @param address the socket's path for messages, or null when it has none
     * @throws NullPointerException if {@code channel} is null
     */
    public ChannelWaiter(SelectableChannel channel, UnixSocketAddress address) {
        this(channel, address, channel);
    }

    /**
     * Makes a waiter for {@code channel} that an interrupt ends by closing {@code owner}, the
     * socket the channel belongs to, so that the socket's own close runs; opens nothing yet.
     *
     * @param channel a socket or server socket channel, in any mode
     * @param address the socket's path for messages, or null when it has none
     * @param owner what to close when a waiting thread is interrupted
     * @throws NullPointerException if {@code channel} or {@code owner} is null
     */
    public ChannelWaiter(SelectableChannel channel, UnixSocketAddress address, Closeable owner) {
        if (channel == null) {
            throw new NullPointerException("channel == null");
        }
        if (owner == null) {
            throw new NullPointerException("owner == null");
        }
        this.channel = channel;
        this.address = address;
        this.owner = owner;
    }

    /** One read or write on the channel, as the provider does it; repeated after each wait. */
    public interface Attempt {
        /**
         * Reads or writes once.
         *
         * @return the number of bytes moved, 0 if none, -1 at the end of the stream
         * @throws IOException as the channel reports it
         */
        long attempt() throws IOException;
    }

    /**
     * Sets the read timeout. The first limit other than zero switches the channel to
     * non-blocking mode (see {@link #makeNonBlocking()}); zero never does.
     *
     * @param timeout the limit, zero for none
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws ClosedChannelException if the channel is closed
     * @throws IOException if the mode cannot be changed
     */
    public void setReadTimeout(Duration timeout) throws IOException {
        long millis = Timeouts.toMillis(timeout, "timeout");
        if (closed || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (millis > 0 && channel.isBlocking()) {
            makeNonBlocking();
        }
        readTimeoutMillis = millis;
    }

    /**
     * Returns the read timeout, zero for none.
     *
     * @return the timeout
     */
    public Duration getReadTimeout() {
        return Duration.ofMillis(readTimeoutMillis);
    }

    /**
     * Switches the channel to non-blocking mode, once. On the JDK this waits until a blocking
     * read, write or accept in progress in another thread has finished.
     *
     * @throws ClosedChannelException if the channel or this waiter is closed
     * @throws IOException if the mode cannot be changed
     */
    public void makeNonBlocking() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            nonBlocking = true;
        }
    }

    /**
     * Returns whether {@link #makeNonBlocking()} has switched the channel to non-blocking mode:
     * a volatile read, cheaper than asking the channel (a lock on Java 8).
     *
     * @return true once the channel is in non-blocking mode
     */
    public boolean isNonBlocking() {
        return nonBlocking;
    }

    /**
     * Does for a channel in non-blocking mode what a blocking channel does for a thread that is
     * already interrupted when it starts a read or write: closes the socket and throws. A
     * non-blocking JDK channel would read or write as if nothing had happened. Cheap: a volatile
     * read in blocking mode.
     *
     * @throws ClosedByInterruptException if the channel is in non-blocking mode and the current
     *     thread is interrupted; the socket is then closed and the interrupt status kept
     */
    public void checkInterrupt() throws ClosedByInterruptException {
        if (nonBlocking && Thread.currentThread().isInterrupted()) {
            throw closeByInterrupt();
        }
    }

    /** Closes the owner for an interrupt and returns the exception to throw. */
    private ClosedByInterruptException closeByInterrupt() {
        ClosedByInterruptException x = new ClosedByInterruptException();
        try {
            owner.close();
        } catch (IOException | RuntimeException e) {
            x.addSuppressed(e);
        }
        return x;
    }

    /**
     * Repeats a read that moved nothing, each time after waiting until the channel is readable,
     * until it moves a byte or reaches the end of the stream, or the read timeout passes. On a
     * channel still in blocking mode, reads once more without waiting.
     *
     * @param read the read
     * @return what the read returned: a positive count, or -1
     * @throws java.net.SocketTimeoutException if the read timeout passed; no byte was taken
     * @throws AsynchronousCloseException if the channel was closed while waiting
     * @throws ClosedByInterruptException if the thread was interrupted while waiting; the
     *     channel is then closed, as for an interrupted blocking read
     * @throws IOException as the read reports it
     */
    public long readAgain(Attempt read) throws IOException {
        if (channel.isBlocking()) {
            return read.attempt();
        }
        long millis = readTimeoutMillis;
        long deadline = Timeouts.deadline(millis);
        while (true) {
            if (!await(SelectionKey.OP_READ, deadline)) {
                throw Timeouts.readTimedOut(address, millis);
            }
            long n = read.attempt();
            if (n != 0) {
                return n;
            }
        }
    }

    /**
     * Waits, without a limit, until the channel is writable; returns at once if it is in
     * blocking mode.
     *
     * @throws AsynchronousCloseException if the channel was closed while waiting
     * @throws ClosedByInterruptException if the thread was interrupted while waiting
     * @throws IOException if the wait fails
     */
    public void awaitWritable() throws IOException {
        if (!channel.isBlocking()) {
            await(SelectionKey.OP_WRITE, Long.MIN_VALUE);
        }
    }

    /**
     * Waits until the channel, which must be in non-blocking mode, may be ready for {@code op}.
     * A true answer may be spurious: the caller tries the operation and waits again if it moved
     * nothing.
     *
     * @param op {@link SelectionKey#OP_READ}, {@link SelectionKey#OP_WRITE} or {@link
     *     SelectionKey#OP_ACCEPT}
     * @param deadline from {@link Timeouts#deadline(long)}; {@link Long#MIN_VALUE} for none
     * @return true when the channel became ready, false when the deadline passed first
     * @throws AsynchronousCloseException if the channel was closed while waiting
     * @throws ClosedByInterruptException if the thread was interrupted while waiting; the
     *     socket is then closed
     * @throws IOException if the wait fails
     */
    public boolean await(int op, long deadline) throws IOException {
        Selector selector = selector(op);
        ReentrantLock turn = op == SelectionKey.OP_READ ? readTurn
                : op == SelectionKey.OP_WRITE ? writeTurn : acceptTurn;
        if (!takeTurn(turn, deadline)) {
            return false;
        }
        try {
            while (true) {
                checkOpen();
                long left = Timeouts.millisLeft(deadline);
                if (left == 0) {
                    return false;
                }
                // In slices: a close or an interrupt wakes the selector, but junixsocket's can
                // miss a wake-up that comes as it enters poll(2) (a writer waited past a close
                // for good, about once in a hundred runs on Java 25), so the state is checked at
                // least every SLICE_MILLIS. (junixsocket's select(0) does not wait at all.)
                selector.select(Math.min(left, SLICE_MILLIS));
                checkOpen();
                if (Thread.currentThread().isInterrupted()) {
                    throw closeByInterrupt();
                }
                if (!selector.selectedKeys().isEmpty()) {
                    selector.selectedKeys().clear();
                    return true;
                }
            }
        } catch (ClosedSelectorException e) {
            AsynchronousCloseException x = new AsynchronousCloseException();
            x.initCause(e);
            throw x;
        } finally {
            turn.unlock();
        }
    }

    /**
     * Waits, within the deadline, until no other thread waits for the same operation. Threads
     * that share a socket take turns at its selector: junixsocket's selector holds its lock while
     * it selects, and closing a channel needs that lock to cancel the channel's key. A second
     * thread queued on that lock would enter {@code select()} after the close had woken the
     * first, and block the close for good. Queued here instead, it sees the close first.
     *
     * @return false if the deadline passed first
     * @throws ClosedByInterruptException if the thread is interrupted; the socket is then closed
     */
    private boolean takeTurn(ReentrantLock turn, long deadline) throws IOException {
        try {
            if (deadline == Long.MIN_VALUE) {
                turn.lockInterruptibly();
                return true;
            }
            return turn.tryLock(Timeouts.millisLeft(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closeByInterrupt();
        }
    }

    private void checkOpen() throws AsynchronousCloseException {
        if (closed || !channel.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    /** Returns the selector for {@code op}, opening and registering it on first use. */
    private Selector selector(int op) throws IOException {
        Selector s = field(op);
        if (s != null) {
            return s;
        }
        synchronized (lock) {
            checkOpen();
            s = field(op);
            if (s == null) {
                s = channel.provider().openSelector();
                try {
                    channel.register(s, op);
                } catch (IOException | RuntimeException | Error e) {
                    try {
                        s.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                if (op == SelectionKey.OP_READ) {
                    readSelector = s;
                } else if (op == SelectionKey.OP_WRITE) {
                    writeSelector = s;
                } else {
                    acceptSelector = s;
                }
            }
            return s;
        }
    }

    private Selector field(int op) {
        switch (op) {
            case SelectionKey.OP_READ:
                return readSelector;
            case SelectionKey.OP_WRITE:
                return writeSelector;
            case SelectionKey.OP_ACCEPT:
                return acceptSelector;
            default:
                throw new IllegalArgumentException("op " + op);
        }
    }

    /**
     * Wakes the threads waiting here and closes the selectors, which lets the channel's
     * provider release the closed channel's descriptor. Call it after closing the channel.
     * Idempotent.
     *
     * @throws IOException if a selector cannot be closed; the others are closed all the same
     */
    @Override
    public void close() throws IOException {
        Selector[] selectors;
        synchronized (lock) {
            closed = true;
            selectors = new Selector[] {readSelector, writeSelector, acceptSelector};
        }
        IOException failure = null;
        for (Selector s : selectors) {
            if (s == null) {
                continue;
            }
            try {
                s.wakeup();
                s.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
