package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code uds echo-server} stopped by SIGTERM or SIGINT, as a process of its own: it stops
 * accepting and removes its socket file at once, lets open connections finish for the grace
 * period, closes those still open, and exits with status 0. And {@code uds listen}, stopped while
 * it waits: its socket file is removed, its exit status is 0.
 */
class GracefulStopTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void sigtermLetsAnOpenConnectionFinishThenExitsWithZero(String provider, @TempDir Path dir)
            throws Exception {
        assumeSignals(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--grace", "3600");
        UnixSocket open = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            assertThat(echo(open, "before")).isEqualTo("before");
            server.signal("TERM");
            server.proc.awaitErr(
                    "uds echo-server: s: stopping; letting 1 connection finish (at most 3600 s)");
            assertThat(Files.exists(dir.resolve("s"))).as("socket file removed").isFalse();
            assertThatThrownBy(() -> p.connect(server.address, 1000)) // the SPI: errors unmapped
                    .isInstanceOf(IOException.class).hasMessageContaining("No such file");
            assertThat(echo(open, "still served")).isEqualTo("still served");
            assertThat(server.proc.process.isAlive()).isTrue();

            open.close();
            assertThat(server.proc.waitForExit()).as("%s", server.proc).isZero();
            assertThat(server.proc.out()).containsExactly("starting up on s",
                    "waiting for a connection");
            assertThat(server.proc.err()).containsExactly(
                    "uds echo-server: s: stopping; letting 1 connection finish (at most 3600 s)");
        } finally {
            open.close();
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void connectionStillOpenAfterTheGracePeriodIsClosed(String provider, @TempDir Path dir)
            throws Exception {
        assumeSignals(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--grace", "1");
        UnixSocket open = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            assertThat(echo(open, "x")).isEqualTo("x");
            server.signal("TERM");
            assertThat(server.proc.waitForExit()).as("%s", server.proc).isZero();
            assertThat(server.proc.err()).containsExactly(
                    "uds echo-server: s: stopping; letting 1 connection finish (at most 1 s)",
                    "uds echo-server: s: closing 1 connection still open after 1 s");
            assertEnded(open);
            assertThat(Files.exists(dir.resolve("s"))).isFalse();
        } finally {
            open.close();
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void secondSignalClosesOpenConnectionsAtOnce(String provider, @TempDir Path dir)
            throws Exception {
        assumeSignals(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--grace", "3600");
        UnixSocket open = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            assertThat(echo(open, "x")).isEqualTo("x");
            server.signal("TERM");
            server.proc.awaitErrContaining("stopping");
            server.signal("TERM");
            assertThat(server.proc.waitForExit()).as("%s", server.proc).isZero();
            assertEnded(open);
        } finally {
            open.close();
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void sigintStopsAnIdleServerWithZeroAndNoOutput(String provider, @TempDir Path dir)
            throws Exception {
        assumeSignals(provider);
        ServerProcess server = ServerProcess.start(dir, provider);
        try {
            assumeTrue(!ignored(server.pid, 2), "SIGINT is ignored by this process tree"
                    + " (started in the background?)");
            server.signal("INT");
            assertThat(server.proc.waitForExit()).as("%s", server.proc).isZero();
            assertThat(server.proc.err()).isEmpty();
            assertThat(Files.exists(dir.resolve("s"))).isFalse();
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void listenStoppedWhileWaitingRemovesItsFileAndExitsWithZero(String provider,
            @TempDir Path dir) throws Exception {
        assumeSignals(provider);
        Proc listen = Proc.start(dir, Proc.uds(provider, "listen", "l.sock"));
        try {
            listen.awaitErr("uds listen: listening on l.sock");
            assertThat(Files.exists(dir.resolve("l.sock"))).isTrue();
            Proc kill = Proc.run(dir, java.util.Arrays.asList("kill", "-TERM",
                    String.valueOf(Seed.pid(listen.process))));
            assertThat(kill.exitValue()).as("%s", kill).isZero();
            assertThat(listen.waitForExit()).as("%s", listen).isZero();
            assertThat(listen.err()).containsExactly("uds listen: listening on l.sock");
            assertThat(Files.exists(dir.resolve("l.sock"))).as("socket file removed").isFalse();
        } finally {
            listen.kill();
        }
    }

    // ---- helpers ----

    private static void assumeSignals(String provider) {
        Seed.assumeProvider(provider);
        assumeTrue(Proc.available("kill", "-l"), "needs kill");
    }


    /** Returns whether process {@code pid} ignores signal {@code number} (its SigIgn mask). */
    private static boolean ignored(long pid, int number) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", String.valueOf(pid), "status"),
                StandardCharsets.UTF_8)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private static String echo(UnixSocket s, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(data);
        byte[] back = new byte[data.length];
        int got = 0;
        while (got < back.length) {
            int n = s.getInputStream().read(back, got, back.length - got);
            if (n < 0) {
                throw new IOException("end of stream after " + got + " bytes");
            }
            got += n;
        }
        return new String(back, StandardCharsets.UTF_8);
    }

    /** The server closed the connection: a read ends (-1) or fails, and does not time out. */
    private static void assertEnded(UnixSocket s) {
        try {
            s.setReadTimeout(Duration.ofSeconds(Proc.LIMIT_SECONDS));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open after " + Proc.LIMIT_SECONDS
                    + " s", e);
        } catch (IOException e) {
            // reset: ended too
        }
    }
}
