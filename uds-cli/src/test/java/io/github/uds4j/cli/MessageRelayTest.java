package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MessageRelay}, over SEQPACKET and datagram pairs of the provider {@code UnixSockets}
 * routes them to: lines become messages and messages lines; cut messages and descriptors are
 * reported on standard error.
 */
class MessageRelayTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ExecutorService threads;

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private Io io(String input) {
        return new Io(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true), false);
    }

    private static String text(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    private static void send(UnixSocket s, String text) throws Exception {
        s.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void seqpacketLinesGoAsMessagesAndMessagesComeAsLines() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        final UnixSocket peer = pair[1];
        Future<List<String>> got = threads.submit(() -> {
            List<String> messages = new ArrayList<String>();
            ByteBuffer b = ByteBuffer.allocate(1024);
            while (true) {
                b.clear();
                Received r = peer.receive(b);
                if (r.isEndOfStream()) {
                    break;
                }
                assertThat(r.isTruncated()).isFalse();
                messages.add(text(b));
            }
            send(peer, "answer one");
            send(peer, "");
            send(peer, "answer\nthree");
            peer.close();
            return messages;
        });
        int status = MessageRelay.run(pair[0], "pair", io("first\n\nthird line\nlast"),
                true, 0);
        assertThat(status).isZero();
        assertThat(got.get()).containsExactly("first", "", "third line", "last");
        assertThat(out.toString("UTF-8")).isEqualTo("answer one\n\nanswer\nthree\n");
        assertThat(err.size()).isZero();
    }

    @Test
    void thePeersCloseEndsTheSeqpacketRelayWhileInputStaysOpen() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        send(pair[1], "bye");
        pair[1].close();
        // Standard input that stays open and idle, as an idle holder of the pipe keeps it.
        Io idle = new Io(new PipedInputStream(new PipedOutputStream()), new PrintStream(out, true),
                new PrintStream(err, true), false);
        int status = assertTimeoutPreemptively(Duration.ofSeconds(Proc.LIMIT_SECONDS),
                () -> MessageRelay.run(pair[0], "pair", idle, true, 0),
                "the relay waited for standard input after the peer closed");
        assertThat(status).isZero();
        assertThat(out.toString("UTF-8")).isEqualTo("bye\n");
        assertThat(err.size()).isZero();
    }

    @Test
    void aSeqpacketMessageLongerThanTheBufferIsPrintedCutAndReported() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        send(pair[1], "123456789");
        send(pair[1], "ok");
        pair[1].close();
        assertThat(MessageRelay.run(pair[0], "pair", io(""), true, 0, 4)).isZero();
        assertThat(out.toString("UTF-8")).isEqualTo("1234\nok\n");
        assertThat(err.toString("UTF-8"))
                .isEqualTo("uds: a message longer than 4 bytes was cut to its first 4 bytes\n");
    }

    @Test
    void withACountTheSeqpacketRelayEndsAfterThatManyMessages() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        try {
            send(pair[1], "one");
            send(pair[1], "two");
            send(pair[1], "three");
            // The peer stays open: only the count ends the relay.
            assertThat(MessageRelay.run(pair[0], "pair", io(""), true, 2)).isZero();
            assertThat(out.toString("UTF-8")).isEqualTo("one\ntwo\n");
        } finally {
            pair[1].close();
        }
    }

    @Test
    void datagramsArePrintedOneALineUpToTheCountAndDescriptorsAreReported(@TempDir Path dir)
            throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[] {1});
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try (FileInputStream a = new FileInputStream(file.toFile());
                FileInputStream b = new FileInputStream(file.toFile())) {
            pair[1].write(ByteBuffer.wrap("plain".getBytes(StandardCharsets.UTF_8)));
            pair[1].send(ByteBuffer.wrap("one fd".getBytes(StandardCharsets.UTF_8)), null,
                    Descriptor.of(a));
            pair[1].send(ByteBuffer.allocate(0), null, Descriptor.of(a), Descriptor.of(b));
            pair[1].write(ByteBuffer.wrap("not read".getBytes(StandardCharsets.UTF_8)));
            assertThat(MessageRelay.receive(pair[0], io(""), 3)).isZero();
            assertThat(out.toString("UTF-8")).isEqualTo("plain\none fd\n\n");
            assertThat(err.toString("UTF-8"))
                    .isEqualTo("uds: received 1 file descriptor\nuds: received 2 file descriptors\n");
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void datagramLinesAreSentOneDatagramEach() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try {
            assertThat(MessageRelay.send(pair[0], io("a\n\nccc"))).isZero();
            ByteBuffer b = ByteBuffer.allocate(64);
            List<String> got = new ArrayList<String>();
            for (int i = 0; i < 3; i++) {
                b.clear();
                pair[1].receive(b);
                got.add(text(b));
            }
            assertThat(got).containsExactly("a", "", "ccc");
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }
}
