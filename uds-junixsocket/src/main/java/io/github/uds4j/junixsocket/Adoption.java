package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ListeningSocket;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Makes sockets of descriptors received from another process ({@link
 * io.github.uds4j.Descriptor#toUnixSocket()} and {@link
 * io.github.uds4j.Descriptor#toServerSocket()}).
 *
 * <p>The descriptor is checked before any junixsocket object that could close or shut it down
 * is made, so that a wrong one stays open and the caller's: its kind from junixsocket's {@link
 * FileDescriptorCast} (which knows stream and datagram Unix sockets only), and on Linux its type
 * and state from {@code /proc/net/unix}, found by the inode that {@code /proc/self/fd} names
 * (seqpacket sockets, and whether a socket listens, which junixsocket cannot tell).
 *
 * <p>An adopted socket does not know its addresses: the kernel's names may be the private path a
 * uds4j server was bound at before it was moved into place.
 */
final class Adoption {
    /** {@code __SO_ACCEPTCON} in {@code /proc/net/unix}'s flags: the socket listens. */
    private static final int ACCEPTCON = 1 << 16;
    /** {@code SS_CONNECTED} in {@code /proc/net/unix}'s state column. */
    private static final int CONNECTED = 3;

    private Adoption() {}

    static UnixSocket adoptSocket(FileDescriptor fd) throws IOException {
        Kind kind = Kind.of(fd);
        if (kind.seqpacket()) {
            if (kind.listening || !kind.connected) {
                throw notA(kind, "connected Unix stream or seqpacket socket");
            }
            AFUNIXSocketChannel channel = Seqpackets.channelOn(fd);
            UnixSocket s;
            try {
                s = new JunixUnixSocket(channel, UnixSocketType.SEQPACKET, null, null, null);
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(channel, e);
                throw e;
            }
            Messages.close(fd); // the socket holds its own duplicate
            return s;
        }
        if (!kind.stream() || kind.listening) {
            throw notA(kind, "connected Unix stream or seqpacket socket");
        }
        // A cast junixsocket socket never closes or shuts down its descriptor by itself: one
        // dropped here leaves the caller's descriptor as it was.
        AFUNIXSocket socket = kind.cast.as(AFUNIXSocket.class);
        if (!socket.isConnected()) {
            throw notA(kind, "connected Unix stream or seqpacket socket");
        }
        AFUNIXSocketChannel channel = socket.getChannel();
        channel.configureBlocking(true);
        return new JunixUnixSocket(channel, UnixSocketType.STREAM, null, null, fd);
    }

    static ListeningSocket adoptListening(FileDescriptor fd) throws IOException {
        Kind kind = Kind.of(fd);
        if (kind.seqpacket()) {
            if (!kind.listening) {
                throw notA(kind, "listening Unix stream or seqpacket socket");
            }
            AFUNIXServerSocketChannel channel = Seqpackets.serverChannelOn(fd);
            ListeningSocket s = new JunixListeningSocket(channel, null, null,
                    UnixSocketType.SEQPACKET);
            Messages.close(fd);
            return s;
        }
        if (!kind.stream() || kind.listening == Boolean.FALSE) {
            throw notA(kind, "listening Unix stream or seqpacket socket");
        }
        AFUNIXServerSocket server = kind.cast.as(AFUNIXServerSocket.class);
        if (kind.listening == null && (!server.isBound()
                || kind.cast.as(AFUNIXSocket.class).isConnected())) {
            throw notA(kind, "listening Unix stream or seqpacket socket");
        }
        AFUNIXServerSocketChannel channel = server.getChannel();
        channel.configureBlocking(true);
        channel.setDeleteOnClose(false);
        // The cast server leaves its descriptor open; the adopted socket owns it.
        return new JunixListeningSocket(channel, () -> Messages.close(fd), null,
                UnixSocketType.STREAM);
    }

    /**
     * Checks that {@code fd} is a Unix datagram socket, before anything could close it, for
     * {@link JunixDatagramSocket#adopt}; returns whether it is connected.
     *
     * @throws IOException if it is not one (it stays open and the caller's)
     */
    static boolean checkDatagram(FileDescriptor fd) throws IOException {
        Kind kind = Kind.of(fd);
        if (kind.seqpacket() || kind.stream() || !(kind.unixDatagram || kind.procType == 2)) {
            throw notA(kind, "Unix datagram socket");
        }
        return kind.procType != 0 ? kind.connected
                : kind.cast.as(org.newsclub.net.unix.AFUNIXDatagramSocket.class).isConnected();
    }

    private static IOException notA(Kind kind, String wanted) {
        return new IOException("the descriptor is " + kind + ", not a " + wanted
                + " (it stays open)");
    }

    /** What a descriptor is, as far as can be told without changing it. */
    private static final class Kind {
        final FileDescriptorCast cast;
        final boolean unixStream;
        final boolean unixDatagram;
        /** The socket type from /proc/net/unix (1, 2, 5), or 0 if not found there. */
        final int procType;
        /** Null where /proc/net/unix does not tell. */
        final Boolean listening;
        final boolean connected;

        private Kind(FileDescriptorCast cast, int procType, Boolean listening,
                boolean connected) throws IOException {
            this.cast = cast;
            this.unixStream = cast.isAvailable(AFUNIXSocket.class);
            this.unixDatagram = !unixStream
                    && cast.isAvailable(org.newsclub.net.unix.AFUNIXDatagramSocket.class);
            this.procType = procType;
            this.listening = listening;
            this.connected = connected;
        }

        static Kind of(FileDescriptor fd) throws IOException {
            if (fd == null) {
                throw new NullPointerException("fd == null");
            }
            FileDescriptorCast cast = FileDescriptorCast.using(fd); // IOException if not valid
            int[] proc = procNetUnix(cast);
            if (proc == null) {
                return new Kind(cast, 0, null, false);
            }
            return new Kind(cast, proc[0], (proc[1] & ACCEPTCON) != 0, proc[2] == CONNECTED);
        }

        boolean stream() {
            return unixStream || procType == 1;
        }

        boolean seqpacket() {
            return procType == 5;
        }

        /**
         * Returns the descriptor's {@code /proc/net/unix} entry as type, flags and state, or
         * null where there is none (not Linux, not a Unix socket, another network namespace).
         */
        private static int[] procNetUnix(FileDescriptorCast cast) {
            try {
                int number = cast.as(Integer.class);
                Path link = Files.readSymbolicLink(Paths.get("/proc/self/fd/" + number));
                String target = link.toString();
                if (!target.startsWith("socket:[") || !target.endsWith("]")) {
                    return null;
                }
                String inode = target.substring("socket:[".length(), target.length() - 1);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(
                        Files.newInputStream(Paths.get("/proc/net/unix")),
                        StandardCharsets.US_ASCII))) {
                    r.readLine(); // header
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        // Num RefCount Protocol Flags Type St Inode [Path]
                        String[] f = line.trim().split("\\s+");
                        if (f.length >= 7 && f[6].equals(inode)) {
                            return new int[] {Integer.parseInt(f[4], 16),
                                Integer.parseInt(f[3], 16), Integer.parseInt(f[5], 16)};
                        }
                    }
                }
                return null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            if (procType == 5) {
                return "a " + (listening ? "listening" : connected ? "connected" : "unconnected")
                        + " Unix seqpacket socket";
            }
            if (stream()) {
                return Boolean.TRUE.equals(listening) ? "a listening Unix stream socket"
                        : connected ? "a connected Unix stream socket"
                        : "a Unix stream socket";
            }
            if (unixDatagram || procType == 2) {
                return "a Unix datagram socket";
            }
            return "not a Unix socket this provider knows";
        }
    }
}
