package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@link ListeningSocket} over a blocking {@code UNIX} {@link ServerSocketChannel}. It never
 * removes its socket file. Closing it from another thread wakes a blocked {@link #accept()} with
 * an {@link java.nio.channels.AsynchronousCloseException}, as the JDK does.
 */
final class Jdk16ListeningSocket implements ListeningSocket {
    private final ServerSocketChannel channel;

    private Jdk16ListeningSocket(ServerSocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Creates the socket file at {@code address} and listens on it.
     *
     * @throws IOException as the JDK reports it; nothing is left open
     */
    static Jdk16ListeningSocket bind(UnixSocketAddress address, int backlog) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(address.getPath()), backlog);
            return new Jdk16ListeningSocket(channel);
        } catch (IOException | RuntimeException | Error e) {
            Connector.closeAfterFailure(channel, e);
            throw e;
        }
    }

    @Override
    public UnixSocket accept() throws IOException {
        SocketChannel accepted = channel.accept();
        try {
            return new Jdk16Socket(accepted);
        } catch (IOException | RuntimeException | Error e) {
            Connector.closeAfterFailure(accepted, e);
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "ListeningSocket[jdk16, " + channel + "]";
    }
}
