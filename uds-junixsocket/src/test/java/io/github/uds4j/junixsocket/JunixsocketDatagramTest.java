package io.github.uds4j.junixsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.Threads;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the junixsocket provider works around for datagrams, each test failing without its work
 * around: empty datagrams (junixsocket reads them as "nothing"), truncation (it has no {@code
 * MSG_TRUNC}), a send failure that junixsocket answers by closing the socket, abstract names as
 * Python spells them (no padding, either way) and junixsocket's connect to a name in use,
 * virtual threads, and descriptors. The behaviour every provider owes is in the contract suite.
 */
@Timeout(120)
class JunixsocketDatagramTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<UnixDatagramSocket> open = new ArrayList<UnixDatagramSocket>();

    @AfterEach
    void closeAll() throws IOException {
        pool.shutdownNow();
        for (UnixDatagramSocket s : open) {
            s.close();
        }
    }

    private UnixSocketAddress address(String name) {
        return UnixSocketAddress.of(dir.resolve(name));
    }

    private UnixDatagramSocket bind(UnixSocketAddress a) throws IOException {
        UnixDatagramSocket s = UnixSockets.bindDatagram(a);
        open.add(s);
        return s;
    }

    private UnixDatagramSocket unbound() throws IOException {
        UnixDatagramSocket s = UnixSockets.openDatagram();
        open.add(s);
        return s;
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(UTF_8));
    }

    private static String text(ByteBuffer b, Received r) {
        return new String(b.array(), 0, r.length(), UTF_8);
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    // ---- empty datagrams --------------------------------------------------------------------

    @Test
    void anEmptyDatagramIsReceivedAsLengthZeroInItsPlace() throws Exception {
        UnixDatagramSocket server = bind(address("s"));
        UnixDatagramSocket client = unbound();
        client.send(text("a"), server.getLocalAddress());
        assertThat(client.send(ByteBuffer.allocate(0), server.getLocalAddress())).isZero();
        client.send(ByteBuffer.allocateDirect(0), server.getLocalAddress());
        client.send(text("b"), server.getLocalAddress());

        int[] lengths = new int[4];
        for (int i = 0; i < 4; i++) {
            ByteBuffer b = ByteBuffer.allocate(10);
            Received r = server.receive(b);
            lengths[i] = r.length();
            assertThat(r.isTruncated()).isFalse();
            assertThat(r.sender()).isNull();
        }
        assertThat(lengths).containsExactly(1, 0, 0, 1);
    }

    @Test
    void anEmptyDatagramIsReceivedWithAReadTimeoutSetAndTheTimeoutStillWorks() throws Exception {
        UnixDatagramSocket server = bind(address("s"));
        UnixDatagramSocket client = unbound();
        server.setReadTimeout(Duration.ofMillis(200));
        client.send(ByteBuffer.allocate(0), server.getLocalAddress());
        assertThat(server.receive(ByteBuffer.allocate(10)).length()).isZero();
        assertThatThrownBy(() -> server.receive(ByteBuffer.allocate(10)))
                .isInstanceOf(SocketTimeoutException.class);
        // and the descriptor is blocking again: an empty send is not lost (a non-blocking one
        // could not tell a full queue from success)
        client.send(ByteBuffer.allocate(0), server.getLocalAddress());
        client.send(text("x"), server.getLocalAddress());
        assertThat(server.receive(ByteBuffer.allocate(10)).length()).isZero();
        assertThat(server.receive(ByteBuffer.allocate(10)).length()).isEqualTo(1);
    }

    @Test
    void anEmptyDatagramOnAConnectedSocketComesFromThePeer() throws Exception {
        UnixSocketAddress serverAddress = UnixSocketAddress.ofAbstract(uniqueName("uds4j-srv"));
        UnixSocketAddress clientAddress = UnixSocketAddress.ofAbstract(uniqueName("uds4j-cli"));
        UnixDatagramSocket server = bind(serverAddress);
        UnixDatagramSocket client = bind(clientAddress);
        client.connect(serverAddress);
        server.send(ByteBuffer.allocate(0), clientAddress);
        Received r = client.receive(ByteBuffer.allocate(4));
        assertThat(r.length()).isZero();
        assertThat(r.sender()).isEqualTo(serverAddress);
        server.send(ByteBuffer.allocate(0), clientAddress);
        assertThat(client.read(ByteBuffer.allocate(4))).isZero();
    }

    @Test
    void aPairCarriesEmptyDatagramsBothWays() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        open.addAll(Arrays.asList(pair));
        pair[0].write(ByteBuffer.allocate(0));
        pair[1].write(ByteBuffer.allocate(0));
        pair[0].write(text("z"));
        assertThat(pair[1].read(ByteBuffer.allocate(4))).isZero();
        assertThat(pair[0].read(ByteBuffer.allocate(4))).isZero();
        assertThat(pair[1].read(ByteBuffer.allocate(4))).isEqualTo(1);
    }

    // ---- truncation -------------------------------------------------------------------------

    @Test
    void truncationIsToldFromTheOneByteMoreThatWasAskedFor() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        open.addAll(Arrays.asList(pair));
        byte[] eight = "12345678".getBytes(UTF_8);
        for (boolean direct : new boolean[] {false, true}) {
            pair[0].write(ByteBuffer.wrap(eight));
            ByteBuffer fits = direct ? ByteBuffer.allocateDirect(8) : ByteBuffer.allocate(8);
            Received exact = pair[1].receive(fits);
            assertThat(exact.length()).isEqualTo(8);
            assertThat(exact.isTruncated()).isFalse();

            pair[0].write(ByteBuffer.wrap(eight));
            ByteBuffer small = direct ? ByteBuffer.allocateDirect(7) : ByteBuffer.allocate(7);
            Received cut = pair[1].receive(small);
            assertThat(cut.length()).isEqualTo(7);
            assertThat(cut.isTruncated()).isTrue();
            small.flip();
            byte[] kept = new byte[7];
            small.get(kept);
            assertThat(new String(kept, UTF_8)).isEqualTo("1234567");
        }
        // a buffer with no room still takes the datagram, and says it was cut
        pair[0].write(ByteBuffer.wrap(eight));
        Received none = pair[1].receive(ByteBuffer.allocate(0));
        assertThat(none.length()).isZero();
        assertThat(none.isTruncated()).isTrue();
        // read() throws, after putting what fit; the byte after the buffer's limit is untouched
        pair[0].write(ByteBuffer.wrap(eight));
        ByteBuffer window = ByteBuffer.allocate(10);
        window.put(4, (byte) 'X').position(1).limit(4);
        try {
            pair[1].read(window);
            throw new AssertionError("read of a cut datagram returned");
        } catch (MessageTruncatedException e) {
            assertThat(e.kept()).isEqualTo(3);
        }
        assertThat(window.position()).isEqualTo(4);
        assertThat(new String(window.array(), 1, 4, UTF_8)).isEqualTo("123X");
        // and the next datagram is whole
        pair[0].write(text("ok"));
        assertThat(pair[1].read(ByteBuffer.allocate(2))).isEqualTo(2);
    }

    // ---- a failed send does not close the socket ------------------------------------------------

    @Test
    void aSendThatIsRefusedLeavesTheSocketUsable() throws Exception {
        UnixDatagramSocket server = bind(address("server"));
        UnixDatagramSocket client = bind(address("client"));
        UnixSocketAddress clientAddress = client.getLocalAddress();
        // The client leaves without removing its file: a reply to it is refused...
        UnixSocketAddress stale = address("stale");
        UnixDatagramSocket gone = bind(stale);
        Path kept = dir.resolve("kept");
        Files.createLink(kept, stale.getPath());
        gone.close();
        Files.createLink(stale.getPath(), kept);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> server.send(text("reply"), stale))
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> server.send(text("reply"),
                    UnixSocketAddress.ofAbstract(uniqueName("uds4j-nobody"))))
                    .isInstanceOf(ConnectException.class);
        }
        // ...and the server goes on: junixsocket alone would have closed it at the first refusal
        assertThat(server.isOpen()).isTrue();
        server.send(text("hello"), clientAddress);
        ByteBuffer b = ByteBuffer.allocate(16);
        assertThat(text(b, client.receive(b))).isEqualTo("hello");
        client.send(text("back"), server.getLocalAddress());
        b.clear();
        assertThat(text(b, server.receive(b))).isEqualTo("back");
    }

    @Test
    void aWriteToAClosedPeerIsRefusedAndTheSocketStaysOpen() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        open.add(pair[0]);
        pair[1].close();
        assertThatThrownBy(() -> pair[0].write(text("x"))).isInstanceOf(IOException.class);
        assertThat(pair[0].isOpen()).isTrue();
        UnixDatagramSocket other = bind(address("other"));
        pair[0].send(text("y"), other.getLocalAddress());
        assertThat(other.receive(ByteBuffer.allocate(4)).length()).isEqualTo(1);
    }

    // ---- abstract names, as Python spells them ----------------------------------------------------

    @Test
    void abstractNamesMeetPythonBothWaysWithoutPadding() throws Exception {
        assumeTrue(python() != null, "python3 is not installed");
        StringBuilder longName = new StringBuilder("uds4j-");
        while (longName.length() < UnixSocketAddress.MAX_ABSTRACT_BYTES) {
            longName.append((char) ('a' + longName.length() % 26));
        }
        for (String name : new String[] {uniqueName("uds4j-py"), longName.toString()}) {
            String ours = name.length() == UnixSocketAddress.MAX_ABSTRACT_BYTES
                    ? "x" + name.substring(1) : name + "-j";
            UnixSocketAddress javaName = UnixSocketAddress.ofAbstract(ours);
            UnixDatagramSocket socket = bind(javaName);
            // Python binds "\0name", receives one datagram and answers its sender.
            Process p = new ProcessBuilder(python(), "-c", PYTHON_ECHO, name)
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), UTF_8));
                assertThat(out.readLine()).isEqualTo("ready");
                socket.send(text("ping"), UnixSocketAddress.ofAbstract(name));
                ByteBuffer b = ByteBuffer.allocate(64);
                Received r = socket.receive(b);
                assertThat(text(b, r)).isEqualTo("pong");
                assertThat(r.sender()).isEqualTo(UnixSocketAddress.ofAbstract(name));
                // what Python saw as our address: exactly our name's bytes
                assertThat(out.readLine()).isEqualTo("from " + hex(("\0" + ours).getBytes(UTF_8)));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroy();
            }
        }
    }

    @Test
    void aBindAtAnAbstractNameInUseDoesNotConnectToTheServer() throws Exception {
        // junixsocket probes a name its bind found in use by connecting to it: the server would
        // accept a connection from nobody.
        for (UnixSocketType type : new UnixSocketType[] {UnixSocketType.STREAM,
                UnixSocketType.SEQPACKET}) {
            UnixSocketAddress name = UnixSocketAddress.ofAbstract(uniqueName("uds4j-held"));
            try (UnixServerSocket server = UnixSockets.bind(name, type, BindOptions.defaults())) {
                assertThatThrownBy(() -> UnixSockets.bind(name, type, BindOptions.defaults()))
                        .isInstanceOf(BindException.class).hasMessageContaining(name.toString());
                server.setAcceptTimeout(Duration.ofMillis(200));
                assertThatThrownBy(server::accept).as(type + ": a connection from the failed bind")
                        .isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    /** Binds argv[1] in the abstract namespace, echoes one datagram as "pong", prints the sender. */
    private static final String PYTHON_ECHO = "import socket, sys\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.bind(b'\\0' + sys.argv[1].encode())\n"
            + "print('ready', flush=True)\n"
            + "data, sender = s.recvfrom(100)\n"
            + "assert data == b'ping', data\n"
            + "s.sendto(b'pong', sender)\n"
            + "print('from ' + (sender if isinstance(sender, bytes) else sender.encode()).hex(),"
            + " flush=True)\n";

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    private static String python() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            File f = new File(dir, "python3");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    // ---- size ---------------------------------------------------------------------------------

    @Test
    void theTypicalMaximumGoesThroughWithDefaultBuffersAndOneByteMoreDoesNot() throws Exception {
        assumeTrue(defaultSendBuffer() == 212992, "net.core.wmem_default is not Linux's default");
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        open.addAll(Arrays.asList(pair));
        int max = UnixDatagramSocket.typicalMaximumSize();
        for (ByteBuffer src : new ByteBuffer[] {ByteBuffer.allocate(max),
                ByteBuffer.allocateDirect(max)}) {
            assertThat(pair[0].write(src)).isEqualTo(max);
            Received r = pair[1].receive(ByteBuffer.allocate(max));
            assertThat(r.length()).isEqualTo(max);
            assertThat(r.isTruncated()).isFalse();
        }
        assertThatThrownBy(() -> pair[0].write(ByteBuffer.allocate(max + 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("Message too long");
        assertThat(pair[0].isOpen()).isTrue();
        pair[0].write(text("still"));
        assertThat(pair[1].read(ByteBuffer.allocate(8))).isEqualTo(5);
    }

    private static long defaultSendBuffer() throws IOException {
        Path p = Paths.get("/proc/sys/net/core/wmem_default");
        if (!Files.isReadable(p)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(p, UTF_8); // by lines: a /proc file has no size
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    }

    // ---- close and descriptors -------------------------------------------------------------

    @Test
    void closingAPairSocketWakesItsBlockedReceive() throws Exception {
        // A pair's descriptors are junixsocket casts, which do not shut down when closed.
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        open.add(pair[1]);
        Threads.Running<Received> blocked = Threads.submit(pool,
                () -> pair[0].receive(ByteBuffer.allocate(4)));
        blocked.awaitBlocked();
        pair[0].close();
        assertThatThrownBy(() -> blocked.future().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void noDescriptorIsLeaked() throws Exception {
        Path fds = Paths.get("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "no /proc/self/fd");
        cycleDatagrams(); // loads what loads once
        long before = count(fds);
        for (int i = 0; i < 20; i++) {
            cycleDatagrams();
        }
        assertThat(count(fds)).isEqualTo(before);
    }

    private void cycleDatagrams() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        pair[1].close();
        try {
            pair[0].write(text("x")); // refused: junixsocket closes the duplicate
        } catch (IOException expected) {
            // the point
        }
        pair[0].setReadTimeout(Duration.ofMillis(1));
        pair[0].close();
        try (UnixDatagramSocket s = UnixSockets.bindDatagram(address("cycle"));
                UnixDatagramSocket a = UnixSockets.bindDatagram(
                        UnixSocketAddress.ofAbstract(uniqueName("uds4j-cycle")));
                UnixDatagramSocket u = UnixSockets.openDatagram()) {
            u.send(ByteBuffer.allocate(0), s.getLocalAddress());
            u.send(text("y"), a.getLocalAddress());
            s.receive(ByteBuffer.allocate(1));
            a.receive(ByteBuffer.allocate(1));
        }
    }

    private static long count(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    // ---- virtual threads (Java 21+) ---------------------------------------------------------

    @Test
    void aVirtualThreadSendsAndReceivesAnEmptyDatagramExactlyOnce() throws Exception {
        Method start = virtualThreadStarter();
        assumeTrue(start != null, "virtual threads need Java 21");
        UnixDatagramSocket server = bind(address("v"));
        UnixDatagramSocket client = unbound();
        AtomicReference<Object> outcome = new AtomicReference<Object>();
        Thread t = (Thread) start.invoke(null, (Runnable) () -> {
            try {
                client.send(ByteBuffer.allocate(0), server.getLocalAddress());
                client.send(text("after"), server.getLocalAddress());
                server.send(text("before"), server.getLocalAddress());
                server.send(ByteBuffer.allocate(0), server.getLocalAddress());
                int[] n = new int[4];
                for (int i = 0; i < 4; i++) {
                    n[i] = server.receive(ByteBuffer.allocate(8)).length();
                }
                outcome.set(n);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.join(30_000);
        assertThat(outcome.get()).isEqualTo(new int[] {0, 5, 6, 0});
        // junixsocket on a virtual thread would have sent the empty datagram again and again
        server.setReadTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> server.receive(ByteBuffer.allocate(8)))
                .isInstanceOf(SocketTimeoutException.class);
    }

    private static Method virtualThreadStarter() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings("unused")
    private static <T> T get(Future<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }
}
