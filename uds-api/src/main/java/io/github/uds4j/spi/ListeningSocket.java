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
     * @throws java.nio.channels.ClosedChannelException if closed, also when closed by another
     *     thread while waiting
     * @throws IOException if an I/O error occurs
     */
    UnixSocket accept() throws IOException;

    /** Returns whether this socket is open. */
    boolean isOpen();

    /** Closes the socket, waking a thread blocked in {@link #accept()}; idempotent. */
    @Override
    void close() throws IOException;
}
