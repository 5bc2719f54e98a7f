package io.github.uds4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A connected Unix domain stream socket.
 *
 * <p>Bytes can be moved through the streams ({@link #getInputStream()}, {@link
 * #getOutputStream()}) or through the channel methods with heap or direct {@link ByteBuffer}s,
 * including scattering reads and gathering writes. Both views share the same socket: do not mix
 * them for the same direction at the same time. The socket is in blocking mode: a read waits for
 * at least one byte (or the end of the stream), a write returns when every byte was handed to the
 * kernel.
 *
 * <p>One thread may read while another writes. {@link #close()} is idempotent and may be called
 * from any thread; it wakes a thread blocked in a read or write on this socket with an
 * {@link IOException}.
 *
 * <p>Instances come from {@link UnixSockets#connect(UnixSocketAddress)}, {@link
 * UnixServerSocket#accept()} and {@link UnixSockets#openPair()}.
 */
public interface UnixSocket extends ByteChannel, ScatteringByteChannel, GatheringByteChannel {

    /**
     * Returns the stream that reads from this socket. Its {@code read} returns -1 once the peer
     * has shut down its output or closed its end, and after {@link #shutdownInput()}. Closing the
     * stream closes the socket; reading from it once the socket is closed throws an
     * {@link IOException}.
     *
     * @return the input stream, the same one on every call, also after close
     * @throws IOException if an I/O error occurs
     */
    InputStream getInputStream() throws IOException;

    /**
     * Returns the stream that writes to this socket. Closing the stream closes the socket;
     * writing to it once the socket is closed throws an {@link IOException}.
     *
     * @return the output stream, the same one on every call, also after close
     * @throws IOException if an I/O error occurs
     */
    OutputStream getOutputStream() throws IOException;

    /**
     * Reads bytes into {@code dst}, heap or direct.
     *
     * @return the number of bytes read, possibly 0 if {@code dst} has no room, or -1 at the end of
     *     the stream
     * @throws java.nio.channels.ClosedChannelException if this socket is closed
     * @throws IOException if an I/O error occurs
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes all remaining bytes of {@code src}, heap or direct.
     *
     * @return the number of bytes written
     * @throws java.nio.channels.ClosedChannelException if this socket is closed
     * @throws IOException if an I/O error occurs, for example because the peer closed its end
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /**
     * Shuts down the reading side: later reads return -1. On Linux the peer's later writes
     * fail with a broken pipe.
     *
     * @throws java.nio.channels.ClosedChannelException if this socket is closed
     * @throws IOException if an I/O error occurs
     */
    void shutdownInput() throws IOException;

    /**
     * Shuts down the writing side (half-close): the peer reads the end of the stream and can
     * still write back.
     *
     * @throws java.nio.channels.ClosedChannelException if this socket is closed
     * @throws IOException if an I/O error occurs
     */
    void shutdownOutput() throws IOException;

    /**
     * Returns the address this socket is bound to, or {@code null} if it has none: a client
     * socket and either end of a pair are unnamed.
     *
     * @return the local address or null
     */
    UnixSocketAddress getLocalAddress();

    /**
     * Returns the address of the peer, or {@code null} when it is unnamed, as for a server's
     * client or a pair.
     *
     * @return the remote address or null
     */
    UnixSocketAddress getRemoteAddress();

    /**
     * Returns the credentials of the process at the other end, as the kernel recorded them when
     * the connection was made. The pid is present where the provider has {@link
     * UnixSocketCapability#PEER_PID}.
     *
     * @return the peer's credentials
     * @throws UnsupportedOperationException if the provider lacks {@link
     *     UnixSocketCapability#PEER_CREDENTIALS}
     * @throws IOException if the socket is closed or the kernel does not answer
     */
    PeerCredentials getPeerCredentials() throws IOException;

    /**
     * Sets how long a read (through the stream or the channel methods) may wait for data. When
     * it passes, the read throws a {@link java.net.SocketTimeoutException}; the socket stays
     * usable and no byte is lost: the next read returns the data that arrives later. The
     * timeout applies to reads that start after this call; writes never time out.
     *
     * <p>Where the provider's channel has no timeout of its own (jdk16), the first timeout other
     * than zero switches the socket to non-blocking mode, which waits until reads and writes in
     * progress in other threads have finished: set it before starting such threads.
     *
     * @param timeout the limit; {@link java.time.Duration#ZERO} means no limit (the default)
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IOException if the socket is closed
     */
    void setReadTimeout(java.time.Duration timeout) throws IOException;

    /**
     * Returns the read timeout, {@link java.time.Duration#ZERO} when there is none.
     *
     * @return the timeout
     */
    java.time.Duration getReadTimeout();

    /**
     * Returns a {@link java.net.Socket} view of this socket, for libraries that want one. Its
     * streams, {@code setSoTimeout}, {@code shutdownInput/Output}, {@code isConnected}, {@code
     * isClosed} and {@code close} act on this socket; TCP options are accepted and ignored.
     *
     * @return a new view; closing it closes this socket
     * @throws IOException if the view cannot be made
     */
    default java.net.Socket asSocket() throws IOException {
        return new SocketView(this);
    }

    /**
     * Returns the name of the provider that made this socket, for diagnostics.
     *
     * @return the provider's name, such as {@code jdk16} or {@code junixsocket}
     */
    String providerName();

    /**
     * Closes this socket. Calling it again does nothing.
     *
     * @throws IOException if an I/O error occurs
     */
    @Override
    void close() throws IOException;
}
