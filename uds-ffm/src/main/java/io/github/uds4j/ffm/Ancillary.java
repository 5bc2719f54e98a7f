package io.github.uds4j.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.Messages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code sendmsg} and {@code recvmsg} with control messages: descriptors ({@code SCM_RIGHTS})
 * both ways, and on receive the sender's credentials ({@code SCM_CREDENTIALS}), which tell a
 * seqpacket socket's empty message from its end, and the sender's address.
 */
final class Ancillary {
    private Ancillary() {}

    static final int SO_PASSCRED = 16;
    static final int SCM_CREDENTIALS = 2;

    /** What one {@code recvmsg} got. */
    record Result(long length, boolean truncated, boolean credentials, int[] fds,
            UnixSocketAddress sender, boolean controlTruncated) {
        /** An empty message with no credentials on a socket that asks for them: the end. */
        boolean endOfStream() {
            return length == 0 && !credentials;
        }
    }

    /**
     * Sends {@code len} bytes at {@code data} (native memory) with {@code fds}, to {@code
     * target} or the connected peer when null.
     *
     * @return the bytes sent, or {@link Native#AGAIN}
     */
    static long send(int fd, MemorySegment data, long len, UnixSocketAddress target, int[] fds,
            int flags) throws IOException {
        Scratch sc = Scratch.get();
        MemorySegment msg = sc.msg;
        msg.fill((byte) 0);
        MemorySegment iov = sc.iov;
        iov.set(LibC.C_POINTER, LibC.IOV_BASE, data);
        LibC.setSize(iov, LibC.IOV_LEN, len);
        msg.set(LibC.C_POINTER, LibC.MSG_IOV, iov);
        LibC.setSize(msg, LibC.MSG_IOVLEN, 1);
        if (target != null) {
            MemorySegment sa = sc.sockaddr;
            int salen = Native.encode(target, sa);
            msg.set(LibC.C_POINTER, LibC.MSG_NAME, sa);
            msg.set(JAVA_INT, LibC.MSG_NAMELEN, salen);
        }
        if (fds != null && fds.length > 0) {
            long space = LibC.cmsgSpace(4L * fds.length);
            MemorySegment control = sc.control.asSlice(0, space);
            control.fill((byte) 0);
            LibC.setSize(control, LibC.CMSG_LEN, LibC.cmsgLen(4L * fds.length));
            control.set(JAVA_INT, LibC.CMSG_LEVEL, LibC.SOL_SOCKET);
            control.set(JAVA_INT, LibC.CMSG_TYPE, LibC.SCM_RIGHTS);
            long dataAt = LibC.cmsgAlign(LibC.CMSGHDR.byteSize());
            for (int i = 0; i < fds.length; i++) {
                control.set(JAVA_INT, dataAt + 4L * i, fds[i]);
            }
            msg.set(LibC.C_POINTER, LibC.MSG_CONTROL, control);
            LibC.setSize(msg, LibC.MSG_CONTROLLEN, space);
        }
        return Native.sendmsg(fd, msg, flags);
    }

    /**
     * Receives one message (or the next bytes of a stream) into {@code len} bytes at {@code
     * data}, with room for {@link Messages#MAX_DESCRIPTORS} descriptors and credentials.
     * Descriptors arrive close-on-exec and become the caller's.
     *
     * @param wantSender whether to ask for the sender's address (datagrams)
     * @param flags {@code MSG_DONTWAIT} or 0; {@code MSG_TRUNC} is added for message sockets by
     *     the caller
     * @return the result, or null for {@link Native#AGAIN}
     */
    static Result receive(int fd, MemorySegment data, long len, boolean wantSender, int flags)
            throws IOException {
        return receive(fd, data, len, wantSender ? Native::decode : null, flags);
    }

    /** Turns a received {@code sockaddr_un} of {@code len} bytes into an address. */
    interface Names {
        UnixSocketAddress decode(MemorySegment sa, int len);
    }

    /**
     * Receives as {@link #receive(int, MemorySegment, long, boolean, int)}, asking for the
     * sender's address when {@code names} is not null and decoding it with them.
     */
    static Result receive(int fd, MemorySegment data, long len, Names names, int flags)
            throws IOException {
        Scratch sc = Scratch.get();
        MemorySegment msg = sc.msg;
        msg.fill((byte) 0);
        MemorySegment iov = sc.iov;
        iov.set(LibC.C_POINTER, LibC.IOV_BASE, data);
        LibC.setSize(iov, LibC.IOV_LEN, len);
        msg.set(LibC.C_POINTER, LibC.MSG_IOV, iov);
        LibC.setSize(msg, LibC.MSG_IOVLEN, 1);
        MemorySegment sa = null;
        if (names != null) {
            sa = sc.sockaddr;
            msg.set(LibC.C_POINTER, LibC.MSG_NAME, sa);
            msg.set(JAVA_INT, LibC.MSG_NAMELEN, (int) sa.byteSize());
        }
        MemorySegment control = sc.control;
        msg.set(LibC.C_POINTER, LibC.MSG_CONTROL, control);
        LibC.setSize(msg, LibC.MSG_CONTROLLEN, control.byteSize());
        long n = Native.recvmsg(fd, msg, flags);
        if (n == Native.AGAIN) {
            return null;
        }
        int msgFlags = msg.get(JAVA_INT, LibC.MSG_FLAGS);
        long controlLen = LibC.getSize(msg, LibC.MSG_CONTROLLEN);
        int[] fds = NONE;
        boolean creds = false;
        long at = 0;
        long header = LibC.cmsgAlign(LibC.CMSGHDR.byteSize());
        while (at + LibC.CMSGHDR.byteSize() <= controlLen) {
            long clen = LibC.getSize(control, at + LibC.CMSG_LEN);
            if (clen < LibC.CMSGHDR.byteSize() || at + clen > controlLen) {
                break;
            }
            int level = control.get(JAVA_INT, at + LibC.CMSG_LEVEL);
            int type = control.get(JAVA_INT, at + LibC.CMSG_TYPE);
            if (level == LibC.SOL_SOCKET && type == LibC.SCM_RIGHTS) {
                int count = (int) ((clen - header) / 4);
                int[] more = new int[fds.length + count];
                System.arraycopy(fds, 0, more, 0, fds.length);
                for (int i = 0; i < count; i++) {
                    more[fds.length + i] = control.get(JAVA_INT, at + header + 4L * i);
                }
                fds = more;
            } else if (level == LibC.SOL_SOCKET && type == SCM_CREDENTIALS) {
                creds = true;
            }
            at += LibC.cmsgAlign(clen);
        }
        UnixSocketAddress sender = null;
        if (sa != null) {
            sender = names.decode(sa, msg.get(JAVA_INT, LibC.MSG_NAMELEN));
        }
        boolean truncated = (msgFlags & LibC.MSG_TRUNC) != 0;
        return new Result(n, truncated, creds, fds, sender,
                (msgFlags & LibC.MSG_CTRUNC) != 0);
    }

    private static final int[] NONE = new int[0];

    /** Asks the kernel to attach the sender's credentials to every message {@code fd} gets. */
    static void passCredentials(int fd) throws IOException {
        MemorySegment st = LibC.errnoState();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            int r = (int) LibC.SETSOCKOPT.invokeExact(st, fd, LibC.SOL_SOCKET, SO_PASSCRED, one,
                    4);
            if (r < 0) {
                throw Errno.exception(LibC.errno(st), "setsockopt(SO_PASSCRED)");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Closes descriptors nobody will use. */
    static void closeAll(int[] fds) {
        if (fds != null) {
            for (int f : fds) {
                Native.closeQuietly(f);
            }
        }
    }
}
