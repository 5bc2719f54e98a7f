package io.github.uds4j.junixsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.Descriptor;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the junixsocket backend works around to give SOCK_SEQPACKET and descriptor passing their
 * meaning (the general behaviour is in the contract suite): truncation that junixsocket's
 * {@code recv} does not report, an empty message that it reports as the end, descriptors that a
 * plain read must not collect, and a wrong descriptor handed to adopt, which must stay open.
 */
class JunixsocketSeqpacketAndDescriptorTest {
    @TempDir
    Path dir;

    private static UnixSocket[] seqpacketPair() throws IOException {
        return UnixSockets.openPair(UnixSocketType.SEQPACKET);
    }

    static int openDescriptors() throws IOException {
        // the descriptors on the test's own files: exact, whatever else the JVM opens
        return io.github.uds4j.contract.DescriptorPassingContract.descriptorsOn(
                Paths.get("/proc/self/status"));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(UTF_8));
    }

    // ---- truncation ------------------------------------------------------------------------

    @Test
    void aMessageLongerThanTheBufferIsReportedAfterTheBytesThatFit() throws Exception {
        UnixSocket[] pair = seqpacketPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertThat(a.type()).isEqualTo(UnixSocketType.SEQPACKET);
            a.write(bytes("hello"));
            a.write(bytes("next"));
            ByteBuffer four = ByteBuffer.allocate(4);
            assertThatThrownBy(() -> b.read(four)).isInstanceOf(MessageTruncatedException.class)
                    .satisfies(e -> assertThat(((MessageTruncatedException) e).kept())
                            .isEqualTo(4));
            assertThat(new String(four.array(), UTF_8)).isEqualTo("hell");
            ByteBuffer exact = ByteBuffer.allocate(4);
            assertThat(b.read(exact)).isEqualTo(4); // exactly the buffer: not truncated
            assertThat(new String(exact.array(), UTF_8)).isEqualTo("next");
        }
    }

    @Test
    void receiveSaysTruncatedAndTheStreamsThrow() throws Exception {
        UnixSocket[] pair = seqpacketPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.write(bytes("abcdef"));
            a.write(bytes("xyz"));
            ByteBuffer direct = ByteBuffer.allocateDirect(3);
            Received r = b.receive(direct);
            assertThat(r.length()).isEqualTo(3);
            assertThat(r.isTruncated()).isTrue();
            a.getOutputStream().write("0123456789".getBytes(UTF_8));
            byte[] into = new byte[8];
            Received whole = b.receive(ByteBuffer.wrap(into));
            assertThat(whole.length()).isEqualTo(3);
            assertThat(whole.isTruncated()).isFalse();
            InputStream in = b.getInputStream();
            assertThatThrownBy(() -> in.read(into)).isInstanceOf(MessageTruncatedException.class);
            assertThat(new String(into, UTF_8)).isEqualTo("01234567");
        }
    }

    @Test
    void aLargeHeapMessageIsOneMessage() throws Exception {
        // junixsocket moves heap buffers through a per-thread buffer of 1 MiB; measured maximum
        // with default buffers is about 212 KB, so this goes whole or not at all.
        UnixSocket[] pair = seqpacketPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            byte[] big = new byte[200_000];
            big[199_999] = 7;
            Thread writer = new Thread(() -> {
                try {
                    a.write(ByteBuffer.wrap(big));
                    a.getOutputStream().write(big);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            ByteBuffer dst = ByteBuffer.allocate(300_000);
            assertThat(b.read(dst)).isEqualTo(200_000);
            assertThat(dst.get(199_999)).isEqualTo((byte) 7);
            dst.clear();
            assertThat(b.read(dst)).isEqualTo(200_000);
            writer.join();
        }
    }

    // ---- empty messages and the end -----------------------------------------------------------

    @Test
    void anEmptyMessageReadsAsZeroAndTheEndAsMinusOne() throws Exception {
        UnixSocket[] pair = seqpacketPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.write(ByteBuffer.allocate(0));
            a.write(bytes("x"));
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertThat(b.read(dst)).isZero(); // junixsocket says -1 here
            assertThat(b.read(dst)).isEqualTo(1);
            a.getOutputStream().write(new byte[0]);
            assertThat(b.receive(dst).length()).isZero(); // nothing queued behind it
            a.shutdownOutput();
            assertThat(b.read(dst)).isEqualTo(-1);
            assertThat(b.read(dst)).isEqualTo(-1);
            assertThat(b.receive(dst).isEndOfStream()).isTrue();
            b.write(bytes("back")); // half-close: the other way still works
            assertThat(a.read(dst)).isEqualTo(4);
        }
    }

    @Test
    void anEmptyMessageWithAReadTimeoutToo() throws Exception {
        UnixSocket[] pair = seqpacketPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            b.setReadTimeout(Duration.ofSeconds(5)); // non-blocking mode from here
            a.write(ByteBuffer.allocate(0));
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertThat(b.read(dst)).isZero();
            b.setReadTimeout(Duration.ofMillis(50));
            assertThatThrownBy(() -> b.read(dst))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            a.close();
            assertThat(b.read(dst)).isEqualTo(-1);
        }
    }

    @Test
    void anEmptyMessageFromPythonReadsAsZero() throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is not installed");
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("s"));
        try (UnixServerSocket server = UnixSockets.bind(address, UnixSocketType.SEQPACKET,
                BindOptions.defaults())) {
            Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import socket,sys\n"
                    + "s=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET)\n"
                    + "s.connect(sys.argv[1])\n"
                    + "s.send(b'')\ns.send(b'one')\ns.send(b'')\ns.send(b'two')\n"
                    + "print(s.recv(100).decode(), flush=True)\n"
                    + "s.close()\n", address.getPath().toString())
                    .redirectErrorStream(true).start();
            try (UnixSocket peer = server.accept()) {
                assertThat(peer.type()).isEqualTo(UnixSocketType.SEQPACKET);
                ByteBuffer dst = ByteBuffer.allocate(10);
                int[] lengths = new int[4];
                for (int i = 0; i < 4; i++) {
                    dst.clear();
                    lengths[i] = peer.read(dst);
                }
                assertThat(lengths).containsExactly(0, 3, 0, 3);
                peer.write(bytes("done"));
                assertThat(new BufferedReader(new InputStreamReader(python.getInputStream(),
                        UTF_8)).readLine()).isEqualTo("done");
                assertThat(python.waitFor(10, TimeUnit.SECONDS)).isTrue();
                dst.clear();
                assertThat(peer.read(dst)).isEqualTo(-1);
            } finally {
                python.destroyForcibly();
            }
        }
    }

    // ---- descriptors and plain reads ------------------------------------------------------------

    @Test
    void plainReadsLeakNoDescriptorsOnStreamsOrSeqpacket() throws Exception {
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocket[] pair = UnixSockets.openPair(type);
            try (UnixSocket a = pair[0]; UnixSocket b = pair[1];
                    FileInputStream file = new FileInputStream("/proc/self/status")) {
                Descriptor d = Descriptor.of(file);
                ByteBuffer one = ByteBuffer.allocate(1);
                // one receive first: it installs junixsocket's control buffer for its read only
                a.send(bytes("x"), d);
                Received r = b.receive(one, 0);
                assertThat(r.droppedDescriptors()).isEqualTo(1);
                int before = openDescriptors();
                for (int i = 0; i < 2000; i++) {
                    a.send(bytes("x"), d, d);
                    one.clear();
                    assertThat(b.read(one)).isEqualTo(1);
                }
                byte[] arr = new byte[1];
                for (int i = 0; i < 1000; i++) {
                    a.send(bytes("y"), d);
                    assertThat(b.getInputStream().read(arr)).isEqualTo(1);
                }
                assertThat(openDescriptors()).as(type.toString()).isEqualTo(before);
            }
        }
    }

    @Test
    void aSocketSentAwayOutlivesTheSendersCopyAndTheCarrier() throws Exception {
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocket[] carrier = UnixSockets.openPair();
            UnixSocket[] payload = UnixSockets.openPair(type);
            Received r;
            try (UnixSocket a = carrier[0]; UnixSocket b = carrier[1]) {
                a.send(bytes("!"), Descriptor.of(payload[1]));
                payload[1].close(); // junixsocket's close would shut the socket down
                r = b.receive(ByteBuffer.allocate(1), 1);
            } // junixsocket closes what a socket received when that socket closes; not here
            try (UnixSocket got = r.descriptors().get(0).toUnixSocket();
                    UnixSocket mine = payload[0]) {
                assertThat(got.type()).as(type.toString()).isEqualTo(type);
                mine.write(bytes("ping"));
                ByteBuffer dst = ByteBuffer.allocate(8);
                assertThat(got.read(dst)).isEqualTo(4);
                got.write(bytes("pong"));
                dst.clear();
                assertThat(mine.read(dst)).isEqualTo(4);
            }
        }
    }

    @Test
    void aListeningSocketSentAwayKeepsAcceptingAfterTheSenderClosesIt() throws Exception {
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("l" + type));
            UnixSocket[] carrier = UnixSockets.openPair();
            Received r;
            try (UnixSocket a = carrier[0]; UnixSocket b = carrier[1]) {
                UnixServerSocket server = UnixSockets.bind(address, type,
                        BindOptions.defaults());
                a.send(bytes("!"), Descriptor.of(server));
                r = b.receive(ByteBuffer.allocate(1), 1);
                // junixsocket would shut the listening socket down, for the copy too; the
                // file stays: a closed server removes it, so link it back for the test
                Path keep = dir.resolve("keep" + type);
                Files.createLink(keep, address.getPath());
                server.close();
                Files.move(keep, address.getPath());
            }
            try (UnixServerSocket adopted = r.descriptors().get(0).toServerSocket();
                    UnixSocket client = UnixSockets.connect(address, type);
                    UnixSocket accepted = adopted.accept()) {
                assertThat(accepted.type()).isEqualTo(type);
                client.write(bytes("hi"));
                assertThat(accepted.read(ByteBuffer.allocate(4))).isEqualTo(2);
            }
        }
    }

    @Test
    void theMostDescriptorsOneMessageCarriesArriveAndTheRestAreCounted() throws Exception {
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocket[] pair = UnixSockets.openPair(type);
            try (UnixSocket a = pair[0]; UnixSocket b = pair[1];
                    FileInputStream file = new FileInputStream("/proc/self/status")) {
                Descriptor[] many = new Descriptor[253];
                java.util.Arrays.fill(many, Descriptor.of(file));
                int before = openDescriptors();
                a.send(bytes("x"), many);
                Received r = b.receive(ByteBuffer.allocate(4), 200);
                assertThat(r.descriptors()).hasSize(200);
                assertThat(r.droppedDescriptors()).isEqualTo(53);
                assertThat(openDescriptors()).isEqualTo(before + 200);
                for (Descriptor d : r.descriptors()) {
                    d.close();
                }
                assertThat(openDescriptors()).isEqualTo(before);
            }
        }
    }

    @Test
    void sendingDescriptorsOnAStreamNeedsABytesAndNotOnSeqpacket() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1];
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            assertThatThrownBy(() -> a.send(ByteBuffer.allocate(0), Descriptor.of(file)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        UnixSocket[] seq = seqpacketPair();
        try (UnixSocket a = seq[0]; UnixSocket b = seq[1];
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            assertThat(a.send(ByteBuffer.allocate(0), Descriptor.of(file))).isZero();
            Received r = b.receive(ByteBuffer.allocate(4), 5);
            assertThat(r.length()).isZero();
            assertThat(r.isEndOfStream()).isFalse();
            assertThat(r.descriptors()).hasSize(1);
            r.descriptors().get(0).close();
        }
    }

    // ---- adopting a wrong descriptor ------------------------------------------------------------

    @Test
    void adoptingTheWrongKindOfDescriptorLeavesItOpen() throws Exception {
        Path file = Files.write(dir.resolve("f"), "content".getBytes(UTF_8));
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            assertThatThrownBy(() -> Descriptor.of(in).toUnixSocket())
                    .isInstanceOf(IOException.class).hasMessageContaining("stays open");
            assertThatThrownBy(() -> Descriptor.of(in).toServerSocket())
                    .isInstanceOf(IOException.class);
            assertThat(in.read()).isEqualTo('c');
        }
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("s" + type));
            try (UnixServerSocket server = UnixSockets.bind(address, type,
                    BindOptions.defaults());
                    UnixSocket client = UnixSockets.connect(address, type);
                    UnixSocket accepted = server.accept()) {
                Descriptor listening = Descriptor.of(server);
                assertThatThrownBy(() -> listening.toUnixSocket())
                        .isInstanceOf(IOException.class).hasMessageContaining("listening");
                Descriptor connected = Descriptor.of(client);
                assertThatThrownBy(() -> connected.toServerSocket())
                        .isInstanceOf(IOException.class).hasMessageContaining("connected");
                // both still work: nothing was shut down or closed
                client.write(bytes("ok"));
                ByteBuffer dst = ByteBuffer.allocate(4);
                assertThat(accepted.read(dst)).isEqualTo(2);
                try (UnixSocket second = UnixSockets.connect(address, type);
                        UnixSocket secondAccepted = server.accept()) {
                    assertThat(secondAccepted.type()).isEqualTo(type);
                }
            }
        }
    }

    // ---- peer pid --------------------------------------------------------------------------------

    @Test
    void peerPidIsTheConnectingChildsPid() throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is not installed");
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
            UnixSocketType.SEQPACKET}) {
            UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("p" + type));
            try (UnixServerSocket server = UnixSockets.bind(address, type,
                    BindOptions.defaults())) {
                String sockType = type == UnixSocketType.STREAM ? "SOCK_STREAM" : "SOCK_SEQPACKET";
                Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                        "import socket,sys\n"
                        + "s=socket.socket(socket.AF_UNIX,socket." + sockType + ")\n"
                        + "s.connect(sys.argv[1])\n"
                        + "s.recv(10)\n", address.getPath().toString()).start();
                try (UnixSocket peer = server.accept()) {
                    long pid = ProcessPid.of(python);
                    assertThat(peer.getPeerCredentials().pid().getAsLong()).as(type.toString())
                            .isEqualTo(pid);
                    peer.write(bytes("bye"));
                    assertThat(python.waitFor(10, TimeUnit.SECONDS)).isTrue();
                } finally {
                    python.destroyForcibly();
                }
            }
        }
    }

    /** {@code Process.pid()} is Java 9+; on Java 8 the pid is in the object's field. */
    static final class ProcessPid {
        static long of(Process p) throws Exception {
            try {
                return (Long) Process.class.getMethod("pid").invoke(p);
            } catch (NoSuchMethodException e) {
                java.lang.reflect.Field f = p.getClass().getDeclaredField("pid");
                f.setAccessible(true);
                return f.getInt(p);
            }
        }
    }
}
