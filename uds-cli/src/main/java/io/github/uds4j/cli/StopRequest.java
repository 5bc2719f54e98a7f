package io.github.uds4j.cli;

import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM, turned into {@link EchoService#stop()}: the first signal stops the service
 * gracefully, the second closes its connections at once. A signal that comes before the service
 * is {@linkplain #attach(EchoService) attached} is kept and applied then.
 */
final class StopRequest {
    /** How much longer than the grace period a shutdown hook waits for the service to end. */
    private static final long HOOK_EXTRA_MILLIS = 5000;

    private EchoService service; // guarded by this
    private int signals; // guarded by this

    /**
     * Starts listening for Ctrl-C and SIGTERM, with a {@link SignalTrap}: the JVM keeps running,
     * the service stops in its own time and the command exits with status 0. Where signals
     * cannot be trapped, a shutdown hook stops the service and waits for its end (at most the
     * grace period and 5 s more); the JVM then exits with status 130 or 143 as usual.
     *
     * @param graceMillis the service's grace period
     * @return what to close once the service has ended: it stops listening for the signals
     */
    Closeable onSignal(long graceMillis) {
        SignalTrap trap = SignalTrap.install(new Runnable() {
            @Override
            public void run() {
                signal();
            }
        });
        if (trap != null) {
            return trap;
        }
        final CountDownLatch ended = new CountDownLatch(1);
        final long waitMillis = graceMillis + HOOK_EXTRA_MILLIS;
        final Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                signal();
                try {
                    ended.await(waitMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "uds-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Closeable() {
            @Override
            public void close() {
                ended.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs or ran already
                }
            }
        };
    }

    /** Stops the service, if there is one yet; remembers the signal either way. */
    void signal() {
        EchoService s;
        synchronized (this) {
            signals++;
            s = service;
        }
        if (s != null) {
            s.stop();
        }
    }

    /** Hands over the service to stop, and stops it now if signals came already. */
    void attach(EchoService s) {
        int before;
        synchronized (this) {
            service = s;
            before = signals;
        }
        for (int i = 0; i < Math.min(before, 2); i++) {
            s.stop();
        }
    }
}
