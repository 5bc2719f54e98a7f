package io.github.uds4j.ffm;

import io.github.uds4j.Descriptor;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Between descriptor numbers and {@link FileDescriptor}s, which have no public way in or out,
 * without any JVM flag.
 *
 * <p><b>Number to FileDescriptor</b> ({@link #adopt}, {@link #view}). java.io opens a private
 * marker file ({@link RandomAccessFile}), which gives a {@code FileDescriptor} whose number is
 * not known; the marker is seeked to an offset no other open file of the process has (a
 * process-wide counter from 2<sup>41</sup> on), and the number is found by asking each number
 * from 0 up for its offset ({@code lseek(n, 0, SEEK_CUR)}, which changes nothing) and checking
 * that the one with that offset names the marker ({@code /proc/self/fd}). The kernel gives the
 * lowest free number, so the search ends at the marker. Then {@code dup3(received, marker,
 * O_CLOEXEC)} makes that number refer to the received file, and the received number is closed:
 * the {@code FileDescriptor} is java.io's own, closed by its streams and, if dropped open, by
 * java.io's cleaner. Adopts from many threads at once each have their own marker offset.
 *
 * <p><b>FileDescriptor to number</b> ({@link #lend}, {@link #number}), in this order:
 * <ol>
 *   <li>the ones made here are remembered (weakly): received ones by number, a socket's view by
 *       its socket, which a send keeps open for its length;
 *   <li>with {@code --add-opens java.base/java.io=ALL-UNNAMED} (or this module's name), the
 *       field;
 *   <li>a file that can seek: its position is moved to an offset no other open file has, the
 *       numbers whose offset it is are moved once more to make sure, and the position is put
 *       back (a thread reading the same open file meanwhile would see the move);
 *   <li>anything else (a pipe, a socket): a one-byte POSIX record lock at such an offset, which
 *       {@code /proc/self/fdinfo} lists under the descriptors of that open file only, then
 *       unlocked. Not tried on seekable files, where it could split a lock the process holds.
 * </ol>
 * What a probe found is remembered for that {@code FileDescriptor}. Lent numbers are not
 * duplicated: closing a duplicate would drop every POSIX record lock the process holds on the
 * file; the caller keeps the descriptor open while the send runs, as junixsocket's native code
 * also needs. Adopting does close the received number after moving it: a file received by the
 * process that holds POSIX locks on it loses them, as any close of it does.
 */
final class Fds {
    private Fds() {}

    /** What is known of a FileDescriptor made or probed here. */
    private record Known(int number, SocketFd owner) {}

    /** FileDescriptors by identity (it has no equals), held weakly. */
    private static final Map<FileDescriptor, Known> KNOWN =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** Offsets and lock positions no other open file of the process has: one per use. */
    private static final AtomicLong MARKS = new AtomicLong(
            (1L << 41) + (new SecureRandom().nextLong() >>> 34 << 8));

    /** Probes move a user's file position or lock: one at a time. */
    private static final ReentrantLock PROBING = new ReentrantLock();

    /** Numbers beyond this are not searched for a marker (the search ends at the marker). */
    private static final int SEARCH_LIMIT = 1 << 20;

    /** The field, if java.io is opened to this module. */
    private static final Field FD_FIELD = fdField();

    private static Field fdField() {
        try {
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not opened to us: the usual case
        }
    }

    /** The private file java.io opens to get a FileDescriptor, made on first use. */
    private static final class Marker {
        static final String PATH;
        static final Path TARGET;
        static final IOException FAILURE;

        static {
            String path = null;
            Path target = null;
            IOException failure = null;
            try {
                byte[] r = new byte[8];
                new SecureRandom().nextBytes(r);
                StringBuilder name = new StringBuilder("uds4j-fd-marker-");
                for (byte b : r) {
                    name.append(Character.forDigit(b >> 4 & 0xf, 16))
                            .append(Character.forDigit(b & 0xf, 16));
                }
                int memfd = Native.memfd(name.toString());
                path = "/proc/self/fd/" + memfd;
                target = Files.readSymbolicLink(Paths.get(path));
            } catch (IOException | RuntimeException e) {
                failure = new IOException("cannot make the marker file that turns a descriptor"
                        + " number into a FileDescriptor (memfd_create, /proc/self/fd): " + e, e);
            }
            PATH = path;
            TARGET = target;
            FAILURE = failure;
        }
    }

    // ---- number to FileDescriptor ----

    /**
     * Opens the marker and finds its number.
     *
     * @return the marker's FileDescriptor and number (second)
     */
    private static FileDescriptor openMarker(int[] number) throws IOException {
        if (Marker.FAILURE != null) {
            throw new IOException(Marker.FAILURE.getMessage(), Marker.FAILURE);
        }
        RandomAccessFile marker = new RandomAccessFile(Marker.PATH, "r");
        boolean ok = false;
        try {
            long mark = MARKS.getAndIncrement();
            marker.seek(mark);
            for (int n = 0; n < SEARCH_LIMIT; n++) {
                if (Native.lseek(n, 0, LibC.SEEK_CUR) == mark && isMarker(n)) {
                    number[0] = n;
                    ok = true;
                    return marker.getFD();
                }
            }
            throw new IOException("the marker file's descriptor was not found among the first "
                    + SEARCH_LIMIT + " numbers");
        } finally {
            if (!ok) {
                marker.close();
            }
        }
    }

    private static boolean isMarker(int n) {
        try {
            return Files.readSymbolicLink(Paths.get("/proc/self/fd/" + n)).equals(Marker.TARGET);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Wraps received numbers, which become the returned objects' (closed by them).
     *
     * @return the FileDescriptors, null if none came
     * @throws IOException if one cannot be wrapped (all numbers are closed)
     */
    static FileDescriptor[] adopt(int[] fds) throws IOException {
        return adopt(fds, Integer.MAX_VALUE);
    }

    /**
     * Wraps the first {@code max} received numbers and closes the others at once, leaving null
     * in their places (which {@link io.github.uds4j.internal.Messages#received} counts).
     *
     * @return the FileDescriptors, null if none came
     * @throws IOException if one cannot be wrapped (all numbers are closed)
     */
    static FileDescriptor[] adopt(int[] fds, int max) throws IOException {
        if (fds == null || fds.length == 0) {
            return null;
        }
        FileDescriptor[] out = new FileDescriptor[fds.length];
        int i = 0;
        try {
            for (; i < fds.length; i++) {
                if (i >= max) {
                    Native.closeQuietly(fds[i]);
                    continue;
                }
                int[] n = new int[1];
                FileDescriptor d = openMarker(n);
                try {
                    Native.dup3(fds[i], n[0], LibC.O_CLOEXEC);
                } catch (IOException | RuntimeException | Error e) {
                    new FileInputStream(d).close();
                    throw e;
                }
                Native.closeQuietly(fds[i]);
                KNOWN.put(d, new Known(n[0], null));
                out[i] = d;
            }
            return out;
        } catch (IOException | RuntimeException | Error e) {
            for (int j = 0; j < i; j++) {
                if (out[j] != null) {
                    try {
                        new FileInputStream(out[j]).close();
                    } catch (IOException s) {
                        e.addSuppressed(s);
                    }
                }
            }
            for (int j = i; j < fds.length; j++) {
                Native.closeQuietly(fds[j]);
            }
            throw e;
        }
    }

    /**
     * A FileDescriptor of its own for an open socket of this provider, to lend it: a second
     * number for the socket. The socket closes it with itself ({@link #closeView}).
     *
     * @return the view; not valid if the socket is closed
     */
    static FileDescriptor view(SocketFd fd) {
        int[] n = new int[1];
        int f;
        try {
            f = fd.enter();
        } catch (ClosedChannelException e) {
            return new FileDescriptor(); // not valid
        }
        try {
            FileDescriptor d = openMarker(n);
            try {
                Native.dup3(f, n[0], LibC.O_CLOEXEC);
            } catch (IOException | RuntimeException | Error e) {
                new FileInputStream(d).close();
                throw e;
            }
            KNOWN.put(d, new Known(n[0], fd));
            return d;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a FileDescriptor for " + fd + ": "
                    + e.getMessage(), e);
        } finally {
            fd.leave();
        }
    }

    /**
     * Closes a socket's view, through java.io, which closes a number once only: a view closed
     * before never closes the number again, whoever has it now.
     */
    static void closeView(FileDescriptor view) {
        if (view != null && view.valid()) {
            try {
                new FileInputStream(view).close();
            } catch (IOException e) {
                // the number is released either way
            }
        }
    }

    // ---- FileDescriptor to number ----

    /** Descriptors lent for one send: their numbers, valid until {@link #close()}. */
    interface Lent extends Closeable {
        int[] numbers();

        @Override
        void close();
    }

    /**
     * Finds the numbers of descriptors to send. A socket of this provider stays open (its
     * close waits) until {@link Lent#close()}; the others are the caller's, to keep open
     * meanwhile.
     *
     * @throws ClosedChannelException if one was closed or handed over
     * @throws IOException if a number cannot be found (the message names the flag that helps)
     */
    static Lent lend(Descriptor[] descriptors) throws IOException {
        int[] numbers = new int[descriptors.length];
        List<SocketFd> entered = new ArrayList<>();
        boolean ok = false;
        try {
            for (int i = 0; i < descriptors.length; i++) {
                FileDescriptor d = descriptors[i].fileDescriptor();
                Known k = KNOWN.get(d);
                if (k != null && k.owner() != null) {
                    if (!d.valid()) {
                        throw new IOException("the socket to send (descriptor " + (i + 1)
                                + " of " + descriptors.length + ") is closed");
                    }
                    try {
                        numbers[i] = k.owner().enter();
                    } catch (ClosedChannelException e) {
                        throw new IOException("the socket to send (descriptor " + (i + 1)
                                + " of " + descriptors.length + ") is closed", e);
                    }
                    entered.add(k.owner());
                } else {
                    numbers[i] = number(d);
                }
            }
            ok = true;
            return new Lent() {
                @Override
                public int[] numbers() {
                    return numbers;
                }

                @Override
                public void close() {
                    leaveAll(entered);
                }
            };
        } finally {
            if (!ok) {
                leaveAll(entered);
            }
        }
    }

    private static void leaveAll(List<SocketFd> entered) {
        for (SocketFd s : entered) {
            s.leave();
        }
        entered.clear();
    }

    /**
     * Returns the number of an open FileDescriptor; see the class comment for how.
     *
     * @throws IOException if it is not valid, or its number cannot be found
     */
    static int number(FileDescriptor d) throws IOException {
        if (!d.valid()) {
            throw new IOException("the descriptor is not valid (closed)");
        }
        Known k = KNOWN.get(d);
        if (k != null) {
            return k.number();
        }
        if (FD_FIELD != null) {
            try {
                return FD_FIELD.getInt(d);
            } catch (IllegalAccessException e) {
                // fall through to the probes
            }
        }
        PROBING.lock();
        try {
            k = KNOWN.get(d);
            if (k != null) {
                return k.number();
            }
            int n = seekProbe(d);
            if (n < 0) {
                n = lockProbe(d);
            }
            if (n < 0 || !d.valid()) {
                throw new IOException("cannot find the number of a FileDescriptor that provider"
                        + " ffm did not make (it is neither a file that can seek nor one that"
                        + " takes a record lock); run with --add-opens"
                        + " java.base/java.io=ALL-UNNAMED (or this module's name) to let it"
                        + " read it");
            }
            KNOWN.put(d, new Known(n, null));
            return n;
        } finally {
            PROBING.unlock();
        }
    }

    /** The number by a file position no other open file has; -1 if it cannot seek. */
    private static int seekProbe(FileDescriptor d) {
        FileChannel ch = new FileInputStream(d).getChannel();
        long saved;
        try {
            saved = ch.position();
        } catch (IOException | RuntimeException e) {
            return -1; // a pipe, a socket
        }
        try {
            long first = MARKS.getAndIncrement();
            long second = MARKS.getAndIncrement();
            ch.position(first);
            if (ch.position() != first) {
                return -1; // a device that ignores seeks
            }
            List<Integer> found = new ArrayList<>();
            for (int n : openNumbers()) {
                if (Native.lseek(n, 0, LibC.SEEK_CUR) == first) {
                    found.add(n);
                }
            }
            ch.position(second);
            for (int n : found) {
                if (Native.lseek(n, 0, LibC.SEEK_CUR) == second) {
                    return n; // this open file, or a duplicate of it: the same to send
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1; // beyond what the file system allows, say
        } finally {
            try {
                ch.position(saved);
            } catch (IOException | RuntimeException e) {
                // it could seek a moment ago; nothing better to do
            }
        }
    }

    /** The number by a record lock no other open file has; -1 if none can be taken. */
    private static int lockProbe(FileDescriptor d) {
        long at = MARKS.getAndIncrement();
        FileLock lock = tryLock(new FileInputStream(d).getChannel(), at, true);
        if (lock == null) {
            lock = tryLock(new FileOutputStream(d).getChannel(), at, false);
        }
        if (lock == null) {
            return -1;
        }
        try {
            String range = " " + at + " " + at;
            for (int n : openNumbers()) {
                try {
                    for (String line : Files.readAllLines(Paths.get("/proc/self/fdinfo/" + n))) {
                        if (line.startsWith("lock:") && line.endsWith(range)
                                && (line.contains(" POSIX ") || line.contains(" OFDLCK "))) {
                            return n;
                        }
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
            return -1;
        } catch (IOException e) {
            return -1; // no /proc/self/fd
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                // the range is ours alone; a close of the file drops it anyway
            }
        }
    }

    private static FileLock tryLock(FileChannel ch, long at, boolean shared) {
        try {
            return ch.tryLock(at, 1, shared);
        } catch (IOException | OverlappingFileLockException | IllegalArgumentException
                | java.nio.channels.NonReadableChannelException
                | java.nio.channels.NonWritableChannelException e) {
            return null; // EBADF for the other access mode, a file type without locks
        }
    }

    /** The numbers open now, from {@code /proc/self/fd}. */
    private static List<Integer> openNumbers() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path p : s) {
                numbers.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        return numbers;
    }

    /** The number made or found for {@code d}, if any; for tests. */
    static int knownNumber(FileDescriptor d) {
        Known k = KNOWN.get(d);
        return k == null ? -1 : k.number();
    }
}
