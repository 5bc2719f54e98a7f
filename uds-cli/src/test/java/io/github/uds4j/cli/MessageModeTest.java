package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.BindOptions;
import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.FileInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uds connect} and {@code uds listen} with {@code --type dgram} and {@code seqpacket},
 * abstract names ({@code @NAME}) and descriptors, run as the user runs them (a child JVM, with
 * the provider it routes to), against sockets of this JVM.
 */
class MessageModeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** Starts uds (no forced provider) in {@code dir} with {@code input} as standard input. */
    private static Proc uds(Path dir, String input, String... args) throws Exception {
        Path in = Files.write(dir.resolve("stdin-" + UUID.randomUUID()), bytes(input));
        return Proc.start(new ProcessBuilder(Proc.uds(null, args)).directory(dir.toFile())
                .redirectInput(in.toFile()));
    }

    @Test
    void listenDgramPrintsEachDatagramOnALineAndEndsAfterTheCount(@TempDir Path dir)
            throws Exception {
        Proc uds = uds(dir, "", "listen", "--type", "dgram", "--count", "3", "./d.sock");
        try {
            uds.awaitErr("uds listen: listening on ./d.sock");
            UnixSocketAddress target = UnixSocketAddress.of(dir.resolve("d.sock"));
            try (UnixDatagramSocket s = UnixSockets.openDatagram()) {
                for (String m : new String[] {"one", "", "three"}) {
                    s.send(ByteBuffer.wrap(bytes(m)), target);
                }
            }
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).containsExactly("one", "", "three");
            assertThat(uds.err()).containsExactly("uds listen: listening on ./d.sock");
            assertThat(new File(dir.toFile(), "d.sock")).as("socket file removed")
                    .doesNotExist();
        } finally {
            uds.kill();
        }
    }

    @Test
    void connectDgramSendsEachLineAsOneDatagram(@TempDir Path dir) throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("d.sock"));
        try (UnixDatagramSocket s = UnixSockets.bindDatagram(address)) {
            s.setReadTimeout(TIMEOUT);
            Proc uds = uds(dir, "alpha\n\nbeta gamma\nlast", "connect", "--type", "dgram",
                    "./d.sock");
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).isEmpty();
            assertThat(uds.err()).isEmpty();
            List<String> got = new ArrayList<String>();
            ByteBuffer b = ByteBuffer.allocate(1024);
            for (int i = 0; i < 4; i++) {
                b.clear();
                Received r = s.receive(b);
                assertThat(r.sender()).as("uds sends from an unbound socket").isNull();
                got.add(text(b));
            }
            assertThat(got).containsExactly("alpha", "", "beta gamma", "last");
        }
    }

    @Test
    void connectDgramToNothingFailsInOneLineNamingTheAddress(@TempDir Path dir)
            throws Exception {
        Proc uds = uds(dir, "x\n", "connect", "--type", "dgram", "./missing.sock");
        assertThat(uds.waitForExit()).as("%s", uds).isEqualTo(Main.FAILURE);
        assertThat(uds.err()).hasSize(1);
        assertThat(uds.err().get(0)).startsWith("uds connect: ./missing.sock: ");
    }

    @Test
    void seqpacketListenRelaysLinesAndMessagesBothWays(@TempDir Path dir) throws Exception {
        Proc uds = uds(dir, "from uds\nsecond\n", "listen", "--type", "seqpacket", "./q.sock");
        try {
            uds.awaitErr("uds listen: listening on ./q.sock");
            try (UnixSocket s = UnixSockets.connect(UnixSocketAddress.of(dir.resolve("q.sock")),
                    UnixSocketType.SEQPACKET)) {
                s.setReadTimeout(TIMEOUT);
                ByteBuffer b = ByteBuffer.allocate(1024);
                List<String> got = new ArrayList<String>();
                while (true) {
                    b.clear();
                    Received r = s.receive(b);
                    if (r.isEndOfStream()) {
                        break;
                    }
                    got.add(text(b));
                }
                assertThat(got).as("one message per line").containsExactly("from uds", "second");
                s.write(ByteBuffer.wrap(bytes("m1")));
                s.write(ByteBuffer.wrap(bytes("m2, a longer one")));
                s.shutdownOutput();
                assertThat(uds.waitForExit()).as("%s", uds).isZero();
            }
            assertThat(uds.out()).containsExactly("m1", "m2, a longer one");
            assertThat(uds.err().get(0)).isEqualTo("uds listen: listening on ./q.sock");
            assertThat(uds.err().get(1)).startsWith("uds listen: connection from ");
            assertThat(uds.err()).hasSize(2);
        } finally {
            uds.kill();
        }
    }

    @Test
    void seqpacketListenWithACountEndsAfterThatManyMessages(@TempDir Path dir)
            throws Exception {
        Proc uds = uds(dir, "", "listen", "--type", "seqpacket", "--count", "1", "./q.sock");
        try {
            uds.awaitErr("uds listen: listening on ./q.sock");
            try (UnixSocket s = UnixSockets.connect(UnixSocketAddress.of(dir.resolve("q.sock")),
                    UnixSocketType.SEQPACKET)) {
                s.write(ByteBuffer.wrap(bytes("only this")));
                s.write(ByteBuffer.wrap(bytes("not this")));
                assertThat(uds.waitForExit()).as("%s", uds).isZero();
            }
            assertThat(uds.out()).containsExactly("only this");
        } finally {
            uds.kill();
        }
    }

    @Test
    void descriptorsThatArriveAtListenAreReportedAndNotPrinted(@TempDir Path dir)
            throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[] {1});
        Proc uds = uds(dir, "", "listen", "./s.sock");
        try (FileInputStream a = new FileInputStream(file.toFile())) {
            uds.awaitErr("uds listen: listening on ./s.sock");
            try (UnixSocket s = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING)
                    .connect(UnixSocketAddress.of(dir.resolve("s.sock")))) {
                s.send(ByteBuffer.wrap(bytes("hello\n")), Descriptor.of(a));
                s.shutdownOutput();
                assertThat(uds.waitForExit()).as("%s", uds).isZero();
            }
            assertThat(uds.out()).containsExactly("hello");
            assertThat(uds.err()).contains("uds listen: received 1 file descriptor");
        } finally {
            uds.kill();
        }
    }

    @Test
    void anAbstractNameIsListenedOnAndConnectedToWithoutAFile(@TempDir Path dir)
            throws Exception {
        String name = "uds4j-cli-test-" + UUID.randomUUID().toString().substring(0, 8);
        Proc uds = uds(dir, "to the client", "listen", "@" + name);
        try {
            uds.awaitErr("uds listen: listening on @" + name);
            try (UnixSocket s = UnixSockets.connect(UnixSocketAddress.ofAbstract(name))) {
                s.getOutputStream().write(bytes("to the server"));
                s.shutdownOutput();
                assertThat(new String(readAll(s), StandardCharsets.UTF_8))
                        .isEqualTo("to the client");
            }
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
            assertThat(uds.out()).containsExactly("to the server");
            assertThat(dir.toFile().list()).as("no file made")
                    .allMatch(n -> n.startsWith("stdin-"));
        } finally {
            uds.kill();
        }
    }

    @Test
    void dotSlashAtIsAFileAndConnectsThere(@TempDir Path dir) throws Exception {
        UnixSocketAddress file = UnixSocketAddress.of(dir.resolve("@x"));
        try (UnixServerSocket server = UnixSockets.bind(file, BindOptions.defaults())) {
            Proc uds = uds(dir, "via the file", "connect", "./@x");
            try (UnixSocket peer = server.accept()) {
                assertThat(new String(readAll(peer), StandardCharsets.UTF_8))
                        .isEqualTo("via the file");
            }
            assertThat(uds.waitForExit()).as("%s", uds).isZero();
        }
    }

    @Test
    void aForcedJdk16RefusesDatagramsInOneLineNamingTheCapability(@TempDir Path dir)
            throws Exception {
        Seed.assumeProvider("jdk16");
        Proc uds = Proc.run(dir, Proc.uds("jdk16", "listen", "--type", "dgram", "./d.sock"));
        assertThat(uds.exitValue()).as("%s", uds).isEqualTo(Main.FAILURE);
        assertThat(uds.err()).hasSize(1);
        assertThat(uds.err().get(0)).startsWith("uds listen: ").contains("DATAGRAM", "jdk16");
        assertThat(dir.toFile().list()).isEmpty();
    }

    private static byte[] readAll(UnixSocket s) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
