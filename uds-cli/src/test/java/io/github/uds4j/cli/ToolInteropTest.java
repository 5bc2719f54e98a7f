package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.contract.ExternalProgram;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with socat and OpenBSD netcat ({@code nc -U}), where installed (Debian packages socat
 * and netcat-openbsd); each test is skipped, saying which tool is missing, otherwise. The
 * datagram test ({@code ABSTRACT-SENDTO}) asks through {@link ExternalProgram#requireSocat()},
 * which fails instead under {@code CI=true}.
 */
class ToolInteropTest {
    private static final File NO_INPUT = new File("/dev/null");

    private static void assumeSocat() {
        assumeTrue(Proc.available("socat", "-V"),
                "socat is not installed (Debian package socat)");
    }

    /** OpenBSD netcat: the one with -U (Unix sockets) and -N (shut down after EOF on stdin). */
    private static void assumeOpenBsdNetcat() throws Exception {
        assumeTrue(Proc.available("nc", "-h"),
                "nc is not installed (Debian package netcat-openbsd)");
        Proc help = Proc.start(new ProcessBuilder("nc", "-h").redirectErrorStream(true));
        help.waitForExit();
        String usage = String.join("\n", help.out());
        assumeTrue(usage.contains("OpenBSD netcat") && usage.contains("-U")
                && usage.contains("-N"), "nc is not OpenBSD netcat with -U and -N"
                + " (Debian package netcat-openbsd)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void socatClientGetsItsMessageBackFromOurServer(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeSocat();
        Path message = dir.resolve("message");
        Files.write(message, EchoClient.MESSAGE.getBytes(StandardCharsets.US_ASCII));
        Proc server = Proc.start(dir, Proc.uds(provider, "echo-server"));
        try {
            server.awaitOut("waiting for a connection", 1);
            Proc socat = Proc.start(new ProcessBuilder("socat", "-t", "60", "-",
                    "UNIX-CONNECT:./uds_socket").directory(dir.toFile())
                    .redirectInput(message.toFile()));
            assertThat(socat.waitForExit()).as("%s", socat).isZero();
            assertThat(socat.out()).containsExactly(EchoClient.MESSAGE);
            server.awaitOut("waiting for a connection", 2);
            server.terminate();
            Seed.assertServerTranscript(server.out(), Seed.lines("echo-server.txt"),
                    Seed.pid(socat.process));
        } finally {
            server.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void ourClientGetsItsMessageBackFromSocatAndCat(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeSocat();
        Proc socat = Proc.start(new ProcessBuilder("socat", "-d", "-d",
                "UNIX-LISTEN:./uds_socket", "EXEC:cat").directory(dir.toFile())
                .redirectInput(NO_INPUT));
        try {
            socat.awaitErrContaining("listening on");
            Proc client = Proc.run(dir, Proc.uds(provider, "echo-client"));
            assertThat(client.exitValue()).as("%s", client).isZero();
            List<String> out = client.out();
            assertThat(out.subList(0, 2)).isEqualTo(Seed.lines("echo-client.txt").subList(0, 2));
            assertThat(out.get(out.size() - 1)).isEqualTo("closing socket");
            // How cat's answer is cut into chunks of at most 16 bytes is up to the pipes.
            StringBuilder echoed = new StringBuilder();
            for (String line : out.subList(2, out.size() - 1)) {
                assertThat(line).startsWith("received \"").endsWith("\"");
                String chunk = line.substring("received \"".length(), line.length() - 1);
                assertThat(chunk.length()).isBetween(1, 16);
                echoed.append(chunk);
            }
            assertThat(echoed.toString()).isEqualTo(EchoClient.MESSAGE);
        } finally {
            socat.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void connectCarries10MiBBothWaysWithSocat(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeSocat();
        Path a = Bytes.random(dir.resolve("a"), 5);
        Path b = Bytes.random(dir.resolve("b"), 6);
        Proc socat = Proc.start(new ProcessBuilder("socat", "-d", "-d", "-t", "60",
                "UNIX-LISTEN:./peer.sock", "-").directory(dir.toFile())
                .redirectInput(b.toFile()).redirectOutput(dir.resolve("peer-got").toFile()));
        try {
            socat.awaitErrContaining("listening on");
            Proc uds = relay(dir, Proc.uds(provider, "connect", "./peer.sock"), a);
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(socat.waitForExit()).as("%s", socat).isZero();
            assertBothWays(dir, a, b);
        } finally {
            socat.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void listenCarries10MiBBothWaysWithSocat(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeSocat();
        Path a = Bytes.random(dir.resolve("a"), 7);
        Path b = Bytes.random(dir.resolve("b"), 8);
        Proc uds = relay(dir, Proc.uds(provider, "listen", "./uds.sock"), a);
        try {
            uds.awaitErr("uds listen: listening on ./uds.sock");
            Proc socat = Proc.start(new ProcessBuilder("socat", "-t", "60", "-",
                    "UNIX-CONNECT:./uds.sock").directory(dir.toFile())
                    .redirectInput(b.toFile()).redirectOutput(dir.resolve("peer-got").toFile()));
            assertThat(socat.waitForExit()).as("%s", socat).isZero();
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertBothWays(dir, a, b);
        } finally {
            uds.kill();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void listenCarries10MiBBothWaysWithNetcat(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeOpenBsdNetcat();
        Path a = Bytes.random(dir.resolve("a"), 9);
        Path b = Bytes.random(dir.resolve("b"), 10);
        Proc uds = relay(dir, Proc.uds(provider, "listen", "./uds.sock"), a);
        try {
            uds.awaitErr("uds listen: listening on ./uds.sock");
            Proc nc = Proc.start(new ProcessBuilder("nc", "-N", "-U", "./uds.sock")
                    .directory(dir.toFile())
                    .redirectInput(b.toFile()).redirectOutput(dir.resolve("peer-got").toFile()));
            assertThat(nc.waitForExit()).as("%s", nc).isZero();
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertBothWays(dir, a, b);
        } finally {
            uds.kill();
        }
    }

    /**
     * {@code nc -lU} ends as soon as its peer half-closes, even with input left to send, so
     * only the direction from us to it is checked: it gets no input and we send 10 MiB.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void connectCarries10MiBToNetcatListening(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        assumeOpenBsdNetcat();
        Path a = Bytes.random(dir.resolve("a"), 11);
        Proc nc = Proc.start(new ProcessBuilder("nc", "-v", "-N", "-l", "-U", "./peer.sock")
                .directory(dir.toFile()).redirectInput(NO_INPUT)
                .redirectOutput(dir.resolve("peer-got").toFile()));
        try {
            nc.awaitErrContaining("Listening on");
            Proc uds = relay(dir, Proc.uds(provider, "connect", "./peer.sock"), a);
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(nc.waitForExit()).as("%s", nc).isZero();
            assertThat(Bytes.digest(dir.resolve("peer-got"))).isEqualTo(Bytes.digest(a));
            assertThat(Files.size(dir.resolve("uds-got"))).isZero();
        } finally {
            nc.kill();
        }
    }

    /** Starts {@code command} with {@code input} as stdin and stdout into uds-got. */
    private static Proc relay(Path dir, List<String> command, Path input) throws Exception {
        return Proc.start(new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(input.toFile()).redirectOutput(dir.resolve("uds-got").toFile()));
    }

    /** Our stdin (a) reached the peer, the peer's input (b) reached our stdout. */
    private static void assertBothWays(Path dir, Path a, Path b) throws Exception {
        assertThat(Bytes.digest(dir.resolve("peer-got"))).as("our stdin -> the peer")
                .isEqualTo(Bytes.digest(a));
        assertThat(Bytes.digest(dir.resolve("uds-got"))).as("the peer -> our stdout")
                .isEqualTo(Bytes.digest(b));
    }

    /**
     * {@code uds listen --type dgram @NAME --count 2} prints what {@code socat - ABSTRACT-SENDTO}
     * sends: one datagram per socat run (its input, a short file without a newline, is one read).
     */
    @Test
    void listenDgramAtAnAbstractNamePrintsWhatSocatSends(@TempDir Path dir) throws Exception {
        ExternalProgram.requireSocat();
        String name = "uds4j-cli-socat-" + UUID.randomUUID().toString().substring(0, 8);
        Proc uds = Proc.start(new ProcessBuilder(Proc.uds(null, "listen", "--type", "dgram",
                "@" + name, "--count", "2")).directory(dir.toFile()).redirectInput(NO_INPUT));
        try {
            uds.awaitErr("uds listen: listening on @" + name);
            for (String message : new String[] {"hello", "world, again"}) {
                Path input = Files.write(dir.resolve("input"),
                        message.getBytes(StandardCharsets.US_ASCII));
                ExternalProgram socat = ExternalProgram.start(new ProcessBuilder("socat", "-u",
                        "-", "ABSTRACT-SENDTO:" + name).directory(dir.toFile())
                        .redirectInput(input.toFile()));
                socat.assertSuccess();
            }
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).containsExactly("hello", "world, again");
            assertThat(uds.err()).containsExactly("uds listen: listening on @" + name);
        } finally {
            uds.kill();
        }
    }
}
