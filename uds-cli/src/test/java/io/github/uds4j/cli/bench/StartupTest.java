package io.github.uds4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The start-up target of {@code uds bench}, without timing it: in a fresh JVM, loading the
 * facade and choosing a provider on Java 16+ loads no junixsocket class and maps no junixsocket
 * native library (checked with {@code -verbose:class} and {@code /proc/self/maps}).
 */
class StartupTest {

    @Test
    void onJava16AndNewerChoosingAProviderLoadsNothingOfJunixsocket() throws Exception {
        String spec = System.getProperty("java.specification.version");
        assumeTrue(!spec.startsWith("1.") && Integer.parseInt(spec) >= 16, "needs Java 16+");
        assumeTrue(System.getProperty("uds4j.provider") == null, "a provider is forced");
        Startup.Result r = Startup.measure(1);
        assertThat(r.provider).isEqualTo("jdk16");
        assertThat(r.classesAtFacade).isZero();
        assertThat(r.classesAtProvider).isZero();
        assertThat(r.nativeLibrariesBefore).isZero();
        assertThat(r.nativeLibrariesAfter).isZero();
        assertThat(r.millis).hasSize(1);
    }

    @Test
    void whenJunixsocketIsChosenItsLibraryIsMappedByTheFirstChoiceNotByTheFacade()
            throws Exception {
        String before = System.getProperty("uds4j.provider");
        System.setProperty("uds4j.provider", "junixsocket"); // passed on to the child JVMs
        try {
            Startup.Result r = Startup.measure(1);
            assertThat(r.provider).isEqualTo("junixsocket");
            assertThat(r.classesAtFacade).isZero();
            assertThat(r.classesAtProvider).isPositive();
            assertThat(r.nativeLibrariesBefore).isZero();
            assertThat(r.nativeLibrariesAfter).isEqualTo(1);
        } finally {
            if (before == null) {
                System.clearProperty("uds4j.provider");
            } else {
                System.setProperty("uds4j.provider", before);
            }
        }
    }
}
