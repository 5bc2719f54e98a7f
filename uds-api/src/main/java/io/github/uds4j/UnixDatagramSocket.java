package io.github.uds4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.InterruptibleChannel;
import java.time.Duration;

/**
 * A Unix datagram socket ({@code SOCK_DGRAM}): each send is one message, delivered whole or not
 * at all, and each receive takes one. On Linux Unix datagrams are reliable and ordered; a send
 * waits while the receiver's queue is full.
 *
 * <pre>{@code
 * try (UnixDatagramSocket server = UnixSockets.bindDatagram(UnixSocketAddress.of("/run/app/dgram"));
 *      UnixDatagramSocket client = UnixSockets.openDatagram()) {
 *     client.send(ByteBuffer.wrap("ping".getBytes(UTF_8)), server.getLocalAddress());
 *     ByteBuffer buffer = ByteBuffer.allocate(65536);
 *     Received r = server.receive(buffer);   // r.sender() is null: the client is unbound
 * }
 * }</pre>
 *
 * <p>A socket is bound ({@link UnixSockets#bindDatagram}: to a path, with exactly the socket-file
 * handling of stream servers, or to an abstract name) or unbound ({@link
 * UnixSockets#openDatagram()}: it can send, and receive replies only from a peer it is connected
 * to). {@link #connect(UnixSocketAddress)} fixes the peer: then {@link #write(ByteBuffer)} and
 * {@link #read(ByteBuffer)} work, and only the peer's datagrams are received.
 *
 * <p><b>Truncation is never silent.</b> A datagram longer than the buffer is cut by the kernel;
 * {@link #receive(ByteBuffer)} then says so in {@link Received#isTruncated()}, and {@link
 * #read(ByteBuffer)} throws a {@link MessageTruncatedException} after putting the bytes that fit
 * in the buffer.
 *
 * <p><b>Size.</b> With default buffers (Linux {@code net.core.wmem_default} 212992), the largest
 * datagram that goes through is {@link #typicalMaximumSize()} bytes; a larger send fails with
 * an {@link IOException} "Message too long" ({@code EMSGSIZE}) and sends nothing.
 *
 * <p>Closing a socket bound to a path removes its file, if it is still the file this socket
 * created; one bound to an abstract name leaves nothing behind. Instances are safe for one
 * reading and one writing thread at a time; {@link #close()} from any thread wakes both, as on
 * {@link UnixSocket}.
 */
public interface UnixDatagramSocket extends ByteChannel, InterruptibleChannel {

    /**
     * The largest datagram measured to go through with Linux's default socket buffers: 212,960
     * bytes (the default send buffer of 212,992 bytes less the kernel's accounting). Check what
     * your system allows by sending; a larger send fails with "Message too long".
     *
     * @return 212960
     */
    static int typicalMaximumSize() {
        return 212960;
    }

    /**
     * Sends the remaining bytes of {@code src} as one datagram to {@code target}.
     *
     * @param src the message, heap or direct, possibly empty
     * @param target where to send it; null to send to the connected peer
     * @param descriptors open descriptors to send along (none by default); they stay the
     *     caller's
     * @return the number of bytes sent: all of them
     * @throws java.nio.file.NoSuchFileException if there is no file at {@code target}
     * @throws java.net.ConnectException if nothing is bound to {@code target} (a stale file, an
     *     unused abstract name)
     * @throws java.nio.file.FileSystemException if {@code target} is not a socket, or a socket of
     *     another type
     * @throws java.nio.file.AccessDeniedException if the process may not write to the socket file
     * @throws UnsupportedOperationException if {@code descriptors} are given and the provider
     *     lacks {@link UnixSocketCapability#FD_PASSING}
     * @throws IOException "Message too long" if the datagram is too large; any other failure
     */
    int send(ByteBuffer src, UnixSocketAddress target, Descriptor... descriptors)
            throws IOException;

    /**
     * Receives one datagram into {@code dst}, waiting for one (up to the read timeout). Any
     * descriptors that came with it are closed at once and counted in {@link
     * Received#droppedDescriptors()}.
     *
     * @param dst where to put it, heap or direct
     * @return the length, whether it was truncated, and the sender (null when unnamed)
     * @throws java.net.SocketTimeoutException if the read timeout passed first
     * @throws java.nio.channels.ClosedChannelException if the socket is closed
     * @throws IOException any other failure
     */
    Received receive(ByteBuffer dst) throws IOException;

    /**
     * Receives one datagram into {@code dst} with up to {@code maxDescriptors} descriptors that
     * came with it; the receiver owns those. More than that are closed at once and counted.
     *
     * @param dst where to put it
     * @param maxDescriptors how many descriptors to keep, 0 or more
     * @return what was received
     * @throws UnsupportedOperationException if {@code maxDescriptors} is positive and the
     *     provider lacks {@link UnixSocketCapability#FD_PASSING}
     * @throws IOException as for {@link #receive(ByteBuffer)}
     */
    Received receive(ByteBuffer dst, int maxDescriptors) throws IOException;

    /**
     * Connects to {@code target}: later sends without an address go there, and only its
     * datagrams are received.
     *
     * @param target the peer
     * @throws IOException as for {@link #send}, if there is no socket at {@code target}
     */
    void connect(UnixSocketAddress target) throws IOException;

    /**
     * Returns whether {@link #connect(UnixSocketAddress)} succeeded or the socket is one of a pair.
     *
     * @return true if {@link #read} and {@link #write} have a peer
     */
    boolean isConnected();

    /**
     * Receives one datagram from the connected peer.
     *
     * @return the number of bytes read (0 for an empty datagram)
     * @throws MessageTruncatedException if the datagram was longer than {@code dst}; the bytes
     *     that fit were read
     * @throws java.nio.channels.NotYetConnectedException if not connected
     * @throws IOException as for {@link #receive(ByteBuffer)}
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * Sends the remaining bytes of {@code src} as one datagram to the connected peer.
     *
     * @return the number of bytes sent
     * @throws java.nio.channels.NotYetConnectedException if not connected
     * @throws IOException as for {@link #send}
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /**
     * Returns the address this socket is bound to, or null if it is unbound.
     *
     * @return the published address (for a path, the path it was bound at), or null
     */
    UnixSocketAddress getLocalAddress();

    /**
     * Returns the connected peer's address, or null if not connected or the peer is unnamed.
     *
     * @return the peer's address, or null
     */
    UnixSocketAddress getRemoteAddress();

    /**
     * Sets how long a receive or read may wait; when it passes, a {@link
     * java.net.SocketTimeoutException} is thrown and the socket stays usable.
     *
     * @param timeout the limit; zero means none (the default)
     * @throws IOException if the socket is closed
     */
    void setReadTimeout(Duration timeout) throws IOException;

    /**
     * Returns the read timeout, zero when there is none.
     *
     * @return the limit set by {@link #setReadTimeout(Duration)}, never null
     */
    Duration getReadTimeout();

    /**
     * Returns the name of the provider that made this socket.
     *
     * @return a name such as {@code ffm} or {@code junixsocket}
     */
    String providerName();

    /**
     * Closes the socket, waking threads blocked on it; removes its socket file if it is bound to
     * a path and the file is still the one it created. Idempotent.
     */
    @Override
    void close() throws IOException;
}
