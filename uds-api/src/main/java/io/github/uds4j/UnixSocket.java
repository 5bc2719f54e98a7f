package io.github.uds4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.InterruptibleChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A connected Unix domain socket: a stream ({@link UnixSocketType#STREAM}), or a connection
 * that keeps message boundaries ({@link UnixSocketType#SEQPACKET}, see {@link #type()}).
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
 * {@link java.nio.channels.AsynchronousCloseException}.
 *
 * <p>The rules below are the JDK's socket channels', the same on every provider, through the
 * channel methods, the streams and the {@link #asSocket()} view, with or without a read timeout.
 *
 * <p><b>Each write is whole.</b> The bytes of one write call reach the peer together, never
 * interleaved with those of a write in another thread: a stream write of any length, a heap or
 * direct buffer, a gathering write. Concurrent writes take turns; a write returns when all its
 * bytes were handed to the kernel.
 *
 * <p><b>Interrupts.</b> This is an {@link InterruptibleChannel}. If a thread blocked in a read
 * or a write on this socket is interrupted, the socket is closed and the call throws {@link
 * java.nio.channels.ClosedByInterruptException}; a thread whose interrupt status is already set
 * when it starts a read or write reads or writes nothing, the socket is closed and the call
 * throws the same. The interrupt status stays set. Other threads blocked on the socket then
 * throw {@link java.nio.channels.AsynchronousCloseException}. So {@code Future.cancel(true)},
 * {@code ExecutorService.shutdownNow()} and executors of virtual threads can stop a task blocked
 * on a socket. {@link UnixSockets#connect(UnixSocketAddress)} is interruptible too; where it
 * waits for room in a full backlog, junixsocket notices an interrupt within 50 ms, the JDK at
 * once.
 *
 * <p><b>Failures.</b>
 * <ul>
 *   <li>A write to a peer that has closed its end (or shut down its input) throws a plain
 *       {@link IOException} with the message {@code "Broken pipe"}, not a {@link
 *       java.net.SocketException}. The socket stays open: what the peer sent before it closed can
 *       still be read, then the end of the stream. (One exception: on junixsocket, a virtual
 *       thread's blocking write goes through junixsocket, which closes the socket then.)
 *   <li>After {@link #shutdownOutput()}, every write throws {@link
 *       java.nio.channels.ClosedChannelException}, a zero-length one too. The socket stays open
 *       for reading, and the peer reads the end of the stream.
 *   <li>On a closed socket every read and write throws {@link
 *       java.nio.channels.ClosedChannelException}: the channel methods and the streams alike,
 *       including a zero-length write and {@code available()}.
 *   <li>A read into a read-only buffer throws {@link IllegalArgumentException} ("Read-only
 *       buffer") and takes nothing from the socket.
 * </ul>
 *
 * <p>Instances come from {@link UnixSockets#connect(UnixSocketAddress)}, {@link
 * UnixServerSocket#accept()} and {@link UnixSockets#openPair()}.
 */
public interface UnixSocket
        extends ByteChannel, ScatteringByteChannel, GatheringByteChannel, InterruptibleChannel {

    /**
     * Returns the stream that reads from this socket. Its {@code read} returns -1 once the peer
     * has shut down its output or closed its end, and after {@link #shutdownInput()}. Closing the
     * stream closes the socket; once the socket is closed, {@code read} and {@code available}
     * throw a {@link java.nio.channels.ClosedChannelException}. Reads are interruptible as the
     * channel methods are.
     *
     * @return the input stream, the same one on every call, also after close
     * @throws IOException if an I/O error occurs
     */
    InputStream getInputStream() throws IOException;

    /**
     * Returns the stream that writes to this socket. Each {@code write} is whole, as a channel
     * write is; there is no buffering, {@code flush} does nothing. Closing the stream closes the
     * socket. Writing to it once the socket is closed or its output shut down throws a {@link
     * java.nio.channels.ClosedChannelException}, also when the array is empty; a broken pipe is
     * an {@link IOException} "Broken pipe", as for {@link #write(ByteBuffer)}.
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
     * @throws IllegalArgumentException if {@code dst} is read-only; nothing is read
     * @throws java.nio.channels.ClosedChannelException if this socket is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException if this thread is interrupted, before
     *     or during the read; the socket is then closed
     * @throws IOException if an I/O error occurs
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes all remaining bytes of {@code src}, heap or direct, together: a write in another
     * thread waits until this one is done.
     *
     * @return the number of bytes written
     * @throws java.nio.channels.ClosedChannelException if this socket is closed or its output
     *     shut down, also when {@code src} is empty
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes it meanwhile
     * @throws java.nio.channels.ClosedByInterruptException if this thread is interrupted, before
     *     or during the write; the socket is then closed
     * @throws IOException "Broken pipe" if the peer closed its end or shut down its input (this
     *     socket stays open), or another I/O error
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
     * still write back. Later writes throw a {@link java.nio.channels.ClosedChannelException};
     * the socket stays open.
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
     * Returns the socket's type: {@link UnixSocketType#STREAM}, or {@link
     * UnixSocketType#SEQPACKET} for one made with that type.
     *
     * <p>On a {@code SEQPACKET} socket every write ({@link #write(ByteBuffer)}, a gathering
     * write, a stream write, {@link #send}) sends one message, and every read takes one whole
     * message: the channel read, the stream's {@code read(byte[], int, int)} and {@link
     * #receive}. A message longer than the buffer is cut, never silently: {@code read} throws a
     * {@link MessageTruncatedException} after putting the bytes that fit in the buffer, and
     * {@link #receive} reports it in {@link Received#isTruncated()}. An empty message reads as
     * 0 bytes; the end of the connection and half-close work as on streams. One case cannot be
     * told apart: {@code recvmsg(2)} returns 0 both for an empty message and at the end, so an
     * empty message that is followed in the queue by the end of the connection (or, on
     * junixsocket, by another empty message) reads as the end.
     *
     * @return the type
     */
    default UnixSocketType type() {
        return UnixSocketType.STREAM;
    }

    /**
     * Writes the remaining bytes of {@code src} with open file descriptors attached ({@code
     * SCM_RIGHTS}). The descriptors stay the caller's; the peer gets its own. On a stream the
     * descriptors travel with the first byte of this write, so at least one byte is needed.
     *
     * @param src the bytes; not empty on a stream socket when descriptors are given
     * @param descriptors the descriptors to send, possibly none
     * @return the number of bytes written: all of them
     * @throws IllegalArgumentException on a stream socket, if descriptors are given with no
     *     bytes
     * @throws UnsupportedOperationException if descriptors are given and the provider lacks
     *     {@link UnixSocketCapability#FD_PASSING}
     * @throws IOException as for {@link #write(ByteBuffer)}
     */
    default int send(ByteBuffer src, Descriptor... descriptors) throws IOException {
        if (descriptors.length != 0) {
            throw new UnsupportedOperationException("sending descriptors needs "
                    + UnixSocketCapability.FD_PASSING + ", which provider " + providerName()
                    + " lacks");
        }
        return write(src);
    }

    /**
     * Reads into {@code dst} as {@link #read(ByteBuffer)} does and reports what came: the
     * length, and on a {@code SEQPACKET} socket whether the message was truncated. Descriptors
     * that came with the bytes are closed at once and counted ({@link
     * Received#droppedDescriptors()}).
     *
     * @param dst where to put the bytes
     * @return what was received; {@link Received#isEndOfStream()} at the end
     * @throws UnsupportedOperationException if the provider lacks {@link
     *     UnixSocketCapability#FD_PASSING} (it cannot see descriptors to count them); use {@link
     *     #read(ByteBuffer)} there: the kernel then closes any descriptors that arrive
     * @throws IOException as for {@link #read(ByteBuffer)}
     */
    default Received receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    /**
     * Reads into {@code dst} with up to {@code maxDescriptors} file descriptors that came with
     * the bytes; the receiver owns those and must close them. More than that are closed at once
     * and counted. On a stream, descriptors arrive with the first byte they were sent with: a
     * read stops before bytes that carry descriptors, so descriptors from two sends never mix.
     * A plain {@link #read(ByteBuffer)} keeps none: the kernel closes what arrives with it.
     *
     * @param dst where to put the bytes
     * @param maxDescriptors how many descriptors to keep, 0 or more
     * @return what was received
     * @throws IllegalArgumentException if {@code maxDescriptors} is negative
     * @throws UnsupportedOperationException if the provider lacks {@link
     *     UnixSocketCapability#FD_PASSING}
     * @throws IOException as for {@link #read(ByteBuffer)}
     */
    default Received receive(ByteBuffer dst, int maxDescriptors) throws IOException {
        throw new UnsupportedOperationException("receiving descriptors needs "
                + UnixSocketCapability.FD_PASSING + ", which provider " + providerName()
                + " lacks");
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
