package io.github.uds4j.ffm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Descriptor;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketType;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ffm-specific pieces of descriptor passing: numbers to FileDescriptors and back ({@link
 * Fds}), under concurrency, without leaks; a socket's view; adoption's checks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.US_ASCII));
    }

    /** A raw number of {@code f}, opened by libc's side (a socketpair end to carry it). */
    private static int rawDup(FileDescriptor d) throws IOException {
        return Native.dupCloexec(Fds.number(d));
    }

    /**
     * Counts this process's descriptors that these tests could leak: on files of the test
     * directory, on the marker, on sockets. Not all of /proc/self/fd: the JVM opens other files
     * meanwhile (a class file). The marker's own memfd is made before the first count.
     */
    private int openCount() throws IOException {
        Fds.closeView(Fds.adopt(new int[] {Native.memfd("warm-up")})[0]);
        String here = dir.toRealPath().toString();
        int n = 0;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String t = Files.readSymbolicLink(p).toString();
                    if (t.startsWith(here) || t.contains("uds4j-fd-marker")
                            || t.startsWith("socket:") || t.contains("warm-up")) {
                        n++;
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        return n;
    }

    private static String target(int n) throws IOException {
        return Files.readSymbolicLink(Paths.get("/proc/self/fd/" + n)).toString();
    }

    @Test
    void adoptedNumberBecomesTheFileDescriptorsAndIsReadThroughJavaIo() throws Exception {
        Path f = file("a.txt", "abcdef");
        try (FileInputStream mine = new FileInputStream(f.toFile())) {
            assertThat(mine.read()).isEqualTo('a');
            int raw = rawDup(mine.getFD());
            FileDescriptor[] got = Fds.adopt(new int[] {raw});
            assertThat(got).hasSize(1);
            int n = Fds.knownNumber(got[0]);
            assertThat(n).isNotEqualTo(raw);
            assertThat(target(n)).isEqualTo(f.toRealPath().toString());
            assertThat(Native.lseek(raw, 0, LibC.SEEK_CUR)).as("received number closed")
                    .isEqualTo(-1);
            try (FileInputStream theirs = new FileInputStream(got[0])) {
                assertThat(theirs.read()).as("the same open file: shared offset")
                        .isEqualTo('b');
                assertThat(Fds.number(got[0])).isEqualTo(n);
            }
            assertThat(got[0].valid()).isFalse();
            assertThat(mine.read()).isEqualTo('c');
        }
    }

    @Test
    void unknownFileDescriptorsAreFoundWithoutFlags() throws Exception {
        Path f = file("b.txt", "0123456789");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw");
                FileOutputStream out = new FileOutputStream(dir.resolve("c.txt").toFile())) {
            raf.seek(3);
            int n = Fds.number(raf.getFD());
            assertThat(target(n)).isEqualTo(f.toRealPath().toString());
            assertThat(raf.getFilePointer()).as("position put back").isEqualTo(3);
            assertThat(Native.lseek(n, 0, LibC.SEEK_CUR)).isEqualTo(3);
            int m = Fds.number(out.getFD());
            assertThat(target(m)).isEqualTo(dir.resolve("c.txt").toRealPath().toString());
        }
    }

    @Test
    void aPipesWriteEndIsFoundByItsRecordLockNotItsReadEnd() throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (java.nio.channels.Pipe.SourceChannel src = pipe.source();
                java.nio.channels.Pipe.SinkChannel sink = pipe.sink()) {
            List<Integer> ends = new ArrayList<>();
            try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    try {
                        if (Files.readSymbolicLink(p).toString().startsWith("pipe:")) {
                            ends.add(Integer.parseInt(p.getFileName().toString()));
                        }
                    } catch (IOException gone) {
                        // the listing's own
                    }
                }
            }
            assertThat(ends).isNotEmpty();
            for (int end : ends) {
                String link = target(end);
                boolean write = (Native.fcntl(end, LibC.F_GETFL, 0) & 3) == 1;
                if (write) {
                    try (FileOutputStream w = new FileOutputStream("/proc/self/fd/" + end)) {
                        int n = Fds.number(w.getFD());
                        assertThat(target(n)).isEqualTo(link);
                        assertThat(Native.fcntl(n, LibC.F_GETFL, 0) & 3).as("a write end")
                                .isEqualTo(1);
                        assertThat(n).isNotEqualTo(end).as("the new open file, not the JDK's");
                    }
                }
            }
        }
    }

    @Test
    void manyThreadsAdoptingAtOnceEachGetTheirOwnFileAndNothingLeaks() throws Exception {
        int threads = 8;
        int rounds = 500; // per thread: 4,000 adopts
        List<Path> files = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            files.add(file("t" + t, "thread " + t));
        }
        int before = openCount();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Path f = files.get(t);
                String expected = "thread " + t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < rounds; i++) {
                        try (FileInputStream in = new FileInputStream(f.toFile())) {
                            FileDescriptor[] got = Fds.adopt(new int[] {rawDup(in.getFD())});
                            try (FileInputStream theirs = new FileInputStream(got[0])) {
                                String s = new String(theirs.readAllBytes(),
                                        StandardCharsets.US_ASCII);
                                assertThat(s).isEqualTo(expected);
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> d : done) {
                total += d.get(100, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(threads * rounds);
        } finally {
            pool.shutdownNow();
        }
        assertThat(openCount()).as("descriptors open before and after").isEqualTo(before);
    }

    @Test
    void unwantedNumbersAreClosedAndLeftOut() throws Exception {
        Path f = file("u.txt", "x");
        int before = openCount();
        try (FileInputStream in = new FileInputStream(f.toFile())) {
            int[] raw = {rawDup(in.getFD()), rawDup(in.getFD()), rawDup(in.getFD())};
            FileDescriptor[] got = Fds.adopt(raw, 1);
            assertThat(got[0].valid()).isTrue();
            assertThat(got[1]).isNull();
            assertThat(got[2]).isNull();
            new FileInputStream(got[0]).close();
        }
        assertThat(openCount()).isEqualTo(before);
    }

    @Test
    void aSocketsViewIsClosedWithItAndNeverClosesAReusedNumber() throws Exception {
        int before = openCount();
        UnixSocket[] pair = new FfmProvider().openPair();
        FfmSocket s = (FfmSocket) pair[0];
        FileDescriptor view = s.fileDescriptor();
        int n = Fds.knownNumber(view);
        assertThat(n).isNotEqualTo(s.fd().number());
        assertThat(target(n)).isEqualTo(target(s.fd().number()));
        assertThat(s.fileDescriptor()).isSameAs(view);
        s.close();
        assertThat(view.valid()).as("closed with the socket").isFalse();
        // The number is free again: whoever gets it keeps it when the view is closed again.
        Path f = file("v.txt", "v");
        try (FileInputStream other = new FileInputStream(f.toFile())) {
            Fds.closeView(view);
            new FileInputStream(view).close();
            assertThat(other.read()).isEqualTo('v');
        }
        assertThat(s.fileDescriptor().valid()).as("no view of a closed socket").isFalse();
        pair[1].close();
        assertThat(openCount()).isEqualTo(before);
    }

    @Test
    void aViewSentKeepsItsSocketOpenUntilTheSendEnds() throws Exception {
        UnixSocket[] carrier = new FfmProvider().openPair();
        UnixSocket[] pair = new FfmProvider().openPair();
        try {
            Descriptor d = Descriptor.of(pair[0]);
            try (Fds.Lent lent = Fds.lend(new Descriptor[] {d})) {
                assertThat(lent.numbers()[0]).isEqualTo(((FfmSocket) pair[0]).fd().number());
                pair[0].close(); // no call in flight but the lend: the number stays
                assertThat(target(lent.numbers()[0])).as("still open while lent")
                        .startsWith("socket:");
            }
            assertThatThrownBy(() -> Fds.lend(new Descriptor[] {d}))
                    .isInstanceOf(IOException.class);
        } finally {
            carrier[0].close();
            carrier[1].close();
            pair[1].close();
        }
    }

    /**
     * Lending does not duplicate and close: a POSIX record lock the process holds on a file it
     * sends is still held after the send ({@code /proc/locks} lists it for this process). A
     * receive in the same process drops it: adopting closes the received number after moving it
     * onto java.io's, and POSIX drops the process's locks on any close of the file.
     */
    @Test
    void aRecordLockOnASentFileIsKeptBySendingAndDroppedByReceivingHere() throws Exception {
        Path f = file("l.txt", "locked");
        UnixSocket[] pair = new FfmProvider().openPair();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw");
                FileChannel ch = raf.getChannel(); FileLock lock = ch.lock()) {
            assertThat(locksOn(f)).isEqualTo(1);
            pair[0].send(java.nio.ByteBuffer.wrap(new byte[] {1}), Descriptor.of(raf));
            assertThat(locksOn(f)).as("the send keeps the lock").isEqualTo(1);
            io.github.uds4j.Received r = pair[1].receive(java.nio.ByteBuffer.allocate(1), 1);
            assertThat(locksOn(f)).as("a receive here drops it (current behaviour)").isZero();
            r.descriptors().get(0).close();
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** This process's POSIX locks on {@code f}, from /proc/locks. */
    private static int locksOn(Path f) throws IOException {
        Object ino = Files.getAttribute(f, "unix:ino");
        long pid = ProcessHandle.current().pid();
        int n = 0;
        for (String line : Files.readAllLines(Paths.get("/proc/locks"))) {
            String[] w = line.trim().split("\\s+");
            if (line.contains("POSIX") && w.length > 5 && w[4].equals(Long.toString(pid))
                    && w[5].endsWith(":" + ino)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void adoptionRefusesWrongKindsWithJunixsocketsWordsAndLeavesThemOpen() throws Exception {
        FfmProvider p = new FfmProvider();
        Path f = file("k.txt", "k");
        try (FileInputStream in = new FileInputStream(f.toFile())) {
            assertThatThrownBy(() -> p.adoptSocket(in.getFD())).isInstanceOf(IOException.class)
                    .hasMessage("the descriptor is not a Unix socket this provider knows, not a"
                            + " connected Unix stream or seqpacket socket (it stays open)");
            assertThat(in.getFD().valid()).isTrue();
        }
        UnixSocket[] pair = p.openPair();
        try {
            FileDescriptor d = ((FfmSocket) pair[0]).fileDescriptor();
            assertThatThrownBy(() -> p.adoptListening(d)).isInstanceOf(IOException.class)
                    .hasMessage("the descriptor is a connected Unix stream socket, not a"
                            + " listening Unix stream or seqpacket socket (it stays open)");
            assertThatThrownBy(() -> p.adoptDatagram(d)).isInstanceOf(IOException.class)
                    .hasMessage("the descriptor is a connected Unix stream socket, not a"
                            + " Unix datagram socket (it stays open)");
            assertThat(d.valid()).isTrue();
        } finally {
            pair[0].close();
            pair[1].close();
        }
        UnixSocket[] seq = p.openSeqpacketPair();
        try {
            int raw = Native.dupCloexec(((FfmSocket) seq[0]).fd().number());
            FileDescriptor d = Fds.adopt(new int[] {raw})[0];
            try (UnixSocket adopted = p.adoptSocket(d)) {
                assertThat(d.valid()).as("handed over: the socket has its own").isFalse();
                assertThat(adopted.type()).isEqualTo(UnixSocketType.SEQPACKET);
                seq[0].close();
                adopted.getOutputStream().write(7);
                assertThat(seq[1].getInputStream().read()).isEqualTo(7);
            }
        } finally {
            seq[0].close();
            seq[1].close();
        }
    }
}
