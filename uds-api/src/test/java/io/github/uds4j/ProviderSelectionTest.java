package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Providers.Candidate;
import io.github.uds4j.Providers.Selection;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderSelectionTest {

    private static List<Candidate> candidates(FakeProvider... providers) {
        List<Candidate> list = new ArrayList<>();
        for (FakeProvider p : providers) {
            list.add(Candidate.loaded(p));
        }
        return list;
    }

    @Test
    void highestPriorityAvailableProviderWins() {
        Selection s = Providers.select(candidates(
                FakeProvider.available("low", 100),
                FakeProvider.available("high", 200)), null);
        assertThat(s.provider().name()).isEqualTo("high");
        assertThat(s.reason()).contains("highest priority (200)");
    }

    @Test
    void tieIsBrokenByNameNotByOrder() {
        Selection ab = Providers.select(candidates(
                FakeProvider.available("beta", 100), FakeProvider.available("alpha", 100)), null);
        Selection ba = Providers.select(candidates(
                FakeProvider.available("alpha", 100), FakeProvider.available("beta", 100)), null);
        assertThat(ab.provider().name()).isEqualTo("alpha");
        assertThat(ba.provider().name()).isEqualTo("alpha");
    }

    @Test
    void unavailableProviderIsSkippedAndReportedWithItsReason() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("high", 200, "no native library for this platform"),
                FakeProvider.available("low", 100)), null);
        assertThat(s.provider().name()).isEqualTo("low");
        ProviderReport report = s.report();
        assertThat(report.chosen().name()).isEqualTo("low");
        ProviderInfo high = report.candidates().stream()
                .filter(i -> i.name().equals("high")).findFirst().get();
        assertThat(high.isAvailable()).isFalse();
        assertThat(high.reason()).isEqualTo("no native library for this platform");
        assertThat(high.capabilities()).isEmpty();
        assertThat(high.toString()).isEqualTo("high: unavailable \u2014 no native library for this platform");
    }

    @Test
    void lowerPriorityProvidersAreNotAskedUntilAReportNeedsThem() {
        FakeProvider high = FakeProvider.available("high", 200);
        FakeProvider low = FakeProvider.available("low", 100);
        Selection s = Providers.select(candidates(low, high), null);
        assertThat(s.provider()).isSameAs(high);
        assertThat(low.availabilityCalls).isZero();
        s.report();
        s.report();
        assertThat(low.availabilityCalls).isEqualTo(1);
        assertThat(high.availabilityCalls).isEqualTo(1);
    }

    @Test
    void propertyForcesAProviderEvenOfLowerPriority() {
        Selection s = Providers.select(candidates(
                FakeProvider.available("high", 200), FakeProvider.available("low", 100)), "low");
        assertThat(s.provider().name()).isEqualTo("low");
        assertThat(s.reason()).isEqualTo("forced by -Duds4j.provider=low");
    }

    @Test
    void propertyNamingAMissingProviderFailsLoudly() {
        Selection s = Providers.select(candidates(FakeProvider.available("high", 200)), "nope");
        assertThatThrownBy(s::provider)
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("-Duds4j.provider=nope")
                .hasMessageContaining("no provider named 'nope'")
                .hasMessageContaining("found: high");
    }

    @Test
    void propertyNamingAnUnavailableProviderFailsWithItsReasonAndDoesNotFallBack() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("forced", 100, "requires Java 16, running 1.8.0_402"),
                FakeProvider.available("other", 200)), "forced");
        assertThatThrownBy(s::provider)
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("-Duds4j.provider=forced")
                .hasMessageContaining("requires Java 16, running 1.8.0_402")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void namedProviderIsReturnedWhicheverWasChosen() {
        FakeProvider high = FakeProvider.available("high", 200);
        FakeProvider low = FakeProvider.available("low", 100);
        Selection s = Providers.select(candidates(high, low), null);
        assertThat(s.provider()).isSameAs(high);
        assertThat(s.named("low").provider).isSameAs(low);
        assertThat(s.named(" LOW ").provider).isSameAs(low);
        assertThat(s.named("high").provider).isSameAs(high);
        assertThat(low.availabilityCalls).isEqualTo(1);
    }

    @Test
    void namedProviderIsReturnedAlsoWhenThePropertyForcesAnother() {
        FakeProvider high = FakeProvider.available("high", 200);
        FakeProvider low = FakeProvider.available("low", 100);
        Selection s = Providers.select(candidates(high, low), "low");
        assertThat(s.provider()).isSameAs(low);
        assertThat(s.named("high").provider).isSameAs(high);
    }

    @Test
    void namedProviderThatCannotWorkFailsWithItsReason() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("broken", 200, "no native library for this platform"),
                FakeProvider.available("other", 100)), null);
        assertThatThrownBy(() -> s.named("broken"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessage("provider broken is unavailable: no native library for this platform")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void namedProviderThatIsMissingFailsListingWhatWasFound() {
        Selection s = Providers.select(candidates(
                FakeProvider.available("a", 200), FakeProvider.available("b", 100)), null);
        assertThatThrownBy(() -> s.named("nope"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessage("no provider named 'nope' is on the class path or module path (found: a, b)");
    }

    @Test
    void facadeRejectsANullProviderName() {
        assertThatThrownBy(() -> UnixSockets.backend(null))
                .isInstanceOf(NullPointerException.class).hasMessage("name == null");
    }

    @Test
    void noAvailableProviderListsEveryCandidateAndAHint() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("a", 200, "reason A"),
                FakeProvider.unavailable("b", 100, "reason B")), null);
        assertThatThrownBy(s::provider)
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("a: reason A")
                .hasMessageContaining("b: reason B")
                .hasMessageContaining("Add uds-junixsocket")
                .hasMessageContaining("Java 16+");
        assertThat(s.report().chosen()).isNull();
    }

    @Test
    void failureIsRememberedAndEachCallGetsAFreshExceptionWithTheOriginalCause() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("a", 200, "reason A")), null);
        Throwable first = catchIt(s);
        Throwable second = catchIt(s);
        assertThat(first).isNotSameAs(second);
        assertThat(first.getCause()).isNotNull().isSameAs(second.getCause());
    }

    private static Throwable catchIt(Selection s) {
        try {
            s.provider();
        } catch (ProviderUnavailableException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void noProviderAtAllSaysSo() {
        Selection s = Providers.select(new ArrayList<>(), null);
        assertThatThrownBy(s::provider)
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("none is on the class path or module path");
    }

    @Test
    void nameIsDerivedFromTheClassName() {
        assertThat(Providers.nameOf("io.github.uds4j.jdk16.Jdk16Provider")).isEqualTo("jdk16");
        assertThat(Providers.nameOf("io.github.uds4j.junixsocket.JunixsocketProvider"))
                .isEqualTo("junixsocket");
        assertThat(Providers.nameOf("a.B$InnerProvider")).isEqualTo("inner");
    }

    @Test
    void classVersionErrorsOfJava8AndNewerJdksAreBothUnderstood() {
        Candidate newer = Candidate.failed(new UnsupportedClassVersionError(
                "io/github/uds4j/jdk16/Jdk16Provider has been compiled by a more recent version of"
                + " the Java Runtime (class file version 60.0), this version of the Java Runtime"
                + " only recognizes class file versions up to 55.0"));
        Candidate java8 = Candidate.failed(new UnsupportedClassVersionError(
                "io/github/uds4j/jdk16/Jdk16Provider : Unsupported major.minor version 60.0"));
        for (Candidate c : Arrays.asList(newer, java8)) {
            assertThat(c.name).isEqualTo("jdk16");
            assertThat(c.availability().reason()).isEqualTo(
                    "requires Java 16, running " + System.getProperty("java.version"));
        }
    }

    /**
     * On the module path ServiceLoader wraps the failure of a named module's provider (Java 9+,
     * {@code ServiceLoader.loadProvider}) as "SERVICE: Unable to load CLASS", then tries the
     * same class again from the module's META-INF/services file and throws the raw error. Both
     * are one provider, named by its class, not by the service interface's.
     */
    @Test
    void aModulesProviderThatFailsToLoadIsNamedOnceByItsClass() {
        UnsupportedClassVersionError tooNew = new UnsupportedClassVersionError(
                "io/github/uds4j/ffm/FfmProvider has been compiled by a more recent version of"
                + " the Java Runtime (class file version 66.0), this version of the Java Runtime"
                + " only recognizes class file versions up to 61.0");
        Candidate fromModule = Candidate.failed(new ServiceConfigurationError(
                "io.github.uds4j.spi.UnixSocketProvider: Unable to load"
                + " io.github.uds4j.ffm.FfmProvider", tooNew));
        assertThat(fromModule.name).isEqualTo("ffm");
        assertThat(fromModule.className).isEqualTo("io.github.uds4j.ffm.FfmProvider");
        assertThat(fromModule.availability().reason())
                .isEqualTo("requires Java 22, running " + System.getProperty("java.version"));

        List<Candidate> found = new ArrayList<>();
        Providers.addFailure(found, fromModule);
        Providers.addFailure(found, Candidate.failed(tooNew));
        Providers.addFailure(found, Candidate.failed(new ServiceConfigurationError(
                "io.github.uds4j.spi.UnixSocketProvider: Provider fake.MissingProvider not found")));
        assertThat(found).extracting(c -> c.name).containsExactly("ffm", "missing");
    }

    /**
     * A real ServiceLoader over a class loader that registers a provider compiled for a Java that
     * does not exist yet (class file version 99), one that cannot be found, one whose constructor
     * throws, and a good one: the good one is chosen, the others are reported with reasons.
     */
    @Test
    void providerTooNewForThisJvmIsSkippedAndReported(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve("io.github.uds4j.spi.UnixSocketProvider"), (
                "fake.FutureProvider\n"
                + "fake.MissingProvider\n"
                + FakeProvider.BrokenProvider.class.getName() + "\n"
                + FakeProvider.GoodProvider.class.getName() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("fake"));
        Files.write(dir.resolve("fake/FutureProvider.class"), classBytes("fake/FutureProvider", 99));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ProviderSelectionTest.class.getClassLoader())) {
            List<Candidate> found = Providers.discover(loader);
            assertThat(found).extracting(c -> c.name)
                    .containsExactlyInAnyOrder("future", "missing", "broken", "good");
            Selection s = Providers.select(found, null);
            assertThat(s.provider().name()).isEqualTo("good");
            ProviderReport report = s.report();
            assertThat(report.candidates()).filteredOn(i -> i.name().equals("future"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.reason()).isEqualTo(
                            "requires Java 55, running " + System.getProperty("java.version")));
            assertThat(report.candidates()).filteredOn(i -> i.name().equals("missing"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.reason()).contains("cannot be loaded"));
            assertThat(report.candidates()).filteredOn(i -> i.name().equals("broken"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.reason()).contains("cannot start"));
        }
    }

    /** The bytes of an empty public class with the given class file major version. */
    static byte[] classBytes(String binaryName, int major) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(major);
        out.writeShort(5); // constant pool count: 4 entries + 1
        out.writeByte(7);  // #1 Class -> #2
        out.writeShort(2);
        out.writeByte(1);  // #2 Utf8
        out.writeUTF(binaryName);
        out.writeByte(7);  // #3 Class -> #4
        out.writeShort(4);
        out.writeByte(1);  // #4 Utf8
        out.writeUTF("java/lang/Object");
        out.writeShort(0x0021); // public super
        out.writeShort(1);
        out.writeShort(3);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(0); // methods
        out.writeShort(0); // attributes
        out.flush();
        return bytes.toByteArray();
    }
}
