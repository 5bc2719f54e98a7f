package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code uds echo-server} and {@code uds echo-client}, each run as its own JVM with a forced
 * provider, in a temporary working directory: the tutorial's transcripts, line for line, and the
 * errors its client could meet.
 */
class EchoTest {
    private static final String SOCKET = "uds_socket";

    @ParameterizedTest(name = "server {0}, client {1}")
    @CsvSource({"jdk16, jdk16", "junixsocket, junixsocket", "jdk16, junixsocket",
            "junixsocket, jdk16"})
    void serverAndClientPrintTheTutorialsTranscripts(String serverProvider,
            String clientProvider, @TempDir Path dir) throws Exception {
        Seed.assumeProvider(serverProvider);
        Seed.assumeProvider(clientProvider);
        Proc server = Proc.start(dir, Proc.uds(serverProvider, "echo-server"));
        try {
            server.awaitOut("waiting for a connection", 1);
            Proc client = Proc.run(dir, Proc.uds(clientProvider, "echo-client"));
            assertThat(client.exitValue()).as("%s", client).isZero();
            assertThat(client.out()).as("%s", client).isEqualTo(Seed.lines("echo-client.txt"));
            assertThat(client.err()).as("%s", client).isEmpty();

            // The tutorial's server transcript ends as the server waits for the next client.
            server.awaitOut("waiting for a connection", 2);
            assertThat(Files.exists(dir.resolve(SOCKET))).isTrue();
            int status = server.terminate();
            assertThat(status).as("a graceful exit on SIGTERM: %s", server).isZero();
            Seed.assertServerTranscript(server.out(), Seed.lines("echo-server.txt"),
                    Seed.pid(client.process));
            assertThat(server.err()).as("%s", server).isEmpty();
            assertThat(Files.exists(dir.resolve(SOCKET)))
                    .as("SIGTERM removes the socket file").isFalse();
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void onceServesOneClientAndRemovesItsFile(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc server = Proc.start(dir,
                Proc.uds(provider, "echo-server", "--once", "--path", "s", "--mode", "0600"));
        try {
            server.awaitOut("waiting for a connection", 1);
            assertThat(Files.getPosixFilePermissions(dir.resolve("s")))
                    .isEqualTo(Args.mode("rw-------"));
            Proc client = Proc.run(dir,
                    Proc.uds(provider, "echo-client", "--path", "s", "--message", "x"));
            assertThat(client.out()).containsExactly("connecting to s", "sending \"x\"",
                    "received \"x\"", "closing socket");
            assertThat(server.waitForExit()).as("%s", server).isZero();
            List<String> lines = server.out();
            assertThat(lines.get(lines.size() - 2)).isEqualTo("received \"\"");
            assertThat(lines.get(lines.size() - 1)).startsWith(Seed.NO_MORE_DATA_FROM);
            assertThat(Files.exists(dir.resolve("s"))).isFalse();
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void staleSocketFileDoesNotStopTheServer(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        leaveStaleSocketFile(dir);
        Proc server = Proc.start(dir, Proc.uds(provider, "echo-server", "--once"));
        try {
            server.awaitOut("waiting for a connection", 1);
            assertThat(server.out()).containsExactly("starting up on ./uds_socket",
                    "replaced a stale socket file at ./uds_socket (no server answered on it)",
                    "waiting for a connection");
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.out()).isEqualTo(Seed.lines("echo-client.txt"));
            assertThat(server.waitForExit()).isZero();
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void killedServersFileIsReplacedByTheNextServer(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc killed = Proc.start(dir, Proc.uds(provider, "echo-server"));
        killed.awaitOut("waiting for a connection", 1);
        killed.kill(); // SIGKILL: no shutdown hook runs
        assertThat(Files.exists(dir.resolve(SOCKET))).as("left behind").isTrue();
        Proc server = Proc.start(dir, Proc.uds(provider, "echo-server", "--once"));
        try {
            server.awaitOut("waiting for a connection", 1);
            assertThat(server.out()).contains(
                    "replaced a stale socket file at ./uds_socket (no server answered on it)");
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.exitValue()).as("%s", client).isZero();
            assertThat(server.waitForExit()).isZero();
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void serverDropsClientsWhoseUidIsNotAllowed(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        String other = String.valueOf(((Integer) uid) + 4242);
        Proc server = Proc.start(dir, Proc.uds(provider, "echo-server", "--allow-uid", other));
        try {
            server.awaitOut("waiting for a connection", 1);
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.exitValue()).as("%s", client).isEqualTo(Main.FAILURE);
            assertThat(client.err()).as("%s", client).hasSize(1);
            assertThat(client.err().get(0)).startsWith("uds echo-client: ./uds_socket: ");
            server.terminate();
            assertThat(server.out()).as("no connection was served: %s", server)
                    .containsExactly("starting up on ./uds_socket", "waiting for a connection");
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void runningServersFileIsLeftAlone(String provider, @TempDir Path dir) throws Exception {
        Seed.assumeProvider(provider);
        Proc first = Proc.start(dir, Proc.uds(provider, "echo-server"));
        try {
            first.awaitOut("waiting for a connection", 1);
            Proc second = Proc.run(dir, Proc.uds(provider, "echo-server"));
            assertThat(second.exitValue()).as("%s", second).isEqualTo(Main.FAILURE);
            assertThat(second.out()).containsExactly("starting up on ./uds_socket");
            assertThat(second.err()).as("%s", second).hasSize(1);
            assertThat(second.err().get(0)).startsWith("uds echo-server: ./uds_socket: ")
                    .contains("in use");
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.exitValue()).as("the first server still answers: %s", client)
                    .isZero();
        } finally {
            first.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void clientWithoutServerFileSaysNoSuchFile(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assertClientFails(dir, provider,
                "uds echo-client: ./uds_socket: No such file or directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void clientOfStaleFileSaysConnectionRefused(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        leaveStaleSocketFile(dir);
        String line = assertClientFails(dir, provider, null);
        assertThat(line).startsWith("uds echo-client: ./uds_socket: Connection refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void clientOfRegularFileSaysItIsNotASocket(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Files.write(dir.resolve(SOCKET), "not a socket".getBytes(StandardCharsets.UTF_8));
        assertClientFails(dir, provider,
                "uds echo-client: ./uds_socket: is a regular file, not a socket");
    }

    /**
     * Runs the client, expects status 1, the tutorial's first line on stdout and one line on
     * stderr (equal to {@code expected} unless null), and returns that line.
     */
    static String assertClientFails(Path dir, String provider, String expected)
            throws Exception {
        Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
        assertThat(client.exitValue()).as("%s", client).isEqualTo(Main.FAILURE);
        assertThat(client.out()).as("%s", client).containsExactly("connecting to ./uds_socket");
        assertThat(client.err()).as("one line, no stack trace: %s", client).hasSize(1);
        if (expected != null) {
            assertThat(client.err().get(0)).isEqualTo(expected);
        }
        return client.err().get(0);
    }

    /** Leaves a socket file that nobody serves, as a killed server does. */
    static void leaveStaleSocketFile(Path dir) throws Exception {
        List<String> bindAndExit = Arrays.asList("python3", "-c",
                "import socket; s = socket.socket(socket.AF_UNIX); s.bind('./uds_socket')");
        Proc p = Proc.run(dir, bindAndExit);
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(Files.exists(dir.resolve(SOCKET))).isTrue();
    }
}
