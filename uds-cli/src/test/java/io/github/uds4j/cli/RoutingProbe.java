package io.github.uds4j.cli;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.cli.bench.StartupProbe;
import java.nio.ByteBuffer;
import java.nio.file.Paths;

/**
 * Run by {@link RoutingTest} in a fresh JVM (with {@code -verbose:class}): does each step named
 * on the command line, in order, in the directory given first, and prints after each a mark
 * line {@code probe: STEP ...}: the provider that made the sockets and how many junixsocket
 * native libraries the process has mapped, so that the class-loading log can be split there.
 *
 * <ul>
 *   <li>{@code stream}: binds a stream server on a path, connects, accepts, sends a byte each
 *       way; prints {@code probe: stream CLIENT_PROVIDER ACCEPTED_PROVIDER LIBRARIES}
 *   <li>{@code abstract}: the same over an abstract name (which jdk16 cannot bind); prints
 *       {@code probe: abstract CLIENT_PROVIDER ACCEPTED_PROVIDER LIBRARIES}
 *   <li>{@code datagram}: a datagram pair, a datagram each way; prints {@code probe: datagram
 *       PROVIDER LIBRARIES}, or {@code probe: datagram unsupported MESSAGE} if it throws
 *       {@link UnsupportedOperationException}
 * </ul>
 */
public final class RoutingProbe {
    static final String MARK = "probe: ";

    private RoutingProbe() {}

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        for (int i = 1; i < args.length; i++) {
            String step = args[i];
            if (step.equals("stream")) {
                stream("stream", UnixSocketAddress.of(Paths.get(dir, "s" + i + ".sock")));
            } else if (step.equals("abstract")) {
                stream("abstract", UnixSocketAddress.ofAbstract("uds4j-routing-"
                        + unique() + "-" + i));
            } else if (step.equals("datagram")) {
                datagram();
            } else {
                throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    private static void stream(String step, UnixSocketAddress address) throws Exception {
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address);
                UnixSocket accepted = server.accept()) {
            client.getOutputStream().write('x');
            if (accepted.getInputStream().read() != 'x') {
                throw new AssertionError("the byte did not arrive");
            }
            accepted.getOutputStream().write('y');
            if (client.getInputStream().read() != 'y') {
                throw new AssertionError("the answer did not arrive");
            }
            mark(step + " " + client.providerName() + " " + accepted.providerName() + " "
                    + StartupProbe.nativeLibraries());
        }
    }

    private static void datagram() throws Exception {
        UnixDatagramSocket[] pair;
        try {
            pair = UnixSockets.openDatagramPair();
        } catch (UnsupportedOperationException e) {
            mark("datagram unsupported " + e.getMessage());
            return;
        }
        try {
            pair[0].write(ByteBuffer.wrap(new byte[] {'d'}));
            ByteBuffer b = ByteBuffer.allocate(16);
            if (pair[1].read(b) != 1 || b.get(0) != 'd') {
                throw new AssertionError("the datagram did not arrive");
            }
            mark("datagram " + pair[0].providerName() + " " + StartupProbe.nativeLibraries());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** A part of an abstract name that no other run uses at the same time. */
    private static String unique() {
        return Long.toHexString(System.nanoTime()) + "-"
                + Long.toHexString(new java.util.Random().nextLong());
    }

    private static void mark(String line) {
        System.out.println(MARK + line);
        System.out.flush();
    }
}
