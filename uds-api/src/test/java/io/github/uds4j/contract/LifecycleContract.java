package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Opening, half-closing and closing sockets, and the socket file's life: created by bind,
 * removed by close, but only while it is still the server's own.
 */
public abstract class LifecycleContract extends ContractTestBase {

    /** A connected client and the server's end of it. */
    protected static final class Connection implements AutoCloseable {
        final UnixServerSocket server;
        final UnixSocket client;
        final UnixSocket peer;

        Connection(UnixServerSocket server, UnixSocket client, UnixSocket peer) {
            this.server = server;
            this.client = client;
            this.peer = peer;
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

    protected Connection connection(String name) throws Exception {
        UnixSocketAddress address = address(name);
        UnixServerSocket server = UnixSockets.bind(address);
        Future<UnixSocket> accepted = threads.submit(server::accept);
        UnixSocket client = UnixSockets.connect(address);
        return new Connection(server, client, accepted.get(30, TimeUnit.SECONDS));
    }

    @Test
    void halfCloseLetsPeerReadEndOfStreamAndStillReply() throws Exception {
        try (Connection c = connection("half.sock")) {
            c.client.getOutputStream().write("question".getBytes(StandardCharsets.US_ASCII));
            c.client.shutdownOutput();
            assertThat(new String(Bytes.readAll(c.peer.getInputStream()), StandardCharsets.US_ASCII))
                    .isEqualTo("question");
            c.peer.getOutputStream().write("answer".getBytes(StandardCharsets.US_ASCII));
            c.peer.close();
            assertThat(new String(Bytes.readAll(c.client.getInputStream()), StandardCharsets.US_ASCII))
                    .isEqualTo("answer");
            // Half-closed, not closed: still open, but it writes no more.
            assertThat(c.client.isOpen()).isTrue();
            assertThatThrownBy(() -> c.client.getOutputStream().write(1))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void readAfterPeerCloseReturnsEndOfStream() throws Exception {
        try (Connection c = connection("eof.sock")) {
            c.peer.close();
            assertThat(c.client.getInputStream().read()).isEqualTo(-1);
            assertThat(c.client.read(ByteBuffer.allocate(8))).isEqualTo(-1);
            assertThat(c.client.read(ByteBuffer.allocateDirect(8))).isEqualTo(-1);
        }
    }

    @Test
    void shutdownInputMakesReadsReturnEndOfStream() throws Exception {
        try (Connection c = connection("shutin.sock")) {
            c.client.shutdownInput();
            assertThat(c.client.read(ByteBuffer.allocate(8))).isEqualTo(-1);
            assertThat(c.client.getInputStream().read()).isEqualTo(-1);
            assertThat(c.client.isOpen()).isTrue();
            // The other direction still works.
            c.client.getOutputStream().write(7);
            assertThat(c.peer.getInputStream().read()).isEqualTo(7);
        }
    }

    @Test
    void writeAfterCloseFails() throws Exception {
        try (Connection c = connection("closed.sock")) {
            c.client.close();
            assertThat(c.client.isOpen()).isFalse();
            assertThatThrownBy(() -> c.client.write(ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> c.client.getOutputStream().write(1))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> c.client.read(ByteBuffer.allocate(1)))
                    .isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void writeToClosedPeerEventuallyFails() throws Exception {
        try (Connection c = connection("epipe.sock")) {
            assertWriteFailsOnceThePeerIsClosed(c.client, c.peer);
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertWriteFailsOnceThePeerIsClosed(b, a);
        }
    }

    private static void assertWriteFailsOnceThePeerIsClosed(UnixSocket s, UnixSocket peer)
            throws IOException {
        peer.close();
        byte[] chunk = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                s.getOutputStream().write(chunk);
            }
        }).isInstanceOf(IOException.class)
                // a broken pipe, not a close of this socket
                .isNotInstanceOf(ClosedChannelException.class)
                .hasMessageContaining("Broken pipe");
    }

    @Test
    void closedSocketRefusesUse() throws Exception {
        try (Connection c = connection("refuse.sock")) {
            assertRefusesUseOnceClosed(c.client, c.peer);
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertRefusesUseOnceClosed(a, b);
        }
    }

    private static void assertRefusesUseOnceClosed(UnixSocket s, UnixSocket peer)
            throws IOException {
        s.close();
        assertThatThrownBy(s::shutdownOutput).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(IOException.class);
        if (UnixSockets.capabilities().contains(UnixSocketCapability.PEER_CREDENTIALS)) {
            assertThatThrownBy(s::getPeerCredentials).isInstanceOf(ClosedChannelException.class);
        }
        assertThat(peer.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void streamsFollowTheInputStreamContract() throws Exception {
        try (Connection c = connection("streams.sock")) {
            InputStream in = c.client.getInputStream();
            assertThat(c.client.getInputStream()).isSameAs(in);
            assertThat(c.client.getOutputStream()).isSameAs(c.client.getOutputStream());
            assertThat(in.read(new byte[4], 0, 0)).isZero();
            assertThat(in.available()).isZero();
            c.peer.getOutputStream().write(new byte[] {(byte) 0xff, 7});
            assertThat(in.read()).isEqualTo(0xff); // unsigned
            byte[] b = new byte[4];
            assertThat(in.read(b, 2, 2)).isEqualTo(1);
            assertThat(b[2]).isEqualTo((byte) 7);
            assertThatThrownBy(() -> in.read(b, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            c.peer.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(b)).isEqualTo(-1);
            in.close();
            assertThat(c.client.isOpen()).isFalse();
            assertThatThrownBy(in::available).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> c.client.getOutputStream().write(1))
                    .isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        try (Connection c = connection("idem.sock")) {
            c.client.close();
            c.client.close();
            c.client.getInputStream().close();
            c.server.close();
            c.server.close();
            assertThat(c.client.isOpen()).isFalse();
            assertThat(c.server.isOpen()).isFalse();
        }
    }

    @Test
    void closingTheStreamClosesTheSocket() throws Exception {
        try (Connection c = connection("stream.sock")) {
            c.client.getOutputStream().close();
            assertThat(c.client.isOpen()).isFalse();
            assertThat(c.peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void pairTalksBothWays() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket parent = pair[0]; UnixSocket child = pair[1]) {
            parent.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            byte[] got = IoStyle.STREAMS.readExactly(child, 4);
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("ping");
            child.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
            got = IoStyle.HEAP_BUFFERS.readExactly(parent, 4);
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("pong");
            child.close();
            assertThat(parent.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void pairIsUnnamed() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(a.getRemoteAddress()).isNull();
            assertThat(b.getRemoteAddress()).isNull();
            assertThat(a.getLocalAddress()).isNull();
            assertThat(b.getLocalAddress()).isNull();
            assertThat(a.isOpen()).isTrue();
            assertThat(a.providerName()).isEqualTo(expectedProvider());
        }
    }

    @Test
    void pairLeavesNothingInTheTempDirectory() throws Exception {
        // A provider that emulates socketpair binds a listener in java.io.tmpdir for a moment.
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        String saved = System.getProperty("java.io.tmpdir");
        UnixSocket[] pair;
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            pair = UnixSockets.openPair();
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(names(tmp)).as("left in java.io.tmpdir").isEmpty();
            a.getOutputStream().write(1);
            assertThat(b.getInputStream().read()).isEqualTo(1);
        }
        assertThat(names(tmp)).isEmpty();
    }

    private static List<String> names(Path directory) throws IOException {
        List<String> names = new ArrayList<String>();
        try (java.util.stream.Stream<Path> s = Files.list(directory)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Test
    void socketFileIsCreatedOnBindAndRemovedOnClose() throws Exception {
        UnixSocketAddress address = address("life.sock");
        UnixServerSocket server = UnixSockets.bind(address);
        assertThat(server.getLocalAddress()).isEqualTo(address);
        assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.getAttribute(address.getPath(), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .satisfies(mode -> assertThat(((Integer) mode) & 0170000).isEqualTo(0140000));
        server.close();
        assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(listing()).isEmpty();
    }

    @Test
    void closingAServerLeavesALaterServersFileAlone() throws Exception {
        new SocketFileCases(this, SocketKind.STREAM).closeRemovesOnlyItsOwnFile();
    }

    @Test
    void addressesAreReportedWhereKnown() throws Exception {
        try (Connection c = connection("addr.sock")) {
            UnixSocketAddress address = c.server.getLocalAddress();
            assertThat(c.client.getRemoteAddress()).isEqualTo(address);
            assertThat(c.peer.getLocalAddress()).isEqualTo(address);
            assertThat(c.client.getLocalAddress()).isNull();
            assertThat(c.peer.getRemoteAddress()).isNull();
            assertThat(c.client.providerName()).isEqualTo(expectedProvider());
            assertThat(c.peer.providerName()).isEqualTo(expectedProvider());
        }
    }

    @Test
    void relativePathsWork() throws Exception {
        Path relative = Paths.get("").toAbsolutePath().relativize(dir.resolve("rel.sock"));
        assertThat(relative.isAbsolute()).isFalse();
        UnixSocketAddress address = UnixSocketAddress.of(relative);
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Future<UnixSocket> accepted = threads.submit(server::accept);
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepted.get(30, TimeUnit.SECONDS)) {
                client.getOutputStream().write(1);
                assertThat(peer.getInputStream().read()).isEqualTo(1);
                assertThat(Files.getAttribute(dir.resolve("rel.sock"), "unix:mode",
                        LinkOption.NOFOLLOW_LINKS))
                        .satisfies(mode -> assertThat(((Integer) mode) & 0170000).isEqualTo(0140000));
            }
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void closeFromAnotherThreadUnblocksAccept() throws Exception {
        UnixServerSocket server = UnixSockets.bind(address("accept.sock"));
        Future<UnixSocket> accepting = Threads.submitAndAwaitBlocked(threads, server::accept);
        server.close();
        assertThatThrownBy(() -> accepting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
        assertThat(server.isOpen()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void closeFromAnotherThreadUnblocksRead(IoStyle style) throws Exception {
        try (Connection c = connection("read.sock")) {
            assertCloseUnblocksRead(style, c.client);
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertCloseUnblocksRead(style, a);
        }
    }

    private void assertCloseUnblocksRead(IoStyle style, UnixSocket s) throws Exception {
        Future<Integer> reading =
                Threads.submitAndAwaitBlocked(threads, () -> style.read(s, new byte[16]));
        s.close();
        assertThatThrownBy(() -> accepted(reading))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
    }

    private static Object accepted(Future<?> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void rawListenerNeverRemovesItsFile() throws Exception {
        // The SPI contract: only uds-api removes socket files, after checking their identity.
        UnixSocketAddress address = address("raw.sock");
        ListeningSocket raw = RawProvider.bindAt(address);
        assertThat(raw.isOpen()).isTrue();
        raw.close();
        raw.close(); // idempotent
        assertThat(raw.isOpen()).isFalse();
        assertThatThrownBy(raw::accept).isInstanceOf(ClosedChannelException.class);
        assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(listing()).containsExactly("raw.sock");
    }

    @Test
    void closeOfTheRawListenerUnblocksAcceptAndLeavesTheFile() throws Exception {
        UnixSocketAddress address = address("rawaccept.sock");
        ListeningSocket raw = RawProvider.bindAt(address);
        Future<UnixSocket> accepting = Threads.submitAndAwaitBlocked(threads, raw::accept);
        raw.close();
        assertThatThrownBy(() -> accepting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
        assertThat(raw.isOpen()).isFalse();
        assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS))
                .as("the provider never removes files").isTrue();
    }
}
