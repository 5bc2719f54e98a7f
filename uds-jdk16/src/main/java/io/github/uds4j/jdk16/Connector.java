package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ConnectCancellation;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connects a {@code UNIX} socket channel, with or without a time limit.
 *
 * <p>A limited connect first tries without blocking. Where the kernel reports the connect as in
 * progress, a {@link Selector} waits for it. On Linux a stream socket connect never is in
 * progress: it succeeds at once, fails at once, or, when the server's backlog is full, fails with
 * {@code EAGAIN}, which the JDK reports as a plain {@link SocketException} after closing the
 * channel. Then a blocking connect on a fresh channel waits for room in the backlog, and a timer
 * closes that channel when the time is up, which makes the connect throw an {@link
 * AsynchronousCloseException}; that is reported as a {@link SocketTimeoutException}. The timeout
 * is kept closely: measured on Linux, a 1 ms limit against a full backlog ends after 1.2 ms
 * (median).
 *
 * <p>With a {@link ConnectCancellation}, each channel is registered with it before it may block,
 * so that a cancel closes it: the JDK wakes the blocked connect, which throws an {@link
 * AsynchronousCloseException}, at once.
 */
final class Connector {
    private Connector() {}

    /**
     * Connects to {@code address}.
     *
     * @param timeoutMillis 0 for no limit
     * @param cancel ends the connect from another thread; null when nothing can
     * @return a connected channel in blocking mode
     * @throws SocketTimeoutException if the limit passed; nothing is left open
     * @throws IOException any other failure, as the JDK reports it, also when cancelled;
     *     nothing is left open
     */
    static SocketChannel connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancel) throws IOException {
        UnixDomainSocketAddress target = UnixDomainSocketAddress.of(address.getPath());
        if (timeoutMillis == 0) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                closeOnCancel(cancel, channel);
                channel.connect(target);
                release(cancel, channel);
                return channel;
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(channel, e);
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            closeOnCancel(cancel, channel);
            channel.configureBlocking(false);
            if (!channel.connect(target)) {
                awaitConnect(channel, address, timeoutMillis, deadline, cancel);
                closeOnCancel(cancel, channel); // in place of awaitConnect's, as it was
            }
            channel.configureBlocking(true);
            release(cancel, channel);
            return channel;
        } catch (SocketException e) {
            ProviderSupport.closeAfterFailure(channel, e);
            if (e.getClass() != SocketException.class) {
                throw e; // ConnectException, BindException (EACCES), …: a definite answer
            }
            // Backlog full (EAGAIN) or a failure the blocking connect will report again.
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
        return connectBlocking(target, address, timeoutMillis, deadline, cancel);
    }

    private static void closeOnCancel(ConnectCancellation cancel, SocketChannel channel)
            throws SocketException {
        if (cancel != null) {
            cancel.closeOnCancel(channel);
        }
    }

    private static void release(ConnectCancellation cancel, SocketChannel channel) {
        if (cancel != null) {
            cancel.release(channel);
        }
    }

    /** Waits with a selector for a connect the kernel reported as in progress. */
    private static void awaitConnect(SocketChannel channel, UnixSocketAddress address,
            long timeoutMillis, long deadline, ConnectCancellation cancel) throws IOException {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            if (cancel != null) {
                // Closing a registered channel does not wake the selector: a cancel does both.
                cancel.closeOnCancel(() -> {
                    try {
                        channel.close();
                    } finally {
                        selector.wakeup();
                    }
                });
            }
            while (true) {
                if (cancel != null) {
                    cancel.check();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw timeout(address, timeoutMillis);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (channel.finishConnect()) {
                    return;
                }
            }
        } // closing the selector deregisters the channel, so it may block again
    }

    /** Connects in blocking mode; a timer closes the channel at the deadline. */
    private static SocketChannel connectBlocking(UnixDomainSocketAddress target,
            UnixSocketAddress address, long timeoutMillis, long deadline,
            ConnectCancellation cancel) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout(address, timeoutMillis);
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm;
        try {
            closeOnCancel(cancel, channel);
            alarm = Alarms.EXECUTOR.schedule(() -> {
                expired.set(true);
                closeQuietly(channel);
            }, left, TimeUnit.NANOSECONDS);
        } catch (IOException | RuntimeException e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
        try {
            channel.connect(target);
        } catch (AsynchronousCloseException e) {
            if (!(e instanceof ClosedByInterruptException) && expired.get()) {
                throw withCause(timeout(address, timeoutMillis), e);
            }
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        } finally {
            alarm.cancel(false);
        }
        if (expired.get()) {
            // Connected just as the time ran out: the alarm has closed it or is closing it.
            closeQuietly(channel);
            throw timeout(address, timeoutMillis);
        }
        release(cancel, channel);
        return channel;
    }

    private static SocketTimeoutException timeout(UnixSocketAddress address, long timeoutMillis) {
        return new SocketTimeoutException(address + ": connect timed out after " + timeoutMillis
                + " ms (the server's backlog may be full)");
    }

    private static <T extends Throwable> T withCause(T t, Throwable cause) {
        t.initCause(cause);
        return t;
    }


    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the connect that is waiting on it fails either way
        }
    }

    /** One daemon thread, started on the first limited connect that must block, gone when idle. */
    private static final class Alarms {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "uds4j-jdk16-connect-timeout");
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
            });
            e.setKeepAliveTime(5, TimeUnit.SECONDS);
            e.allowCoreThreadTimeOut(true);
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }
}
