package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.BindOptions;
import io.github.uds4j.ExistingFilePolicy;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bad input and unreachable servers: each gets an exception of the same type on every provider,
 * names the path, and creates, changes or deletes nothing.
 */
public abstract class ErrorContract extends ContractTestBase {

    // ---- addresses ---------------------------------------------------------------------------
    // Addresses rejected by UnixSocketAddress.of and options rejected by BindOptions never reach
    // a provider: uds-api's own tests check them (UnixSocketAddressTest).

    @Test
    void pathAtTheLimitWorksAndIsNotTruncated() throws Exception {
        String path = pathOfLength(UnixSocketAddress.MAX_PATH_BYTES);
        UnixSocketAddress address = UnixSocketAddress.of(path);
        assertThat(address.byteLength()).isEqualTo(106);
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(listing()).containsExactly(address.getPath().getFileName().toString());
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(9);
                assertThat(peer.getInputStream().read()).isEqualTo(9);
            }
        }
        assertThat(listing()).isEmpty();
    }

    /** Returns a path in the test directory that is exactly {@code bytes} long. */
    protected String pathOfLength(int bytes) {
        String prefix = dir.toString() + "/";
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() < bytes) {
            b.append('x');
        }
        assertThat(b.length()).as("test directory is short enough").isEqualTo(bytes);
        return b.toString();
    }

    // ---- connect -----------------------------------------------------------------------------

    @Test
    void connectToMissingFileIsNoSuchFile() throws Exception {
        UnixSocketAddress address = address("missing.sock");
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(address.toString());
        assertThat(listing()).isEmpty();
    }

    @Test
    void connectWithTimeoutToMissingFileIsNoSuchFile() throws Exception {
        UnixSocketAddress address = address("missing.sock");
        assertThatThrownBy(() -> UnixSockets.connect(address, java.time.Duration.ofSeconds(60)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(address.toString());
        assertThat(listing()).isEmpty();
    }

    @Test
    void connectWithMissingParentIsNoSuchFile() throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("nodir/x.sock"));
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(address.toString());
        assertThat(listing()).isEmpty();
    }

    @Test
    void connectToStaleSocketFileIsConnectException() throws Exception {
        UnixSocketAddress address = staleSocket("stale.sock");
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("refused");
        assertThat(listing()).containsExactly("stale.sock");
    }

    @Test
    void connectToRegularFileSaysItIsNotASocket() throws Exception {
        Path file = Files.write(dir.resolve("plain"), "data".getBytes(StandardCharsets.US_ASCII));
        assertConnectNotASocket(file, "regular file");
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII)).isEqualTo("data");
    }

    @Test
    void connectToDirectorySaysItIsNotASocket() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertConnectNotASocket(sub, "directory");
        assertThat(Files.isDirectory(sub)).isTrue();
    }

    @Test
    void connectToFifoSaysItIsNotASocket() throws Exception {
        Path fifo = mkfifo("fifo");
        assertConnectNotASocket(fifo, "fifo");
    }

    @Test
    void connectThroughDanglingLinkIsNoSuchFile() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> UnixSockets.connect(UnixSocketAddress.of(link)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("dangling");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    private void assertConnectNotASocket(Path path, String kind) throws IOException {
        List<String> before = listing();
        assertThatThrownBy(() -> UnixSockets.connect(UnixSocketAddress.of(path)))
                .isInstanceOf(FileSystemException.class)
                .isNotInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(kind)
                .hasMessageContaining("not a socket");
        assertThat(listing()).isEqualTo(before);
    }

    // ---- bind --------------------------------------------------------------------------------

    @Test
    void bindWithMissingParentIsNoSuchFileAndCreatesNothing() throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("nodir/x.sock"));
        assertThatThrownBy(() -> UnixSockets.bind(address))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(address.toString());
        assertThat(listing()).isEmpty();
    }

    @Test
    void bindOverRegularFileFailsAndKeepsIt() throws Exception {
        Path file = Files.write(dir.resolve("plain"), "keep me".getBytes(StandardCharsets.US_ASCII));
        assertBindRefusesAndKeeps(file, "regular file");
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII)).isEqualTo("keep me");
    }

    @Test
    void bindOverDirectoryFailsAndKeepsIt() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertBindRefusesAndKeeps(sub, "directory");
        assertThat(Files.isDirectory(sub)).isTrue();
    }

    @Test
    void bindOverFifoFailsAndKeepsIt() throws Exception {
        Path fifo = mkfifo("fifo");
        assertBindRefusesAndKeeps(fifo, "fifo");
    }

    @Test
    void bindOverDanglingLinkFailsAndKeepsIt() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertBindRefusesAndKeeps(link, "symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.exists(dir.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void bindOverLinkToStaleSocketNeverFollowsIt() throws Exception {
        UnixSocketAddress stale = staleSocket("target.sock");
        Path link = Files.createSymbolicLink(dir.resolve("link"), stale.getPath());
        assertBindRefusesAndKeeps(link, "symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.exists(stale.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private void assertBindRefusesAndKeeps(Path path, String kind) throws IOException {
        new SocketFileCases(this, SocketKind.STREAM).assertBindRefusesAndKeeps(path, kind);
    }

    @Test
    void bindWhereThePrivateNameWouldBeTooLongIsRefusedAndLeavesTheFileAlone() throws Exception {
        // A parent of 100 bytes: the path (102 bytes) fits, the temporary name in a private
        // directory beside it does not. Nothing may be bound, created or removed at the path.
        StringBuilder name = new StringBuilder();
        while (dir.toString().length() + 1 + name.length() < 100) {
            name.append('d');
        }
        Path parent = Files.createDirectory(dir.resolve(name.toString()));
        assertThat(parent.toString()).hasSize(100);
        UnixSocketAddress address = UnixSocketAddress.of(parent.resolve("s"));

        Files.write(address.getPath(), "precious".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> UnixSockets.bind(address)).isInstanceOf(IOException.class);
        assertThat(new String(Files.readAllBytes(address.getPath()), StandardCharsets.US_ASCII))
                .isEqualTo("precious");
        Files.delete(address.getPath());

        assertThatThrownBy(() -> UnixSockets.bind(address))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("use a directory path of at most 90 bytes");
        try (java.util.stream.Stream<Path> s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString())).isEmpty();
        }
    }

    @Test
    void bindWhereALiveServerListensFailsAndTheServerKeepsServing() throws Exception {
        UnixSocketAddress address = address("live.sock");
        try (UnixServerSocket live = UnixSockets.bind(address)) {
            Object inode = Files.readAttributes(address.getPath(),
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            // The probe connect is queued on the live server; accept it like any client.
            Future<UnixSocket> probe = threads.submit(live::accept);
            assertThatThrownBy(() -> UnixSockets.bind(address))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("in use by a running server");
            probe.get(30, TimeUnit.SECONDS).close();
            assertThat(Files.readAttributes(address.getPath(),
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())
                    .isEqualTo(inode);
            Future<UnixSocket> accepted = threads.submit(live::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(3);
                assertThat(peer.getInputStream().read()).isEqualTo(3);
            }
        }
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        UnixSocketAddress address = staleSocket("stale.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(server.replacedStaleFile()).isTrue();
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(1);
                assertThat(peer.getInputStream().read()).isEqualTo(1);
            }
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void freshBindReportsNoReplacement() throws Exception {
        try (UnixServerSocket server = UnixSockets.bind(address("fresh.sock"))) {
            assertThat(server.replacedStaleFile()).isFalse();
        }
    }

    @Test
    void failPolicyNeverRemovesAStaleSocketFile() throws Exception {
        UnixSocketAddress address = staleSocket("keep.sock");
        Object inode = Files.readAttributes(address.getPath(),
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        assertThatThrownBy(() -> UnixSockets.bind(address,
                BindOptions.defaults().existingFile(ExistingFilePolicy.FAIL)))
                .isInstanceOf(BindException.class)
                .hasMessageContaining(address.toString());
        assertThat(Files.readAttributes(address.getPath(),
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())
                .isEqualTo(inode);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Leaves a socket file that nobody serves, as a killed server would. */
    protected UnixSocketAddress staleSocket(String name) throws IOException {
        UnixSocketAddress address = address(name);
        RawProvider.leaveStaleSocket(address);
        assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        return address;
    }

    protected Path mkfifo(String name) throws Exception {
        return SocketFileCases.mkfifo(dir.resolve(name));
    }
}
