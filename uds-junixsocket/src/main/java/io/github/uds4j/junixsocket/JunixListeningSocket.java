package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.DescriptorAccess;
import io.github.uds4j.spi.ListeningSocket;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * A listening junixsocket socket, blocking, that neither deletes its socket file on close nor
 * replaced anything when it was bound. It holds two junixsocket objects on one socket (see
 * {@link JunixSockets#bind}): {@code channel}, a server, accepts; {@code binder} only keeps the
 * bind (for a seqpacket socket a junixsocket datagram socket, see {@link
 * JunixSockets#bindSeqpacket}; for an adopted one what closes the descriptor).
 */
final class JunixListeningSocket implements ListeningSocket, DescriptorAccess {
    private final AFUNIXServerSocketChannel channel;
    private final Closeable binder;
    private final UnixSocketAddress address;
    private final UnixSocketType type;
    private final ChannelWaiter waiter;
    /** Threads inside an accept; see {@link #close()}. */
    private final AtomicInteger calls = new AtomicInteger();

    JunixListeningSocket(AFUNIXServerSocketChannel channel, Closeable binder,
            UnixSocketAddress address) {
        this(channel, binder, address, UnixSocketType.STREAM);
    }

    /**
     * Makes a listening socket whose accepted sockets have {@code type}.
     *
     * @param binder closed after {@code channel}; null if nothing
     * @param address the published address, or null if not known (an adopted socket)
     */
    JunixListeningSocket(AFUNIXServerSocketChannel channel, Closeable binder,
            UnixSocketAddress address, UnixSocketType type) {
        this.channel = channel;
        this.binder = binder;
        this.address = address;
        this.type = type;
        this.waiter = new ChannelWaiter(channel, address);
    }

    /**
     * {@inheritDoc} The accepted socket's local address is the address this socket was published
     * at (the kernel knows only the private name it was bound under).
     */
    @Override
    public UnixSocket accept() throws IOException {
        return acceptWithin(0);
    }

    /**
     * {@inheritDoc} The first accept with a limit switches the channel to non-blocking mode for
     * good; from then on accepts wait in a {@link ChannelWaiter}.
     */
    @Override
    public UnixSocket acceptWithin(long timeoutMillis) throws IOException {
        calls.incrementAndGet();
        try {
            return acceptInCall(timeoutMillis);
        } finally {
            calls.decrementAndGet();
        }
    }

    private UnixSocket acceptInCall(long timeoutMillis) throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        AFUNIXSocketChannel c;
        boolean timedOut = false;
        try {
            if (timeoutMillis > 0 && channel.isBlocking()) {
                waiter.makeNonBlocking();
            }
            c = channel.accept();
            if (c == null && !channel.isBlocking()) {
                long deadline = Timeouts.deadline(timeoutMillis);
                do {
                    if (!waiter.await(SelectionKey.OP_ACCEPT, deadline)) {
                        timedOut = true;
                        break;
                    }
                    c = channel.accept();
                } while (c == null);
            }
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            throw closedOr(e);
        }
        if (timedOut) {
            throw Timeouts.acceptTimedOut(address, timeoutMillis);
        }
        if (c == null) {
            // junixsocket returns null from a blocking accept only when it was woken without a
            // connection, which a close does.
            if (!channel.isOpen()) {
                throw new AsynchronousCloseException();
            }
            throw new IOException(address + ": accept returned no connection");
        }
        try {
            c.configureBlocking(true);
            return new JunixUnixSocket(c, type, address,
                    JunixSockets.fromNative(c.getRemoteAddress()), null);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(c, e);
            throw e;
        }
    }

    private IOException closedOr(IOException e) {
        if (channel.isOpen()) {
            return e;
        }
        AsynchronousCloseException x = new AsynchronousCloseException();
        x.initCause(e);
        return x;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes both servers, the accepting one first, which wakes a thread blocked in {@link
     * #accept()}; leaves the file. Idempotent. junixsocket shuts a socket down when it closes
     * it, which would also stop copies of it sent to another process: when no thread is in an
     * accept, the socket is first moved out of the descriptors ({@link Seqpackets#release}).
     */
    @Override
    public void close() throws IOException {
        if (calls.get() == 0 && channel.isOpen()) {
            Seqpackets.release(channel);
            if (binder instanceof org.newsclub.net.unix.AFUNIXDatagramSocket) {
                Seqpackets.release(binder); // a seqpacket socket's own descriptor
            }
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(binder, e);
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        try {
            if (binder != null) {
                binder.close();
            }
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    /**
     * {@inheritDoc} On a closed socket, a descriptor that is not valid (which {@link
     * io.github.uds4j.Descriptor#of(java.io.FileDescriptor)} refuses).
     */
    @Override
    public FileDescriptor fileDescriptor() {
        try {
            return channel.getFileDescriptor();
        } catch (IOException e) {
            return new FileDescriptor(); // closed
        }
    }

    @Override
    public String toString() {
        return "ListeningSocket[" + JunixsocketProvider.NAME
                + (type == UnixSocketType.STREAM ? "" : ", " + type) + ", " + address
                + (isOpen() ? "" : ", closed") + "]";
    }
}
