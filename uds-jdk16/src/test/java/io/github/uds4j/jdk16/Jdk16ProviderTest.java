package io.github.uds4j.jdk16;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.RawProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the jdk16 backend has: its selection by the facade (only this module's provider is
 * on the class path), the JDK channel's blocking mode, and the emulated socketpair's directory.
 * Everything every provider must do is in the contract suite (the {@code Jdk16*ContractTest}s).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Jdk16ProviderTest {
    @TempDir
    Path dir;

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
    // leaves nothing in java.io.tmpdir: LifecycleContract. Connect timeouts: TimeoutContract,
    // ErrorContract. Peer credentials, also another user's: SocketFileContract.

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
}
