package io.github.uds4j.spi;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;

/**
 * Lets another thread end a connect in progress, as closing an unconnected {@code
 * java.net.Socket} ends its {@code connect}. uds-api's {@code java.net.Socket} view passes one to
 * {@link UnixSocketProvider#connect(io.github.uds4j.UnixSocketAddress, long, ConnectCancellation)}
 * and cancels it from {@code close()}.
 *
 * <p>A provider {@linkplain #closeOnCancel registers} what its connect waits on, its channel,
 * before it may block, so that {@link #cancel()} closes it, which makes a blocking connect fail at
 * once; where closing cannot wake the wait, the provider waits in slices and {@linkplain #check()
 * checks} between them. Whatever a cancelled connect throws, uds-api reports it as {@link
 * #closed()}. Thread-safe.
 */
public final class ConnectCancellation {
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private Closeable waitingOn; // guarded by lock

    /** Makes one, not cancelled. */
    public ConnectCancellation() {}

    /**
     * Cancels the connect: closes what it waits on now, and from now on whatever it registers.
     * Idempotent.
     *
     * @throws IOException if closing what the connect waits on fails; it is cancelled all the same
     */
    public void cancel() throws IOException {
        Closeable c;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            c = waitingOn;
            waitingOn = null;
        }
        if (c != null) {
            c.close();
        }
    }

    /**
     * Returns whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers what the connect waits on from now, in place of what it registered before. If
     * this is already cancelled, closes {@code resource} at once and throws.
     *
     * @param resource what a cancel closes, such as the connecting channel
     * @throws NullPointerException if {@code resource} is null
     * @throws SocketException {@link #closed()}, with any failure to close as suppressed, if
     *     already cancelled
     */
    public void closeOnCancel(Closeable resource) throws SocketException {
        if (resource == null) {
            throw new NullPointerException("resource == null");
        }
        synchronized (lock) {
            if (!cancelled) {
                waitingOn = resource;
                return;
            }
        }
        SocketException x = closed();
        try {
            resource.close();
        } catch (IOException e) {
            x.addSuppressed(e);
        }
        throw x;
    }

    /**
     * Ends the registration of {@code resource}: the connect no longer waits on it, because it
     * connected or was closed. Does nothing if something else is registered.
     *
     * @param resource what was registered
     */
    public void release(Closeable resource) {
        synchronized (lock) {
            if (waitingOn == resource) {
                waitingOn = null;
            }
        }
    }

    /**
     * Throws if this is cancelled.
     *
     * @throws SocketException {@link #closed()} if cancelled
     */
    public void check() throws SocketException {
        if (cancelled) {
            throw closed();
        }
    }

    /**
     * Returns what a cancelled connect throws: a {@link SocketException} "Socket closed", as
     * {@code java.net.Socket} reports a connect ended by {@code close()}.
     *
     * @return a new exception
     */
    public static SocketException closed() {
        return new SocketException("Socket closed");
    }
}
