package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code uds connect} and {@code uds listen} end once the peer has closed and everything it sent
 * is written out, while their standard input stays open and idle: the test holds the pipe to
 * their standard input and writes nothing to it, as an idle holder of a pipe does.
 */
class ConnectEndTest {
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

    /** In this JVM: accepts one connection at {@code path}, sends {@code bytes}, and closes. */
    private Future<Void> serveOnce(Path path, final byte[] bytes) throws IOException {
        final UnixServerSocket server = UnixSockets.bind(UnixSocketAddress.of(path));
        return threads.submit(() -> {
            try (UnixServerSocket s = server; UnixSocket c = s.accept()) {
                c.getOutputStream().write(bytes);
            }
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void connectEndsWhenTheServerClosesWhileStandardInputStaysOpen(String provider,
            @TempDir Path dir) throws Exception {
        Seed.assumeProvider(provider);
        Future<Void> served = serveOnce(dir.resolve("s.sock"),
                "hello\nworld\n".getBytes(StandardCharsets.US_ASCII));
        Proc uds = Proc.start(dir, Proc.uds(provider, "connect", "./s.sock"));
        try {
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).as("%s", uds).containsExactly("hello", "world");
            assertThat(uds.err()).as("%s", uds).isEmpty();
            served.get(Proc.LIMIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            uds.process.getOutputStream().close();
            uds.kill();
        }
    }

    /**
     * The server sends more than the socket and pipe buffers hold and closes at once; standard
     * output is read slowly, 8 KiB at a time with pauses. Every byte comes out before the exit.
     */
    @Test
    void connectWritesEverythingToASlowReaderBeforeItEnds(@TempDir Path dir) throws Exception {
        byte[] sent = new byte[4 << 20];
        new Random(15).nextBytes(sent);
        Future<Void> served = serveOnce(dir.resolve("s.sock"), sent);
        File errors = dir.resolve("stderr").toFile();
        Process uds = new ProcessBuilder(Proc.uds(null, "connect", "./s.sock"))
                .directory(dir.toFile()).redirectError(errors).start();
        try (OutputStream idleInput = uds.getOutputStream()) {
            InputStream out = uds.getInputStream();
            byte[] got = new byte[sent.length];
            int have = 0;
            while (have < got.length) {
                int n = out.read(got, have, Math.min(8192, got.length - have));
                if (n < 0) {
                    fail("standard output ended after " + have + " of " + got.length + " bytes: "
                            + new String(Files.readAllBytes(errors.toPath()),
                                    StandardCharsets.UTF_8));
                }
                have += n;
                Thread.sleep(1); // a slow reader
            }
            assertThat(got).isEqualTo(sent);
            assertThat(uds.waitFor(Proc.LIMIT_SECONDS, TimeUnit.SECONDS))
                    .as("connect still runs after the server closed: it waits for standard input")
                    .isTrue();
            assertThat(uds.exitValue()).isZero();
            assertThat(out.read()).as("nothing after what the server sent").isEqualTo(-1);
            assertThat(errors.length()).as("nothing on standard error").isZero();
            served.get(Proc.LIMIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (uds.isAlive()) {
                uds.destroyForcibly();
                uds.waitFor(Proc.LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void listenEndsWhenTheClientClosesWhileStandardInputStaysOpen(String provider,
            @TempDir Path dir) throws Exception {
        Seed.assumeProvider(provider);
        Proc uds = Proc.start(dir, Proc.uds(provider, "listen", "./l.sock"));
        try {
            uds.awaitErr("uds listen: listening on ./l.sock");
            try (UnixSocket client = UnixSockets.connect(
                    UnixSocketAddress.of(dir.resolve("l.sock")))) {
                client.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).as("%s", uds).containsExactly("hi");
        } finally {
            uds.process.getOutputStream().close();
            uds.kill();
        }
    }

    @Test
    void connectSeqpacketEndsWhenTheServerClosesWhileStandardInputStaysOpen(@TempDir Path dir)
            throws Exception {
        final UnixServerSocket server = UnixSockets.bind(
                UnixSocketAddress.of(dir.resolve("q.sock")), UnixSocketType.SEQPACKET,
                BindOptions.defaults());
        Future<Void> served = threads.submit(() -> {
            try (UnixServerSocket s = server; UnixSocket c = s.accept()) {
                c.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
            }
            return null;
        });
        Proc uds = Proc.start(dir, Proc.uds(null, "connect", "--type", "seqpacket", "./q.sock"));
        try {
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).as("%s", uds).containsExactly("bye");
            served.get(Proc.LIMIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            uds.process.getOutputStream().close();
            uds.kill();
        }
    }
}
