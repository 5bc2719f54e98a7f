package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

/** The tutorial's transcripts (test resources seed/*.txt) and the check of ours against them. */
final class Seed {
    static final String CONNECTION_FROM = "connection from ";
    static final String NO_MORE_DATA_FROM = "no more data from ";

    private Seed() {}

    static List<String> lines(String name) throws IOException {
        return Files.readAllLines(Proc.resource("seed/" + name), StandardCharsets.UTF_8);
    }

    /**
     * Asserts that {@code actual} is the tutorial's server transcript line for line. The tutorial
     * printed nothing after "connection from " and "no more data from " (Python showed the empty
     * address of an unnamed client); we may show what the provider knows of the peer there: the
     * same on both lines, in the form {@code [pid=N ]uid=N gid=N}, with this process's uid (the
     * client runs as the same user) and, when {@code clientPid} is known, the client's pid.
     */
    static void assertServerTranscript(List<String> actual, List<String> seed, long clientPid)
            throws IOException {
        assertThat(actual).as("server transcript").hasSameSizeAs(seed);
        String peer = null;
        for (int i = 0; i < seed.size(); i++) {
            String expected = seed.get(i);
            String line = actual.get(i);
            if (expected.equals(CONNECTION_FROM) || expected.equals(NO_MORE_DATA_FROM)) {
                assertThat(line).as("line %d of %s", i + 1, actual).startsWith(expected);
                String who = line.substring(expected.length());
                if (peer == null) {
                    peer = who;
                }
                assertThat(who).as("the same peer on both lines of %s", actual).isEqualTo(peer);
                assertPeer(who, clientPid);
            } else {
                assertThat(line).as("line %d of %s", i + 1, actual).isEqualTo(expected);
            }
        }
    }

    /** Asserts that {@code who} is empty or this user's process {@code pid} (if pid > 0). */
    static void assertPeer(String who, long pid) throws IOException {
        if (who.isEmpty()) {
            return;
        }
        assertThat(who).matches("(pid=\\d+ )?uid=\\d+ gid=\\d+");
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        assertThat(who).contains("uid=" + uid + " ");
        if (pid > 0 && who.startsWith("pid=")) {
            assertThat(who).startsWith("pid=" + pid + " ");
        }
    }

    /**
     * Returns the pid of {@code p}: {@code Process.pid()} on Java 9+; on Java 8, which has no
     * API for it, the private {@code pid} field of its Unix process class; -1 if neither works.
     */
    static long pid(Process p) {
        try {
            return ((Number) Process.class.getMethod("pid").invoke(p)).longValue();
        } catch (ReflectiveOperationException e) {
            try {
                java.lang.reflect.Field f = p.getClass().getDeclaredField("pid");
                f.setAccessible(true);
                return ((Number) f.get(p)).longValue();
            } catch (ReflectiveOperationException | RuntimeException notThere) {
                return -1;
            }
        }
    }

    /** Skips the test when {@code provider} cannot work on the Java running the tests. */
    static void assumeProvider(String provider) {
        if (provider.equals("jdk16")) {
            assumeTrue(Proc.javaFeature() >= 16, "the jdk16 provider needs Java 16 or newer;"
                    + " the tests run on Java " + System.getProperty("java.version"));
        }
        if (provider.equals("ffm")) {
            assumeTrue(Proc.javaFeature() >= 22, "the ffm provider needs Java 22 or newer;"
                    + " the tests run on Java " + System.getProperty("java.version"));
        }
    }
}
