package io.github.uds4j.cli;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stops a command that waits for connections: closes what was handed to it, so a server's socket
 * file is removed, and remembers that the stop was asked for, so the failure it causes in the
 * waiting thread is taken for the end it is and not reported. {@link #onSignal()} makes one that
 * Ctrl-C and SIGTERM trigger (through a shutdown hook, removed again by {@link #close()}).
 */
final class Stopper implements Closeable {
    private final List<Closeable> resources = new CopyOnWriteArrayList<Closeable>();
    private volatile boolean stopped;
    private Thread hook;

    private Stopper() {}

    /** Returns a stopper that only {@link #stop()} triggers. */
    static Stopper manual() {
        return new Stopper();
    }

    /** Returns a stopper that also runs when the JVM is asked to exit (Ctrl-C, SIGTERM). */
    static Stopper onSignal() {
        final Stopper s = new Stopper();
        s.hook = new Thread(new Runnable() {
            @Override
            public void run() {
                s.stop();
            }
        }, "uds-stop");
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Closes {@code c} when the stop comes, or at once if it came already. */
    void add(Closeable c) {
        resources.add(c);
        if (stopped) {
            closeQuietly(c);
        }
    }

    /** Forgets {@code c}: it was closed by its owner. */
    void remove(Closeable c) {
        resources.remove(c);
    }

    /** Marks the stop and closes everything added, the last added first. */
    void stop() {
        stopped = true;
        Object[] all = resources.toArray();
        for (int i = all.length - 1; i >= 0; i--) {
            closeQuietly((Closeable) all[i]);
        }
    }

    /** Returns whether the stop was asked for. */
    boolean stopped() {
        return stopped;
    }

    /** Removes the shutdown hook, if any; closes nothing. */
    @Override
    public void close() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs or ran already
            }
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // stopping: nothing more can be done about it
        }
    }
}
