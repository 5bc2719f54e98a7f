package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uds4j's jars as JPMS modules: a user's application module ({@code src/it/modular-app}: {@code
 * module example.app { requires io.github.uds4j; }}) launched on the module path with the four
 * uds4j jars and junixsocket's two, with no {@code --add-modules}, on every Java 9+ at hand, and
 * the same application (compiled for Java 8, without module-info) on the class path on every
 * Java at hand, 8 included; each provider the Java can run forced in turn, and the default. The
 * application echoes a line over a stream socket and checks the peer credentials on both ends.
 *
 * <p>The Javas: the one running the tests and those named in UDS4J_TEST_JAVA_HOMES (homes
 * separated by ':'; .ci/run names Java 8, 11 and 25 beside JDK 17). Runs after {@code package}
 * (surefire execution "jar-tests"): it needs the jars, with their META-INF/versions/9
 * module-info.class, which it takes from the tests' class path.
 */
class ModulePathIT {
    /** The jars on the application's module path (and class path), by artifact. */
    private static final List<String> LIBRARIES = Arrays.asList("uds-api", "uds-junixsocket",
            "uds-jdk16", "uds-ffm", "junixsocket-common", "junixsocket-native-common");

    @TempDir
    static Path work;

    private static final Map<String, Path> JARS = new LinkedHashMap<String, Path>();
    /** The application compiled with --release 9, module-info included. */
    private static Path appModule;
    /** The application compiled with --release 8, without module-info. */
    private static Path appClasses;
    /** Java home -> feature release, the test JVM first. */
    private static final Map<String, Integer> JAVAS = new LinkedHashMap<String, Integer>();

    @BeforeAll
    static void findTheJavasAndJarsAndCompileTheApplication() throws Exception {
        JAVAS.put(System.getProperty("java.home"), Proc.javaFeature());
        String homes = System.getenv("UDS4J_TEST_JAVA_HOMES");
        if (homes != null) {
            for (String home : homes.split(File.pathSeparator)) {
                if (!home.trim().isEmpty()) {
                    String java = Paths.get(home.trim(), "bin", "java").toString();
                    assertThat(Files.isExecutable(Paths.get(java))).as(java).isTrue();
                    JAVAS.put(home.trim(), UdsJarIT.feature(java, work));
                }
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            for (String artifact : LIBRARIES) {
                if (name.matches(artifact.replace("-", "\\-") + "-\\d[^/]*\\.jar")
                        && !name.endsWith("-tests.jar")) {
                    JARS.put(artifact, Paths.get(entry));
                }
            }
            if (name.matches("commons-cli-\\d[^/]*\\.jar")) {
                JARS.put("commons-cli", Paths.get(entry));
            }
        }
        JARS.put("uds-cli", Paths.get(System.getProperty("uds-cli.jar")));
        for (Map.Entry<String, Path> jar : JARS.entrySet()) {
            assertThat(jar.getValue()).as("%s: a packaged jar (run mvn verify)", jar.getKey())
                    .isRegularFile();
            if (jar.getKey().startsWith("uds-")) {
                try (JarFile j = new JarFile(jar.getValue().toFile())) {
                    assertThat(j.getEntry("META-INF/versions/9/module-info.class"))
                            .as("%s has META-INF/versions/9/module-info.class (a stale jar?)",
                                    jar.getValue()).isNotNull();
                }
            }
        }
        assertThat(JARS.keySet()).containsAll(LIBRARIES).contains("commons-cli");

        String javac = javac();
        Path sources = Paths.get(System.getProperty("modular.app"));
        Path main = sources.resolve("example/app/Main.java");
        appClasses = Files.createDirectories(work.resolve("classes"));
        appModule = Files.createDirectories(work.resolve("module"));
        compile(javac, "--release", "8", "-Xlint:all,-options", "-Werror",
                "-cp", JARS.get("uds-api").toString(), "-d", appClasses.toString(),
                main.toString());
        compile(javac, "--release", "9", "-Xlint:all,-options", "-Werror",
                "-p", JARS.get("uds-api").toString(), "-d", appModule.toString(),
                sources.resolve("module-info.java").toString(), main.toString());
    }

    @Test
    void onTheModulePathEveryProviderWorksWithNoAddModules() throws Exception {
        int ran = 0;
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            int feature = java.getValue();
            if (feature < 9) {
                continue;
            }
            for (String provider : providersFor(feature)) {
                List<String> command = java(java.getKey(), provider);
                command.addAll(Arrays.asList("-p", modulePath(appModule.toString()),
                        "-m", "example.app/example.app.Main"));
                Proc p = Proc.run(work, command);
                String expected = provider != null ? provider : defaultProvider(feature);
                assertEchoAndCredentials(p, "example.app", "io.github.uds4j." + expected,
                        expected);
                String module = nativeModule(expected, feature);
                if (module == null) {
                    assertThat(p.err()).as("nothing on stderr: %s", p).isEmpty();
                    continue;
                }
                // Works with no flag; the JDK's own warning names the module for the flag, ...
                assertThat(p.err()).as("only the JDK's native-access warning: %s", p)
                        .allMatch(l -> l.isEmpty() || l.startsWith("WARNING: "))
                        .contains("WARNING: Use --enable-native-access=" + module
                                + " to avoid a warning for callers in this module");
                // ... and with that flag (the README's) there is no warning.
                command.add(1, "--enable-native-access=" + module);
                Proc quiet = Proc.run(work, command);
                assertEchoAndCredentials(quiet, "example.app", "io.github.uds4j." + expected,
                        expected);
                assertThat(quiet.err()).as("no warning with the flag: %s", quiet).isEmpty();
            }
            ran++;
        }
        assertRanOnAJava9OrNewer(ran);
    }

    /**
     * Every provider is found, once, and says what it can do or why not: on Java 17 ffm is
     * "requires Java 22" (once, named ffm) and jdk16 has the peer credentials it needs jdk.net
     * for.
     */
    @Test
    void onTheModulePathTheReportListsEachProviderOnce() throws Exception {
        int ran = 0;
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            int feature = java.getValue();
            if (feature < 9) {
                continue;
            }
            List<String> command = java(java.getKey(), null);
            command.addAll(Arrays.asList("-p", modulePath(appModule.toString()),
                    "-m", "example.app/example.app.Main", "report"));
            Proc p = Proc.run(work, command);
            assertEchoAndCredentials(p, "example.app", "io.github.uds4j."
                    + defaultProvider(feature), defaultProvider(feature));
            List<String> candidates = new ArrayList<String>();
            for (String l : p.out()) {
                if (l.startsWith("candidate: ")) {
                    candidates.add(l);
                }
            }
            assertThat(candidates).as("%s", p).hasSize(3);
            assertThat(candidates).as("%s", p).anyMatch(l -> l.matches(
                    "candidate: junixsocket: available \\[.*PEER_CREDENTIALS.*\\]"));
            assertThat(candidates).as("%s", p).anyMatch(l -> l.matches(feature >= 16
                    ? "candidate: jdk16: available \\[.*PEER_CREDENTIALS.*\\]"
                    : "candidate: jdk16: requires Java 16, running .*"));
            assertThat(candidates).as("%s", p).anyMatch(l -> l.matches(feature >= 22
                    ? "candidate: ffm: available \\[.*PEER_CREDENTIALS.*\\]"
                    : "candidate: ffm: requires Java 22, running .*"));
            ran++;
        }
        assertRanOnAJava9OrNewer(ran);
    }

    @Test
    void onTheClassPathEveryProviderWorks() throws Exception {
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            int feature = java.getValue();
            String unnamed = feature >= 9 ? "unnamed" : "none (Java 8)";
            for (String provider : providersFor(feature)) {
                List<String> command = java(java.getKey(), provider);
                if (feature >= 22) {
                    command.add(1, "--enable-native-access=ALL-UNNAMED");
                }
                command.addAll(Arrays.asList("-cp", classPath(appClasses.toString()),
                        "example.app.Main"));
                Proc p = Proc.run(work, command);
                String expected = provider != null ? provider : defaultProvider(feature);
                assertEchoAndCredentials(p, unnamed, unnamed, expected);
                assertThat(p.err()).as("nothing on stderr: %s", p).isEmpty();
            }
        }
        assertThat(JAVAS.values()).as("the Javas").isNotEmpty();
    }

    /**
     * uds4j on the class path, junixsocket's jars on the module path, no --add-modules: the
     * unnamed module cannot see junixsocket, and the reason says where it is.
     */
    @Test
    void junixsocketOnlyOnTheModulePathIsReportedAsNotResolved() throws Exception {
        int ran = 0;
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            if (java.getValue() < 9) {
                continue;
            }
            List<String> command = java(java.getKey(), "junixsocket");
            command.addAll(Arrays.asList(
                    "-p", JARS.get("junixsocket-common") + File.pathSeparator
                            + JARS.get("junixsocket-native-common"),
                    "-cp", appClasses + File.pathSeparator + JARS.get("uds-api")
                            + File.pathSeparator + JARS.get("uds-junixsocket"),
                    "example.app.Main"));
            Proc p = Proc.run(work, command);
            assertThat(p.exitValue()).as("%s", p).isNotZero();
            assertThat(String.join("\n", p.err())).as("%s", p).contains(
                    "provider junixsocket is unavailable: junixsocket is on the module path but"
                    + " its modules are not resolved (java.lang.NoClassDefFoundError: org/newsclub"
                    + "/net/unix/").doesNotContain("not on the class path");
            ran++;
        }
        assertRanOnAJava9OrNewer(ran);
    }

    /** uds-cli's own module: the command runs with -m, on each provider. */
    @Test
    void theCommandRunsAsAModule() throws Exception {
        int ran = 0;
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            int feature = java.getValue();
            if (feature < 9) {
                continue;
            }
            String modulePath = modulePath(JARS.get("uds-cli") + File.pathSeparator
                    + JARS.get("commons-cli"));
            for (String provider : providersFor(feature)) {
                List<String> command = java(java.getKey(), null);
                if (feature >= 22) {
                    command.add(1, "--enable-native-access=io.github.uds4j.ffm,"
                            + "org.newsclub.net.unix");
                }
                command.addAll(Arrays.asList("-p", modulePath,
                        "-m", "io.github.uds4j.cli/io.github.uds4j.cli.Main"));
                if (provider != null) {
                    command.addAll(Arrays.asList("--provider", provider));
                }
                command.add("socketpair");
                Proc p = Proc.run(work, command);
                assertThat(p.exitValue()).as("%s", p).isZero();
                assertThat(p.out()).as("%s", p).isEqualTo(Seed.lines("socketpair.txt"));
                assertThat(p.err()).as("nothing on stderr: %s", p).isEmpty();
            }
            ran++;
        }
        assertRanOnAJava9OrNewer(ran);
    }

    private static void assertEchoAndCredentials(Proc p, String appModuleName,
            String socketModule, String provider) throws InterruptedException {
        assertThat(p.exitValue()).as("%s", p).isZero();
        assertThat(p.out()).as("%s", p).contains(
                "app module: " + appModuleName,
                "provider: " + provider,
                "socket module: " + socketModule,
                "echo: ping over " + provider);
        assertThat(p.out()).as("%s", p)
                .anyMatch(l -> l.startsWith("peer credentials seen by the client: this process"))
                .anyMatch(l -> l.startsWith("peer credentials seen by the server: this process"));
    }

    /** The default, then each provider the Java can run, forced. */
    private static List<String> providersFor(int feature) {
        List<String> providers = new ArrayList<String>();
        providers.add(null);
        if (feature >= 16) {
            providers.add("jdk16");
        }
        if (feature >= 22) {
            providers.add("ffm");
        }
        providers.add("junixsocket");
        return providers;
    }

    private static String defaultProvider(int feature) {
        return feature >= 16 ? "jdk16" : "junixsocket";
    }

    /**
     * The module whose native calls the JDK restricts on this Java, when {@code provider} uses
     * them: ffm's downcalls from Java 22, junixsocket's JNI library from Java 24; else null.
     */
    private static String nativeModule(String provider, int feature) {
        if (provider.equals("ffm") && feature >= 22) {
            return "io.github.uds4j.ffm";
        }
        if (provider.equals("junixsocket") && feature >= 24) {
            return "org.newsclub.net.unix";
        }
        return null;
    }

    /** {@code HOME/bin/java [-Duds4j.provider=P]}, to be completed by the caller. */
    private static List<String> java(String home, String provider) {
        List<String> c = new ArrayList<String>();
        c.add(Paths.get(home, "bin", "java").toString());
        if (provider != null) {
            c.add("-Duds4j.provider=" + provider);
        }
        return c;
    }

    private static String modulePath(String first) {
        return classPath(first);
    }

    private static String classPath(String first) {
        StringBuilder b = new StringBuilder(first);
        for (String artifact : LIBRARIES) {
            b.append(File.pathSeparator).append(JARS.get(artifact));
        }
        return b.toString();
    }

    /** Without a Java 9+ nothing above was tested: fails under CI, skips elsewhere. */
    private static void assertRanOnAJava9OrNewer(int ran) {
        if (ran == 0 && "true".equals(System.getenv("CI"))) {
            fail("no Java 9 or newer among the test JVM and UDS4J_TEST_JAVA_HOMES: " + JAVAS);
        }
        assumeTrue(ran > 0, "needs Java 9 or newer: none among the test JVM and"
                + " UDS4J_TEST_JAVA_HOMES (" + JAVAS + ")");
    }

    /** A javac of Java 9+: the test JVM's, or one of UDS4J_TEST_JAVA_HOMES'. */
    private static String javac() {
        for (Map.Entry<String, Integer> java : JAVAS.entrySet()) {
            Path javac = Paths.get(java.getKey(), "bin", "javac");
            if (java.getValue() >= 9 && Files.isExecutable(javac)) {
                return javac.toString();
            }
        }
        fail("no javac of Java 9+ in the test JVM's home or UDS4J_TEST_JAVA_HOMES: " + JAVAS);
        return null;
    }

    private static void compile(String javac, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<String>();
        command.add(javac);
        command.addAll(Arrays.asList(args));
        Proc p = Proc.run(work, command);
        assertThat(p.exitValue()).as("javac: %s", p).isZero();
    }
}
