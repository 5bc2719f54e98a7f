package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.BindOptions;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The kinds of socket that bind to a file: what the socket-file cases ({@link SocketFileCases})
 * need to bind one, to leave a stale one behind and to show that one serves.
 */
enum SocketKind {
    STREAM, SEQPACKET, DATAGRAM;

    /** The type to connect with; null for datagrams. */
    UnixSocketType type() {
        return this == STREAM ? UnixSocketType.STREAM
                : this == SEQPACKET ? UnixSocketType.SEQPACKET : null;
    }

    /** Binds a socket of this kind at {@code address} through {@link UnixSockets}. */
    Closeable bind(UnixSocketAddress address, BindOptions options) throws IOException {
        switch (this) {
            case DATAGRAM:
                return UnixSockets.bindDatagram(address, options);
            case SEQPACKET:
                return UnixSockets.bind(address, UnixSocketType.SEQPACKET, options);
            default:
                return UnixSockets.bind(address, options);
        }
    }

    /**
     * Leaves a socket file of this kind that nobody serves at {@code address}, as a killed
     * process would: the raw provider binds there and closes, which never removes a file.
     */
    void leaveStale(UnixSocketAddress address) throws IOException {
        UnixSocketProvider p = RawProvider.chosen();
        switch (this) {
            case DATAGRAM:
                p.openDatagram(address, address).close();
                break;
            case SEQPACKET:
                p.bindSeqpacket(address, address, 1).close();
                break;
            default:
                p.bind(address, address, 1).close();
        }
    }

    /**
     * Shows that {@code bound}, a socket of this kind bound at {@code address}, serves: a byte
     * sent to the address arrives through it.
     */
    void assertServes(Closeable bound, UnixSocketAddress address, ExecutorService threads)
            throws Exception {
        ByteBuffer in = ByteBuffer.allocate(8);
        if (this == DATAGRAM) {
            UnixDatagramSocket s = (UnixDatagramSocket) bound;
            s.setReadTimeout(Duration.ofSeconds(30));
            try (UnixDatagramSocket client = UnixSockets.openDatagram()) {
                client.send(ByteBuffer.wrap(new byte[] {7}), address);
                Received r = s.receive(in);
                assertThat(r.length()).as("datagram through " + address).isEqualTo(1);
            }
        } else {
            UnixServerSocket server = (UnixServerSocket) bound;
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address, type());
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.write(ByteBuffer.wrap(new byte[] {7}));
                assertThat(peer.read(in)).as("byte through " + address).isEqualTo(1);
            }
        }
        assertThat(in.get(0)).isEqualTo((byte) 7);
    }
}
