package io.github.uds4j.junixsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The README's example of datagrams, an abstract name and a descriptor hand-over, as written
 * there (between the marked lines), with checks of what its comments say.
 */
class ReadmeExampleTest {

    @Test
    void datagramsAbstractNameAndDescriptorHandOverWorkAsTheReadmeSays() throws IOException {
        String reply;
        byte[] handedOver;
        // ---- README: begin ----
        // Datagrams: one send is one message, the sender's address comes with it.
        try (UnixDatagramSocket server = UnixSockets.bindDatagram(UnixSocketAddress.of("./dgram_server"));
             UnixDatagramSocket client = UnixSockets.bindDatagram(UnixSocketAddress.of("./dgram_client"))) {
            client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), server.getLocalAddress());
            ByteBuffer buffer = ByteBuffer.allocate(UnixDatagramSocket.typicalMaximumSize());
            Received request = server.receive(buffer);          // 4 bytes from ./dgram_client
            buffer.flip();
            server.send(buffer, request.sender());              // the reply goes back to ./dgram_client
            // ---- README: end (the checks follow) ----
            assertThat(request.length()).isEqualTo(4);
            // uds4j reports a sender it bound by the absolute path it was published at
            assertThat(request.sender()).isEqualTo(UnixSocketAddress.of(
                    Paths.get("").toRealPath().resolve("dgram_client")));
            ByteBuffer back = ByteBuffer.allocate(16);
            Received r = client.receive(back);
            assertThat(r.sender()).isEqualTo(UnixSocketAddress.of(
                    Paths.get("").toRealPath().resolve("dgram_server")));
            reply = new String(back.array(), 0, r.length(), StandardCharsets.UTF_8);
        }                                                       // both files removed
        assertThat(reply).isEqualTo("ping");
        assertThat(Paths.get("dgram_server")).doesNotExist();
        assertThat(Paths.get("dgram_client")).doesNotExist();

        // ---- README: begin ----
        // An abstract name (Linux): no file to create, protect or clean up.
        UnixSocketAddress name = UnixSocketAddress.ofAbstract("uds4j-readme");   // shown as @uds4j-readme
        try (UnixServerSocket server = UnixSockets.bind(name);
             UnixSocket client = UnixSockets.connect(name);
             UnixSocket peer = server.accept()) {
            client.getOutputStream().write('x');
            // ---- README: end ----
            assertThat(peer.getInputStream().read()).isEqualTo('x');
        }
        assertThat(name.toString()).isEqualTo("@uds4j-readme");

        // ---- README: begin ----
        // Descriptor passing: hand an open file to the other end, which reads it.
        UnixSocket[] pair = UnixSockets.backendWith(UnixSocketCapability.FD_PASSING).openPair();
        try (UnixSocket parent = pair[0]; UnixSocket child = pair[1]) {
            try (FileInputStream file = new FileInputStream("/etc/passwd")) {
                parent.send(ByteBuffer.wrap(new byte[] {1}), Descriptor.of(file));   // the file stays ours
            }
            Received got = child.receive(ByteBuffer.allocate(1), 1);   // keep at most 1 descriptor
            try (InputStream in = got.descriptors().get(0).openInputStream()) {
                // reads /etc/passwd from where the sender left it
                // ---- README: end ----
                handedOver = readAll(in);
            }
        }
        assertThat(handedOver).isEqualTo(Files.readAllBytes(Paths.get("/etc/passwd")));
    }

    @Test
    void readmeHoldsTheExampleAsTested() throws IOException {
        String readme = new String(Files.readAllBytes(Paths.get("../README.md")),
                StandardCharsets.UTF_8);
        String source = new String(Files.readAllBytes(Paths.get(
                "src/test/java/io/github/uds4j/junixsocket/ReadmeExampleTest.java")),
                StandardCharsets.UTF_8);
        StringBuilder example = new StringBuilder();
        boolean in = false;
        for (String line : source.split("\n")) {
            String t = line.trim();
            if (t.startsWith("// ---- README: begin")) {
                in = true;
            } else if (t.startsWith("// ---- README: end")) {
                in = false;
            } else if (in) {
                example.append(t).append('\n');
            }
        }
        StringBuilder flat = new StringBuilder();
        for (String line : readme.split("\n")) {
            flat.append(line.trim()).append('\n');
        }
        for (String line : example.toString().split("\n")) {
            assertThat(flat.toString()).as("README line").contains(line + "\n");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }
}
