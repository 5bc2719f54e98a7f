package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar, {@code uds-cli/target/uds.jar}, run with {@code java -jar}. Runs after
 * {@code package} (surefire execution "jar-tests"). Besides the Java running the tests, it runs
 * the jar on every Java named in the environment variable UDS4J_TEST_JAVA_HOMES (homes
 * separated by ':'), for example Java 8 and Java 25.
 */
class UdsJarIT {

    static Path jar() {
        String path = System.getProperty("uds.jar");
        assertThat(path).as("system property uds.jar (set by the pom)").isNotNull();
        Path jar = Paths.get(path);
        assertThat(jar).exists();
        return jar;
    }

    /** {@code java -jar uds.jar args} with the given java. */
    static List<String> udsJar(String java, String... args) {
        List<String> c = new ArrayList<String>();
        c.add(java);
        c.add("-jar");
        c.add(jar().toString());
        c.addAll(Arrays.asList(args));
        return c;
    }

    @Test
    void manifestMakesItRunnableWithoutNativeAccessWarnings() throws Exception {
        try (JarFile j = new JarFile(jar().toFile())) {
            Attributes a = j.getManifest().getMainAttributes();
            assertThat(a.getValue("Main-Class")).isEqualTo(Main.class.getName());
            assertThat(a.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
            assertThat(a.getValue("Multi-Release")).isEqualTo("true");
            assertThat(a.getValue("Automatic-Module-Name")).isEqualTo("io.github.uds4j.cli");
        }
    }

    @Test
    void everyProviderIsRegisteredAndJunixsocketsNativeLibraryIsInside() throws Exception {
        try (JarFile j = new JarFile(jar().toFile())) {
            ZipEntry services = j.getEntry("META-INF/services/io.github.uds4j.spi.UnixSocketProvider");
            assertThat(services).isNotNull();
            List<String> names = new ArrayList<String>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    j.getInputStream(services), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.trim().isEmpty() && !line.trim().startsWith("#")) {
                        names.add(line.trim());
                    }
                }
            }
            assertThat(names).containsExactlyInAnyOrder(
                    "io.github.uds4j.jdk16.Jdk16Provider",
                    "io.github.uds4j.ffm.FfmProvider",
                    "io.github.uds4j.junixsocket.JunixsocketProvider");
            assertThat(j.getEntry("io/github/uds4j/ffm/FfmProvider.class")).isNotNull();
            assertThat(j.getEntry("lib/amd64-Linux-clang/jni/libjunixsocket-native-2.11.1.so"))
                    .isNotNull();
            assertThat(j.getEntry("META-INF/LICENSE.txt")).as("commons-cli's license")
                    .isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "ffm", "junixsocket"})
    void socketpairOnEachProvider(String provider, @TempDir Path dir) throws Exception {
        Seed.assumeProvider(provider);
        Proc p = Proc.run(dir, udsJar(Proc.java(), "--provider", provider, "socketpair"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).isEqualTo(Seed.lines("socketpair.txt"));
        assertThat(p.err()).as("no warnings: %s", p).isEmpty();
    }

    @Test
    void demoRunsAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, udsJar(Proc.java(), "demo"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.err()).as("%s", p).isEmpty();
        assertThat(p.out()).contains("client: closing socket", "response from child: pong");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void infoFindsJunixsocketsNativeLibraryInsideTheJar(@TempDir Path dir) throws Exception {
        Proc p = Proc.run(dir, udsJar(Proc.java(), "--provider", "junixsocket", "info"));
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).contains("  junixsocket: available");
        assertThat(p.out()).filteredOn(l -> l.startsWith("    native library: ")).hasSize(1)
                .allMatch(l -> l.contains(" loaded ") && !l.contains("not loaded"));
    }

    @Test
    void runsOnEveryJavaNamedInTheEnvironment(@TempDir Path dir) throws Exception {
        String homes = System.getenv("UDS4J_TEST_JAVA_HOMES");
        assumeTrue(homes != null && !homes.trim().isEmpty(),
                "UDS4J_TEST_JAVA_HOMES is not set (homes of other Javas, separated by ':')");
        for (String home : homes.split(File.pathSeparator)) {
            if (home.trim().isEmpty()) {
                continue;
            }
            String java = Paths.get(home.trim(), "bin", "java").toString();
            assertThat(Files.isExecutable(Paths.get(java))).as(java).isTrue();
            int feature = feature(java, dir);
            List<String> providers = new ArrayList<String>();
            if (feature >= 16) {
                providers.add("jdk16");
            }
            if (feature >= 22) {
                providers.add("ffm");
            }
            providers.add("junixsocket");
            for (String provider : providers) {
                Proc p = Proc.run(dir, udsJar(java, "--provider", provider, "socketpair"));
                assertThat(p.exitValue()).as("%s", p).isZero();
                assertThat(p.out()).as("%s", p).isEqualTo(Seed.lines("socketpair.txt"));
                assertThat(p.err()).as("no warnings: %s", p).isEmpty();
            }
            Proc demo = Proc.run(dir, udsJar(java, "demo"));
            assertThat(demo.exitValue()).as("%s", demo).isZero();
            assertThat(demo.err()).as("no warnings: %s", demo).isEmpty();
            Proc info = Proc.run(dir, udsJar(java, "info"));
            assertThat(info.exitValue()).as("%s", info).isZero();
            if (feature < 16) {
                assertThat(info.out()).as("%s", info).anyMatch(l -> l.matches(
                        "  jdk16: unavailable (\u2014|-) requires Java 16, running .*"));
                assertThat(info.out()).as("%s", info)
                        .anyMatch(l -> l.startsWith("provider: junixsocket "));
            } else {
                assertThat(info.out()).as("%s", info)
                        .anyMatch(l -> l.startsWith("provider: jdk16 "));
            }
            if (feature < 22) {
                assertThat(info.out()).as("%s", info).anyMatch(l -> l.matches(
                        "  ffm: unavailable (\u2014|-) requires Java 22, running .*"));
            } else {
                // The manifest's Enable-Native-Access covers ffm and junixsocket alike.
                assertThat(info.out()).as("%s", info).contains("  ffm: available")
                        .filteredOn(l -> l.startsWith("    native access: "))
                        .containsExactly("    native access: enabled",
                                "    native access: enabled");
                assertThat(info.out()).as("%s", info).contains("  datagram sockets: ffm");
            }
            assertThat(info.err()).as("no warnings: %s", info).isEmpty();
        }
    }

    /** Returns the feature release of {@code java}, from {@code java -version}. */
    static int feature(String java, Path dir) throws IOException, InterruptedException {
        Proc p = Proc.run(dir, Arrays.asList(java, "-version"));
        String first = p.err().isEmpty() ? "" : p.err().get(0);
        Matcher m = Pattern.compile("version \"(1\\.)?(\\d+)").matcher(first);
        assertThat(m.find()).as("%s", p).isTrue();
        return Integer.parseInt(m.group(2));
    }
}
