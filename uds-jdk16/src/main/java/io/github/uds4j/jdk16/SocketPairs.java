package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.internal.PrivateDirectory;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.internal.SocketFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Makes a connected pair the way {@code socketpair(2)} would, which the JDK lacks: a listener in
 * a private directory of uds-api's socket-file mechanism ({@link SocketFiles#pairDirectory()}),
 * one connect, one accept. The directory is removed before {@link #open()} returns or throws.
 */
final class SocketPairs {
    private SocketPairs() {}

    /**
     * Returns two sockets connected to each other.
     *
     * @throws IOException if the directory, the listener or the connection cannot be made;
     *     nothing is left open or behind
     */
    static UnixSocket[] open() throws IOException {
        try (PrivateDirectory dir = SocketFiles.pairDirectory()) {
            return connectThrough(UnixDomainSocketAddress.of(dir.socketPath()));
        }
    }

    /** Listens at {@code address}, connects, accepts; closes everything it opened on failure. */
    private static UnixSocket[] connectThrough(UnixDomainSocketAddress address)
            throws IOException {
        SocketChannel a = null;
        SocketChannel b = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address, 1);
            a = SocketChannel.open(StandardProtocolFamily.UNIX);
            a.connect(address); // lands in the empty backlog: returns at once
            b = server.accept();
            return new UnixSocket[] {new Jdk16Socket(a, false), new Jdk16Socket(b, false)};
        } catch (IOException | RuntimeException | Error e) {
            if (a != null) {
                ProviderSupport.closeAfterFailure(a, e);
            }
            if (b != null) {
                ProviderSupport.closeAfterFailure(b, e);
            }
            throw e;
        }
    }
}
