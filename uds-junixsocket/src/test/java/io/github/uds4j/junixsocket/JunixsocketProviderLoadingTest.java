package io.github.uds4j.junixsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What loading the provider costs, and how it fails when junixsocket cannot work: checked in a
 * child JVM and in isolated class loaders, so the test JVM's own state does not matter.
 */
class JunixsocketProviderLoadingTest {

    @Test
    void constructingTheProviderAndAskingNameAndPriorityLoadsNoJunixsocketClass()
            throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java";
        Process p = new ProcessBuilder(java, "-verbose:class", "-cp",
                System.getProperty("java.class.path"), ProviderLoadProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = readAll(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("probe: junixsocket 100");
        // The check can see loading: the provider itself shows up in the log.
        assertThat(output).contains(JunixsocketProvider.class.getName());
        assertThat(output).doesNotContain("org.newsclub").doesNotContain("junixsocket-native");
    }

    @Test
    void withoutJunixsocketOnTheClassPathTheProviderIsUnavailableAndSaysWhy() throws Exception {
        URL[] urls = {location(JunixsocketProvider.class),
            location(io.github.uds4j.spi.UnixSocketProvider.class)};
        try (URLClassLoader loader = new URLClassLoader(urls, platformLoader())) {
            assertThatClassIsMissing(loader, "org.newsclub.net.unix.AFSocket");
            Object availability = availabilityIn(loader);
            assertThat(call(availability, "isAvailable")).isEqualTo(false);
            assertThat((String) call(availability, "reason"))
                    .startsWith("junixsocket is not on the class path or module path (")
                    .endsWith("); add com.kohlschutter.junixsocket:junixsocket-core");
            assertThat(call(availability, "cause")).isInstanceOf(NoClassDefFoundError.class);
            Class<?> provider = loader.loadClass(JunixsocketProvider.class.getName());
            assertThat((String) provider.getMethod("nativeLibraryInfo").invoke(null))
                    .startsWith("junixsocket: not loaded: junixsocket is not on the class path or"
                            + " module path");
        }
    }

    /**
     * junixsocket's jar on the module path (without --add-modules) while uds-junixsocket is on
     * the class path: the unnamed module cannot see it, but it is there; that is what the reason
     * says, not "not on the class path". jdk.module.path is what the JVM sets from --module-path.
     */
    @Test
    void junixsocketOnTheModulePathButNotResolvedIsReportedAsSuch() throws Exception {
        URL[] urls = {location(JunixsocketProvider.class),
            location(io.github.uds4j.spi.UnixSocketProvider.class)};
        String property = "jdk.module.path";
        String before = System.getProperty(property);
        System.setProperty(property, new File(location(Class.forName(
                "org.newsclub.net.unix.AFSocket")).toURI()).getPath());
        try (URLClassLoader loader = new URLClassLoader(urls, platformLoader())) {
            assertThatClassIsMissing(loader, "org.newsclub.net.unix.AFSocket");
            Object availability = availabilityIn(loader);
            assertThat(call(availability, "isAvailable")).isEqualTo(false);
            assertThat((String) call(availability, "reason"))
                    .startsWith("junixsocket is on the module path but its modules are not"
                            + " resolved (java.lang.NoClassDefFoundError: org/newsclub/net/unix/")
                    .contains("--add-modules org.newsclub.net.unix,"
                            + "com.kohlschutter.junixsocket.nativecommon");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    /**
     * junixsocket's classes are there but one cannot be loaded (here AFSocket's class file is
     * corrupt, ahead of the real jar): the reason is the real error, not a missing jar and not
     * the native library.
     */
    @Test
    void classesThatArePresentButCannotBeLoadedAreReportedWithTheRealError(@TempDir Path dir)
            throws Exception {
        Path corrupt = dir.resolve("org/newsclub/net/unix/AFSocket.class");
        Files.createDirectories(corrupt.getParent());
        Files.write(corrupt, "not a class file".getBytes(UTF_8));
        URL[] urls = {dir.toUri().toURL(), location(JunixsocketProvider.class),
            location(io.github.uds4j.spi.UnixSocketProvider.class),
            location(Class.forName("org.newsclub.net.unix.AFSocket")),
            location(Class.forName("org.newsclub.lib.junixsocket.common.NarMetadata"))};
        try (URLClassLoader loader = new URLClassLoader(urls, platformLoader())) {
            Object availability = availabilityIn(loader);
            assertThat(call(availability, "isAvailable")).isEqualTo(false);
            assertThat((String) call(availability, "reason"))
                    .startsWith("junixsocket's classes are present but cannot be loaded: "
                            + "java.lang.ClassFormatError: ")
                    .doesNotContain("not on the class path").doesNotContain("native library");
            assertThat(call(availability, "cause")).isInstanceOf(ClassFormatError.class);
        }
    }

    @Test
    void aNativeLibraryThatCannotLoadMakesTheProviderUnavailableWithTheReason()
            throws Exception {
        URL[] urls = {location(JunixsocketProvider.class),
            location(io.github.uds4j.spi.UnixSocketProvider.class),
            location(Class.forName("org.newsclub.net.unix.AFSocket")),
            location(Class.forName("org.newsclub.lib.junixsocket.common.NarMetadata"))};
        String property = "org.newsclub.net.unix.library.disable";
        System.setProperty(property, "true"); // read by the child loader's junixsocket only
        try (URLClassLoader loader = new URLClassLoader(urls, platformLoader())) {
            Object availability = availabilityIn(loader);
            assertThat(call(availability, "isAvailable")).isEqualTo(false);
            assertThat((String) call(availability, "reason"))
                    .startsWith("cannot load junixsocket's native library on "
                            + System.getProperty("os.name") + "/");
            assertThat(call(availability, "cause")).isInstanceOf(Throwable.class);
            Class<?> provider = loader.loadClass(JunixsocketProvider.class.getName());
            assertThat((String) provider.getMethod("nativeLibraryInfo").invoke(null))
                    .startsWith("junixsocket: not loaded: cannot load junixsocket's native");
        } finally {
            System.clearProperty(property);
        }
    }

    private static Object availabilityIn(ClassLoader loader) throws Exception {
        Class<?> provider = loader.loadClass(JunixsocketProvider.class.getName());
        assertThat(provider.getClassLoader()).isSameAs(loader);
        Object instance = provider.getConstructor().newInstance();
        return provider.getMethod("availability").invoke(instance);
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }

    private static void assertThatClassIsMissing(ClassLoader loader, String name) {
        try {
            loader.loadClass(name);
            throw new AssertionError(name + " should not be visible to the loader");
        } catch (ClassNotFoundException expected) {
            // as intended
        }
    }

    /** The parent that sees only the JDK: the extension loader on 8, the platform loader on 9+. */
    private static ClassLoader platformLoader() {
        return ClassLoader.getSystemClassLoader().getParent();
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) != -1; ) {
            out.write(buf, 0, n);
        }
        return new String(out.toByteArray(), UTF_8);
    }

}
