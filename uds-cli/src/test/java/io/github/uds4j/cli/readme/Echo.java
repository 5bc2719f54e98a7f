package io.github.uds4j.cli.readme;

// The README's first example ("The API"), a whole program: the README shows this file from
// "readme:start" to "readme:end" (ReadmeInStepTest checks it), ReadmeSamplesTest runs it, and
// .ci/readme-project.sh compiles and runs the README's copy in a project of its own.
// readme:start
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public class Echo {
    public static void main(String[] args) throws IOException, InterruptedException {
        UnixSocketAddress address = UnixSocketAddress.of("./uds_socket");
        try (UnixServerSocket server = UnixSockets.bind(address)) {      // creates ./uds_socket
            Thread echo = new Thread(() -> {
                try (UnixSocket peer = server.accept()) {
                    InputStream in = peer.getInputStream();
                    OutputStream out = peer.getOutputStream();
                    byte[] buf = new byte[16];
                    int n;
                    while ((n = in.read(buf)) >= 0) {                      // -1: the client half-closed
                        out.write(buf, 0, n);                              // echo
                    }
                } catch (IOException e) {
                    e.printStackTrace();
                }
            });
            echo.start();

            try (UnixSocket client = UnixSockets.connect(address)) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();                                   // half-close: nothing more to send
                byte[] reply = readAll(client.getInputStream());           // until the server closes
                System.out.println(new String(reply, StandardCharsets.US_ASCII));   // ping
            }
            echo.join();
        }                                                                  // removes ./uds_socket
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            bytes.write(buf, 0, n);
        }
        return bytes.toByteArray();
    }
}
// readme:end
