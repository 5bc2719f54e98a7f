package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.UnixSockets;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program with uds-api, uds-jdk16 and uds-ffm only, no junixsocket, on Java 22+ ({@link
 * FfmOnlyProbe} in a child JVM whose class path holds exactly those three modules' classes and
 * the probe): datagrams, abstract names, descriptor passing and peer pid all work, through ffm,
 * while plain streams stay on jdk16. The child JVM is the test JVM if it is Java 22+, else the
 * first Java 22+ named in UDS4J_TEST_JAVA_HOMES (homes separated by ':'; .ci/run names Java 25
 * in the JDK 17 run).
 */
class FfmOnlyTest {
    private static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    @Test
    void datagramsAbstractNamesDescriptorPassingAndPeerPidWorkWithoutJunixsocket(
            @TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, probe(dir, true, "providers", "stream", "peer-pid", "abstract",
                "datagram", "fd-passing"));
        List<String> out = p.out();
        assertThat(out).as("%s", p).contains("ok: providers jdk16,ffm", "ok: stream jdk16 jdk16",
                "ok: abstract ffm ffm", "ok: datagram ffm ffm", "ok: fd-passing ffm ffm");
        assertThat(out).as("%s", p).anyMatch(l -> l.matches(
                "ok: peer-pid ffm ffm pid=\\d+ \\(this process\\)"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.err()).as("with %s, no warning: %s", FLAG, p).isEmpty();
    }

    @Test
    void withoutTheFlagTheJvmWarnsAboutFfmsRestrictedCallsOnce(@TempDir Path dir)
            throws Exception {
        Proc p = Proc.run(dir, probe(dir, false, "peer-pid", "abstract"));
        assertThat(p.out()).as("%s", p).anyMatch(l -> l.startsWith("ok: peer-pid ffm ffm "))
                .contains("ok: abstract ffm ffm");
        assertThat(p.exitValue()).as("%s", p).isZero();
        // JEP 472's wording for a caller on the class path (Java 24+; Java 22-23 warn the same
        // way about java.lang.foreign's restricted methods).
        List<String> err = p.err();
        assertThat(err).as("%s", p).contains(
                "WARNING: A restricted method in java.lang.foreign.Linker has been called",
                "WARNING: Use " + FLAG + " to avoid a warning for callers in this module");
        assertThat(err).as("%s", p).anyMatch(l -> l.matches("WARNING: java\\.lang\\.foreign\\."
                + "Linker::\\w+ has been called by io\\.github\\.uds4j\\.ffm\\.\\w+ in an unnamed"
                + " module.*"));
        assertThat(err.stream().filter(l -> l.startsWith("WARNING: A restricted method")))
                .as("once per module: %s", p).hasSize(1);
    }

    /** The command that runs the probe on a Java 22+ with exactly the three modules. */
    private static List<String> probe(Path dir, boolean flag, String... steps)
            throws IOException, URISyntaxException {
        String java = java22();
        Path probeClasses = dir.resolve("probe-classes");
        copyProbe(probeClasses);
        List<String> classPath = new ArrayList<String>();
        classPath.add(root(UnixSockets.class.getClassLoader(),
                "io/github/uds4j/UnixSockets.class"));
        classPath.add(root(UnixSockets.class.getClassLoader(),
                "io/github/uds4j/jdk16/Jdk16Provider.class"));
        classPath.add(root(UnixSockets.class.getClassLoader(),
                "io/github/uds4j/ffm/FfmProvider.class"));
        classPath.add(probeClasses.toString());
        assertThat(classPath).noneMatch(e -> e.contains("junixsocket"));
        List<String> c = new ArrayList<String>();
        c.add(java);
        if (flag) {
            c.add(FLAG);
        }
        c.add("-cp");
        c.add(String.join(File.pathSeparator, classPath));
        c.add(FfmOnlyProbe.class.getName());
        c.add(dir.toString());
        c.addAll(Arrays.asList(steps));
        return c;
    }

    /** The class-path entry (directory or jar) that holds {@code resource}. */
    private static String root(ClassLoader loader, String resource) throws URISyntaxException {
        URL url = loader.getResource(resource);
        assertThat(url).as("%s on the tests' class path", resource).isNotNull();
        String s = url.toString();
        if (s.startsWith("jar:")) {
            return Paths.get(new java.net.URI(s.substring(4, s.indexOf("!/")))).toString();
        }
        Path file = Paths.get(url.toURI());
        for (int i = resource.split("/").length; i > 0; i--) {
            file = file.getParent();
        }
        return file.toString();
    }

    /** Copies FfmOnlyProbe's class files (and its nested ones, if any) to {@code to}. */
    private static void copyProbe(Path to) throws IOException, URISyntaxException {
        String name = FfmOnlyProbe.class.getName().replace('.', '/') + ".class";
        Path from = Paths.get(FfmOnlyProbe.class.getClassLoader().getResource(name).toURI())
                .getParent();
        Path target = to.resolve(name).getParent();
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String n = f.getFileName().toString();
                if (n.equals("FfmOnlyProbe.class") || n.startsWith("FfmOnlyProbe$")) {
                    Files.copy(f, target.resolve(n));
                }
            }
        }
    }

    /** The test JVM's java if it is Java 22+, else the first Java 22+ in UDS4J_TEST_JAVA_HOMES. */
    private static String java22() throws IOException {
        if (Proc.javaFeature() >= 22) {
            return Proc.java();
        }
        String homes = System.getenv("UDS4J_TEST_JAVA_HOMES");
        if (homes != null) {
            for (String home : homes.split(File.pathSeparator)) {
                Path release = Paths.get(home.trim(), "release");
                if (!home.trim().isEmpty() && Files.isReadable(release)) {
                    Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(1\\.)?(\\d+)").matcher(
                            new String(Files.readAllBytes(release), StandardCharsets.UTF_8));
                    if (m.find() && Integer.parseInt(m.group(2)) >= 22) {
                        return Paths.get(home.trim(), "bin", "java").toString();
                    }
                }
            }
        }
        assumeTrue(false, "needs Java 22+ (the ffm provider): the tests run on Java "
                + System.getProperty("java.version") + " and UDS4J_TEST_JAVA_HOMES names none");
        return null;
    }
}
