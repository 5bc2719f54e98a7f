package io.github.uds4j.junixsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.RawProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the junixsocket backend has: its selection by the facade (only this provider is on
 * the class path), its native library, the channel's blocking mode, {@code available()} from
 * the kernel, and the work-around for junixsocket's leaking socketpair. Everything every
 * provider must do is in the contract suite (the {@code Junixsocket*ContractTest}s).
 */
class JunixsocketBackendTest {
    @TempDir
    Path dir;

    private UnixSocketAddress address(String name) {
        return UnixSocketAddress.of(dir.resolve(name));
    }

    // ---- selection and diagnostics -------------------------------------------------------

    @Test
    void facadeSelectsJunixsocketWithItsCapabilities() {
        assertThat(UnixSockets.backend().name()).isEqualTo("junixsocket");
        assertThat(RawProvider.chosen()).isInstanceOf(JunixsocketProvider.class);
        assertThat(UnixSockets.report().chosen().name()).isEqualTo("junixsocket");
        assertThat(UnixSockets.capabilities()).contains(
                UnixSocketCapability.NATIVE_SOCKETPAIR,
                UnixSocketCapability.PEER_CREDENTIALS,
                UnixSocketCapability.PEER_PID,
                UnixSocketCapability.NATIVE_LIBRARY);
        assertThat(UnixSockets.capabilities()).doesNotContain(
                UnixSocketCapability.EMULATED_SOCKETPAIR);
    }

    @Test
    void nativeLibraryInfoSaysWhichLibraryLoadedAndFromWhere() {
        assertThat(RawProvider.chosen().availability().isAvailable()).isTrue();
        String info = JunixsocketProvider.nativeLibraryInfo();
        assertThat(info).startsWith("junixsocket ").contains(": loaded ")
                .contains("junixsocket-native");
        if (Files.isReadable(Paths.get("/proc/self/maps"))) {
            assertThat(info).contains(" from /");
        }
    }

    // ---- data -----------------------------------------------------------------------------

    @Test
    void availableCountsTheBytesQueued() throws Exception {
        // junixsocket asks the kernel (the JDK cannot: jdk16's available() is always 0).
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.getOutputStream().write("to b".getBytes(UTF_8));
            // AF_UNIX queues a write at the receiver before write returns.
            assertThat(b.getInputStream().available()).isEqualTo(4);
            assertThat(b.getInputStream().read(new byte[4])).isEqualTo(4);
            assertThat(b.getInputStream().available()).isZero();
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
            assertThat(((JunixUnixSocket) a).blockingMode()).isTrue();
            assertThat(((JunixUnixSocket) b).blockingMode()).isTrue();
        }
    }

    @Test
    void aReadTimeoutSwitchesTheChannelWhenSetAndStaysUsable() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.setReadTimeout(java.time.Duration.ofSeconds(30));
            assertThat(((JunixUnixSocket) a).blockingMode()).isFalse();
            assertThat(((JunixUnixSocket) b).blockingMode()).isTrue();
            b.getOutputStream().write(4);
            assertThat(a.getInputStream().read()).isEqualTo(4);
            a.setReadTimeout(java.time.Duration.ZERO);
            a.getOutputStream().write(5);
            assertThat(b.getInputStream().read()).isEqualTo(5);
        }
    }

    // ---- resources ---------------------------------------------------------------------------

    @Test
    void noFileDescriptorIsLeakedByPairsBindsOrConnections() throws Exception {
        Path fdDir = Paths.get("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fdDir),
                "needs /proc/self/fd to count descriptors");
        // junixsocket's own AFUNIXSocketPair.open() leaks two; the provider must avoid it.
        assertThat(SocketPairs.leakFree()).isTrue();
        UnixSocketAddress address = address("fds");
        cycle(address); // warm up: lazily opened JDK and junixsocket resources
        int before = openDescriptors(fdDir);
        for (int i = 0; i < 50; i++) {
            cycle(address);
        }
        assertThat(openDescriptors(fdDir)).isLessThanOrEqualTo(before + 5);
    }

    private static void cycle(UnixSocketAddress address) throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        pair[0].close();
        pair[1].close();
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address, java.time.Duration.ofSeconds(30));
                UnixSocket peer = server.accept()) {
            client.getOutputStream().write(1);
            assertThat(peer.getInputStream().read()).isEqualTo(1);
        }
        RawProvider.leaveStaleSocket(address);
        Files.delete(address.getPath());
    }

    private static int openDescriptors(Path fdDir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(fdDir)) {
            return (int) s.count();
        }
    }
}
