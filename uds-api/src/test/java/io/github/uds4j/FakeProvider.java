package io.github.uds4j;

import io.github.uds4j.spi.Availability;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.util.EnumSet;
import java.util.Set;

/** A provider that makes no sockets: only its name, priority and availability matter. */
class FakeProvider implements UnixSocketProvider {
    final String name;
    final int priority;
    final Availability availability;
    int availabilityCalls;

    FakeProvider(String name, int priority, Availability availability) {
        this.name = name;
        this.priority = priority;
        this.availability = availability;
    }

    static FakeProvider available(String name, int priority) {
        return new FakeProvider(name, priority, Availability.available());
    }

    static FakeProvider unavailable(String name, int priority, String reason) {
        return new FakeProvider(name, priority,
                Availability.unavailable(reason, new IllegalStateException(reason)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Availability availability() {
        availabilityCalls++;
        return availability;
    }

    @Override
    public Set<UnixSocketCapability> capabilities() {
        return EnumSet.of(UnixSocketCapability.PEER_CREDENTIALS);
    }

    @Override
    public UnixSocket connect(UnixSocketAddress address, long timeoutMillis) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public UnixSocket[] openPair() {
        throw new UnsupportedOperationException("fake");
    }

    /** A fake that ServiceLoader can instantiate. */
    public static final class GoodProvider extends FakeProvider {
        public GoodProvider() {
            super("good", 10, Availability.available());
        }
    }

    /** A fake whose constructor fails, as a broken provider would. */
    public static final class BrokenProvider extends FakeProvider {
        public BrokenProvider() {
            super("broken", 10, Availability.available());
            throw new IllegalStateException("cannot start");
        }
    }
}
