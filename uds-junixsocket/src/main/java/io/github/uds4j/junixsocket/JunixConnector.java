package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ConnectCancellation;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * Connects a junixsocket channel, with or without a time limit, in a way another thread can
 * cancel.
 *
 * <p>junixsocket's blocking connect is one native {@code connect(2)} that only the kernel ends:
 * neither closing the channel nor {@code Thread.interrupt} wakes it. While the server's backlog
 * is full, Linux makes a blocking connect wait for room, for at most the socket's send timeout
 * {@code SO_SNDTIMEO} (junixsocket's {@code setSoTimeout}), and fails a non-blocking one at once
 * with {@code EAGAIN} (junixsocket then returns false and leaves the channel unusable). The
 * kernel counts that timeout in clock ticks and ends the wait up to two ticks late: 8 ms at
 * {@code HZ=250}, 20 ms at {@code HZ=100}. Hence the wait is spent in the kernel in pieces of at
 * most {@value #SLICE_MILLIS} ms that end at least {@value #MARGIN_MILLIS} ms before the
 * deadline, and the last {@value #MARGIN_MILLIS} ms in non-blocking attempts on fresh channels
 * about every millisecond. A 1 ms limit against a full backlog so ends after about 1.2 ms instead
 * of the 8 ms that {@code SO_SNDTIMEO} alone took, and a cancel or an interrupt (which then
 * closes the socket with a {@link ClosedByInterruptException}, as the JDK's channels do) is
 * noticed within one piece. An uncontended connect is one {@code connect(2)} either way.
 */
final class JunixConnector {
    /** How long before the deadline the kernel's wait is made to end. */
    static final long MARGIN_MILLIS = 20;
    /** The longest kernel wait at a time, so that a cancel or an interrupt is noticed. */
    static final long SLICE_MILLIS = 10;
    /** The pause between non-blocking attempts in the last stretch. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private JunixConnector() {}

    /**
     * Connects to {@code target}.
     *
     * @param address the same address, for messages
     * @param timeoutMillis 0 for no limit
     * @param cancel ends the connect from another thread; null when nothing can
     * @return a connected channel in blocking mode
     * @throws SocketTimeoutException if the limit passed; nothing is left open
     * @throws IOException any other failure, also when cancelled; nothing is left open
     */
    static AFUNIXSocketChannel connect(AFUNIXSocketAddress target, UnixSocketAddress address,
            long timeoutMillis, ConnectCancellation cancel) throws IOException {
        return connect(target, address, timeoutMillis, cancel, false);
    }

    /**
     * Connects as above a stream socket, or a seqpacket one ({@link Seqpackets#open()}).
     *
     * @param seqpacket whether to connect a {@code SOCK_SEQPACKET} socket
     */
    static AFUNIXSocketChannel connect(AFUNIXSocketAddress target, UnixSocketAddress address,
            long timeoutMillis, ConnectCancellation cancel, boolean seqpacket)
            throws IOException {
        boolean limited = timeoutMillis > 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        AFUNIXSocketChannel channel = null; // the one that waits in the kernel
        try {
            while (true) {
                if (cancel != null) {
                    cancel.check();
                }
                if (Thread.currentThread().isInterrupted()) {
                    // As the JDK's channels: an interrupted thread's connect closes the socket.
                    throw new ClosedByInterruptException();
                }
                long wait = kernelWaitMillis(limited, deadline);
                if (wait > 0) {
                    if (channel == null) {
                        channel = open(seqpacket);
                        closeOnCancel(cancel, channel);
                    }
                    channel.socket().setSoTimeout((int) wait);
                    try {
                        channel.connect(target);
                    } catch (SocketTimeoutException e) {
                        continue; // no room yet
                    }
                    channel.socket().setSoTimeout(0);
                    release(cancel, channel);
                    AFUNIXSocketChannel connected = channel;
                    channel = null;
                    return connected;
                }
                if (channel != null) {
                    release(cancel, channel);
                    AFUNIXSocketChannel done = channel;
                    channel = null;
                    done.close();
                }
                AFUNIXSocketChannel connected = tryOnce(target, cancel, seqpacket);
                if (connected != null) {
                    return connected;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timeout(address, timeoutMillis);
                }
                LockSupport.parkNanos(Math.min(PAUSE_NANOS, left));
            }
        } catch (IOException | RuntimeException | Error e) {
            if (channel != null) {
                ProviderSupport.closeAfterFailure(channel, e);
            }
            throw e;
        }
    }

    /** Returns how long the kernel may wait next, in ms; 0 when the last stretch has come. */
    private static long kernelWaitMillis(boolean limited, long deadline) {
        long most = SLICE_MILLIS;
        if (!limited) {
            return most;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) - MARGIN_MILLIS;
        return Math.max(0, Math.min(most, left));
    }

    /** One non-blocking attempt on a fresh channel: the channel if connected, else null. */
    private static AFUNIXSocketChannel tryOnce(AFUNIXSocketAddress target,
            ConnectCancellation cancel, boolean seqpacket) throws IOException {
        AFUNIXSocketChannel attempt = open(seqpacket);
        try {
            closeOnCancel(cancel, attempt);
            attempt.configureBlocking(false);
            if (attempt.connect(target)) {
                attempt.configureBlocking(true);
                release(cancel, attempt);
                return attempt;
            }
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(attempt, e);
            throw e;
        }
        release(cancel, attempt);
        attempt.close(); // EAGAIN: no room; the channel is no use now
        return null;
    }

    private static AFUNIXSocketChannel open(boolean seqpacket) throws IOException {
        return seqpacket ? Seqpackets.open() : AFUNIXSocketChannel.open();
    }

    private static void closeOnCancel(ConnectCancellation cancel, AFUNIXSocketChannel channel)
            throws IOException {
        if (cancel != null) {
            cancel.closeOnCancel(channel);
        }
    }

    private static void release(ConnectCancellation cancel, AFUNIXSocketChannel channel) {
        if (cancel != null) {
            cancel.release(channel);
        }
    }

    private static SocketTimeoutException timeout(UnixSocketAddress address, long timeoutMillis) {
        return new SocketTimeoutException(address + ": connect timed out after " + timeoutMillis
                + " ms (the server's backlog may be full)");
    }
}
