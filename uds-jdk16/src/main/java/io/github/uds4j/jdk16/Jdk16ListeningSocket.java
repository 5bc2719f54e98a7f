package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ChannelWaiter;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@link ListeningSocket} over a blocking {@code UNIX} {@link ServerSocketChannel}. It never
 * removes its socket file. Closing it from another thread wakes a blocked {@link #accept()} with
 * an {@link java.nio.channels.AsynchronousCloseException}, as the JDK does.
 *
 * <p>The first accept with a time limit switches the channel to non-blocking mode for good;
 * from then on accepts wait in a {@link ChannelWaiter}.
 */
final class Jdk16ListeningSocket implements ListeningSocket {
    private final ServerSocketChannel channel;
    private final UnixSocketAddress address;
    private final ChannelWaiter waiter;

    private Jdk16ListeningSocket(ServerSocketChannel channel, UnixSocketAddress address) {
        this.channel = channel;
        this.address = address;
        this.waiter = new ChannelWaiter(channel, address);
    }

    /**
     * Binds at {@code privatePath} and listens; accepted sockets report {@code address} as their
     * local address.
     *
     * @throws IOException as the JDK reports it; nothing is left open
     */
    static Jdk16ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(privatePath.getPath()), backlog);
            return new Jdk16ListeningSocket(channel, address);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
    }

    @Override
    public UnixSocket accept() throws IOException {
        return acceptWithin(0);
    }

    /** {@inheritDoc} The accepted channel is in blocking mode, whatever this channel's mode. */
    @Override
    public UnixSocket acceptWithin(long timeoutMillis) throws IOException {
        if (!channel.isOpen()) {
            // The JDK's blocking accept would report an AsynchronousCloseException.
            throw new ClosedChannelException();
        }
        if (timeoutMillis > 0 && channel.isBlocking()) {
            waiter.makeNonBlocking();
        }
        SocketChannel accepted = channel.accept();
        if (accepted == null) {
            long deadline = Timeouts.deadline(timeoutMillis);
            do {
                if (!waiter.await(SelectionKey.OP_ACCEPT, deadline)) {
                    throw Timeouts.acceptTimedOut(address, timeoutMillis);
                }
                accepted = channel.accept();
            } while (accepted == null);
        }
        try {
            return new Jdk16Socket(accepted, address);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(accepted, e);
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the channel, then wakes and closes the selector of a limited accept, if any. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(waiter, e);
            throw e;
        }
        waiter.close();
    }

    @Override
    public String toString() {
        return "ListeningSocket[jdk16, " + channel + "]";
    }
}
