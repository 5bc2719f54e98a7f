package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.contract.ExternalProgram;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with programs not written in Java: the tutorial's own echo server and client, rewritten
 * for Python 3 with nothing but the socket module (test resources python/), and a Python peer that
 * sends and receives 10 MiB at once for {@code uds connect} and {@code uds listen}; and the
 * contract's Python peer ({@link ExternalProgram#INTEROP_PEER}) as a {@code SOCK_SEQPACKET}
 * echo server for {@code uds connect --type seqpacket}.
 */
class PythonInteropTest {

    @BeforeAll
    static void needPython() {
        assumeTrue(Proc.available("python3", "--version"), "python3 is not on the PATH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void ourClientAndTheTutorialsPythonServer(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc server = Proc.start(dir, Proc.python("socket_echo_server_uds.py"));
        try {
            server.awaitErr("waiting for a connection");
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.exitValue()).as("%s", client).isZero();
            assertThat(client.out()).isEqualTo(Seed.lines("echo-client.txt"));
            assertThat(client.err()).isEmpty();
            // The Python server prints on stderr, as the tutorial's did.
            server.awaitErr("no more data from ");
            List<String> seed = Seed.lines("echo-server.txt");
            assertThat(server.err().subList(0, seed.size() - 1))
                    .isEqualTo(seed.subList(0, seed.size() - 1));
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void ourServerAndTheTutorialsPythonClient(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc server = Proc.start(dir, Proc.uds(provider, "echo-server"));
        try {
            server.awaitOut("waiting for a connection", 1);
            Proc client = Proc.run(dir, Proc.python("socket_echo_client_uds.py"));
            assertThat(client.exitValue()).as("%s", client).isZero();
            assertThat(client.err()).isEqualTo(Seed.lines("echo-client.txt"));
            server.awaitOut("waiting for a connection", 2);
            server.terminate();
            Seed.assertServerTranscript(server.out(), Seed.lines("echo-server.txt"),
                    Seed.pid(client.process));
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void connectCarries10MiBBothWaysWithAPythonServer(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Path a = Bytes.random(dir.resolve("a"), 1);
        Path b = Bytes.random(dir.resolve("b"), 2);
        Proc peer = Proc.start(dir, Proc.python("relay_peer.py", "listen", "./peer.sock",
                "b", "peer-got"));
        try {
            peer.awaitOut("listening", 1);
            Proc uds = Proc.start(new ProcessBuilder(Proc.uds(provider, "connect", "./peer.sock"))
                    .directory(dir.toFile())
                    .redirectInput(a.toFile())
                    .redirectOutput(dir.resolve("uds-got").toFile()));
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.err()).as("%s", uds).isEmpty();
            assertThat(peer.waitForExit()).as("%s", peer).isZero();
            assertThat(Bytes.digest(dir.resolve("peer-got")))
                    .as("stdin -> uds connect -> python").isEqualTo(Bytes.digest(a));
            assertThat(Bytes.digest(dir.resolve("uds-got")))
                    .as("python -> uds connect -> stdout").isEqualTo(Bytes.digest(b));
        } finally {
            peer.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void listenCarries10MiBBothWaysWithAPythonClient(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Path a = Bytes.random(dir.resolve("a"), 3);
        Path b = Bytes.random(dir.resolve("b"), 4);
        Proc uds = Proc.start(new ProcessBuilder(Proc.uds(provider, "listen", "./uds.sock"))
                .directory(dir.toFile())
                .redirectInput(a.toFile())
                .redirectOutput(dir.resolve("uds-got").toFile()));
        try {
            uds.awaitErr("uds listen: listening on ./uds.sock");
            Proc peer = Proc.run(dir, Proc.python("relay_peer.py", "connect", "./uds.sock",
                    "b", "peer-got"));
            assertThat(peer.exitValue()).as("%s", peer).isZero();
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(Bytes.digest(dir.resolve("peer-got")))
                    .as("stdin -> uds listen -> python").isEqualTo(Bytes.digest(a));
            assertThat(Bytes.digest(dir.resolve("uds-got")))
                    .as("python -> uds listen -> stdout").isEqualTo(Bytes.digest(b));
            assertThat(uds.err()).as("%s", uds).hasSize(2);
            assertThat(uds.err().get(1)).startsWith("uds listen: connection from ");
            assertThat(new File(dir.toFile(), "uds.sock")).as("socket file removed")
                    .doesNotExist();
        } finally {
            uds.kill();
        }
    }

    /**
     * {@code uds connect --type seqpacket} against the contract's Python SOCK_SEQPACKET echo
     * server: each line goes as one message, each message comes back as one line.
     */
    @Test
    void connectSeqpacketTalksToAPythonSeqpacketEchoServer(@TempDir Path dir) throws Exception {
        ExternalProgram.requirePython();
        ExternalProgram py = ExternalProgram.start(dir.toFile(), ExternalProgram.python(
                ExternalProgram.INTEROP_PEER, "seq-echo", "./py.sock"));
        try {
            py.awaitOut("ready");
            String[] lines = {"first", "second, longer line", "3"};
            Path input = Files.write(dir.resolve("input"),
                    (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
            Proc uds = Proc.start(new ProcessBuilder(Proc.uds(null, "connect", "--type",
                    "seqpacket", "./py.sock")).directory(dir.toFile())
                    .redirectInput(input.toFile()));
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).containsExactly(lines);
            assertThat(uds.err()).isEmpty();
            py.assertSuccess();
            List<String> expected = new ArrayList<String>();
            expected.add("ready");
            for (String l : lines) {
                byte[] b = l.getBytes(StandardCharsets.US_ASCII);
                expected.add("msg " + b.length + " " + sha256(b) + " from -");
            }
            assertThat(py.out()).as("one message per line, whole").isEqualTo(expected);
        } finally {
            py.kill();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        StringBuilder s = new StringBuilder();
        for (byte x : java.security.MessageDigest.getInstance("SHA-256").digest(b)) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }
}
