package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Errors whose message used to mislead: each names the path and says what is really there, with
 * the same type on every provider.
 */
public abstract class ErrorMessageContract extends ContractTestBase {

    @Test
    void bindOverALiveDatagramSocketIsABindExceptionAndLeavesIt() throws Exception {
        UnixSocketAddress address = address("dgram.sock");
        Process python = datagramServer(address.getPath());
        try {
            Object inode = fileKey(address.getPath());
            assertThatThrownBy(() -> UnixSockets.bind(address))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("in use by a running server");
            assertThat(fileKey(address.getPath())).isEqualTo(inode);
            assertThatThrownBy(() -> UnixSockets.connect(address))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("a socket of another type");
            assertThat(python.isAlive()).isTrue();
        } finally {
            python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void unknownGroupNamesTheGroupAndThePathAndCreatesNothing() {
        UnixSocketAddress address = address("group.sock");
        assertThatThrownBy(() -> UnixSockets.bind(address,
                BindOptions.defaults().group("no-such-group-uds4j")))
                .isInstanceOf(UserPrincipalNotFoundException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("no group named 'no-such-group-uds4j'");
        assertThat(safeListing()).isEmpty();
    }

    @Test
    void fifoBehindALinkIsNotASocket() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);
        UnixSocketAddress address = UnixSocketAddress.of(link);
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("is a fifo, not a socket");
    }

    @Test
    void linkLoopIsCalledALoop() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        UnixSocketAddress address = UnixSocketAddress.of(a);
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining(address.toString())
                .hasMessageContaining("loop")
                .hasMessageNotContaining("dangling");
        assertThatThrownBy(() -> UnixSockets.bind(address))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("a symbolic link");
        assertThat(Files.isSymbolicLink(a)).isTrue();
    }

    @Test
    void directoryNameThatIsNotValidInTheEncodingIsRejectedClearly() throws Exception {
        // A directory whose name has the byte 0xFF, which no encoding the JDK uses for file
        // names here can decode: made by the shell, found by listing.
        Process p = new ProcessBuilder("/bin/sh", "-c", "mkdir \"$(printf 'd\\377')\"")
                .directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Path odd = null;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path entry : s) {
                odd = entry;
            }
        }
        assertThat(odd).isNotNull();
        Path socket = odd.resolve("s");
        assertThatThrownBy(() -> UnixSocketAddress.of(socket))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("not valid");
    }

    @Test
    void bindWithoutWritePermissionNamesThePathNotAPrivateDirectory() throws Exception {
        Path closed = Files.createDirectory(dir.resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path socket = closed.resolve("s.sock");
        String out = UnprivilegedJava.run(dir, UnixSockets.backend().name(),
                BindAndReport.class.getName(), socket.toString());
        assertThat(out).startsWith(AccessDeniedException.class.getName() + " " + socket + " ");
        assertThat(out).doesNotContain(".uds4j-").doesNotContain("/.jx");
        assertThat(safeListing()).containsExactly("closed");
    }

    /** Binds at the path given and prints the failure's type, file and message. */
    public static final class BindAndReport {
        private BindAndReport() {}

        public static void main(String[] args) {
            try {
                UnixSockets.bind(UnixSocketAddress.of(args[0])).close();
                System.out.println("bound");
            } catch (FileSystemException e) {
                System.out.println(e.getClass().getName() + " " + e.getFile() + " "
                        + e.getMessage());
            } catch (Exception e) {
                System.out.println(e.getClass().getName() + " - " + e.getMessage());
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private List<String> safeListing() {
        try {
            return listing();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Object fileKey(Path p) throws java.io.IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Starts python3 with a datagram socket bound at {@code path}; it waits on its input. */
    private static Process datagramServer(Path path) throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is not installed");
        List<String> command = new ArrayList<String>();
        command.add("/usr/bin/python3");
        command.add("-c");
        command.add("import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
                + "s.bind(sys.argv[1])\n"
                + "print('ready',flush=True)\n"
                + "sys.stdin.read()\n");
        command.add(path.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(r.readLine()).isEqualTo("ready");
        return p;
    }
}
