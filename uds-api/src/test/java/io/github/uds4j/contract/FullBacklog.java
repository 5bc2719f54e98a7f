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
 * A server whose backlog is full: it listens with backlog 1, never accepts, and holds the
 * connections the kernel queued until one more would have to wait. A blocking connect to it
 * waits, so a client's connect timeout can be tested for real. Closing it closes the queued
 * connections and the server, which also fails any connect still waiting.
 */
public final class FullBacklog implements AutoCloseable {
    private final UnixServerSocket server;
    private final List<UnixSocket> queued = new ArrayList<UnixSocket>();

    /**
     * Binds {@code address} and fills its backlog.
     *
     * @throws IOException if the bind or a connect fails
     * @throws AssertionError if 20 connections did not fill the backlog
     */
    public FullBacklog(UnixSocketAddress address) throws IOException {
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
            try {
                close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
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
