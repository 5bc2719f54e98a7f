package io.github.uds4j.ffm;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.spi.ListeningSocket;
import java.io.FileDescriptor;
import java.io.IOException;

/**
 * Makes sockets of descriptors received from another process ({@link
 * io.github.uds4j.Descriptor#toUnixSocket()} and the like).
 *
 * <p>The descriptor is checked first, by asking the kernel ({@code SO_DOMAIN}, {@code SO_TYPE},
 * {@code SO_ACCEPTCONN}, {@code getpeername}), and a wrong one stays open and the caller's,
 * with the same message as junixsocket's adoption gives. A right one is duplicated for the new
 * socket ({@code F_DUPFD_CLOEXEC}) and the caller's {@code FileDescriptor} is closed: the socket
 * owns the descriptor from then on, as on the other providers, and closing it closes the
 * socket. The open file is the same, so its mode changes for the sender too: a connected socket
 * is made blocking and a listening one non-blocking (its accept waits in {@code poll}), as
 * junixsocket makes both blocking.
 *
 * <p>An adopted socket does not know its addresses: the kernel's names may be the private path a
 * uds4j server was bound at before it was moved into place.
 */
final class Adoption {
    private Adoption() {}

    static UnixSocket adoptSocket(FileDescriptor fd) throws IOException {
        int n = Fds.number(fd);
        Kind kind = Kind.of(n);
        if ((kind.type != LibC.SOCK_STREAM && kind.type != LibC.SOCK_SEQPACKET)
                || kind.listening || !kind.connected) {
            throw notA(kind, "connected Unix stream or seqpacket socket");
        }
        int own = Native.dupCloexec(n);
        try {
            Native.fcntl(own, LibC.F_SETFL,
                    Native.fcntl(own, LibC.F_GETFL, 0) & ~LibC.O_NONBLOCK);
            if (kind.type == LibC.SOCK_SEQPACKET) {
                Ancillary.passCredentials(own);
            }
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(own);
            throw e;
        }
        UnixSocket s = new FfmSocket(own, kind.type == LibC.SOCK_SEQPACKET
                ? UnixSocketType.SEQPACKET : UnixSocketType.STREAM, null, null);
        Messages.close(fd); // the socket holds its own duplicate
        return s;
    }

    static ListeningSocket adoptListening(FileDescriptor fd) throws IOException {
        int n = Fds.number(fd);
        Kind kind = Kind.of(n);
        if ((kind.type != LibC.SOCK_STREAM && kind.type != LibC.SOCK_SEQPACKET)
                || !kind.listening) {
            throw notA(kind, "listening Unix stream or seqpacket socket");
        }
        int own = Native.dupCloexec(n);
        try {
            Native.fcntl(own, LibC.F_SETFL, Native.fcntl(own, LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(own);
            throw e;
        }
        ListeningSocket s = new FfmListeningSocket(own, kind.type == LibC.SOCK_SEQPACKET
                ? UnixSocketType.SEQPACKET : UnixSocketType.STREAM, null);
        Messages.close(fd);
        return s;
    }

    static UnixDatagramSocket adoptDatagram(FileDescriptor fd) throws IOException {
        int n = Fds.number(fd);
        Kind kind = Kind.of(n);
        if (kind.type != LibC.SOCK_DGRAM) {
            throw notA(kind, "Unix datagram socket");
        }
        int own = Native.dupCloexec(n);
        try {
            Native.fcntl(own, LibC.F_SETFL,
                    Native.fcntl(own, LibC.F_GETFL, 0) & ~LibC.O_NONBLOCK);
        } catch (IOException | RuntimeException | Error e) {
            Native.closeQuietly(own);
            throw e;
        }
        UnixDatagramSocket s = new FfmDatagramSocket(own, null);
        Messages.close(fd);
        return s;
    }

    private static IOException notA(Kind kind, String wanted) {
        return new IOException("the descriptor is " + kind + ", not a " + wanted
                + " (it stays open)");
    }

    /** What a descriptor is, as the kernel says without anything being changed. */
    static final class Kind {
        /** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, or 0: not a Unix socket. */
        final int type;
        final boolean listening;
        final boolean connected;

        private Kind(int type, boolean listening, boolean connected) {
            this.type = type;
            this.listening = listening;
            this.connected = connected;
        }

        static Kind of(int n) throws IOException {
            int domain;
            try {
                domain = Native.getIntOption(n, LibC.SOL_SOCKET, LibC.SO_DOMAIN);
            } catch (IOException e) {
                if (Errno.message(LibC.ENOTSOCK).equals(e.getMessage())) {
                    return new Kind(0, false, false);
                }
                throw e;
            }
            if (domain != LibC.AF_UNIX) {
                return new Kind(0, false, false);
            }
            int type = Native.getIntOption(n, LibC.SOL_SOCKET, LibC.SO_TYPE);
            if (type != LibC.SOCK_STREAM && type != LibC.SOCK_DGRAM
                    && type != LibC.SOCK_SEQPACKET) {
                return new Kind(0, false, false);
            }
            boolean listening = type != LibC.SOCK_DGRAM
                    && Native.getIntOption(n, LibC.SOL_SOCKET, LibC.SO_ACCEPTCONN) != 0;
            boolean connected = false;
            if (!listening) {
                try {
                    Native.name(n, true);
                    connected = true;
                } catch (IOException e) {
                    // ENOTCONN
                }
            }
            return new Kind(type, listening, connected);
        }

        /** Says what it is in junixsocket's adoption's words. */
        @Override
        public String toString() {
            if (type == LibC.SOCK_SEQPACKET) {
                return "a " + (listening ? "listening" : connected ? "connected" : "unconnected")
                        + " Unix seqpacket socket";
            }
            if (type == LibC.SOCK_STREAM) {
                return listening ? "a listening Unix stream socket"
                        : connected ? "a connected Unix stream socket"
                        : "a Unix stream socket";
            }
            if (type == LibC.SOCK_DGRAM) {
                return "a Unix datagram socket";
            }
            return "not a Unix socket this provider knows";
        }
    }
}
