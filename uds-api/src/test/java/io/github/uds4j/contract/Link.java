package io.github.uds4j.contract;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A server, a client connected to it and the server's end of that connection. */
final class Link implements AutoCloseable {
    final UnixServerSocket server;
    final UnixSocket client;
    final UnixSocket peer;

    private Link(UnixServerSocket server, UnixSocket client, UnixSocket peer) {
        this.server = server;
        this.client = client;
        this.peer = peer;
    }

    /** Binds at {@code address}, connects and accepts. */
    static Link open(UnixSocketAddress address, ExecutorService threads) throws Exception {
        return open(address, UnixSocketType.STREAM, threads);
    }

    /** Binds a server of {@code type} at {@code address}, connects and accepts. */
    static Link open(UnixSocketAddress address, UnixSocketType type, ExecutorService threads)
            throws Exception {
        UnixServerSocket server = UnixSockets.bind(address, type, BindOptions.defaults());
        try {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            UnixSocket client = UnixSockets.connect(address, type);
            return new Link(server, client, accepted.get(30, TimeUnit.SECONDS));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
            peer.close();
        } finally {
            server.close();
        }
    }
}
