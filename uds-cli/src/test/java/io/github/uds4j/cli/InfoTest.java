package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code uds info}, and what happens when the provider asked for cannot be had. */
class InfoTest {
    /** An em dash, or the hyphen that replaces it where standard output cannot show it. */
    private static final String DASH = "(\u2014|-)";

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void infoNamesTheForcedProviderAndEveryProviderFound(String provider, @TempDir Path dir)
            throws Exception {
        Seed.assumeProvider(provider);
        Proc p = Proc.run(dir, Proc.uds(provider, "info"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.err()).as("%s", p).isEmpty();
        List<String> out = p.out();
        assertThat(out.get(0)).matches("uds4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(out).anyMatch(l -> l.startsWith("java: " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ", "));
        assertThat(out).contains("requested: uds4j.provider=" + provider);
        assertThat(out).anyMatch(l -> l.matches("provider: " + provider + " " + DASH
                + " forced by -Duds4j.provider=" + provider));
        assertThat(out).contains("providers found:", "  junixsocket: available",
                "    class: io.github.uds4j.junixsocket.JunixsocketProvider, priority 100");
        assertThat(out).anyMatch(l -> l.startsWith("    capabilities: ")
                && l.contains("NATIVE_SOCKETPAIR") && l.contains("NATIVE_LIBRARY"));
        long capabilityLines = 1;
        if (Proc.javaFeature() >= 16) {
            assertThat(out).contains("  jdk16: available",
                    "    class: io.github.uds4j.jdk16.Jdk16Provider, priority 200");
            assertThat(out).anyMatch(l -> l.startsWith("    capabilities: ")
                    && l.contains("EMULATED_SOCKETPAIR") && !l.contains("NATIVE_LIBRARY"));
            capabilityLines++;
        } else {
            // Its classes cannot be loaded here, so no priority and no capabilities.
            assertThat(out).anyMatch(l -> l.matches("  jdk16: unavailable " + DASH
                    + " requires Java 16, running " + System.getProperty("java.version")));
            assertThat(out).contains("    class: io.github.uds4j.jdk16.Jdk16Provider");
        }
        if (Proc.javaFeature() >= 22) {
            assertThat(out).contains("  ffm: available",
                    "    class: io.github.uds4j.ffm.FfmProvider, priority 150",
                    "    capabilities: NATIVE_SOCKETPAIR, PEER_CREDENTIALS, PEER_PID,"
                            + " ABSTRACT_NAMESPACE, DATAGRAM, SEQPACKET, FD_PASSING");
            capabilityLines++;
            // Proc.uds runs with --enable-native-access=ALL-UNNAMED from Java 22 on.
            assertThat(out).filteredOn(l -> l.startsWith("    native access: "))
                    .containsExactly("    native access: enabled", "    native access: enabled");
        } else {
            assertThat(out).anyMatch(l -> l.matches("  ffm: unavailable " + DASH
                    + " requires Java 22, running " + System.getProperty("java.version")));
            assertThat(out).contains("    class: io.github.uds4j.ffm.FfmProvider");
            // junixsocket's only: ffm's classes cannot even be loaded to ask.
            assertThat(out).filteredOn(l -> l.startsWith("    native access: "))
                    .containsExactly("    native access: not restricted on Java "
                            + System.getProperty("java.version"));
        }
        assertThat(out.stream().filter(l -> l.startsWith("    capabilities: ")).count())
                .isEqualTo(capabilityLines);
        // A forced provider does everything it can and nothing is routed elsewhere.
        List<String> routes = routes(out);
        assertThat(routes.get(0)).isEqualTo("  stream sockets: " + provider);
        if (!provider.equals("jdk16")) {
            assertThat(routes).containsExactly("  stream sockets: " + provider,
                    "  datagram sockets: " + provider, "  seqpacket sockets: " + provider,
                    "  abstract names: " + provider, "  descriptor passing: " + provider);
        } else {
            String[] needs = {"DATAGRAM", "SEQPACKET", "ABSTRACT_NAMESPACE", "FD_PASSING"};
            for (int i = 0; i < needs.length; i++) {
                assertThat(routes.get(i + 1)).matches(".*: none " + DASH + " needs \\["
                        + needs[i] + "\\], which provider jdk16 lacks \\(it was forced by"
                        + " -Duds4j.provider=jdk16\\)");
            }
        }
        // The capabilities of this issue are listed where a provider has them.
        assertThat(out).anyMatch(l -> l.startsWith("    capabilities: ")
                && l.contains("DATAGRAM") && l.contains("SEQPACKET") && l.contains("FD_PASSING")
                && l.contains("ABSTRACT_NAMESPACE") && l.contains("PEER_PID"));
    }

    /** The lines after "used for:", which must be the last section. */
    private static List<String> routes(List<String> out) {
        int i = out.indexOf("used for:");
        assertThat(i).as("a used for: section in %s", out).isNotNegative();
        List<String> routes = out.subList(i + 1, out.size());
        assertThat(routes).hasSize(5);
        return routes;
    }

    @Test
    void infoWithoutForcedProviderExplainsTheChoice(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, Proc.uds(null, "info"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        String expected = Proc.javaFeature() >= 16 ? "jdk16" : "junixsocket";
        assertThat(p.out()).anyMatch(l -> l.matches("provider: " + expected + " " + DASH
                + " highest priority \\(\\d+\\) of the available providers"));
        assertThat(p.out()).noneMatch(l -> l.startsWith("requested: "));
        // Streams stay on the chosen provider; the rest goes where the capability is: ffm
        // (priority 150) before junixsocket (100) where ffm can work.
        String rest = Proc.javaFeature() >= 22 ? "ffm" : "junixsocket";
        assertThat(routes(p.out())).containsExactly("  stream sockets: " + expected,
                "  datagram sockets: " + rest, "  seqpacket sockets: " + rest,
                "  abstract names: " + rest, "  descriptor passing: " + rest);
    }

    /** {@code java -Duds4j.provider=NAME ... Main args}: the library's property, not --provider. */
    private static List<String> udsWithProperty(String provider, String... args) {
        List<String> command = Proc.uds(null, args);
        command.add(1, "-Duds4j.provider=" + provider);
        return command;
    }

    @Test
    void unknownProviderFailsInfoWithTheReason(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, udsWithProperty("bogus", "info"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.out()).anyMatch(l -> l.startsWith("provider: none ")
                && l.contains("no provider named 'bogus'"));
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds info: ").contains("bogus");
    }

    @Test
    void unknownProviderFailsACommandInOneLine(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, udsWithProperty("bogus", "socketpair"));
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.out()).isEmpty();
        assertThat(p.err()).as("%s", p).hasSize(1);
        assertThat(p.err().get(0)).startsWith("uds socketpair: ")
                .contains("uds4j.provider=bogus", "jdk16", "junixsocket");
    }

    @Test
    void debugPrintsTheStackTrace(@TempDir Path dir) throws Exception {
        List<String> command = udsWithProperty("bogus", "socketpair");
        command.add(command.indexOf("socketpair"), "--debug");
        Proc p = Proc.run(dir, command);
        assertThat(p.exitValue()).as("%s", p).isEqualTo(Main.FAILURE);
        assertThat(p.err().size()).as("%s", p).isGreaterThan(2);
        assertThat(p.err()).anyMatch(l -> l.startsWith("\tat "));
    }

    /**
     * On Java 8 the jdk16 provider's classes cannot even be loaded: info says so, and
     * junixsocket is chosen. Runs where the environment variable JAVA8_HOME names a Java 8
     * (.ci/legacy-jdks.sh provides one).
     */
    @Test
    void onJava8TheJdk16ProviderIsUnavailableAndSaysWhy(@TempDir Path dir) throws Exception {
        String home = System.getenv("JAVA8_HOME");
        assumeTrue(home != null && !home.isEmpty(), "JAVA8_HOME is not set");
        Path java = Paths.get(home, "bin", "java");
        assumeTrue(Files.isExecutable(java), "JAVA8_HOME has no bin/java: " + home);
        List<String> command = new ArrayList<String>(Proc.uds(null, "info"));
        command.set(0, java.toString());
        command.remove("--enable-native-access=ALL-UNNAMED");
        Proc p = Proc.run(dir, command);
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).anyMatch(l -> l.matches("java: 1\\.8\\..*"));
        assertThat(p.out()).anyMatch(l -> l.matches("provider: junixsocket " + DASH + " .*"));
        assertThat(p.out()).anyMatch(l -> l.matches(
                "  jdk16: unavailable " + DASH + " requires Java 16, running 1\\.8\\.\\S+"));
        assertThat(p.out()).anyMatch(l -> l.matches(
                "  ffm: unavailable " + DASH + " requires Java 22, running 1\\.8\\.\\S+"));
        assertThat(routes(p.out())).allMatch(l -> l.endsWith(": junixsocket"));
    }

    /**
     * Without --enable-native-access, info says that neither native provider has native access,
     * and the JVM warns once ffm binds libc: the question is asked before the providers load
     * (the JVM enables access for a module once it has warned about it).
     */
    @Test
    void withoutTheFlagInfoSaysNativeAccessIsNotEnabled(@TempDir Path dir) throws Exception {
        assumeTrue(Proc.javaFeature() >= 22, "needs Java 22+ (Module.isNativeAccessEnabled);"
                + " running " + System.getProperty("java.version"));
        List<String> command = new ArrayList<String>(Proc.uds(null, "info"));
        assertThat(command.remove("--enable-native-access=ALL-UNNAMED")).isTrue();
        Proc p = Proc.run(dir, command);
        assertThat(p.exitValue()).as("%s", p).isZero();
        String flag = "--enable-native-access=ALL-UNNAMED";
        assertThat(p.out()).filteredOn(l -> l.startsWith("    native access: ")).hasSize(2)
                .allMatch(l -> l.startsWith("    native access: not enabled") && l.contains(flag));
        assertThat(p.err()).as("%s", p).contains(
                "WARNING: A restricted method in java.lang.foreign.Linker has been called",
                "WARNING: Use " + flag + " to avoid a warning for callers in this module");
    }
}
