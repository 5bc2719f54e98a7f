package io.github.uds4j.cli;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.cli.readme.Datagrams;
import io.github.uds4j.cli.readme.Echo;
import io.github.uds4j.cli.readme.OkHttp;
import io.github.uds4j.cli.readme.Permissions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's code samples (package {@code io.github.uds4j.cli.readme}, kept equal to the
 * README by {@link ReadmeInStepTest}) and checks that they do what the README says. The two whole
 * programs run in a JVM of their own, like the test JVM, in an empty directory; that directory is
 * empty again afterwards, and they print nothing on stderr.
 */
class ReadmeSamplesTest {
    @TempDir
    Path dir;

    @Test
    void theApiExampleEchoesPingAndRemovesItsSocketFile() throws Exception {
        Proc p = Proc.run(dir, program(Echo.class));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).as("%s", p).containsExactly("ping");
        assertThat(p.err()).as("%s", p).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void theDatagramAbstractNameAndDescriptorExampleDoesWhatItsCommentsSay() throws Exception {
        Proc p = Proc.run(dir, program(Datagrams.class));
        assertThat(p.exitValue()).as("%s", p).isZero();
        Path real = dir.toRealPath();
        assertThat(p.out()).as("%s", p).containsExactly(
                "4 bytes from " + real.resolve("dgram_client"),
                "ping from " + real.resolve("dgram_server"),
                "x over @uds4j-readme",
                "read " + Files.size(Paths.get("/etc/passwd"))
                        + " bytes of /etc/passwd through the descriptor");
        assertThat(p.err()).as("%s", p).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void thePermissionsExampleLetsInTheOwnerAndGroupOnlyAndAllowedUidsOnly() throws Exception {
        String group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
        long uid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        Path file = dir.resolve("api.sock");
        try (UnixServerSocket server = Permissions.listen(file.toString(), group)) {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class,
                    NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-rw----");
            assertThat(a.group().getName()).isEqualTo(group);
            server.setAcceptTimeout(Duration.ofSeconds(1));
            try (UnixSocket client = UnixSockets.connect(UnixSocketAddress.of(file))) {
                if (uid == 0 || uid == 1000) { // the sample's allowedUids(0, 1000)
                    try (UnixSocket peer = server.accept()) {
                        peer.getOutputStream().write('y');
                    }
                    assertThat(client.getInputStream().read()).isEqualTo('y');
                } else {
                    // Our connection is closed at accept time; accept waits for another.
                    assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
                    assertThat(client.getInputStream().read()).isEqualTo(-1);
                }
            }
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void theOkHttpExampleGetsHelloFromTheSocketFile() throws Exception {
        Path file = dir.resolve("api.sock");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (UnixServerSocket server = UnixSockets.bind(UnixSocketAddress.of(file))) {
            Future<List<String>> request = thread.submit(() -> answerOnce(server));
            assertThat(OkHttp.hello(file.toString())).isEqualTo("hello\n");
            assertThat(request.get(Proc.LIMIT_SECONDS, TimeUnit.SECONDS))
                    .contains("GET /hello HTTP/1.1", "Host: localhost");
        } finally {
            thread.shutdownNow();
        }
    }

    /** Reads one HTTP request's head, answers "hello\n" and closes; returns the head's lines. */
    private static List<String> answerOnce(UnixServerSocket server) throws IOException {
        try (UnixSocket peer = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(peer.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<String>();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                head.add(line);
            }
            OutputStream out = peer.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n"
                    + "Connection: close\r\n\r\nhello\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return head;
        }
    }

    /** {@code java -cp <the tests' class path> MAIN} (native access as the README says). */
    private static List<String> program(Class<?> main) {
        return Proc.javaMain(System.getProperty("java.class.path"), main.getName());
    }
}
