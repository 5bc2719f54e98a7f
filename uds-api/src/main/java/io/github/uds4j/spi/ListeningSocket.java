package io.github.uds4j.spi;

import io.github.uds4j.UnixSocket;
import java.io.Closeable;
import java.io.IOException;

/**
 * A provider's listening socket, before uds-api adds file ownership, peer filtering and error
 * mapping to make it a {@link io.github.uds4j.UnixServerSocket}. It never removes its socket
 * file.
 */
public interface ListeningSocket extends Closeable {

    /**
     * Waits for a connection and returns it.
     *
     * @return the connected socket
     * @throws java.nio.channels.ClosedChannelException if closed before the call; an {@link
     *     java.nio.channels.AsynchronousCloseException} if closed by another thread while waiting
     *     (uds-api reports any {@code ClosedChannelException} thrown during the call as one)
     * @throws IOException if an I/O error occurs
     */
    UnixSocket accept() throws IOException;

    /**
     * Waits at most {@code timeoutMillis} for a connection and returns it. When the time passes
     * first, the socket stays open and a later accept works.
     *
     * @implSpec The default accepts without a limit when {@code timeoutMillis} is 0 and throws
     *     {@link UnsupportedOperationException} otherwise.
     * @param timeoutMillis the limit in milliseconds, 0 for none
     * @return the connected socket
     * @throws java.net.SocketTimeoutException if no connection came in time; use {@link
     *     io.github.uds4j.internal.Timeouts#acceptTimedOut} for the message
     * @throws java.nio.channels.ClosedChannelException as for {@link #accept()}
     * @throws UnsupportedOperationException if the provider cannot limit the wait
     * @throws IOException if an I/O error occurs
     */
    default UnixSocket acceptWithin(long timeoutMillis) throws IOException {
        if (timeoutMillis == 0) {
            return accept();
        }
        throw new UnsupportedOperationException("this provider's accept has no time limit");
    }

    /**
     * Returns whether this socket is open.
     *
     * @return false once {@link #close()} was called
     */
    boolean isOpen();

    /** Closes the socket, waking a thread blocked in {@link #accept()}; idempotent. */
    @Override
    void close() throws IOException;
}
