package io.github.uds4j;

import java.io.Closeable;
import java.io.IOException;

/**
 * A Unix domain socket that listens for connections at a path.
 *
 * <p>Servers come from {@link UnixSockets#bind(UnixSocketAddress)} and {@link
 * UnixSockets#bind(UnixSocketAddress, BindOptions)}. Closing a server removes the socket file it
 * created, but only while the file at that path is still the one it bound: a file that another
 * server put there since is left alone.
 */
public interface UnixServerSocket extends Closeable {

    /**
     * Waits for a connection and returns it.
     *
     * @return the connected socket
     * @throws java.net.SocketTimeoutException if the {@linkplain #setAcceptTimeout accept
     *     timeout} passed first; the server stays usable
     * @throws java.nio.channels.ClosedChannelException if this server was closed before the
     *     call
     * @throws java.nio.channels.AsynchronousCloseException (a {@code ClosedChannelException}) if
     *     another thread closes this server while this one waits, as for the JDK's channels
     * @throws IOException if an I/O error occurs
     */
    UnixSocket accept() throws IOException;

    /**
     * Sets how long {@link #accept()} waits for a connection. When it passes, {@code accept}
     * throws a {@link java.net.SocketTimeoutException} and the server stays usable. Connections
     * that {@link BindOptions#allowedUids} rejects do not extend the wait. The timeout applies to
     * accepts that start after this call.
     *
     * @param timeout the limit; {@link java.time.Duration#ZERO} means no limit (the default)
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    void setAcceptTimeout(java.time.Duration timeout);

    /**
     * Returns the accept timeout, {@link java.time.Duration#ZERO} when there is none.
     *
     * @return the timeout
     */
    java.time.Duration getAcceptTimeout();

    /**
     * Returns the address this server listens on.
     *
     * @return the address, never null
     */
    UnixSocketAddress getLocalAddress();

    /**
     * Returns whether the bind removed a stale socket file (one nobody served) to make room.
     *
     * @return true if a stale file was replaced
     */
    boolean replacedStaleFile();

    /**
     * Returns whether this server is open.
     *
     * @return false once it is closed
     */
    boolean isOpen();

    /**
     * Stops listening and removes the socket file if it is still the one this server created.
     * Calling it again does nothing.
     *
     * @throws IOException if the socket cannot be closed or its file cannot be removed
     */
    @Override
    void close() throws IOException;
}
