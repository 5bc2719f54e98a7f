package io.github.uds4j.junixsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
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
 * Exercises the junixsocket backend through the public facade. Only this provider is on the
 * class path, so the facade must pick it. Waits are bounded (a hang fails the test) but no
 * assertion depends on how fast the machine is.
 */
class JunixsocketBackendTest {
    private static final long HANG_GUARD_SECONDS = 60;

    @TempDir
    Path dir;

    private ExecutorService executor;

    @BeforeEach
    void startExecutor() {
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private <T> Future<T> background(Callable<T> task) {
        return executor.submit(task);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

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

    // ---- connect timeout --------------------------------------------------------------------

    @Test
    void connectTimesOutWhenTheBacklogIsFull() throws Exception {
        UnixSocketAddress address = address("full");
        List<UnixSocket> waiting = new ArrayList<>();
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults().backlog(1))) {
            SocketTimeoutException timeout = null;
            long timedOutAfterNanos = 0;
            // Linux queues backlog + 1 connections; the next one waits for room. Nobody accepts.
            for (int i = 0; i < 20 && timeout == null; i++) {
                long start = System.nanoTime();
                try {
                    waiting.add(UnixSockets.connect(address, java.time.Duration.ofMillis(200)));
                } catch (SocketTimeoutException e) {
                    timeout = e;
                    timedOutAfterNanos = System.nanoTime() - start;
                }
            }
            assertThat(waiting).isNotEmpty();
            assertThat(timeout).as("a connect to a full backlog times out").isNotNull();
            assertThat(timeout.getMessage()).contains(address.toString()).contains("timed out");
            // It really waited (a lower bound only: a slow machine waits longer, never shorter).
            assertThat(TimeUnit.NANOSECONDS.toMillis(timedOutAfterNanos)).isGreaterThanOrEqualTo(150);

            // Once a queued connection is accepted there is room again, with no time limit.
            try (UnixSocket first = server.accept()) {
                try (UnixSocket late = UnixSockets.connect(address)) {
                    assertThat(late.isOpen()).isTrue();
                }
            }
        } finally {
            for (UnixSocket s : waiting) {
                s.close();
            }
        }
    }

    // ---- credentials ------------------------------------------------------------------------

    @Test
    void peerCredentialsAreThisProcess() throws Exception {
        Path probe = Files.createFile(dir.resolve("owner-probe"));
        long uid = ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(probe, "unix:gid")).longValue();
        long pid = Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());

        UnixSocketAddress address = address("creds");
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address);
                UnixSocket peer = server.accept()) {
            for (UnixSocket s : new UnixSocket[] {client, peer}) {
                PeerCredentials c = s.getPeerCredentials();
                assertThat(c.uid()).isEqualTo(uid);
                assertThat(c.gid()).isEqualTo(gid);
                assertThat(c.pid().isPresent()).isTrue();
                assertThat(c.pid().getAsLong()).isEqualTo(pid);
            }
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(a.getPeerCredentials()).isEqualTo(PeerCredentials.of(uid, gid, pid));
        }
    }

    // ---- the file system: the provider never removes anything --------------------------------

    @Test
    void facadeReplacesAStaleSocketFileLeftByTheProvider() throws Exception {
        UnixSocketAddress address = address("stale");
        RawProvider.leaveStaleSocket(address);
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(server.replacedStaleFile()).isTrue();
            try (UnixSocket client = UnixSockets.connect(address); UnixSocket peer = server.accept()) {
                client.getOutputStream().write(7);
                assertThat(peer.getInputStream().read()).isEqualTo(7);
            }
        }
    }

    @Test
    void socketFileGetsTheModeOfAPlainBindNotJunixsocketsWorldWritableOne() throws Exception {
        Path reference = Files.createDirectory(dir.resolve("reference")); // 0777 less the umask
        UnixSocketAddress address = address("mode");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(Files.getPosixFilePermissions(address.getPath(), LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(Files.getPosixFilePermissions(reference));
        }
    }

    @Test
    void permissionsOptionWorksAndAcceptKeepsWorkingAfterTheTemporaryNameIsGone()
            throws Exception {
        // uds-api binds under a temporary name, sets the mode, links the socket into place and
        // removes the temporary name; junixsocket's accept must not mind.
        UnixSocketAddress address = address("private");
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults()
                .permissions(PosixFilePermissions.fromString("rw-------")))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    address.getPath(), LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-------");
            for (int i = 0; i < 3; i++) {
                try (UnixSocket client = UnixSockets.connect(address);
                        UnixSocket peer = server.accept()) {
                    client.getOutputStream().write(i);
                    assertThat(peer.getInputStream().read()).isEqualTo(i);
                }
            }
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void connectFailuresMapToTheStandardTypes() throws Exception {
        UnixSocketAddress missing = address("missing");
        assertThatThrownBy(() -> UnixSockets.connect(missing))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());

        UnixSocketAddress stale = address("stale-socket");
        RawProvider.leaveStaleSocket(stale);
        assertThatThrownBy(() -> UnixSockets.connect(stale))
                .isInstanceOf(ConnectException.class).hasMessageContaining(stale.toString());

        Path regular = Files.createFile(dir.resolve("not-a-socket"));
        assertThatThrownBy(() -> UnixSockets.connect(UnixSocketAddress.of(regular)))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("not a socket");
    }

    @Test
    void pathsTooLongForThePrivateNameAreRefusedAndTheFileIsLeftAlone() throws Exception {
        // A parent of 100 bytes: the path (102 bytes) fits, the private name beside it not, and
        // junixsocket's native bind (which unlinks a file it cannot connect to) never runs at the
        // path itself.
        String absolute = dir.toAbsolutePath().toString();
        StringBuilder name = new StringBuilder();
        while (absolute.length() + 1 + name.length() < 100) {
            name.append('d');
        }
        Path parent = Files.createDirectory(dir.resolve(name.toString()));
        assertThat(parent.toString()).hasSize(100);
        UnixSocketAddress address = UnixSocketAddress.of(parent.resolve("s"));

        Files.write(address.getPath(), "precious".getBytes(UTF_8));
        assertThatThrownBy(() -> UnixSockets.bind(address)).isInstanceOf(IOException.class);
        assertThat(new String(Files.readAllBytes(address.getPath()), UTF_8)).isEqualTo("precious");
        Files.delete(address.getPath());

        assertThatThrownBy(() -> UnixSockets.bind(address))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("use a directory path of at most 90 bytes");
        try (java.util.stream.Stream<Path> s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString())).isEmpty();
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

    // ---- helpers ----------------------------------------------------------------------------

    /** Names in the test directory: the provider must leave no temporary files behind. */
    private List<String> leftovers() throws IOException {
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.removeAll(Arrays.asList(
                "owner-probe", "reference", "missing", "stale-socket", "not-a-socket"));
        return names;
    }

    private static boolean isSocket(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther();
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) != -1; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String readExactly(InputStream in, int count) throws IOException {
        byte[] buf = new byte[count];
        int off = 0;
        while (off < count) {
            int n = in.read(buf, off, count - off);
            if (n < 0) {
                throw new IOException("end of stream after " + off + " bytes");
            }
            off += n;
        }
        return new String(buf, UTF_8);
    }
}
