package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Descriptor;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Relay}, over a socket pair from this JVM's default provider. */
class RelayTest {

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void bothDirectionsCompleteWhenThePeerHalfClosesFirst() throws Exception {
        byte[] ours = random(1 << 20, 1);
        final byte[] theirs = random(100_000, 2);
        UnixSocket[] pair = UnixSockets.openPair();
        final UnixSocket peer = pair[1];
        final AtomicReference<byte[]> peerGot = new AtomicReference<byte[]>();
        Thread t = new Thread(() -> {
            try {
                peer.getOutputStream().write(theirs);
                peer.shutdownOutput(); // done sending, still reading
                peerGot.set(readAll(peer.getInputStream()));
                peer.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Relay.run(pair[0], "pair", new Io(new ByteArrayInputStream(ours),
                new PrintStream(out, true), System.err, false));
        t.join();
        assertThat(status).isZero();
        assertThat(out.toByteArray()).isEqualTo(theirs);
        assertThat(peerGot.get()).isEqualTo(ours);
    }

    @Test
    void inputThatCannotBeDeliveredIsAFailureNamingThePath() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        pair[1].close(); // the peer is gone and reads nothing
        byte[] ours = random(8 << 20, 3); // far more than the socket buffers hold
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Relay.run(pair[0], "./gone.sock", new Io(
                new ByteArrayInputStream(ours), new PrintStream(out, true), System.err, false)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("./gone.sock: could not send all of standard input: ");
        assertThat(out.size()).isZero();
    }

    @Test
    void atATerminalThePeersCloseEndsTheRelayWithoutWaitingForInput() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        pair[1].getOutputStream().write('x');
        pair[1].close();
        // Input that never ends, as a person at a terminal who types nothing.
        PipedInputStream typing = new PipedInputStream(new PipedOutputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Relay.run(pair[0], "pair",
                new Io(typing, new PrintStream(out, true), System.err, true));
        assertThat(status).isZero();
        assertThat(out.toString("US-ASCII")).isEqualTo("x");
    }

    @Test
    void descriptorsThatArriveWithTheBytesAreReportedOnStandardError(@TempDir Path dir)
            throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[] {1});
        UnixSocket[] pair = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING).openPair();
        try (FileInputStream a = new FileInputStream(file.toFile())) {
            pair[1].send(ByteBuffer.wrap("he".getBytes(StandardCharsets.US_ASCII)),
                    Descriptor.of(a));
            pair[1].send(ByteBuffer.wrap("llo".getBytes(StandardCharsets.US_ASCII)),
                    Descriptor.of(a), Descriptor.of(a));
            pair[1].close();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Relay.run(pair[0], "pair", new Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true), false), true);
        assertThat(status).isZero();
        assertThat(out.toString("US-ASCII")).isEqualTo("hello");
        assertThat(err.toString("US-ASCII"))
                .isEqualTo("received 1 file descriptor\nreceived 2 file descriptors\n");
    }
}
