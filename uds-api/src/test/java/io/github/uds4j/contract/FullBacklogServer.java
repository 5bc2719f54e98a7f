package io.github.uds4j.contract;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server that never accepts and whose backlog is full (backlog 1, filled with connects until
 * one times out): a blocking connect to it waits, so a client's connect timeout must end it.
 * Closing it closes the queued connections and the server, which fails any connect still
 * waiting.
 */
public final class FullBacklogServer implements AutoCloseable {
    private final UnixServerSocket server;
    private final List<UnixSocket> queued = new ArrayList<UnixSocket>();

    /**
     * Listens at {@code address} and fills the backlog.
     *
     * @throws AssertionError if 20 connects went through without filling it
     */
    public FullBacklogServer(UnixSocketAddress address) throws IOException {
        server = UnixSockets.bind(address, BindOptions.defaults().backlog(1));
        try {
            for (int i = 0; i < 20; i++) {
                try {
                    queued.add(UnixSockets.connect(address, Duration.ofMillis(200)));
                } catch (SocketTimeoutException e) {
                    return; // full
                }
            }
            throw new AssertionError("backlog 1 took 20 connections without filling up");
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Closes the queued connections and the server. */
    @Override
    public void close() throws IOException {
        try {
            for (UnixSocket s : queued) {
                s.close();
            }
        } finally {
            server.close();
        }
    }
}
