package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code uds socketpair} and {@code uds demo} on each provider. */
class SocketPairAndDemoTest {
    private static final Pattern HEADER =
            Pattern.compile("== echo server and client over (.+) \\(provider (\\w+)\\) ==");

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void socketpairPrintsTheTutorialsTranscript(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc p = Proc.run(dir, Proc.uds(provider, "socketpair"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).as("%s", p).isEqualTo(Seed.lines("socketpair.txt"));
        assertThat(p.err()).as("%s", p).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void demoRunsTheWholeTutorialAndCleansUp(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc p = Proc.run(dir, Proc.uds(provider, "demo"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.err()).as("%s", p).isEmpty();
        List<String> out = p.out();
        Matcher m = HEADER.matcher(out.get(0));
        assertThat(m.matches()).as("header of %s", out).isTrue();
        assertThat(m.group(2)).isEqualTo(provider);
        String path = m.group(1);

        List<String> server = new ArrayList<String>();
        List<String> client = new ArrayList<String>();
        int socketpair = out.indexOf("== socketpair (the child is a thread) ==");
        assertThat(socketpair).as("%s", out).isPositive();
        for (String line : out.subList(1, socketpair)) {
            if (line.startsWith("server: ")) {
                server.add(line.substring("server: ".length()).replace(path, "./uds_socket"));
            } else if (line.startsWith("client: ")) {
                client.add(line.substring("client: ".length()).replace(path, "./uds_socket"));
            } else {
                assertThat(line).as("between the parts of %s", out).isEmpty();
            }
        }
        assertThat(client).isEqualTo(Seed.lines("echo-client.txt"));
        List<String> seedServer = Seed.lines("echo-server.txt");
        // One client only: the demo's server does not wait for a second one.
        Seed.assertServerTranscript(server, seedServer.subList(0, seedServer.size() - 1), -1);
        assertThat(out.subList(socketpair + 1, out.size()))
                .isEqualTo(Seed.lines("socketpair.txt"));

        Path socket = Paths.get(path);
        assertThat(Files.exists(socket)).as("socket file removed").isFalse();
        assertThat(Files.exists(socket.getParent())).as("temporary directory removed").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void demoWithPathLeavesNothingThere(String provider, @TempDir Path dir) throws Exception {
        Seed.assumeProvider(provider);
        Proc p = Proc.run(dir, Proc.uds(provider, "demo", "--path", "./uds_socket"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).contains("server: starting up on ./uds_socket",
                "client: connecting to ./uds_socket");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).as("files left in %s", dir).isZero();
        }
    }
}
