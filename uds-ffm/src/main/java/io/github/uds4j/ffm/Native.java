package io.github.uds4j.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The libc calls as Java methods: each captures {@code errno} in the calling thread's segment,
 * retries on {@code EINTR}, and throws what {@link Errno} makes of a failure. Calls that may
 * have nothing to do yet ({@link #AGAIN}) return it instead of throwing.
 */
final class Native {
    private Native() {}

    /** Returned by the calls that were asked not to wait and would have. */
    static final long AGAIN = -2;

    static IOException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    // Every handle is invoked with (errno state, args...). MethodHandle.invokeExact needs the
    // exact types; these wrappers keep that in one place.

    static int socket(int type) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.SOCKET.invokeExact(st, LibC.AF_UNIX, type | LibC.SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(LibC.errno(st), "socket");
        }
        return r;
    }

    static int[] socketpair(int type) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            int r = (int) LibC.SOCKETPAIR.invokeExact(st, LibC.AF_UNIX, type | LibC.SOCK_CLOEXEC,
                    0, sv);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "socketpair");
            }
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void bind(int fd, UnixSocketAddress address) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(LibC.SOCKADDR_UN);
            int len = encode(address, sa);
            int r = (int) LibC.BIND.invokeExact(st, fd, sa, len);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "bind");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void listen(int fd, int backlog) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.LISTEN.invokeExact(st, fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(LibC.errno(st), "listen");
        }
    }

    /**
     * Accepts a connection, close-on-exec and blocking; {@link #AGAIN} when {@code fd} is
     * non-blocking and none is waiting.
     */
    static int accept(int fd) throws IOException {
        MemorySegment st = LibC.errnoState();
        int flags = LibC.SOCK_CLOEXEC;
        while (true) {
            int r;
            try {
                r = (int) LibC.ACCEPT4.invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL,
                        flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR || e == 103 /* ECONNABORTED */) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return (int) AGAIN;
            }
            throw Errno.exception(e, "accept");
        }
    }

    /**
     * Connects; returns 0 when connected, {@link #AGAIN} when a non-blocking socket's connect
     * would have to wait (a full backlog).
     */
    static int connect(int fd, UnixSocketAddress address) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(LibC.SOCKADDR_UN);
            int len = encode(address, sa);
            while (true) {
                int r = (int) LibC.CONNECT.invokeExact(st, fd, sa, len);
                if (r == 0) {
                    return 0;
                }
                int e = LibC.errno(st);
                if (e == LibC.EINTR) {
                    continue;
                }
                if (e == LibC.EAGAIN || e == LibC.EINPROGRESS) {
                    return (int) AGAIN;
                }
                throw Errno.exception(e, "connect");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code recv}; {@link #AGAIN} when it would block. */
    static long recv(int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            long r;
            try {
                r = (long) LibC.RECV.invokeExact(st, fd, buf, len, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "recv");
        }
    }

    /** {@code recv(MSG_DONTWAIT)} straight into a Java array; {@link #AGAIN} when empty. */
    static long recvCritical(int fd, byte[] b, int off, int len) throws IOException {
        MemorySegment st = LibC.errnoState();
        MemorySegment seg = MemorySegment.ofArray(b).asSlice(off, len);
        while (true) {
            long r;
            try {
                r = (long) LibC.RECV_CRITICAL.invokeExact(st, fd, seg, (long) len,
                        LibC.MSG_DONTWAIT);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "recv");
        }
    }

    /** {@code send(MSG_NOSIGNAL | flags)}; {@link #AGAIN} when it would block. */
    static long send(int fd, MemorySegment buf, long len, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            long r;
            try {
                r = (long) LibC.SEND.invokeExact(st, fd, buf, len, flags | LibC.MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "send");
        }
    }

    /** {@code send(MSG_DONTWAIT | MSG_NOSIGNAL)} straight from a Java array. */
    static long sendCritical(int fd, byte[] b, int off, int len) throws IOException {
        MemorySegment st = LibC.errnoState();
        MemorySegment seg = MemorySegment.ofArray(b).asSlice(off, len);
        while (true) {
            long r;
            try {
                r = (long) LibC.SEND_CRITICAL.invokeExact(st, fd, seg, (long) len,
                        LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "send");
        }
    }

    /**
     * {@code sendto(MSG_NOSIGNAL | flags)} of {@code len} bytes at {@code buf} (native memory)
     * to the {@code salen} bytes of address at {@code sa}, or to the connected peer when {@code
     * sa} is {@link MemorySegment#NULL}; {@link #AGAIN} when it would block.
     */
    static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment sa,
            int salen) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            long r;
            try {
                r = (long) LibC.SENDTO.invokeExact(st, fd, buf, len, flags | LibC.MSG_NOSIGNAL,
                        sa, salen);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "sendto");
        }
    }

    /**
     * {@code sendto(MSG_DONTWAIT | MSG_NOSIGNAL)} straight from a Java array, as {@link
     * #sendto}; {@link #AGAIN} when it would block.
     */
    static long sendtoCritical(int fd, byte[] b, int off, int len, MemorySegment sa, int salen)
            throws IOException {
        MemorySegment st = LibC.errnoState();
        MemorySegment seg = MemorySegment.ofArray(b).asSlice(off, len);
        while (true) {
            long r;
            try {
                r = (long) LibC.SENDTO_CRITICAL.invokeExact(st, fd, seg, (long) len,
                        LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL, sa, salen);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "sendto");
        }
    }

    /**
     * {@code recv(MSG_DONTWAIT | flags)} straight into a Java array ({@code MSG_TRUNC} makes it
     * return a datagram's whole length); {@link #AGAIN} when empty.
     */
    static long recvCritical(int fd, byte[] b, int off, int len, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        MemorySegment seg = MemorySegment.ofArray(b).asSlice(off, len);
        while (true) {
            long r;
            try {
                r = (long) LibC.RECV_CRITICAL.invokeExact(st, fd, seg, (long) len,
                        LibC.MSG_DONTWAIT | flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "recv");
        }
    }

    /** {@code recvmsg}; {@link #AGAIN} when it would block. */
    static long recvmsg(int fd, MemorySegment msg, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            long r;
            try {
                r = (long) LibC.RECVMSG.invokeExact(st, fd, msg, flags | LibC.MSG_CMSG_CLOEXEC);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "recvmsg");
        }
    }

    /** {@code sendmsg(MSG_NOSIGNAL | flags)}; {@link #AGAIN} when it would block. */
    static long sendmsg(int fd, MemorySegment msg, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            long r;
            try {
                r = (long) LibC.SENDMSG.invokeExact(st, fd, msg, flags | LibC.MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return r;
            }
            int e = LibC.errno(st);
            if (e == LibC.EINTR) {
                continue;
            }
            if (e == LibC.EAGAIN) {
                return AGAIN;
            }
            throw Errno.exception(e, "sendmsg");
        }
    }

    /**
     * Waits until {@code fd} has one of {@code events} or {@code millis} pass (-1: no limit).
     *
     * @return the events that came, 0 when the time passed
     */
    static int poll(int fd, short events, int millis) throws IOException {
        MemorySegment st = LibC.errnoState();
        try {
            MemorySegment p = Scratch.get().pollfd;
            p.set(JAVA_INT, LibC.offset(LibC.POLLFD, "fd"), fd);
            p.set(JAVA_SHORT, LibC.offset(LibC.POLLFD, "events"), events);
            long deadline = millis < 0 ? 0 : System.nanoTime() + millis * 1_000_000L;
            int wait = millis;
            while (true) {
                int r = (int) LibC.POLL.invokeExact(st, p, 1L, wait);
                if (r > 0) {
                    return p.get(JAVA_SHORT, LibC.offset(LibC.POLLFD, "revents"));
                }
                if (r == 0) {
                    return 0;
                }
                int e = LibC.errno(st);
                if (e != LibC.EINTR) {
                    throw Errno.exception(e, "poll");
                }
                if (millis >= 0) {
                    wait = (int) Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Waits {@code millis} in the kernel ({@code poll(2)} on no descriptor): the pause between
     * two tries of a connect whose server's backlog is full. Waiting in a native call, as the
     * JDK's blocking connect does, a thread shows in its stack that it is blocked in connect;
     * parked in Java it looked idle between tries of a few microseconds. A signal ends the pause
     * early, which only makes the next try come sooner.
     */
    static void connectPause(int millis) throws IOException {
        MemorySegment st = LibC.errnoState();
        try {
            int r = (int) LibC.POLL.invokeExact(st, MemorySegment.NULL, 0L, millis);
            if (r < 0 && LibC.errno(st) != LibC.EINTR) {
                throw Errno.exception(LibC.errno(st), "poll");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void shutdown(int fd, int how) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.SHUTDOWN.invokeExact(st, fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(LibC.errno(st), "shutdown");
        }
    }

    static void shutdownQuietly(int fd, int how) {
        try {
            shutdown(fd, how);
        } catch (IOException e) {
            // not connected, or already shut: nothing to wake
        }
    }

    static void close(int fd) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        // EINTR: Linux has released the number already; retrying could close another file.
        if (r < 0 && LibC.errno(st) != LibC.EINTR) {
            throw Errno.exception(LibC.errno(st), "close");
        }
    }

    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (IOException e) {
            // the number is released either way
        }
    }

    static int getIntOption(int fd, int level, int name) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            int r = (int) LibC.GETSOCKOPT.invokeExact(st, fd, level, name, v, len);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "getsockopt");
            }
            return v.get(JAVA_INT, 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code SO_PEERCRED}: pid, uid, gid. */
    static int[] peerCredentials(int fd) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(LibC.UCRED);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) LibC.UCRED.byteSize());
            int r = (int) LibC.GETSOCKOPT.invokeExact(st, fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED,
                    v, len);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "getsockopt(SO_PEERCRED)");
            }
            return new int[] {v.get(JAVA_INT, LibC.offset(LibC.UCRED, "pid")),
                v.get(JAVA_INT, LibC.offset(LibC.UCRED, "uid")),
                v.get(JAVA_INT, LibC.offset(LibC.UCRED, "gid"))};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getsockname} / {@code getpeername}; null for an unnamed socket. */
    static UnixSocketAddress name(int fd, boolean peer) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(LibC.SOCKADDR_UN);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) LibC.SOCKADDR_UN.byteSize());
            int r = peer ? (int) LibC.GETPEERNAME.invokeExact(st, fd, sa, len)
                    : (int) LibC.GETSOCKNAME.invokeExact(st, fd, sa, len);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), peer ? "getpeername" : "getsockname");
            }
            return decode(sa, len.get(JAVA_INT, 0));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(int fd, int cmd, int arg) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.FCNTL.invokeExact(st, fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(LibC.errno(st), "fcntl");
        }
        return r;
    }

    static int dup(int fd) throws IOException {
        MemorySegment st = LibC.errnoState();
        int r;
        try {
            r = (int) LibC.DUP.invokeExact(st, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(LibC.errno(st), "dup");
        }
        return r;
    }

    /**
     * {@code dup3(from, to, flags)}: {@code to} then refers to what {@code from} refers to,
     * atomically (whatever {@code to} referred to is closed).
     */
    static void dup3(int from, int to, int flags) throws IOException {
        MemorySegment st = LibC.errnoState();
        while (true) {
            int r;
            try {
                r = (int) LibC.DUP3.invokeExact(st, from, to, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r >= 0) {
                return;
            }
            int e = LibC.errno(st);
            if (e != LibC.EINTR && e != 16 /* EBUSY */) {
                throw Errno.exception(e, "dup3");
            }
        }
    }

    /** A new number for what {@code fd} refers to, close-on-exec ({@code F_DUPFD_CLOEXEC}). */
    static int dupCloexec(int fd) throws IOException {
        return fcntl(fd, LibC.F_DUPFD_CLOEXEC, 0);
    }

    /** {@code memfd_create(name, MFD_CLOEXEC)}: an anonymous file in memory. */
    static int memfd(String name) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) LibC.MEMFD_CREATE.invokeExact(st, a.allocateFrom(name),
                    LibC.MFD_CLOEXEC);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "memfd_create");
            }
            return r;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code lseek}; -1 when the file cannot seek (a pipe, a socket). */
    static long lseek(int fd, long offset, int whence) {
        MemorySegment st = LibC.errnoState();
        try {
            return (long) LibC.LSEEK.invokeExact(st, fd, offset, whence);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---- struct sockaddr_un ----

    /** Fills {@code sa} with {@code address}; returns the length to pass. */
    static int encode(UnixSocketAddress address, MemorySegment sa) {
        sa.fill((byte) 0);
        sa.set(JAVA_SHORT, 0, (short) LibC.AF_UNIX);
        byte[] name;
        int extra;
        if (address.isAbstract()) {
            name = address.abstractName();
            sa.set(java.lang.foreign.ValueLayout.JAVA_BYTE, LibC.SUN_PATH_OFFSET, (byte) 0);
            MemorySegment.copy(name, 0, sa, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    LibC.SUN_PATH_OFFSET + 1, name.length);
            return (int) (LibC.SUN_PATH_OFFSET + 1 + name.length);
        }
        name = address.toString().getBytes(ProviderSupport.fileNameCharset());
        extra = 1; // the terminating NUL
        if (name.length + extra > LibC.SUN_PATH_SIZE) {
            throw new IllegalArgumentException(address + ": path of " + name.length
                    + " bytes is too long for a socket address");
        }
        MemorySegment.copy(name, 0, sa, java.lang.foreign.ValueLayout.JAVA_BYTE,
                LibC.SUN_PATH_OFFSET, name.length);
        return (int) (LibC.SUN_PATH_OFFSET + name.length + extra);
    }

    /** The address in {@code sa} of {@code len} bytes, or null for an unnamed socket. */
    static UnixSocketAddress decode(MemorySegment sa, int len) {
        int n = (int) (len - LibC.SUN_PATH_OFFSET);
        if (n <= 0) {
            return null;
        }
        byte[] raw = sa.asSlice(LibC.SUN_PATH_OFFSET, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (raw[0] == 0) {
            return UnixSocketAddress.ofAbstract(Arrays.copyOfRange(raw, 1, n));
        }
        int end = 0;
        while (end < n && raw[end] != 0) {
            end++;
        }
        if (end == 0) {
            return null;
        }
        return UnixSocketAddress.of(new String(raw, 0, end, ProviderSupport.fileNameCharset()));
    }
}
