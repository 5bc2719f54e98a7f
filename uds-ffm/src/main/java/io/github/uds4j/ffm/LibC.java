package io.github.uds4j.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The libc functions uds-ffm calls, bound once through the {@link Linker}, and the Linux socket
 * ABI: struct layouts are built from the C types the platform's linker reports ({@code int},
 * {@code short}, {@code size_t}, pointers) with the C alignment rules, not from offsets written
 * down for one libc; constants are Linux's, the same on x86_64 and aarch64 (the two platforms
 * this provider runs on; {@link FfmProvider#availability()} refuses others).
 *
 * <p>Every call that can fail captures {@code errno} ({@link Linker.Option#captureCallState})
 * into a segment owned by the calling thread ({@link #errnoState()}), read right after the call
 * by the same thread: never one segment shared between threads. A failure is thrown as an
 * {@link IOException} made by {@link Errno}.
 *
 * <p>A few calls have a second, {@linkplain Linker.Option#critical(boolean) critical} handle
 * that may read or write a Java array directly. Only calls that cannot block use it ({@code
 * MSG_DONTWAIT}): a critical call holds off the JVM's safepoints while it runs.
 */
final class LibC {
    private LibC() {}

    // ---- Linux constants (include/linux/socket.h, asm-generic/socket.h, fcntl.h, poll.h) ----

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_SEQPACKET = 5;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_TYPE = 3;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_PEERCRED = 17;
    static final int SO_ACCEPTCONN = 30;
    static final int SO_DOMAIN = 39;
    static final int SCM_RIGHTS = 1;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RD = 0;
    static final int SHUT_WR = 1;
    static final int SHUT_RDWR = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int MFD_CLOEXEC = 0x1;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;

    // errno values used by name
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ENOTSOCK = 88;
    static final int EINPROGRESS = 115;

    // ---- the platform's C types and the structs built from them ----

    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout C_INT = canonical("int");
    static final ValueLayout C_SHORT = canonical("short");
    static final ValueLayout C_SIZE_T = canonical("size_t");
    static final AddressLayout C_POINTER = (AddressLayout) canonical("void*");

    /** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }} */
    static final StructLayout SOCKADDR_UN = struct(
            C_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path"));
    static final long SUN_PATH_OFFSET = SOCKADDR_UN.byteOffset(PathElement.groupElement("sun_path"));
    static final int SUN_PATH_SIZE = 108;

    /** {@code struct iovec { void *iov_base; size_t iov_len; }} */
    static final StructLayout IOVEC = struct(C_POINTER.withName("iov_base"),
            C_SIZE_T.withName("iov_len"));

    /**
     * {@code struct msghdr} as the kernel reads it: name, namelen, iov, iovlen, control,
     * controllen, flags.
     */
    static final StructLayout MSGHDR = struct(
            C_POINTER.withName("msg_name"), C_INT.withName("msg_namelen"),
            C_POINTER.withName("msg_iov"), C_SIZE_T.withName("msg_iovlen"),
            C_POINTER.withName("msg_control"), C_SIZE_T.withName("msg_controllen"),
            C_INT.withName("msg_flags"));

    /** {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }} */
    static final StructLayout CMSGHDR = struct(C_SIZE_T.withName("cmsg_len"),
            C_INT.withName("cmsg_level"), C_INT.withName("cmsg_type"));

    /** {@code struct ucred { pid_t pid; uid_t uid; gid_t gid; }}: three C ints on Linux. */
    static final StructLayout UCRED = struct(C_INT.withName("pid"), C_INT.withName("uid"),
            C_INT.withName("gid"));

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    static final StructLayout POLLFD = struct(C_INT.withName("fd"), C_SHORT.withName("events"),
            C_SHORT.withName("revents"));

    static long offset(StructLayout s, String field) {
        return s.byteOffset(PathElement.groupElement(field));
    }

    static final long MSG_NAME = offset(MSGHDR, "msg_name");
    static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
    static final long IOV_BASE = offset(IOVEC, "iov_base");
    static final long IOV_LEN = offset(IOVEC, "iov_len");
    static final long CMSG_LEN = offset(CMSGHDR, "cmsg_len");
    static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");

    /** {@code CMSG_ALIGN(n)}: rounds up to the alignment of {@code size_t}. */
    static long cmsgAlign(long n) {
        long a = C_SIZE_T.byteSize();
        return (n + a - 1) & -a;
    }

    /** {@code CMSG_SPACE(n)}. */
    static long cmsgSpace(long n) {
        return cmsgAlign(CMSGHDR.byteSize()) + cmsgAlign(n);
    }

    /** {@code CMSG_LEN(n)}. */
    static long cmsgLen(long n) {
        return cmsgAlign(CMSGHDR.byteSize()) + n;
    }

    /** Reads a {@code size_t} field. */
    static long getSize(MemorySegment s, long offset) {
        return C_SIZE_T.byteSize() == 8 ? s.get(JAVA_LONG, offset) : s.get(JAVA_INT, offset);
    }

    /** Writes a {@code size_t} field. */
    static void setSize(MemorySegment s, long offset, long value) {
        if (C_SIZE_T.byteSize() == 8) {
            s.set(JAVA_LONG, offset, value);
        } else {
            s.set(JAVA_INT, offset, (int) value);
        }
    }

    private static ValueLayout canonical(String name) {
        MemoryLayout l = LINKER.canonicalLayouts().get(name);
        if (!(l instanceof ValueLayout v)) {
            throw new IllegalStateException("the native linker reports no C type " + name);
        }
        return v;
    }

    /** A C struct of {@code fields}: each at its alignment, the whole padded to the largest. */
    static StructLayout struct(MemoryLayout... fields) {
        List<MemoryLayout> members = new ArrayList<>();
        long offset = 0;
        long maxAlign = 1;
        for (MemoryLayout f : fields) {
            long align = f.byteAlignment();
            maxAlign = Math.max(maxAlign, align);
            long pad = (align - offset % align) % align;
            if (pad > 0) {
                members.add(MemoryLayout.paddingLayout(pad));
                offset += pad;
            }
            members.add(f);
            offset += f.byteSize();
        }
        long tail = (maxAlign - offset % maxAlign) % maxAlign;
        if (tail > 0) {
            members.add(MemoryLayout.paddingLayout(tail));
        }
        return MemoryLayout.structLayout(members.toArray(new MemoryLayout[0]));
    }

    // ---- errno, per thread ----

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** Each thread's own segment for the captured errno; freed with the thread's last use. */
    private static final ThreadLocal<MemorySegment> ERRNO_STATE = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CAPTURE));

    /** Returns the calling thread's errno segment, to pass as a call's first argument. */
    static MemorySegment errnoState() {
        return ERRNO_STATE.get();
    }

    /** Returns the errno the calling thread's last capturing call left in {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    // ---- the functions ----

    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no function " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    private static MethodHandle withErrno(String name, FunctionDescriptor fd) {
        return bind(name, fd, CAPTURE_ERRNO);
    }

    private static final ValueLayout SSIZE = C_SIZE_T;

    static final MethodHandle SOCKET = withErrno("socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    static final MethodHandle SOCKETPAIR = withErrno("socketpair",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER));
    static final MethodHandle BIND = withErrno("bind",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    static final MethodHandle LISTEN = withErrno("listen",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));
    static final MethodHandle ACCEPT4 = withErrno("accept4",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT));
    static final MethodHandle CONNECT = withErrno("connect",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    static final MethodHandle RECV = withErrno("recv",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT));
    static final MethodHandle SEND = withErrno("send",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT));
    /** {@code recv} that may write a Java array; only with {@code MSG_DONTWAIT}. */
    static final MethodHandle RECV_CRITICAL = bind("recv",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT),
            CAPTURE_ERRNO, Linker.Option.critical(true));
    /** {@code send} that may read a Java array; only with {@code MSG_DONTWAIT}. */
    static final MethodHandle SEND_CRITICAL = bind("send",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT),
            CAPTURE_ERRNO, Linker.Option.critical(true));
    /** {@code sendto}; with a null address and length 0 it is {@code send}. */
    static final MethodHandle SENDTO = withErrno("sendto",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT, C_POINTER, C_INT));
    /** {@code sendto} that may read a Java array; only with {@code MSG_DONTWAIT}. */
    static final MethodHandle SENDTO_CRITICAL = bind("sendto",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_SIZE_T, C_INT, C_POINTER, C_INT),
            CAPTURE_ERRNO, Linker.Option.critical(true));
    static final MethodHandle RECVMSG = withErrno("recvmsg",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_INT));
    static final MethodHandle SENDMSG = withErrno("sendmsg",
            FunctionDescriptor.of(SSIZE, C_INT, C_POINTER, C_INT));
    static final MethodHandle SHUTDOWN = withErrno("shutdown",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));
    static final MethodHandle CLOSE = withErrno("close", FunctionDescriptor.of(C_INT, C_INT));
    static final MethodHandle POLL = withErrno("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, JAVA_LONG, C_INT));
    static final MethodHandle GETSOCKOPT = withErrno("getsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER));
    static final MethodHandle SETSOCKOPT = withErrno("setsockopt",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT));
    static final MethodHandle GETSOCKNAME = withErrno("getsockname",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER));
    static final MethodHandle GETPEERNAME = withErrno("getpeername",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER));
    /** {@code fcntl(fd, cmd, int)}: variadic after the second argument. */
    static final MethodHandle FCNTL = bind("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    static final MethodHandle DUP = withErrno("dup", FunctionDescriptor.of(C_INT, C_INT));
    static final MethodHandle DUP3 = withErrno("dup3",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    static final MethodHandle MEMFD_CREATE = withErrno("memfd_create",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
    static final MethodHandle LSEEK = withErrno("lseek",
            FunctionDescriptor.of(JAVA_LONG, C_INT, JAVA_LONG, C_INT));

    static {
        if (C_INT != JAVA_INT && C_INT.carrier() != int.class) {
            throw new IllegalStateException("C int is not 32 bits here");
        }
        if (C_SHORT.carrier() != short.class || JAVA_SHORT.byteSize() != 2) {
            throw new IllegalStateException("C short is not 16 bits here");
        }
        if (C_SIZE_T.carrier() != long.class || !(C_POINTER.byteSize() == 8)) {
            throw new IllegalStateException("not a 64-bit platform (size_t is "
                    + C_SIZE_T.byteSize() + " bytes)");
        }
        if (ADDRESS.byteSize() != 8) {
            throw new IllegalStateException("pointers are not 64 bits");
        }
    }
}
