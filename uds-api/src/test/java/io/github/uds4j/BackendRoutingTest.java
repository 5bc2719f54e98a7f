package io.github.uds4j;

import static io.github.uds4j.UnixSocketCapability.ABSTRACT_NAMESPACE;
import static io.github.uds4j.UnixSocketCapability.DATAGRAM;
import static io.github.uds4j.UnixSocketCapability.FD_PASSING;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.Providers.Candidate;
import io.github.uds4j.Providers.Selection;
import io.github.uds4j.spi.Availability;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Routing by capability ({@link Selection#backendWith}): the chosen provider if it can, else the
 * available provider of highest priority that can, asked only then; never another when {@code
 * uds4j.provider} forces one. And the checks {@link UnixSocketBackend} makes before a provider is
 * called.
 */
class BackendRoutingTest {

    /** A fake provider with the given capabilities. */
    static final class Capable extends FakeProvider {
        private final Set<UnixSocketCapability> caps;

        Capable(String name, int priority, Availability a, UnixSocketCapability... caps) {
            super(name, priority, a);
            this.caps = EnumSet.noneOf(UnixSocketCapability.class);
            for (UnixSocketCapability c : caps) {
                this.caps.add(c);
            }
        }

        static Capable with(String name, int priority, UnixSocketCapability... caps) {
            return new Capable(name, priority, Availability.available(), caps);
        }

        @Override
        public Set<UnixSocketCapability> capabilities() {
            return caps;
        }
    }

    private static List<Candidate> candidates(FakeProvider... providers) {
        List<Candidate> list = new ArrayList<>();
        for (FakeProvider p : providers) {
            list.add(Candidate.loaded(p));
        }
        return list;
    }

    private static Set<UnixSocketCapability> needs(UnixSocketCapability first,
            UnixSocketCapability... rest) {
        return EnumSet.of(first, rest);
    }

    @Test
    void theChosenProviderServesWhenItHasTheCapability() {
        Capable high = Capable.with("high", 200, DATAGRAM);
        Capable low = Capable.with("low", 100, DATAGRAM);
        Selection s = Providers.select(candidates(low, high), null);
        assertThat(s.backendWith(needs(DATAGRAM))).isSameAs(s.backend());
        assertThat(s.backendWith(EnumSet.noneOf(UnixSocketCapability.class)))
                .isSameAs(s.backend());
        assertThat(low.availabilityCalls).isZero();
    }

    @Test
    void whatTheChosenLacksGoesToTheNextAvailableProviderThatHasIt() {
        Capable high = Capable.with("high", 200, FD_PASSING);
        Capable mid = Capable.with("mid", 150, DATAGRAM);
        Capable low = Capable.with("low", 100, DATAGRAM, FD_PASSING);
        Selection s = Providers.select(candidates(low, mid, high), null);
        assertThat(s.provider()).isSameAs(high);
        assertThat(mid.availabilityCalls).as("not asked before it is needed").isZero();
        assertThat(low.availabilityCalls).isZero();

        assertThat(s.backendWith(needs(DATAGRAM)).provider).isSameAs(mid);
        assertThat(mid.availabilityCalls).isEqualTo(1);
        assertThat(low.availabilityCalls).as("not needed: mid has it").isZero();
        assertThat(s.backendWith(needs(DATAGRAM))).isSameAs(s.backendWith(needs(DATAGRAM)));
        assertThat(mid.availabilityCalls).as("asked once").isEqualTo(1);

        // Every capability asked for must be there: only low has both.
        assertThat(s.backendWith(needs(DATAGRAM, FD_PASSING)).provider).isSameAs(low);
        // The chosen one still serves what it has.
        assertThat(s.backendWith(needs(FD_PASSING)).provider).isSameAs(high);
    }

    @Test
    void anUnavailableProviderWithTheCapabilityIsPassedOver() {
        Capable high = Capable.with("high", 200);
        Capable broken = new Capable("broken", 150,
                Availability.unavailable("no native library", null), DATAGRAM);
        Capable low = Capable.with("low", 100, DATAGRAM);
        Selection s = Providers.select(candidates(high, broken, low), null);
        assertThat(s.backendWith(needs(DATAGRAM)).provider).isSameAs(low);
    }

    @Test
    void aForcedProviderThatLacksTheCapabilityFailsNamingBothAndAsksNoOther() {
        Capable high = Capable.with("high", 200, DATAGRAM);
        Capable forced = Capable.with("forced", 100, FD_PASSING);
        Selection s = Providers.select(candidates(high, forced), "forced");
        assertThat(s.provider()).isSameAs(forced);
        assertThatThrownBy(() -> s.backendWith(needs(DATAGRAM, FD_PASSING)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("DATAGRAM")
                .hasMessageNotContaining("FD_PASSING")
                .hasMessageContaining("forced")
                .hasMessageContaining("-Duds4j.provider=forced");
        assertThat(high.availabilityCalls).as("a forced choice uses no other provider").isZero();
        assertThat(s.backendWith(needs(FD_PASSING)).provider).isSameAs(forced);
    }

    @Test
    void whenNoProviderHasItTheMessageNamesEachAndWhy() {
        Capable high = Capable.with("high", 200, FD_PASSING);
        Capable broken = new Capable("broken", 150,
                Availability.unavailable("no native library", null), SEQPACKET);
        Capable low = Capable.with("low", 100, DATAGRAM);
        Selection s = Providers.select(candidates(high, broken, low), null);
        assertThatThrownBy(() -> s.backendWith(needs(SEQPACKET)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("needs [SEQPACKET], which no available provider has")
                .hasMessageContaining("high: lacks [SEQPACKET]")
                .hasMessageContaining("broken: unavailable: no native library")
                .hasMessageContaining("low: lacks [SEQPACKET]");
    }

    @Test
    void withNoProviderAvailableRoutingFailsAsTheSelectionDoes() {
        Selection s = Providers.select(candidates(
                FakeProvider.unavailable("a", 100, "reason A")), null);
        assertThatThrownBy(() -> s.backendWith(needs(DATAGRAM)))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("a: reason A");
    }

    @Test
    void facadeRejectsANullCapability() {
        assertThatThrownBy(() -> UnixSockets.backendWith(DATAGRAM, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("capability == null");
    }

    // ---- what a backend checks before its provider is called ---------------------------------

    private static UnixSocketBackend backend(Capable p) {
        return Candidate.loaded(p).backend();
    }

    @Test
    void aBackendWithoutTheCapabilityRefusesNamingItAndTheProvider() {
        UnixSocketBackend b = backend(Capable.with("plain", 100));
        UnixSocketAddress name = UnixSocketAddress.ofAbstract("x");
        assertThatThrownBy(b::openDatagram)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("DATAGRAM").hasMessageContaining("plain");
        assertThatThrownBy(b::openDatagramPair)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("DATAGRAM");
        assertThatThrownBy(() -> b.openPair(UnixSocketType.SEQPACKET))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SEQPACKET").hasMessageContaining("plain");
        assertThatThrownBy(() -> b.bind(name))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ABSTRACT_NAMESPACE").hasMessageContaining("@x");
        assertThatThrownBy(() -> b.connect(name))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ABSTRACT_NAMESPACE");
    }

    @Test
    void fileOptionsWithAnAbstractNameAreRefusedBeforeTheProviderIsCalled() {
        // The fake's bind and connect throw UnsupportedOperationException("fake") if reached.
        UnixSocketBackend b = backend(Capable.with("full", 100, ABSTRACT_NAMESPACE, DATAGRAM,
                SEQPACKET));
        UnixSocketAddress name = UnixSocketAddress.ofAbstract("svc");
        BindOptions[] fileOptions = {
            BindOptions.defaults().permissions(PosixFilePermissions.fromString("rw-------")),
            BindOptions.defaults().group("users"),
            BindOptions.defaults().existingFile(ExistingFilePolicy.FAIL),
        };
        for (BindOptions o : fileOptions) {
            for (UnixSocketType type : new UnixSocketType[] {
                    UnixSocketType.STREAM, UnixSocketType.SEQPACKET}) {
                assertThatThrownBy(() -> b.bind(name, type, o))
                        .as(type + " " + o)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("@svc")
                        .hasMessageContaining("abstract");
            }
            assertThatThrownBy(() -> b.bindDatagram(name, o))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("@svc");
        }
    }

    @Test
    void aDatagramTypeIsRefusedWhereAConnectionIsMeant() {
        UnixSocketBackend b = backend(Capable.with("full", 100, DATAGRAM, SEQPACKET));
        UnixSocketAddress a = UnixSocketAddress.of("/tmp/x.sock");
        assertThatThrownBy(() -> b.openPair(UnixSocketType.DATAGRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openDatagram");
        assertThatThrownBy(() -> b.connect(a, UnixSocketType.DATAGRAM, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.bind(a, UnixSocketType.DATAGRAM, BindOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.bindDatagram(a, BindOptions.defaults().allowedUids(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowedUids");
    }
}
