package io.github.uds4j.jdk16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.uds4j.BindOptions;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.RawProvider;
import io.github.uds4j.contract.Threads;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The jdk16 backend, exercised through the public facade {@link UnixSockets}: with only this
 * module's provider on the class path, the facade must pick it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Jdk16ProviderTest {
    private static final int TEN_MIB = 10 << 20;

    @TempDir
    Path dir;

    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("test threads stop").isTrue();
    }

    private UnixSocketAddress address(String name) {
        return UnixSocketAddress.of(dir.resolve(name));
    }

    /** A server, a client connected to it, and the server's end of that connection. */
    private final class Connection implements AutoCloseable {
        final UnixSocketAddress address;
        final UnixServerSocket server;
        final UnixSocket client;
        final UnixSocket peer;

        Connection(String name) throws Exception {
            address = address(name);
            server = UnixSockets.bind(address);
            Future<UnixSocket> accepted = threads.submit(server::accept);
            client = UnixSockets.connect(address);
            peer = accepted.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            try {
                client.close();
                peer.close();
            } finally {
                server.close();
            }
        }
    }

    // ---- read timeouts ------------------------------------------------------------------------

    @Test
    void withoutAReadTimeoutTheChannelStaysBlocking() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.setReadTimeout(java.time.Duration.ZERO);
            b.getOutputStream().write(new byte[] {1, 2});
            assertThat(a.getInputStream().read()).isEqualTo(1);
            assertThat(a.read(java.nio.ByteBuffer.allocateDirect(4))).isEqualTo(1);
            a.getOutputStream().write(3);
            assertThat(b.getInputStream().read()).isEqualTo(3);
            assertThat(((Jdk16Socket) a).blockingMode()).isTrue();
            assertThat(((Jdk16Socket) b).blockingMode()).isTrue();
        }
    }

    @Test
    void aReadTimeoutSwitchesTheChannelWhenSetAndStaysUsable() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.setReadTimeout(java.time.Duration.ofSeconds(30));
            assertThat(((Jdk16Socket) a).blockingMode()).isFalse();
            assertThat(((Jdk16Socket) b).blockingMode()).isTrue();
            b.getOutputStream().write(4);
            assertThat(a.getInputStream().read()).isEqualTo(4);
            a.setReadTimeout(java.time.Duration.ZERO);
            a.getOutputStream().write(5);
            assertThat(b.getInputStream().read()).isEqualTo(5);
        }
    }

    // ---- selection ----------------------------------------------------------------------------

    @Test
    void facadeSelectsThisProviderWithItsCapabilities() {
        assertThat(UnixSockets.backend().name()).isEqualTo("jdk16");
        assertThat(RawProvider.chosen()).isInstanceOf(Jdk16Provider.class);
        assertThat(RawProvider.chosen().priority()).isEqualTo(200);
        assertThat(UnixSockets.capabilities()).isEqualTo(EnumSet.of(
                UnixSocketCapability.EMULATED_SOCKETPAIR, UnixSocketCapability.PEER_CREDENTIALS));
        assertThat(UnixSockets.report().chosen().name()).isEqualTo("jdk16");
        assertThat(new Jdk16Provider().availability().isAvailable()).isTrue();
    }

    // Echoes in every style and size, and heap buffers' limits: EchoContract. Streams,
    // half-close, close (also from another thread), addresses, and that a pair works and
    // leaves nothing in java.io.tmpdir: LifecycleContract.

    // ---- the emulated socketpair --------------------------------------------------------------

    @Test
    void pairFallsBackToTmpWhenTheTempDirectoryPathIsTooLong() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("x".repeat(100)));
        Path slashTmp = Paths.get("/tmp");
        List<String> before = pairDirectories(slashTmp);
        UnixSocket[] pair = withTmpDir(tmp, UnixSockets::openPair);
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(children(tmp)).isEmpty();
            assertThat(pairDirectories(slashTmp)).isEqualTo(before);
            assertPairWorks(a, b);
        }
    }

    @Test
    void pairDirectoryIsCreatedWithModeOwnerOnly() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path created;
        try (io.github.uds4j.internal.PrivateDirectory d = withTmpDir(tmp,
                io.github.uds4j.internal.SocketFiles::pairDirectory)) {
            created = d.socketPath().getParent();
            assertThat(created.getParent()).isEqualTo(tmp.toRealPath());
            assertThat(created.getFileName().toString()).startsWith(".uds4j-");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                    .isEqualTo("rwx------");
            assertThat(children(created)).containsExactly("lock");
        }
        assertThat(children(tmp)).isEmpty();
    }

    private static void assertPairWorks(UnixSocket a, UnixSocket b) throws Exception {
        assertThat(a.getLocalAddress()).isNull();
        assertThat(a.getRemoteAddress()).isNull();
        assertThat(b.getLocalAddress()).isNull();
        assertThat(b.getRemoteAddress()).isNull();
        a.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        byte[] got = new byte[4];
        assertThat(b.getInputStream().readNBytes(got, 0, 4)).isEqualTo(4);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("ping");
        b.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
        assertThat(a.getInputStream().readNBytes(got, 0, 4)).isEqualTo(4);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("pong");
        b.close();
        assertThat(a.getInputStream().read()).isEqualTo(-1);
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T withTmpDir(Path tmp, IoCall<T> call) throws IOException {
        String saved = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            return call.call();
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
    }

    private static List<String> children(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> pairDirectories(Path directory) throws IOException {
        return children(directory).stream().filter(n -> n.startsWith(".uds4j-"))
                .collect(Collectors.toList());
    }

    // ---- connect timeout ----------------------------------------------------------------------

    @Test
    void connectToAFullBacklogTimesOutAndLaterGetsThrough() throws Exception {
        UnixSocketAddress address = address("busy.sock");
        List<SocketChannel> queued = new ArrayList<>();
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults().backlog(1))) {
            fillBacklog(address, queued);
            assertThatThrownBy(() -> UnixSockets.connect(address, Duration.ofMillis(200)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining(address.toString());
            // A connect with time to spare waits for room and gets through once one is accepted.
            Future<UnixSocket> waiting = Threads.submitAndAwaitBlocked(threads,
                    () -> UnixSockets.connect(address, Duration.ofSeconds(60)));
            try (UnixSocket first = server.accept(); UnixSocket late = waiting.get(60, TimeUnit.SECONDS)) {
                assertThat(first.isOpen()).isTrue();
                assertThat(late.isOpen()).isTrue();
                assertThat(late.getRemoteAddress()).isEqualTo(address);
            }
        } finally {
            for (SocketChannel c : queued) {
                c.close();
            }
        }
    }

    /** Connects without blocking until the backlog refuses one (Linux queues backlog + 1). */
    private static void fillBacklog(UnixSocketAddress address, List<SocketChannel> queued)
            throws IOException {
        UnixDomainSocketAddress target = UnixDomainSocketAddress.of(address.getPath());
        for (int i = 0; i < 64; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            try {
                if (!c.connect(target)) {
                    queued.add(c); // in progress: it would block
                    return;
                }
            } catch (SocketException e) {
                c.close();
                return; // EAGAIN: the backlog is full
            }
            queued.add(c);
        }
        throw new AssertionError("the backlog of 1 took 64 connections");
    }

    @Test
    void connectWithTimeoutReportsMissingFileAtOnce() {
        UnixSocketAddress address = address("missing.sock");
        assertThatThrownBy(() -> UnixSockets.connect(address, Duration.ofSeconds(60)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining(address.toString());
    }

    @Test
    void connectWithTimeoutToAnIdleServerSucceeds() throws Exception {
        UnixSocketAddress address = address("idle.sock");
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address, Duration.ofSeconds(60));
                UnixSocket peer = server.accept()) {
            client.write(ByteBuffer.wrap(new byte[] {42}));
            assertThat(peer.getInputStream().read()).isEqualTo(42);
        }
    }

    // ---- peer credentials ---------------------------------------------------------------------

    @Test
    void peerCredentialsAreThisProcesssUidAndGid() throws Exception {
        Path marker = Files.createFile(dir.resolve("marker"));
        long uid = ((Number) Files.getAttribute(marker, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(marker, "unix:gid")).longValue();
        try (Connection c = new Connection("cred.sock")) {
            for (UnixSocket s : new UnixSocket[] {c.client, c.peer}) {
                PeerCredentials creds = s.getPeerCredentials();
                assertThat(creds.uid()).isEqualTo(uid);
                assertThat(creds.gid()).isEqualTo(gid);
                assertThat(creds.pid()).isEmpty();
            }
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(a.getPeerCredentials()).isEqualTo(PeerCredentials.of(uid, gid, -1));
            assertThat(b.getPeerCredentials()).isEqualTo(PeerCredentials.of(uid, gid, -1));
        }
    }

    /**
     * Runs a client as user and group 65534 (needs root and setpriv): its credentials must match
     * the owner of a file that client created.
     */
    @Test
    void peerCredentialsOfAnotherUserMatchTheFilesItCreates() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeThat(Files.getAttribute(probe, "unix:uid")).as("running as root").isEqualTo(0);
        Path setpriv = Paths.get("/usr/bin/setpriv");
        assumeThat(Files.isExecutable(setpriv)).as("setpriv is installed").isTrue();

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(dir, "unix:mode", 01777); // sticky, or uds4j refuses to bind there
        Path client = dir.resolve("Client.java");
        Files.writeString(client, String.join("\n",
                "import java.net.UnixDomainSocketAddress;",
                "import java.nio.ByteBuffer;",
                "import java.nio.channels.SocketChannel;",
                "import java.nio.file.*;",
                "public class Client {",
                "  public static void main(String[] a) throws Exception {",
                "    Files.createFile(Paths.get(a[1]));",
                "    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {",
                "      c.write(ByteBuffer.wrap(new byte[] {1}));",
                "      c.read(ByteBuffer.allocate(1));",
                "    }",
                "  }",
                "}", ""));
        UnixSocketAddress address = address("other.sock");
        Path marker = dir.resolve("made-by-client");
        Path output = dir.resolve("client-output.txt");
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-rw-rw-")))) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            Process p = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", Paths.get(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-XX:-UsePerfData", client.toString(), address.toString(),
                    marker.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (UnixSocket peer = accepted.get(60, TimeUnit.SECONDS)) {
                assertThat(peer.getInputStream().read()).isEqualTo(1);
                long uid = ((Number) Files.getAttribute(marker, "unix:uid")).longValue();
                long gid = ((Number) Files.getAttribute(marker, "unix:gid")).longValue();
                assertThat(uid).isEqualTo(65534);
                assertThat(peer.getPeerCredentials()).isEqualTo(PeerCredentials.of(uid, gid, -1));
                peer.getOutputStream().write(0);
            } finally {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            assertThat(p.exitValue()).as(Files.readString(output)).isZero();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
