package io.github.uds4j.cli.readme;

// The README's example of what the JDK's Unix sockets cannot do (section "Datagrams, SEQPACKET,
// abstract names, descriptor passing"): the README shows the two regions between "readme:start"
// and "readme:end", one after the other (ReadmeInStepTest checks it); ReadmeSamplesTest runs
// main and checks each line it prints.
// readme:start
import io.github.uds4j.*;
import java.io.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
// readme:end

public final class Datagrams {
    private Datagrams() {
    }

    public static void main(String[] args) throws IOException {
        // readme:start
        // Datagrams: one send is one message, the sender's address comes with it.
        try (UnixDatagramSocket server = UnixSockets.bindDatagram(UnixSocketAddress.of("./dgram_server"));
             UnixDatagramSocket client = UnixSockets.bindDatagram(UnixSocketAddress.of("./dgram_client"))) {
            client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), server.getLocalAddress());
            ByteBuffer buffer = ByteBuffer.allocate(UnixDatagramSocket.typicalMaximumSize());
            Received request = server.receive(buffer);
            System.out.println(request.length() + " bytes from " + request.sender());  // 4 bytes from /…/dgram_client
            buffer.flip();
            server.send(buffer, request.sender());              // the reply goes back to ./dgram_client
            ByteBuffer reply = ByteBuffer.allocate(16);
            Received back = client.receive(reply);
            System.out.println(new String(reply.array(), 0, back.length(), StandardCharsets.UTF_8)
                    + " from " + back.sender());                // ping from /…/dgram_server
        }                                                       // both files removed

        // An abstract name (Linux): no file to create, protect or clean up.
        UnixSocketAddress name = UnixSocketAddress.ofAbstract("uds4j-readme");
        try (UnixServerSocket server = UnixSockets.bind(name);
             UnixSocket client = UnixSockets.connect(name);
             UnixSocket peer = server.accept()) {
            client.getOutputStream().write('x');
            System.out.println((char) peer.getInputStream().read() + " over " + name);   // x over @uds4j-readme
        }

        // Descriptor passing: hand an open file to the other end, which reads it.
        UnixSocket[] pair = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING).openPair();
        try (UnixSocket parent = pair[0]; UnixSocket child = pair[1]) {
            try (FileInputStream file = new FileInputStream("/etc/passwd")) {
                parent.send(ByteBuffer.wrap(new byte[] {1}), Descriptor.of(file));   // the file stays ours
            }
            Received got = child.receive(ByteBuffer.allocate(1), 1);   // keep at most 1 descriptor
            try (InputStream in = got.descriptors().get(0).openInputStream()) {
                long total = 0;
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                }
                System.out.println("read " + total + " bytes of /etc/passwd through the descriptor");
            }
        }
        // readme:end
    }
}
