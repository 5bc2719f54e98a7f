package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tutorial's "Permissions" section: a socket file {@code srwxr-xr-x} owned by root, and a
 * client running as another user, which may not connect. Needs root (to start the client as
 * nobody with {@code setpriv}); skipped otherwise.
 */
class PermissionTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    void clientWithoutWritePermissionSaysPermissionDenied(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid),
                "needs root, to run the client as another user (running as uid " + uid + ")");
        assumeTrue(Proc.available("setpriv", "--version"), "needs setpriv (util-linux)");

        Proc version = Proc.run(dir, Arrays.asList("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Proc.java(), "-version"));
        assumeTrue(version.exitValue() == 0, "uid 65534 cannot run " + Proc.java()
                + " (is it in a private directory such as /root?): " + version.err());

        // The other user must be able to read the class path and enter the directory.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classPath = copyClassPath(dir.resolve("cp"));

        Proc server = Proc.start(dir,
                Proc.uds(provider, "echo-server", "--mode", "rwxr-xr-x"));
        try {
            server.awaitOut("waiting for a connection", 1);
            List<String> command = new ArrayList<String>();
            command.add("setpriv");
            command.add("--reuid=65534");
            command.add("--regid=65534");
            command.add("--clear-groups");
            command.addAll(Proc.udsWithClassPath(classPath, provider, "echo-client"));
            Proc client = Proc.run(dir, command);
            assertThat(client.exitValue()).as("%s", client).isEqualTo(Main.FAILURE);
            assertThat(client.out()).as("%s", client).containsExactly("connecting to ./uds_socket");
            assertThat(client.err()).as("%s", client)
                    .containsExactly("uds echo-client: ./uds_socket: Permission denied");
        } finally {
            server.kill();
        }
    }

    /** Copies every entry of the tests' class path into {@code target}, readable by all. */
    private static String copyClassPath(Path target) throws IOException {
        String cp = System.getProperty("java.class.path");
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path from = Paths.get(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = target.resolve(i++ + "-" + from.getFileName());
            copy(from, to);
            b.append(b.length() == 0 ? "" : File.pathSeparator).append(to);
        }
        Files.walkFileTree(target, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                    throws IOException {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
        return b.toString();
    }

    private static void copy(final Path from, final Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                    throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
