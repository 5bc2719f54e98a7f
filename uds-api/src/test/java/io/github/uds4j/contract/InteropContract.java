package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.ABSTRACT_NAMESPACE;
import static io.github.uds4j.UnixSocketCapability.DATAGRAM;
import static io.github.uds4j.UnixSocketCapability.FD_PASSING;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.BindOptions;
import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Interop with programs not written in Java, through the provider under test alone (never
 * routed to another): Python's {@code socket} module ({@value ExternalProgram#INTEROP_PEER}
 * beside this class: {@code SOCK_DGRAM} and {@code SOCK_SEQPACKET} both ways, abstract names both
 * ways, {@code socket.send_fds}/{@code recv_fds} both ways) and socat ({@code UNIX-SENDTO},
 * {@code UNIX-RECVFROM}, {@code ABSTRACT-CONNECT}, {@code ABSTRACT-LISTEN}). Every exchange
 * compares lengths and SHA-256 digests of exactly the bytes sent; a peer that gets nothing, or
 * sends nothing, fails the test within the read timeout or {@link ExternalProgram}'s limits.
 *
 * <p>Message {@code k} of {@code n} bytes is {@link #pattern(int, int)} on both sides. A tool
 * that is missing skips the test, except under {@code CI=true}, where it fails it.
 */
public abstract class InteropContract extends ContractTestBase {
    /** Datagram sizes: empty, one byte, 1 KiB, and near the largest of default buffers. */
    private static final int[] DATAGRAM_SIZES = {0, 1, 1024, 200_000};
    /** SEQPACKET sizes (an empty message would end Python's loop: it reads as the end). */
    private static final int[] SEQPACKET_SIZES = {1, 1024, 100_000};
    private static final int STREAM_BYTES = 100_000;
    private static final int BUFFER = 256 * 1024;
    /** No receive waits longer than this: nothing arriving fails the test. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The provider under test, asked directly so that nothing is routed elsewhere. */
    private static UnixSocketBackend backend() {
        return UnixSockets.backend();
    }

    /** Message {@code k} of {@code n} bytes, as the Python peer makes it. */
    static byte[] pattern(int k, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + k * 13 + 1);
        }
        return b;
    }

    /** The line the Python peer prints for a message it received. */
    private static String msgLine(byte[] data, String from) {
        return "msg " + data.length + " " + Bytes.sha256(data) + " from " + from;
    }

    private static String joined(int[] sizes) {
        StringBuilder b = new StringBuilder();
        for (int s : sizes) {
            b.append(b.length() == 0 ? "" : ",").append(s);
        }
        return b.toString();
    }

    /** A fresh abstract name, unique to this run (others may run the tests at the same time). */
    private static String abstractName(String what) {
        return "uds4j-interop-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ExternalProgram python(String... args) throws IOException {
        ExternalProgram.requirePython();
        return ExternalProgram.start(dir.toFile(),
                ExternalProgram.python(ExternalProgram.INTEROP_PEER, args));
    }

    /**
     * Accepts the connection of {@code peer}, failing the test with its output if it ends
     * without connecting, instead of waiting for ever.
     */
    private UnixSocket accept(UnixServerSocket server, ExternalProgram peer) throws Exception {
        Future<UnixSocket> accepted = threads.submit(server::accept);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ExternalProgram.LIMIT_SECONDS);
        while (true) {
            boolean ended = !peer.isAlive();
            try {
                // Once the peer has ended, a connection it made is already queued.
                return accepted.get(ended ? 5000 : 100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ended || System.nanoTime() > deadline) {
                    accepted.cancel(true);
                    server.close();
                    peer.waitForExit();
                    throw new AssertionError("no connection came: " + peer);
                }
            }
        }
    }

    /**
     * Receives one datagram that {@code peer} sends, failing the test with the peer's output if
     * it ends without sending one, or none comes within {@link #READ_TIMEOUT}.
     */
    private static Received receive(UnixDatagramSocket socket, ByteBuffer buf,
            ExternalProgram peer) throws Exception {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (true) {
            boolean ended = !peer.isAlive();
            // Once the peer has ended, what it sent is queued already.
            socket.setReadTimeout(Duration.ofMillis(ended ? 2000 : 100));
            try {
                return socket.receive(buf);
            } catch (SocketTimeoutException e) {
                if (ended || System.nanoTime() > deadline) {
                    peer.kill();
                    peer.waitForExit();
                    throw new AssertionError("no datagram came: " + peer, e);
                }
            }
        }
    }

    /** Whether the provider tells the sender of an empty datagram (see the subclass). */
    protected boolean knowsTheSenderOfAnEmptyDatagram() {
        return true;
    }

    // ---- Python, SOCK_DGRAM ----

    @Test
    @RequiresCapability(DATAGRAM)
    void pythonDatagramsArriveWholeWithTheSendersPath() throws Exception {
        UnixSocketAddress ours = address("ours.sock");
        UnixSocketAddress theirs = address("python.sock");
        pythonSendsTo(ours, theirs.toString(), theirs);
    }

    @Test
    @RequiresCapability({DATAGRAM, ABSTRACT_NAMESPACE})
    void pythonDatagramsFromAnAbstractNameArriveWithThatName() throws Exception {
        UnixSocketAddress ours = UnixSocketAddress.ofAbstract(abstractName("ours"));
        String theirs = abstractName("python");
        pythonSendsTo(ours, "@" + theirs, UnixSocketAddress.ofAbstract(theirs));
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void pythonDatagramsFromAnUnboundSocketArriveWithoutASender() throws Exception {
        pythonSendsTo(address("ours.sock"), "-", null);
    }

    /** Python sends {@link #DATAGRAM_SIZES} from {@code from} to our socket at {@code ours}. */
    private void pythonSendsTo(UnixSocketAddress ours, String from, UnixSocketAddress sender)
            throws Exception {
        try (UnixDatagramSocket socket = backend().bindDatagram(ours, BindOptions.defaults())) {
            // toString() is the path, or @name: what the Python peer takes.
            ExternalProgram py = python("dgram-send", ours.toString(), from,
                    joined(DATAGRAM_SIZES));
            try {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                for (int k = 0; k < DATAGRAM_SIZES.length; k++) {
                    buf.clear();
                    Received r = receive(socket, buf, py);
                    buf.flip();
                    assertThat(r.isTruncated()).as("datagram %d: %s", k, r).isFalse();
                    assertThat(r.length()).as("datagram %d: %s", k, r)
                            .isEqualTo(DATAGRAM_SIZES[k]);
                    assertThat(Bytes.sha256(Bytes.remaining(buf))).as("datagram %d", k)
                            .isEqualTo(Bytes.sha256(pattern(k, DATAGRAM_SIZES[k])));
                    if (DATAGRAM_SIZES[k] > 0 || knowsTheSenderOfAnEmptyDatagram()) {
                        assertThat(r.sender()).as("sender of datagram %d", k).isEqualTo(sender);
                    }
                    assertThat(r.droppedDescriptors()).isZero();
                }
                py.assertSuccess();
                assertThat(py.out()).containsExactly("sent");
            } finally {
                py.kill();
            }
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void ourDatagramsFromAPathReachPythonAndItsRepliesToTheNameItSeesComeBack() throws Exception {
        UnixSocketAddress theirs = address("python.sock");
        weSendToPython(address("ours.sock"), theirs.toString(), theirs);
    }

    @Test
    @RequiresCapability({DATAGRAM, ABSTRACT_NAMESPACE})
    void ourDatagramsFromAnAbstractNameReachPythonsAbstractNameAndComeBack() throws Exception {
        String theirs = abstractName("python");
        weSendToPython(UnixSocketAddress.ofAbstract(abstractName("ours")), "@" + theirs,
                UnixSocketAddress.ofAbstract(theirs));
    }

    /**
     * Python echoes {@link #DATAGRAM_SIZES} datagrams that we send from {@code ours} to {@code
     * theirs} back to the sender it sees; we must see its address. It sees an abstract name as
     * it is, and a path as the kernel names it: the private path the socket was bound at, kept
     * with a link {@code published} to our path while the socket is open (see the README).
     */
    private void weSendToPython(UnixSocketAddress ours, String theirsText,
            UnixSocketAddress theirs) throws Exception {
        ExternalProgram py = python("dgram-echo", theirsText,
                Integer.toString(DATAGRAM_SIZES.length));
        try (UnixDatagramSocket socket = backend().bindDatagram(ours, BindOptions.defaults())) {
            py.awaitOut("ready");
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            List<String> expected = new ArrayList<String>();
            expected.add("ready");
            for (int k = 0; k < DATAGRAM_SIZES.length; k++) {
                byte[] message = pattern(k, DATAGRAM_SIZES[k]);
                assertThat(socket.send(ByteBuffer.wrap(message), theirs))
                        .as("datagram %d sent whole", k).isEqualTo(message.length);
                buf.clear();
                Received r = receive(socket, buf, py);
                buf.flip();
                assertThat(r.isTruncated()).as("reply %d: %s", k, r).isFalse();
                assertThat(Bytes.remaining(buf)).as("reply %d", k).isEqualTo(message);
                if (message.length > 0 || knowsTheSenderOfAnEmptyDatagram()) {
                    assertThat(r.sender()).as("sender of reply %d", k).isEqualTo(theirs);
                }
            }
            py.assertSuccess();
            // While the socket is open: the private name must still be there to check.
            String seen = ours.isAbstract() ? ours.toString() : kernelName(ours, py.out());
            for (int k = 0; k < DATAGRAM_SIZES.length; k++) {
                expected.add(msgLine(pattern(k, DATAGRAM_SIZES[k]), seen));
            }
            assertThat(py.out()).isEqualTo(expected);
        } finally {
            py.kill();
        }
        if (!ours.isAbstract()) {
            assertThat(listing()).as("our socket file is gone")
                    .doesNotContain(ours.getPath().getFileName().toString());
        }
        assertThat(listing()).as("no private directory is left")
                .noneMatch(n -> n.startsWith(".uds4j"));
    }

    /**
     * Returns the name Python printed for our socket bound at the path {@code ours}, after
     * checking that it is the one the README describes: {@code s} in a private directory beside
     * the path, with a link {@code published} there to the path.
     */
    private static String kernelName(UnixSocketAddress ours, List<String> printed)
            throws IOException {
        String prefix = " from ";
        String line = null;
        for (String l : printed) {
            if (line == null && l.startsWith("msg ")) {
                line = l;
            }
        }
        assertThat(line).as("Python printed what it received: %s", printed).isNotNull();
        Path seen = java.nio.file.Paths.get(line.substring(line.indexOf(prefix)
                + prefix.length()));
        Path published = ours.getPath().toAbsolutePath();
        assertThat(seen.getFileName().toString()).isEqualTo("s");
        assertThat(seen.getParent().getFileName().toString()).startsWith(".uds4j-");
        assertThat(seen.getParent().getParent()).isEqualTo(published.getParent());
        assertThat(Files.readSymbolicLink(seen.resolveSibling("published"))).as("the link in %s",
                seen.getParent()).isEqualTo(published);
        return seen.toString();
    }

    // ---- Python, SOCK_SEQPACKET ----

    @Test
    @RequiresCapability(SEQPACKET)
    void aPythonSeqpacketServerGetsOurMessagesWholeAndTheyComeBackWhole() throws Exception {
        UnixSocketAddress theirs = address("python.sock");
        ExternalProgram py = python("seq-echo", theirs.toString());
        try {
            py.awaitOut("ready");
            List<String> expected = new ArrayList<String>(Arrays.asList("ready"));
            try (UnixSocket socket = backend().connect(theirs, UnixSocketType.SEQPACKET,
                    Duration.ZERO)) {
                socket.setReadTimeout(READ_TIMEOUT);
                assertThat(socket.type()).isEqualTo(UnixSocketType.SEQPACKET);
                for (int k = 0; k < SEQPACKET_SIZES.length; k++) {
                    byte[] message = pattern(k, SEQPACKET_SIZES[k]);
                    assertThat(socket.write(ByteBuffer.wrap(message))).isEqualTo(message.length);
                    expected.add(msgLine(message, "-"));
                }
                socket.shutdownOutput();
                assertMessages(socket, SEQPACKET_SIZES);
                assertThat(socket.receive(ByteBuffer.allocate(16)).isEndOfStream())
                        .as("the end after the echoes").isTrue();
            }
            py.assertSuccess();
            assertThat(py.out()).isEqualTo(expected);
        } finally {
            py.kill();
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void aPythonSeqpacketClientsMessagesArriveWholeAtOurServer() throws Exception {
        UnixSocketAddress ours = address("ours.sock");
        try (UnixServerSocket server = backend().bind(ours, UnixSocketType.SEQPACKET,
                BindOptions.defaults())) {
            ExternalProgram py = python("seq-client", ours.toString(), joined(SEQPACKET_SIZES));
            try {
                List<String> expected = new ArrayList<String>();
                try (UnixSocket peer = accept(server, py)) {
                    peer.setReadTimeout(READ_TIMEOUT);
                    assertThat(peer.type()).isEqualTo(UnixSocketType.SEQPACKET);
                    List<byte[]> got = assertMessages(peer, SEQPACKET_SIZES);
                    assertThat(peer.receive(ByteBuffer.allocate(16)).isEndOfStream())
                            .as("Python shut down its writing side").isTrue();
                    for (byte[] message : got) {
                        peer.write(ByteBuffer.wrap(message));
                        expected.add(msgLine(message, "-"));
                    }
                }
                py.assertSuccess();
                assertThat(py.out()).isEqualTo(expected);
            } finally {
                py.kill();
            }
        }
    }

    /** Receives one message per size, each whole, as {@link #pattern} made it. */
    private static List<byte[]> assertMessages(UnixSocket socket, int[] sizes)
            throws IOException {
        List<byte[]> got = new ArrayList<byte[]>();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (int k = 0; k < sizes.length; k++) {
            buf.clear();
            Received r = socket.receive(buf);
            buf.flip();
            assertThat(r.isTruncated()).as("message %d: %s", k, r).isFalse();
            assertThat(r.length()).as("message %d is one whole message: %s", k, r)
                    .isEqualTo(sizes[k]);
            byte[] data = Bytes.remaining(buf);
            assertThat(Bytes.sha256(data)).as("message %d", k)
                    .isEqualTo(Bytes.sha256(pattern(k, sizes[k])));
            got.add(data);
        }
        return got;
    }

    // ---- Python, abstract names ----

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void weConnectToAPythonServerAtAnAbstractName() throws Exception {
        String name = abstractName("python");
        ExternalProgram py = python("stream-echo", "@" + name);
        try {
            py.awaitOut("ready");
            UnixSocketAddress theirs = UnixSocketAddress.ofAbstract(name);
            byte[] sent = pattern(0, STREAM_BYTES);
            byte[] echoed;
            try (UnixSocket socket = backend().connect(theirs)) {
                socket.setReadTimeout(READ_TIMEOUT);
                assertThat(socket.getRemoteAddress()).isEqualTo(theirs);
                Future<byte[]> reading = threads.submit(
                        () -> Bytes.readAll(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                out.write(sent);
                socket.shutdownOutput();
                echoed = reading.get();
            }
            assertThat(Bytes.sha256(echoed)).isEqualTo(Bytes.sha256(sent));
            py.assertSuccess();
            assertThat(py.out()).containsExactly("ready", "peer -");
        } finally {
            py.kill();
        }
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void aPythonClientConnectsToOurServerAtExactlyItsAbstractName() throws Exception {
        String name = abstractName("ours");
        UnixSocketAddress ours = UnixSocketAddress.ofAbstract(name);
        try (UnixServerSocket server = backend().bind(ours, UnixSocketType.STREAM,
                BindOptions.defaults())) {
            ExternalProgram py = python("stream-client", "@" + name,
                    Integer.toString(STREAM_BYTES));
            try {
                try (UnixSocket peer = accept(server, py)) {
                    peer.setReadTimeout(READ_TIMEOUT);
                    echoUntilTheEnd(peer);
                }
                py.assertSuccess();
                // Python's getpeername() shows the name exactly: no NULs padded after it.
                assertThat(py.out()).containsExactly("peer @" + name,
                        msgLine(pattern(0, STREAM_BYTES), "-"));
            } finally {
                py.kill();
            }
            assertThat(listing()).as("an abstract name makes no file").isEmpty();
        }
    }

    private static void echoUntilTheEnd(UnixSocket peer) throws IOException {
        Bytes.copy(peer.getInputStream(), peer.getOutputStream(), 65536);
        peer.shutdownOutput();
    }

    // ---- Python, socket.send_fds and socket.recv_fds ----

    @Test
    @RequiresCapability(FD_PASSING)
    void aFileDescriptorFromPythonReadsTheOpenFileHereAtItsOffset() throws Exception {
        byte[] content = Bytes.random(10_000, 13);
        Path file = Files.write(dir.resolve("data"), content);
        UnixSocketAddress ours = address("ours.sock");
        try (UnixServerSocket server = backend().bind(ours)) {
            // Python reads 100 bytes first: the descriptor shares the file offset.
            ExternalProgram py = python("send-fd", ours.toString(), file.toString(), "100");
            try {
                try (UnixSocket peer = accept(server, py)) {
                    peer.setReadTimeout(READ_TIMEOUT);
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    Received r = peer.receive(buf, 4);
                    buf.flip();
                    assertThat(new String(Bytes.remaining(buf), StandardCharsets.US_ASCII))
                            .isEqualTo("fd");
                    assertThat(r.descriptors()).as("%s", r).hasSize(1);
                    assertThat(r.droppedDescriptors()).isZero();
                    Descriptor d = r.descriptors().get(0);
                    assertThat(d.isOwned()).isTrue();
                    byte[] read;
                    try (InputStream in = d.openInputStream()) {
                        read = Bytes.readAll(in);
                    }
                    assertThat(Bytes.sha256(read))
                            .isEqualTo(Bytes.sha256(Arrays.copyOfRange(content, 100,
                                    content.length)));
                }
                py.assertSuccess();
                assertThat(py.out()).containsExactly("sent");
            } finally {
                py.kill();
            }
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void aFileDescriptorFromUsIsReadByPythonAtItsOffset() throws Exception {
        byte[] content = Bytes.random(10_000, 17);
        Path file = Files.write(dir.resolve("data"), content);
        UnixSocketAddress theirs = address("python.sock");
        ExternalProgram py = python("recv-fd", theirs.toString());
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            py.awaitOut("ready");
            assertThat(in.read(new byte[100])).isEqualTo(100);
            try (UnixSocket socket = backend().connect(theirs)) {
                assertThat(socket.send(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)),
                        Descriptor.of(in))).isEqualTo(2);
                py.assertSuccess();
            }
            assertThat(py.out()).containsExactly("ready", "got 6869 fds 1",
                    "content 9900 " + Bytes.sha256(Arrays.copyOfRange(content, 100,
                            content.length)));
            // Sending lent the descriptor: it is still ours, and open.
            assertThat(in.getFD().valid()).isTrue();
            assertThat(in.read()).isEqualTo(-1); // Python read to the end: the offset is shared
        } finally {
            py.kill();
        }
    }

    // ---- socat ----

    @Test
    @RequiresCapability(DATAGRAM)
    void socatUnixSendtoDeliversOneDatagramToOurSocket() throws Exception {
        ExternalProgram.requireSocat();
        byte[] content = Bytes.random(5000, 19);
        Path input = Files.write(dir.resolve("input"), content);
        UnixSocketAddress ours = address("ours.sock");
        try (UnixDatagramSocket socket = backend().bindDatagram(ours, BindOptions.defaults())) {
            ExternalProgram socat = ExternalProgram.start(new ProcessBuilder("socat", "-u",
                    "-b", "65536", "-", "UNIX-SENDTO:" + ours).directory(dir.toFile())
                    .redirectInput(input.toFile()));
            try {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                Received r = receive(socket, buf, socat);
                buf.flip();
                assertThat(r.length()).as("%s", r).isEqualTo(content.length);
                assertThat(Bytes.remaining(buf)).isEqualTo(content);
                assertThat(r.sender()).as("socat's socket is unbound").isNull();
                socat.assertSuccess();
            } finally {
                socat.kill();
            }
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void ourDatagramReachesSocatUnixRecvfrom() throws Exception {
        ExternalProgram.requireSocat();
        byte[] content = Bytes.random(5000, 23);
        UnixSocketAddress theirs = address("socat.sock");
        Path output = dir.resolve("output");
        ExternalProgram socat = ExternalProgram.start(new ProcessBuilder("socat", "-d", "-d",
                "-u", "-b", "65536", "UNIX-RECVFROM:" + theirs, "-").directory(dir.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(output.toFile()));
        try {
            socat.awaitErrContaining("receiving on");
            try (UnixDatagramSocket socket = backend().openDatagram()) {
                assertThat(socket.send(ByteBuffer.wrap(content), theirs))
                        .isEqualTo(content.length);
            }
            socat.assertSuccess();
            assertThat(Files.readAllBytes(output)).isEqualTo(content);
        } finally {
            socat.kill();
        }
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void socatAbstractConnectReachesOurServer() throws Exception {
        ExternalProgram.requireSocat();
        byte[] content = Bytes.random(STREAM_BYTES, 29);
        Path input = Files.write(dir.resolve("input"), content);
        Path output = dir.resolve("output");
        String name = abstractName("ours");
        try (UnixServerSocket server = backend().bind(UnixSocketAddress.ofAbstract(name),
                UnixSocketType.STREAM, BindOptions.defaults())) {
            ExternalProgram socat = ExternalProgram.start(new ProcessBuilder("socat", "-t",
                    "60", "-", "ABSTRACT-CONNECT:" + name).directory(dir.toFile())
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()));
            try {
                try (UnixSocket peer = accept(server, socat)) {
                    peer.setReadTimeout(READ_TIMEOUT);
                    echoUntilTheEnd(peer);
                }
                socat.assertSuccess();
                assertThat(Bytes.sha256(Files.readAllBytes(output)))
                        .isEqualTo(Bytes.sha256(content));
            } finally {
                socat.kill();
            }
        }
    }

    @Test
    @RequiresCapability(ABSTRACT_NAMESPACE)
    void weConnectToSocatAbstractListen() throws Exception {
        ExternalProgram.requireSocat();
        byte[] ours = Bytes.random(STREAM_BYTES, 31);
        byte[] theirs = Bytes.random(STREAM_BYTES, 37);
        Path input = Files.write(dir.resolve("input"), theirs);
        Path output = dir.resolve("output");
        String name = abstractName("socat");
        ExternalProgram socat = ExternalProgram.start(new ProcessBuilder("socat", "-d", "-d",
                "-t", "60", "ABSTRACT-LISTEN:" + name, "-").directory(dir.toFile())
                .redirectInput(input.toFile()).redirectOutput(output.toFile()));
        try {
            socat.awaitErrContaining("listening on");
            byte[] got;
            try (UnixSocket socket = backend().connect(UnixSocketAddress.ofAbstract(name))) {
                socket.setReadTimeout(READ_TIMEOUT);
                Future<byte[]> reading = threads.submit(
                        () -> Bytes.readAll(socket.getInputStream()));
                socket.getOutputStream().write(ours);
                socket.shutdownOutput();
                got = reading.get();
            }
            socat.assertSuccess();
            assertThat(Bytes.sha256(got)).as("socat's input -> us").isEqualTo(Bytes.sha256(theirs));
            assertThat(Bytes.sha256(Files.readAllBytes(output))).as("us -> socat's output")
                    .isEqualTo(Bytes.sha256(ours));
        } finally {
            socat.kill();
        }
    }
}
