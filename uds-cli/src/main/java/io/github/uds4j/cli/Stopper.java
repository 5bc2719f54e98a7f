package io.github.uds4j.cli;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a command that waits (for connections, on a server) is stopped: the one mechanism of
 * {@code uds}. Ctrl-C and SIGTERM each make a <em>stop request</em>; the first asks what was
 * {@linkplain #add(Stoppable) added} to stop gracefully, every later one to stop at once. The
 * command then ends in its own time, cleans up in its {@code finally} blocks, and returns its
 * exit status, which is 0 for a stop.
 *
 * <p>The signals are trapped with {@code sun.misc.Signal} (module {@code jdk.unsupported}, in
 * {@code rt.jar} on Java 8), the one way to handle them in every JVM from 8 to 25; it is looked up
 * reflectively because {@code javac --release 8} does not offer it. Where it is missing or refuses
 * ({@code java -Xrs}), a shutdown hook makes one request instead and waits, at most {@code
 * waitMillis}, for the command to {@linkplain #close() end}; the JVM then exits with status 130 or
 * 143, as it does for these signals. {@link #close()} gives the signals back their former
 * handlers (or removes the hook).
 */
final class Stopper implements Closeable {
    /** The signals trapped, by the names {@code sun.misc.Signal} knows them. */
    private static final String[] SIGNALS = {"INT", "TERM"};

    /** What a stop request reaches. */
    interface Stoppable {
        /**
         * Stops, without waiting for the end (the caller may be a signal's thread).
         *
         * @param now false for the first request: let work in progress finish; true for a later
         *     one: end it at once
         */
        void stop(boolean now);
    }

    private final List<Stoppable> stoppables = new ArrayList<Stoppable>(); // guarded by this
    private int requests; // guarded by this
    private final CountDownLatch ended = new CountDownLatch(1);
    private Runnable uninstall;

    /** A stopper that only {@link #request()} triggers (for tests). */
    Stopper() {}

    /**
     * Returns a stopper that Ctrl-C and SIGTERM trigger, until {@link #close()}.
     *
     * @param waitMillis how long a shutdown hook, where the signals cannot be trapped, waits for
     *     {@link #close()} after its request
     */
    static Stopper onSignals(long waitMillis) {
        Stopper s = new Stopper();
        if (!s.trap()) {
            s.hook(waitMillis);
        }
        return s;
    }

    /** Returns a stoppable that closes {@code c} (quietly) at any request. */
    static Stoppable closing(final Closeable c) {
        return new Stoppable() {
            @Override
            public void stop(boolean now) {
                try {
                    c.close();
                } catch (IOException | RuntimeException e) {
                    // stopping: nothing more can be done about it
                }
            }
        };
    }

    /**
     * Adds what the requests reach, the last added first. If requests came already, {@code s} is
     * stopped at once, as the last of them asks.
     */
    void add(Stoppable s) {
        int before;
        synchronized (this) {
            stoppables.add(s);
            before = requests;
        }
        if (before > 0) {
            s.stop(before > 1);
        }
    }

    /** Makes a stop request, as a signal does. */
    void request() {
        List<Stoppable> now;
        boolean again;
        synchronized (this) {
            requests++;
            again = requests > 1;
            now = new ArrayList<Stoppable>(stoppables);
        }
        for (int i = now.size() - 1; i >= 0; i--) {
            now.get(i).stop(again);
        }
    }

    /** Returns whether a stop was requested. */
    synchronized boolean stopped() {
        return requests > 0;
    }

    /** Stops listening for the signals; a waiting shutdown hook lets the JVM exit. */
    @Override
    public void close() {
        ended.countDown();
        Runnable u;
        synchronized (this) {
            u = uninstall;
            uninstall = null;
        }
        if (u != null) {
            u.run();
        }
    }

    /** Traps the signals; returns false, changing nothing, where they cannot be trapped. */
    private boolean trap() {
        final Method handle;
        final Class<?> signalClass;
        Object handler;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handler = Proxy.newProxyInstance(Stopper.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, new InvocationHandler() {
                        @Override
                        public Object invoke(Object proxy, Method m, Object[] args) {
                            if (m.getName().equals("handle")) {
                                request();
                                return null;
                            }
                            return objectMethod(proxy, m, args);
                        }
                    });
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
        final List<Object[]> previous = new ArrayList<Object[]>(); // {signal, its former handler}
        Runnable restore = new Runnable() {
            @Override
            public void run() {
                for (Object[] p : previous) {
                    try {
                        handle.invoke(null, p[0], p[1]);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // the JVM keeps our handler: a request nobody is reached by any more
                    }
                }
                previous.clear();
            }
        };
        try {
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // For example java -Xrs: "Signal already used by VM or OS: SIGINT"
            restore.run();
            return false;
        }
        synchronized (this) {
            uninstall = restore;
        }
        return true;
    }

    /** Adds a shutdown hook that makes a request and waits for {@link #close()}. */
    private void hook(final long waitMillis) {
        final Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                request();
                try {
                    ended.await(waitMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "uds-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        synchronized (this) {
            uninstall = new Runnable() {
                @Override
                public void run() {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // the JVM is shutting down: the hook runs or ran already
                    }
                }
            };
        }
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args) {
        if (m.getName().equals("equals")) {
            return proxy == args[0];
        }
        if (m.getName().equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        return "Stopper.handler";
    }
}
