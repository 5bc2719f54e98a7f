package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
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
 * AsynchronousCloseException}; that is reported as a {@link SocketTimeoutException}.
 */
final class Connector {
    private Connector() {}

    /**
     * Connects to {@code address}.
     *
     * @param timeoutMillis 0 for no limit
     * @return a connected channel in blocking mode
     * @throws SocketTimeoutException if the limit passed; nothing is left open
     * @throws IOException any other failure, as the JDK reports it; nothing is left open
     */
    static SocketChannel connect(UnixSocketAddress address, long timeoutMillis)
            throws IOException {
        UnixDomainSocketAddress target = UnixDomainSocketAddress.of(address.getPath());
        if (timeoutMillis == 0) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(target);
                return channel;
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(channel, e);
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.configureBlocking(false);
            if (!channel.connect(target)) {
                awaitConnect(channel, address, timeoutMillis, deadline);
            }
            channel.configureBlocking(true);
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
        return connectBlocking(target, address, timeoutMillis, deadline);
    }

    /** Waits with a selector for a connect the kernel reported as in progress. */
    private static void awaitConnect(SocketChannel channel, UnixSocketAddress address,
            long timeoutMillis, long deadline) throws IOException {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            while (true) {
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
            UnixSocketAddress address, long timeoutMillis, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout(address, timeoutMillis);
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm;
        try {
            alarm = Alarms.EXECUTOR.schedule(() -> {
                expired.set(true);
                closeQuietly(channel);
            }, left, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
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
