package io.github.uds4j.cli;

import io.github.uds4j.Descriptor;
import io.github.uds4j.ProviderInfo;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link FfmOnlyTest} in a Java 22+ JVM whose class path holds uds-api, uds-jdk16,
 * uds-ffm and this class, nothing else: does each step named on the command line with uds4j's
 * public API, in the directory given first, and prints {@code ok: STEP DETAILS} or {@code
 * failed: STEP EXCEPTION} for each. Exits 1 if a step failed.
 *
 * <ul>
 *   <li>{@code providers}: junixsocket is not there; jdk16 and ffm are, both available
 *   <li>{@code stream}: a stream over a path goes to jdk16, as by default
 *   <li>{@code peer-pid}: a stream from {@code backendWith(PEER_PID)}: the accepted side sees
 *       this process's pid
 *   <li>{@code abstract}: a stream server on an abstract name, a byte each way
 *   <li>{@code datagram}: a datagram to a socket bound to a path, with the sender's name
 *   <li>{@code fd-passing}: a file's descriptor sent over a socketpair, read on the other side
 * </ul>
 */
public final class FfmOnlyProbe {
    private FfmOnlyProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        int failed = 0;
        for (int i = 1; i < args.length; i++) {
            String step = args[i];
            try {
                System.out.println("ok: " + step + " " + run(step, dir.resolve("s" + i)));
            } catch (Exception | AssertionError e) {
                failed++;
                System.out.println("failed: " + step + " " + e);
                e.printStackTrace(System.out);
            }
            System.out.flush();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String run(String step, Path at) throws Exception {
        switch (step) {
            case "providers": return providers();
            case "stream": return stream(at);
            case "peer-pid": return peerPid(at);
            case "abstract": return abstractName();
            case "datagram": return datagram(at);
            case "fd-passing": return fdPassing(at);
            default: throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private static String providers() {
        try {
            Class.forName("org.newsclub.net.unix.AFSocket");
            throw new AssertionError("junixsocket is on the class path");
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        List<String> found = new ArrayList<String>();
        for (ProviderInfo p : UnixSockets.report().candidates()) {
            if (!p.isAvailable()) {
                throw new AssertionError(p.name() + " is unavailable: " + p.reason());
            }
            found.add(p.name());
        }
        return String.join(",", found);
    }

    private static String stream(Path at) throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(at);
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address);
                UnixSocket accepted = server.accept()) {
            exchange(client, accepted);
            return client.providerName() + " " + accepted.providerName();
        }
    }

    private static String peerPid(Path at) throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(at);
        try (UnixServerSocket server =
                        UnixSockets.backendWith(UnixSocketCapability.PEER_PID).bind(address);
                UnixSocket client =
                        UnixSockets.backendWith(UnixSocketCapability.PEER_PID).connect(address);
                UnixSocket accepted = server.accept()) {
            exchange(client, accepted);
            long pid = Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
            long seen = accepted.getPeerCredentials().pid().getAsLong();
            if (seen != pid) {
                throw new AssertionError("peer pid " + seen + ", this process is " + pid);
            }
            return client.providerName() + " " + accepted.providerName() + " pid=" + seen
                    + " (this process)";
        }
    }

    private static String abstractName() throws Exception {
        UnixSocketAddress address = UnixSocketAddress.ofAbstract("uds4j-ffm-only-"
                + Long.toHexString(new Random().nextLong()));
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address);
                UnixSocket accepted = server.accept()) {
            exchange(client, accepted);
            return client.providerName() + " " + accepted.providerName();
        }
    }

    private static String datagram(Path at) throws Exception {
        Path senderPath = at.resolveSibling(at.getFileName() + "-sender");
        try (UnixDatagramSocket server = UnixSockets.bindDatagram(UnixSocketAddress.of(at));
                UnixDatagramSocket client =
                        UnixSockets.bindDatagram(UnixSocketAddress.of(senderPath))) {
            client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)),
                    server.getLocalAddress());
            ByteBuffer b = ByteBuffer.allocate(64);
            Received r = server.receive(b);
            b.flip();
            String text = StandardCharsets.UTF_8.decode(b).toString();
            if (!text.equals("ping") || !UnixSocketAddress.of(senderPath).equals(r.sender())) {
                throw new AssertionError("received '" + text + "' from " + r.sender());
            }
            return server.providerName() + " " + client.providerName();
        }
    }

    private static String fdPassing(Path at) throws Exception {
        Files.write(at, "passed".getBytes(StandardCharsets.UTF_8));
        UnixSocket[] pair = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING).openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1];
                FileInputStream file = new FileInputStream(at.toFile())) {
            a.send(ByteBuffer.wrap(new byte[] {'f'}), Descriptor.of(file));
            Received r = b.receive(ByteBuffer.allocate(8), 1);
            if (r.length() != 1 || r.descriptors().size() != 1) {
                throw new AssertionError("received " + r);
            }
            try (Descriptor d = r.descriptors().get(0); InputStream in = d.openInputStream()) {
                byte[] buf = new byte[16];
                int n = in.read(buf);
                String text = new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                if (!text.equals("passed")) {
                    throw new AssertionError("read '" + text + "' through the passed descriptor");
                }
            }
            return a.providerName() + " " + b.providerName();
        }
    }

    private static void exchange(UnixSocket client, UnixSocket accepted) throws Exception {
        client.getOutputStream().write('x');
        if (accepted.getInputStream().read() != 'x') {
            throw new AssertionError("the byte did not arrive");
        }
        accepted.getOutputStream().write('y');
        if (client.getInputStream().read() != 'y') {
            throw new AssertionError("the answer did not arrive");
        }
    }
}
