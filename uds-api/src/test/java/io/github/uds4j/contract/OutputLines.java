package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The lines of one output stream of a child process, collected by a daemon thread as they
 * arrive; for the tests that run other programs ({@link ExternalProgram}, uds-cli's {@code Proc}).
 */
public final class OutputLines {
    private final List<String> lines = new ArrayList<String>();
    private final Thread reader;
    private final long limitSeconds;
    private boolean ended;

    /**
     * Starts collecting {@code in}; a null stream (redirected elsewhere) has no lines.
     *
     * @param limitSeconds how long {@link #await} and {@link #join} wait at most
     */
    public OutputLines(final InputStream in, String name, long limitSeconds) {
        this.limitSeconds = limitSeconds;
        if (in == null) {
            ended = true;
            reader = null;
            return;
        }
        reader = new Thread(() -> read(in), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    add(new String(line.toByteArray(), StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                if (line.size() > 0) {
                    lines.add(new String(line.toByteArray(), StandardCharsets.UTF_8));
                }
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void add(String l) {
        lines.add(l);
        notifyAll();
    }

    /** Returns the lines so far. */
    public synchronized List<String> lines() {
        return new ArrayList<String>(lines);
    }

    /**
     * Waits until {@code n} lines match, and fails naming {@code what} and showing {@code owner}
     * (the process, with all its output) if the output ends or the limit passes first.
     */
    public synchronized void await(Predicate<String> matches, String what, int n, Object owner)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        while (true) {
            int count = 0;
            for (String l : lines) {
                if (matches.test(l)) {
                    count++;
                }
            }
            if (count >= n) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                break;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        fail(String.format(Locale.ROOT, "no %sline %s (%s):%n%s", n == 1 ? "" : n + "× ", what,
                ended ? "output ended" : "gave up after " + limitSeconds + " s", owner));
    }

    /** Waits for the reading thread to see the end of the stream, at most the limit. */
    public void join() throws InterruptedException {
        if (reader != null) {
            reader.join(TimeUnit.SECONDS.toMillis(limitSeconds));
        }
    }
}
