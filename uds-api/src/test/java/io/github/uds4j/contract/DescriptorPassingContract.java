package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.DATAGRAM;
import static io.github.uds4j.UnixSocketCapability.FD_PASSING;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Descriptor passing ({@code SCM_RIGHTS}) over a stream, a datagram and a seqpacket socket: an
 * open file (read on the other side, sharing the offset), a pipe's write end, a connected socket
 * (an echo through the received {@link UnixSocket}) and a listening one (accepting through the
 * received {@link UnixServerSocket}); none, ten at once, fewer wanted than sent; and ten
 * thousand descriptors sent to a receiver that asked for none, with this process's count of open
 * descriptors unchanged afterwards. Each row runs once per kind of socket that carries the
 * descriptors, each needing its capabilities.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class DescriptorPassingContract extends ContractTestBase {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int MANY = 10_000;

    /** The kinds of socket that carry descriptors. */
    enum Carrier {
        STREAM, DATAGRAM, SEQPACKET
    }

    /** Sends bytes with descriptors. */
    private interface Send {
        int send(ByteBuffer bytes, Descriptor... descriptors) throws IOException;
    }

    /** Receives with up to {@code max} descriptors; -1 asks for none with {@code receive(dst)}. */
    private interface Receive {
        Received receive(ByteBuffer dst, int max) throws IOException;
    }

    /** Reads as a plain read does, keeping no descriptors. */
    private interface Read {
        int read(ByteBuffer dst) throws IOException;
    }

    /** A sending end and a receiving end of one carrier. */
    private static final class Ends implements AutoCloseable {
        final Send send;
        final Receive receive;
        final Read read;
        private final AutoCloseable[] sockets;

        Ends(Send send, Receive receive, Read read, AutoCloseable... sockets) {
            this.send = send;
            this.receive = receive;
            this.read = read;
            this.sockets = sockets;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : sockets) {
                c.close();
            }
        }
    }

    /**
     * Opens the two ends: a client and the server's socket it connected to, or an unbound
     * datagram socket sending to a bound one (which has no plain read: it is not connected).
     */
    private Ends open(Carrier carrier) throws Exception {
        if (carrier == Carrier.DATAGRAM) {
            UnixDatagramSocket receiver = UnixSockets.bindDatagram(address("r.sock"));
            receiver.setReadTimeout(PATIENCE);
            UnixDatagramSocket sender = UnixSockets.openDatagram();
            UnixSocketAddress to = receiver.getLocalAddress();
            return new Ends((b, ds) -> sender.send(b, to, ds),
                    (b, max) -> max < 0 ? receiver.receive(b) : receiver.receive(b, max),
                    null, sender, receiver);
        }
        UnixSocketType type = carrier == Carrier.STREAM ? UnixSocketType.STREAM
                : UnixSocketType.SEQPACKET;
        Link l = Link.open(address("r.sock"), type, threads);
        l.peer.setReadTimeout(PATIENCE);
        return new Ends(l.client::send,
                (b, max) -> max < 0 ? l.peer.receive(b) : l.peer.receive(b, max),
                l.peer::read, l);
    }

    /** Opens a datagram pair as two ends, for plain reads. */
    private static Ends datagramPair() throws IOException {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        pair[1].setReadTimeout(PATIENCE);
        return new Ends((b, ds) -> pair[0].send(b, null, ds),
                (b, max) -> max < 0 ? pair[1].receive(b) : pair[1].receive(b, max),
                pair[1]::read, pair[0], pair[1]);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Returns how many descriptors this process has open. */
    /**
     * Counts this process's descriptors open on {@code file}, or on files under it if it is a
     * directory: exact, whatever else the JVM opens meanwhile (a class file, a selector), which
     * a plain count of /proc/self/fd is not (a 10,000-send row once saw 52 before, 53 after).
     */
    public static int descriptorsOn(Path file) throws IOException {
        Path target = file.toRealPath();
        int n = 0;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).startsWith(target)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor, for one)
                }
            }
        }
        return n;
    }

    private Path file(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(Bytes.readAll(in), StandardCharsets.US_ASCII);
    }

    private static String read(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            assertThat(r).as("bytes left in the file").isPositive();
            off += r;
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    // ---- an open file ------------------------------------------------------------------------

    private void openFileIsReadOnTheOtherSideSharingItsOffset(Carrier carrier) throws Exception {
        Path f = file("data.txt", "0123456789abcdef");
        try (Ends e = open(carrier); FileInputStream mine = new FileInputStream(f.toFile())) {
            assertThat(e.send.send(ascii("f"), Descriptor.of(mine))).isEqualTo(1);
            ByteBuffer in = ByteBuffer.allocate(16);
            Received r = e.receive.receive(in, 1);
            assertThat(r.length()).isEqualTo(1);
            assertThat(r.droppedDescriptors()).isZero();
            assertThat(r.descriptors()).hasSize(1);
            Descriptor d = r.descriptors().get(0);
            assertThat(d.isOwned()).isTrue();
            assertThat(d.isOpen()).isTrue();
            try (InputStream theirs = d.openInputStream()) {
                assertThat(d.isOpen()).as("handed over to the stream").isFalse();
                assertThat(read(theirs, 4)).isEqualTo("0123");
                // One open file: the sender's reads go on where the receiver's stopped.
                assertThat(read(mine, 4)).isEqualTo("4567");
                assertThat(readAll(theirs)).isEqualTo("89abcdef");
            }
            d.close(); // handed over: does nothing
            // The sender's descriptor is its own: still open after the receiver closed theirs.
            assertThat(mine.getChannel().position(0).position()).isZero();
            assertThat(readAll(mine)).isEqualTo("0123456789abcdef");
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void openFileOverStream() throws Exception {
        openFileIsReadOnTheOtherSideSharingItsOffset(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void openFileOverDatagram() throws Exception {
        openFileIsReadOnTheOtherSideSharingItsOffset(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void openFileOverSeqpacket() throws Exception {
        openFileIsReadOnTheOtherSideSharingItsOffset(Carrier.SEQPACKET);
    }

    // ---- a pipe ------------------------------------------------------------------------------

    /**
     * Opens a new write end of the pipe that {@link Pipe#open()} made since {@code before} was
     * taken. The JDK gives no access to a {@link Pipe}'s descriptors; this finds them in {@code
     * /proc/self/fd} (two entries naming a pipe that was not there before) and opens one for
     * writing, which for a pipe yields its write end.
     */
    private static FileOutputStream writeEnd(Map<String, List<String>> before)
            throws IOException {
        Map<String, List<String>> now = pipes();
        now.keySet().removeAll(before.keySet());
        if (now.size() != 1 || now.values().iterator().next().size() != 2) {
            throw new AssertionError("not one new pipe in /proc/self/fd: " + now);
        }
        return new FileOutputStream("/proc/self/fd/" + now.values().iterator().next().get(0));
    }

    /** Returns the pipes this process has open, each with its descriptors' numbers. */
    private static Map<String, List<String>> pipes() throws IOException {
        List<Path> entries = new ArrayList<Path>();
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            s.forEach(entries::add);
        }
        Map<String, List<String>> pipes = new HashMap<String, List<String>>();
        for (Path p : entries) {
            String target;
            try {
                target = Files.readSymbolicLink(p).toString();
            } catch (IOException gone) {
                continue; // the listing's own descriptor
            }
            if (target.startsWith("pipe:")) {
                List<String> ends = pipes.get(target);
                if (ends == null) {
                    pipes.put(target, ends = new ArrayList<String>());
                }
                ends.add(p.getFileName().toString());
            }
        }
        return pipes;
    }

    private void pipeWriteEndWritesBackToThisSide(Carrier carrier) throws Exception {
        // Found before anything else may open a pipe (a selector of the carrier, say).
        Map<String, List<String>> before = pipes();
        Pipe pipe = Pipe.open();
        FileOutputStream w = writeEnd(before);
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink();
                FileOutputStream writer = w; Ends e = open(carrier)) {
            sink.close(); // from now on the sent write end is the pipe's only one
            e.send.send(ascii("p"), Descriptor.of(writer));
            writer.close();
            Received r = e.receive.receive(ByteBuffer.allocate(8), 1);
            assertThat(r.descriptors()).hasSize(1);
            try (OutputStream out = r.descriptors().get(0).openOutputStream()) {
                out.write("through the pipe".getBytes(StandardCharsets.US_ASCII));
            }
            // All write ends are closed now, the received one too: the read ends.
            Future<String> reading = threads.submit(() -> readAll(
                    java.nio.channels.Channels.newInputStream(source)));
            assertThat(reading.get(30, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void pipeOverStream() throws Exception {
        pipeWriteEndWritesBackToThisSide(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void pipeOverDatagram() throws Exception {
        pipeWriteEndWritesBackToThisSide(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void pipeOverSeqpacket() throws Exception {
        pipeWriteEndWritesBackToThisSide(Carrier.SEQPACKET);
    }

    // ---- a connected socket ------------------------------------------------------------------

    private void connectedSocketEchoesThroughTheReceivedSocket(Carrier carrier) throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (Ends e = open(carrier); UnixSocket near = pair[0]) {
            near.setReadTimeout(PATIENCE);
            try (UnixSocket far = pair[1]) {
                e.send.send(ascii("s"), Descriptor.of(far));
            } // the received descriptor is now the far end's only one
            Received r = e.receive.receive(ByteBuffer.allocate(8), 1);
            assertThat(r.descriptors()).hasSize(1);
            Descriptor d = r.descriptors().get(0);
            UnixSocket received = d.toUnixSocket();
            assertThat(d.isOpen()).isFalse();
            assertThatThrownBy(d::toUnixSocket).isInstanceOf(ClosedChannelException.class);
            assertThat(received.type()).isEqualTo(UnixSocketType.STREAM);
            Future<Long> echo = threads.submit(() -> {
                try (UnixSocket s = received) {
                    ByteBuffer b = ByteBuffer.allocate(1024);
                    long total = 0;
                    while (s.read(b) >= 0) {
                        b.flip();
                        total += b.remaining();
                        while (b.hasRemaining()) {
                            s.write(b);
                        }
                        b.clear();
                    }
                    return total;
                }
            });
            byte[] data = Bytes.random(5000, 8);
            near.write(ByteBuffer.wrap(data));
            ByteBuffer back = ByteBuffer.allocate(data.length);
            while (back.hasRemaining()) {
                assertThat(near.read(back)).as("echo").isPositive();
            }
            assertThat(back.array()).isEqualTo(data);
            near.shutdownOutput();
            assertThat(echo.get(30, TimeUnit.SECONDS)).isEqualTo(data.length);
            // The echo closed the received socket, the far end's only descriptor: the end.
            assertThat(near.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void connectedSocketOverStream() throws Exception {
        connectedSocketEchoesThroughTheReceivedSocket(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void connectedSocketOverDatagram() throws Exception {
        connectedSocketEchoesThroughTheReceivedSocket(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void connectedSocketOverSeqpacket() throws Exception {
        connectedSocketEchoesThroughTheReceivedSocket(Carrier.SEQPACKET);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void receivedSeqpacketSocketKeepsItsType() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        try (Ends e = open(Carrier.STREAM); UnixSocket near = pair[0]) {
            try (UnixSocket far = pair[1]) {
                e.send.send(ascii("s"), Descriptor.of(far));
            }
            Received r = e.receive.receive(ByteBuffer.allocate(8), 1);
            try (UnixSocket received = r.descriptors().get(0).toUnixSocket()) {
                assertThat(received.type()).isEqualTo(UnixSocketType.SEQPACKET);
                received.setReadTimeout(PATIENCE);
                near.write(ByteBuffer.wrap(new byte[] {1, 2}));
                near.write(ByteBuffer.wrap(new byte[] {3}));
                ByteBuffer in = ByteBuffer.allocate(8);
                assertThat(received.read(in)).as("one message").isEqualTo(2);
                in.clear();
                assertThat(received.read(in)).isEqualTo(1);
            }
            assertThat(near.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        }
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void receivedDatagramSocketReceivesWhatIsSentToItsName() throws Exception {
        try (Ends e = open(Carrier.STREAM);
                UnixDatagramSocket bound = UnixSockets.bindDatagram(address("d.sock"));
                UnixDatagramSocket sender = UnixSockets.openDatagram()) {
            e.send.send(ascii("d"), Descriptor.of(bound));
            Received r = e.receive.receive(ByteBuffer.allocate(8), 1);
            try (UnixDatagramSocket received = r.descriptors().get(0).toDatagramSocket()) {
                received.setReadTimeout(PATIENCE);
                sender.send(ascii("hello"), address("d.sock"));
                ByteBuffer in = ByteBuffer.allocate(16);
                assertThat(received.receive(in).length()).isEqualTo(5);
            }
            // The received socket owned no file: the sender's socket still has it.
            assertThat(listing()).contains("d.sock");
        }
        assertThat(listing()).doesNotContain("d.sock");
    }

    // ---- a listening socket ------------------------------------------------------------------

    private void listeningSocketAcceptsOnTheOtherSide(Carrier carrier) throws Exception {
        UnixSocketAddress address = address("listen.sock");
        try (Ends e = open(carrier); UnixServerSocket server = UnixSockets.bind(address)) {
            e.send.send(ascii("l"), Descriptor.of(server));
            Received r = e.receive.receive(ByteBuffer.allocate(8), 1);
            assertThat(r.descriptors()).hasSize(1);
            try (UnixServerSocket received = r.descriptors().get(0).toServerSocket()) {
                SocketKind.STREAM.assertServes(received, address, threads);
            }
            // Closing the received server closed its descriptor only: the file and the
            // original server are still there.
            assertThat(Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
            SocketKind.STREAM.assertServes(server, address, threads);
        }
        assertThat(listing()).doesNotContain("listen.sock");
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void listeningSocketOverStream() throws Exception {
        listeningSocketAcceptsOnTheOtherSide(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void listeningSocketOverDatagram() throws Exception {
        listeningSocketAcceptsOnTheOtherSide(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void listeningSocketOverSeqpacket() throws Exception {
        listeningSocketAcceptsOnTheOtherSide(Carrier.SEQPACKET);
    }

    // ---- none, ten, fewer wanted -------------------------------------------------------------

    private void noDescriptorsComeAsNone(Carrier carrier) throws Exception {
        try (Ends e = open(carrier)) {
            e.send.send(ascii("abc"));
            e.send.send(ascii("de"), new Descriptor[0]);
            ByteBuffer in = ByteBuffer.allocate(8);
            Received r = e.receive.receive(in, 10);
            assertThat(r.length()).isEqualTo(carrier == Carrier.STREAM ? in.position() : 3);
            assertThat(r.descriptors()).isEmpty();
            assertThat(r.droppedDescriptors()).isZero();
            if (carrier != Carrier.STREAM) {
                in.clear();
                Received second = e.receive.receive(in, 10);
                assertThat(second.length()).isEqualTo(2);
                assertThat(second.descriptors()).isEmpty();
            }
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void noDescriptorsOverStream() throws Exception {
        noDescriptorsComeAsNone(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void noDescriptorsOverDatagram() throws Exception {
        noDescriptorsComeAsNone(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void noDescriptorsOverSeqpacket() throws Exception {
        noDescriptorsComeAsNone(Carrier.SEQPACKET);
    }

    /** Opens ten files, {@code file 0} to {@code file 9}. */
    private List<FileInputStream> tenFiles() throws IOException {
        List<FileInputStream> files = new ArrayList<FileInputStream>();
        for (int i = 0; i < 10; i++) {
            files.add(new FileInputStream(file("f" + i, "file " + i).toFile()));
        }
        return files;
    }

    private static Descriptor[] borrow(List<FileInputStream> files) throws IOException {
        Descriptor[] ds = new Descriptor[files.size()];
        for (int i = 0; i < ds.length; i++) {
            ds[i] = Descriptor.of(files.get(i));
        }
        return ds;
    }

    private static void closeAll(List<? extends Closeable> all) throws IOException {
        for (Closeable c : all) {
            c.close();
        }
    }

    private void tenDescriptorsComeTogetherInOrder(Carrier carrier) throws Exception {
        List<FileInputStream> files = tenFiles();
        try (Ends e = open(carrier)) {
            e.send.send(ascii("ten"), borrow(files));
            closeAll(files);
            int before = descriptorsOn(dir);
            Received r = e.receive.receive(ByteBuffer.allocate(8), 10);
            assertThat(r.droppedDescriptors()).isZero();
            assertThat(r.descriptors()).hasSize(10);
            assertThat(descriptorsOn(dir)).isEqualTo(before + 10);
            for (int i = 0; i < 10; i++) {
                try (InputStream in = r.descriptors().get(i).openInputStream()) {
                    assertThat(readAll(in)).isEqualTo("file " + i);
                }
            }
            assertThat(descriptorsOn(dir)).isEqualTo(before);
        } finally {
            closeAll(files);
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void tenDescriptorsOverStream() throws Exception {
        tenDescriptorsComeTogetherInOrder(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void tenDescriptorsOverDatagram() throws Exception {
        tenDescriptorsComeTogetherInOrder(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void tenDescriptorsOverSeqpacket() throws Exception {
        tenDescriptorsComeTogetherInOrder(Carrier.SEQPACKET);
    }

    private void descriptorsBeyondTheMaximumAreClosedAndCounted(Carrier carrier)
            throws Exception {
        List<FileInputStream> files = tenFiles();
        try (Ends e = open(carrier)) {
            e.send.send(ascii("ten"), borrow(files));
            closeAll(files);
            int before = descriptorsOn(dir);
            Received r = e.receive.receive(ByteBuffer.allocate(8), 3);
            assertThat(r.descriptors()).hasSize(3);
            assertThat(r.droppedDescriptors()).isEqualTo(7);
            assertThat(descriptorsOn(dir)).as("the 7 not wanted are closed").isEqualTo(before + 3);
            for (int i = 0; i < 3; i++) {
                try (InputStream in = r.descriptors().get(i).openInputStream()) {
                    assertThat(readAll(in)).isEqualTo("file " + i);
                }
            }
            assertThat(descriptorsOn(dir)).isEqualTo(before);
        } finally {
            closeAll(files);
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void fewerWantedThanSentOverStream() throws Exception {
        descriptorsBeyondTheMaximumAreClosedAndCounted(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void fewerWantedThanSentOverDatagram() throws Exception {
        descriptorsBeyondTheMaximumAreClosedAndCounted(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void fewerWantedThanSentOverSeqpacket() throws Exception {
        descriptorsBeyondTheMaximumAreClosedAndCounted(Carrier.SEQPACKET);
    }

    // ---- descriptors nobody asked for --------------------------------------------------------

    /**
     * Sends a descriptor {@value #MANY} times to a receiver that asks for none (with {@code
     * receive(dst)}, then with a plain {@code read}): each is closed as it arrives, so the count
     * of open descriptors is the same afterwards, to the descriptor.
     */
    private void unwantedDescriptorsAreNeverLeaked(Carrier carrier) throws Exception {
        Path f = file("data.txt", "x");
        try (Ends e = open(carrier);
                Ends plain = carrier == Carrier.DATAGRAM ? datagramPair() : null;
                FileInputStream mine = new FileInputStream(f.toFile())) {
            Ends reading = plain != null ? plain : e;
            Descriptor d = Descriptor.of(mine);
            ByteBuffer in = ByteBuffer.allocate(16);
            // Once before counting: whatever the first use loads is loaded.
            e.send.send(ascii("w"), d);
            in.clear();
            assertThat(e.receive.receive(in, -1).droppedDescriptors()).isEqualTo(1);
            reading.send.send(ascii("w"), d);
            in.clear();
            assertThat(reading.read.read(in)).isEqualTo(1);
            int before = descriptorsOn(f);
            assertThat(before).as("descriptors on the file: the sender's own").isEqualTo(1);
            long dropped = 0;
            for (int i = 0; i < MANY; i++) {
                e.send.send(ascii("x"), d);
                in.clear();
                Received r = e.receive.receive(in, -1);
                assertThat(r.length()).isEqualTo(1);
                assertThat(r.descriptors()).isEmpty();
                dropped += r.droppedDescriptors();
            }
            assertThat(dropped).isEqualTo(MANY);
            assertThat(descriptorsOn(f)).as("descriptors open on the file after " + MANY
                    + " receives").isEqualTo(before);
            for (int i = 0; i < MANY; i++) {
                reading.send.send(ascii("y"), d);
                in.clear();
                assertThat(reading.read.read(in)).isEqualTo(1);
            }
            assertThat(descriptorsOn(f)).as("descriptors open on the file after " + MANY
                    + " plain reads").isEqualTo(before);
        }
    }

    @Test
    @RequiresCapability(FD_PASSING)
    void unwantedDescriptorsOverStreamAreNeverLeaked() throws Exception {
        unwantedDescriptorsAreNeverLeaked(Carrier.STREAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, DATAGRAM})
    void unwantedDescriptorsOverDatagramAreNeverLeaked() throws Exception {
        unwantedDescriptorsAreNeverLeaked(Carrier.DATAGRAM);
    }

    @Test
    @RequiresCapability({FD_PASSING, SEQPACKET})
    void unwantedDescriptorsOverSeqpacketAreNeverLeaked() throws Exception {
        unwantedDescriptorsAreNeverLeaked(Carrier.SEQPACKET);
    }
}
