package io.github.uds4j.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java class as an unprivileged user (uid and gid 65534) with {@code setpriv}, so that
 * file permissions really apply: the tests run as root, for whom they do not. The class path is
 * copied to a world-readable directory first, since the build's own may sit under a private home.
 */
final class UnprivilegedJava {
    static final int UID = 65534;

    private UnprivilegedJava() {}

    /**
     * Runs {@code mainClass} with {@code args} as uid 65534, with the running provider forced,
     * and returns what it printed. Skips the calling test, saying why, where that is impossible.
     */
    static String run(Path workDir, String provider, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runAs(UID, workDir, provider, mainClass, args);
    }

    /**
     * As {@link #run}, as user and group {@code uid}, which needs no entry in {@code /etc/passwd}.
     */
    static String runAs(long uid, Path workDir, String provider, String mainClass,
            String... args) throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/setpriv").canExecute(),
                "setpriv is not installed: cannot run a client as an unprivileged user");
        assumeTrue(isRoot(), "tests do not run as root: cannot switch to an unprivileged user");
        Path cp = Files.createTempDirectory("uds4j-cp");
        try {
            Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString("rwxr-xr-x"));
            String classPath = copyClassPath(cp);
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<String>();
            command.add("/usr/bin/setpriv");
            command.add("--reuid=" + uid);
            command.add("--regid=" + uid);
            command.add("--clear-groups");
            command.add(java);
            // As the test JVMs: JDK 24+ would print a native-access warning for junixsocket;
            // JVMs that do not know the option skip it.
            command.add("-XX:+IgnoreUnrecognizedVMOptions");
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-Duds4j.provider=" + provider);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            for (String a : args) {
                command.add(a);
            }
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("unprivileged child did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            assumeTrue(p.exitValue() == 0, "java cannot run as uid " + uid + " (exit "
                    + p.exitValue() + "): " + text);
            return text;
        } finally {
            deleteTree(cp);
        }
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    private static String copyClassPath(Path into) throws IOException {
        StringBuilder cp = new StringBuilder();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty() || !Files.exists(Paths.get(entry))) {
                continue;
            }
            Path source = Paths.get(entry);
            Path target = into.resolve((i++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                copyTree(source, target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(target);
        }
        makeReadable(into);
        return cp.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
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

    private static void makeReadable(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return Bytes.readAll(in);
    }
}
