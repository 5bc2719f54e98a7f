package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Stopper}'s requests: the first asks to stop gracefully, every later one at once, the
 * last added first; what is added after a request is stopped at once. (The signals themselves are
 * tested with real processes: {@link GracefulStopTest}.)
 */
class StopperTest {
    private final List<String> calls = new ArrayList<String>();

    private Stopper.Stoppable recording(final String name) {
        return new Stopper.Stoppable() {
            @Override
            public void stop(boolean now) {
                calls.add(name + (now ? " now" : " gracefully"));
            }
        };
    }

    @Test
    void firstRequestIsGracefulLaterOnesAreAtOnceLastAddedFirst() {
        Stopper stopper = new Stopper();
        stopper.add(recording("a"));
        stopper.add(recording("b"));
        assertThat(stopper.stopped()).isFalse();
        assertThat(calls).isEmpty();

        stopper.request();
        assertThat(stopper.stopped()).isTrue();
        assertThat(calls).containsExactly("b gracefully", "a gracefully");
        stopper.request();
        assertThat(calls).containsExactly("b gracefully", "a gracefully", "b now", "a now");
    }

    @Test
    void whatIsAddedAfterARequestIsStoppedAtOnceAsTheLastRequestAsked() {
        Stopper stopper = new Stopper();
        stopper.request();
        stopper.add(recording("late"));
        assertThat(calls).containsExactly("late gracefully");
        stopper.request();
        stopper.add(recording("later"));
        assertThat(calls).containsExactly("late gracefully", "late now", "later now");
    }

    @Test
    void closingStopsByClosingQuietly() {
        final int[] closed = {0};
        Stopper stopper = new Stopper();
        stopper.add(Stopper.closing(new Closeable() {
            @Override
            public void close() {
                closed[0]++;
                throw new IllegalStateException("fails, and is not the stopper's concern");
            }
        }));
        stopper.request();
        stopper.request();
        assertThat(closed[0]).isEqualTo(2);
        stopper.close();
    }
}
