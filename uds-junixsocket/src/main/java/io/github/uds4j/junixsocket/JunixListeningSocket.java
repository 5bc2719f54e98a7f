package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * A listening junixsocket socket, blocking, that neither deletes its socket file on close nor
 * replaced anything when it was bound. It holds two junixsocket servers on one socket (see
 * {@link JunixSockets#bind}): {@code channel} accepts, {@code binder} only keeps the bind.
 */
final class JunixListeningSocket implements ListeningSocket {
    private final AFUNIXServerSocketChannel channel;
    private final AFUNIXServerSocketChannel binder;
    private final UnixSocketAddress address;
    private final ChannelWaiter waiter;

    JunixListeningSocket(AFUNIXServerSocketChannel channel, AFUNIXServerSocketChannel binder,
            UnixSocketAddress address) {
        this.channel = channel;
        this.binder = binder;
        this.address = address;
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
            return new JunixUnixSocket(c, address, JunixSockets.fromNative(c.getRemoteAddress()),
                    null);
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
     * #accept()}; leaves the file. Idempotent.
     */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(binder, e);
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        try {
            binder.close();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    @Override
    public String toString() {
        return "ListeningSocket[" + JunixsocketProvider.NAME + ", " + address
                + (isOpen() ? "" : ", closed") + "]";
    }
}
