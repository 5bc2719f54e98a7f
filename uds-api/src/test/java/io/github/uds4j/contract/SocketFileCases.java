package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.BindOptions;
import io.github.uds4j.ExistingFilePolicy;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The socket-file cases that every kind of socket bound to a path must pass, written once: the
 * stream contracts run them for {@link SocketKind#STREAM}, the datagram and seqpacket contracts
 * for their kinds. uds-api handles the file the same way for each (one mechanism, {@code
 * internal.SocketFiles}); these cases show that it does.
 */
final class SocketFileCases {
    private final ContractTestBase test;
    private final SocketKind kind;

    SocketFileCases(ContractTestBase test, SocketKind kind) {
        this.test = test;
        this.kind = kind;
    }

    /** A bind creates a socket file at the path and nothing else; close removes it. */
    void fileIsCreatedOnBindAndRemovedOnClose() throws Exception {
        UnixSocketAddress address = test.address("life.sock");
        Closeable bound = kind.bind(address, BindOptions.defaults());
        try {
            assertThat(localAddress(bound)).isEqualTo(address);
            if (kind == SocketKind.DATAGRAM) {
                assertKeptDirectory(address);
            } else {
                assertThat(test.listing()).containsExactly("life.sock"); // no private directory left
            }
            assertThat(mode(address.getPath(), 0170000)).as("file type").isEqualTo(0140000);
            kind.assertServes(bound, address, test.threads);
        } finally {
            bound.close();
        }
        assertThat(test.listing()).isEmpty();
    }

    /**
     * A datagram socket bound to a path keeps its private directory while it is open, because
     * the kernel names it as a sender by the path it was bound at: one directory, mode 0711,
     * holding the socket under that name (the same inode as the published file) and a link to
     * the published path.
     */
    private void assertKeptDirectory(UnixSocketAddress address) throws IOException {
        List<String> names = test.listing();
        assertThat(withoutKeptDirectories(names)).containsExactly(
                address.getPath().getFileName().toString());
        assertThat(names).hasSize(2);
        Path kept = address.getPath().resolveSibling(names.get(0).equals(
                address.getPath().getFileName().toString()) ? names.get(1) : names.get(0));
        assertThat(mode(kept, 07777)).as("kept directory's mode").isEqualTo(0711);
        assertThat(fileKey(kept.resolve("s"))).as("the socket's kernel name")
                .isEqualTo(fileKey(address.getPath()));
        assertThat(Files.readSymbolicLink(kept.resolve("published")))
                .isEqualTo(address.getPath().toRealPath());
    }

    /** Leaves out the private directories datagram sockets keep while they are open. */
    static List<String> withoutKeptDirectories(List<String> names) {
        List<String> files = new java.util.ArrayList<String>();
        for (String n : names) {
            if (!n.matches("\\.uds4j-[a-z0-9]{6}")) {
                files.add(n);
            }
        }
        return files;
    }

    /** A stale socket file, of this kind or a stream's, is replaced. */
    void staleFileIsReplaced() throws Exception {
        for (SocketKind stale : new SocketKind[] {SocketKind.STREAM, kind}) {
            UnixSocketAddress address = test.address("stale.sock");
            stale.leaveStale(address);
            assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
            Object before = fileKey(address.getPath());
            try (Closeable bound = kind.bind(address, BindOptions.defaults())) {
                assertThat(fileKey(address.getPath())).as("a new file, over a stale " + stale)
                        .isNotEqualTo(before);
                if (bound instanceof UnixServerSocket) {
                    assertThat(((UnixServerSocket) bound).replacedStaleFile()).isTrue();
                }
                kind.assertServes(bound, address, test.threads);
            }
            assertThat(test.listing()).isEmpty();
        }
    }

    /** With {@link ExistingFilePolicy#FAIL} a stale file stays, the very same inode. */
    void failPolicyKeepsAStaleFile() throws Exception {
        UnixSocketAddress address = test.address("keep.sock");
        kind.leaveStale(address);
        Object inode = fileKey(address.getPath());
        assertThatThrownBy(() -> kind.bind(address,
                BindOptions.defaults().existingFile(ExistingFilePolicy.FAIL)).close())
                .isInstanceOf(BindException.class)
                .hasMessageContaining(address.toString());
        assertThat(fileKey(address.getPath())).isEqualTo(inode);
        assertThat(test.listing()).containsExactly("keep.sock");
    }

    /**
     * A live socket of each kind in {@code live} is left alone: the bind fails with a {@link
     * BindException}, the file is the same inode, and the live socket still serves.
     */
    void liveSocketIsLeftAlone(SocketKind... live) throws Exception {
        for (SocketKind other : live) {
            UnixSocketAddress address = test.address("live-" + other + ".sock");
            try (Closeable running = other.bind(address, BindOptions.defaults())) {
                Object inode = fileKey(address.getPath());
                // uds-api probes with a stream connect: a live stream server queues it, and this
                // test accepts it like any client; a seqpacket or datagram socket refuses it.
                Future<UnixSocket> probe = other == SocketKind.STREAM
                        ? test.threads.submit(((UnixServerSocket) running)::accept) : null;
                assertThatThrownBy(() -> kind.bind(address, BindOptions.defaults()).close())
                        .as("bind a " + kind + " socket where a live " + other + " socket is")
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining(address.toString())
                        .hasMessageContaining("in use by a running server");
                if (probe != null) {
                    probe.get(30, TimeUnit.SECONDS).close();
                }
                assertThat(fileKey(address.getPath())).isEqualTo(inode);
                other.assertServes(running, address, test.threads);
            }
        }
        assertThat(test.listing()).isEmpty();
    }

    /** What is not a socket file (a file, a directory, a fifo, a dangling link) is kept. */
    void nonSocketsAreRefusedAndKept() throws Exception {
        Path file = Files.write(test.dir.resolve("plain"),
                "keep me".getBytes(StandardCharsets.US_ASCII));
        assertBindRefusesAndKeeps(file, "regular file");
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII))
                .isEqualTo("keep me");
        Path sub = Files.createDirectory(test.dir.resolve("sub"));
        assertBindRefusesAndKeeps(sub, "directory");
        assertThat(Files.isDirectory(sub)).isTrue();
        assertBindRefusesAndKeeps(mkfifo(test.dir.resolve("fifo")), "fifo");
        Path link = Files.createSymbolicLink(test.dir.resolve("dangling"),
                test.dir.resolve("nowhere"));
        assertBindRefusesAndKeeps(link, "symbolic link");
        assertThat(Files.exists(test.dir.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /**
     * A bind at {@code path}, where something that is not a socket file is, fails with a {@link
     * FileAlreadyExistsException} naming the path and what is there, and changes nothing.
     */
    void assertBindRefusesAndKeeps(Path path, String what) throws IOException {
        List<String> before = test.listing();
        assertThatThrownBy(() -> kind.bind(UnixSocketAddress.of(path), BindOptions.defaults())
                .close())
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(what)
                .hasMessageContaining("not a socket");
        assertThat(test.listing()).isEqualTo(before);
    }

    /**
     * Binds {@code binds} times with mode 600 while another thread watches the path: the file
     * never has a wider mode, not even for a moment; while bound it has exactly 600.
     */
    void modeIsNeverWiderThanRequested(int binds) throws Exception {
        UnixSocketAddress address = test.address("watched.sock");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger();
        AtomicReference<String> wider = new AtomicReference<>();
        Future<?> watcher = test.threads.submit(() -> {
            while (!stop.get()) {
                try {
                    int m = mode(address.getPath(), 0777);
                    seen.incrementAndGet();
                    if ((m & ~0600) != 0) {
                        wider.compareAndSet(null, Integer.toOctalString(m));
                    }
                } catch (IOException gone) {
                    // not there right now
                }
            }
            return null;
        });
        BindOptions options = BindOptions.defaults()
                .permissions(PosixFilePermissions.fromString("rw-------"));
        try {
            try (Closeable bound = kind.bind(address, options)) {
                assertThat(Integer.toOctalString(mode(address.getPath(), 0777))).isEqualTo("600");
            }
            for (int i = 1; i < binds; i++) {
                kind.bind(address, options).close();
            }
        } finally {
            stop.set(true);
        }
        watcher.get(30, TimeUnit.SECONDS);
        assertThat(seen.get()).as("the watcher saw the socket file").isPositive();
        assertThat(wider.get()).as("a mode wider than 600 was seen").isNull();
        assertThat(test.listing()).isEmpty();
    }

    /**
     * Closing a socket whose file someone removed, and another socket then took, leaves the
     * other's file alone.
     */
    void closeRemovesOnlyItsOwnFile() throws Exception {
        UnixSocketAddress address = test.address("shared.sock");
        Closeable first = kind.bind(address, BindOptions.defaults());
        try {
            Files.delete(address.getPath()); // someone removes it; a new socket takes the path
            try (Closeable second = kind.bind(address, BindOptions.defaults())) {
                Object inode = fileKey(address.getPath());
                first.close();
                assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
                assertThat(fileKey(address.getPath())).isEqualTo(inode);
                kind.assertServes(second, address, test.threads);
            }
        } finally {
            first.close();
        }
        assertThat(test.listing()).isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static UnixSocketAddress localAddress(Closeable bound) {
        return bound instanceof UnixServerSocket ? ((UnixServerSocket) bound).getLocalAddress()
                : ((UnixDatagramSocket) bound).getLocalAddress();
    }

    /** Returns the file's mode bits under {@code mask}, without following a link. */
    static int mode(Path p, int mask) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & mask;
    }

    /** Returns what identifies the file (device and inode), without following a link. */
    static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** Makes a fifo at {@code fifo}. */
    static Path mkfifo(Path fifo) throws Exception {
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return fifo;
    }
}
