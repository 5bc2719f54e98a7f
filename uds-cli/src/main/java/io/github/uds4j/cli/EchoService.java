package io.github.uds4j.cli;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serves the clients of one server socket at the same time, each in a thread of its own, at most
 * {@code maxClients} at once, until {@link #stop()}: the engine of {@code uds echo-server}.
 *
 * <h2>Concurrency</h2>
 * The thread that calls {@link #run()} accepts. Each accepted connection gets its own thread
 * (named {@code uds-echo-N}, a daemon) that reads and sends back until the client closes its
 * end: plain blocking I/O, so it works on Java 8 and with every provider. While {@code
 * maxClients} connections are open, nothing is accepted: new clients wait in the kernel's listen
 * queue (their connect completes while the backlog has room, and blocks while it is full) and
 * are served as soon as a connection ends. A client that never reads holds one thread, blocked
 * in its write, and nothing else. A failed accept (for example, out of file descriptors) is
 * reported and tried again after a pause of 10 ms, doubled up to 1 s while it keeps failing.
 *
 * <h2>Output</h2>
 * Unless quiet, each connection prints the tutorial's lines ({@link EchoServer#echo}) as it goes,
 * and {@code waiting for a connection} is printed whenever no client is connected (at the start
 * and each time the last open connection ends), so that one client at a time gives the
 * tutorial's transcript line for line. With several clients at once their lines interleave. When
 * quiet, only the first {@code waiting for a connection} is printed, and data moves in blocks of
 * up to {@value #QUIET_BUFFER} bytes instead of the tutorial's 16. Failures of single connections
 * and the stop go to standard error as notices.
 *
 * <h2>Stopping</h2>
 * {@link #stop()} closes the server socket at once, which removes its socket file (new clients
 * find no file), and lets the open connections finish for the grace period; those still open
 * then are closed. A second {@link #stop()} closes them at once. Failures that closing causes
 * are not reported.
 */
final class EchoService {
    /** The most bytes read at a time when quiet. */
    static final int QUIET_BUFFER = 64 * 1024;

    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 1000;
    /** How long the end of the stop waits for threads whose connections it closed. */
    private static final long CLOSED_THREADS_MILLIS = 5000;

    private final UnixServerSocket server;
    private final String where;
    private final int maxClients;
    private final long graceMillis;
    private final boolean quiet;
    private final boolean once;
    private boolean stats;
    private final Lines t;
    private final Io io;

    private final Object lock = new Object();
    /**
     * Held while the server socket closes. A second close of a server returns at once, also
     * while the first still removes the socket file: whoever closes waits for that here, so
     * that the file is gone when {@link #run()} returns.
     */
    private final Object closing = new Object();
    // All guarded by lock:
    private final Set<UnixSocket> open = new LinkedHashSet<UnixSocket>();
    private boolean stopping;
    private boolean forced;
    private long accepted;
    private int mostAtOnce;
    private long failures;
    private IOException onceFailure;

    /**
     * @param server the socket to accept on; {@link #stop()} closes it, and so does the end of
     *     {@link #run()}
     * @param maxClients the most connections served at once, 1 or more
     * @param graceMillis how long {@link #stop()} lets open connections finish, 0 or more
     * @param quiet print no line per connection or chunk
     * @param once serve the first connection only, then stop (its failure is thrown)
     * @param t where the tutorial's lines go
     * @param io where notices go
     */
    EchoService(UnixServerSocket server, int maxClients, long graceMillis, boolean quiet,
            boolean once, Lines t, Io io) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients < 1: " + maxClients);
        }
        if (graceMillis < 0) {
            throw new IllegalArgumentException("graceMillis < 0: " + graceMillis);
        }
        this.server = server;
        this.where = server.getLocalAddress().toString();
        this.maxClients = once ? 1 : maxClients;
        this.graceMillis = graceMillis;
        this.quiet = quiet;
        this.once = once;
        this.t = t;
        this.io = io;
    }

    /**
     * Makes {@link #run()} print, as a notice at its end, how many connections were served, the
     * most at once, and how many failed.
     */
    EchoService withStats() {
        stats = true;
        return this;
    }

    /**
     * Accepts and serves clients until {@link #stop()} (or, with {@code once}, until the first
     * connection ended), then lets the open connections finish as described for the stop, and
     * returns. An interrupt of the calling thread stops the service as {@link #stop()} does.
     *
     * @return {@link Main#OK}
     * @throws IOException if the server socket was closed by someone else than {@link #stop()},
     *     or with {@code once}, the failure of the connection
     */
    int run() throws IOException {
        try {
            t.line("waiting for a connection");
            long pause = 0;
            while (awaitRoom()) {
                UnixSocket connection;
                try {
                    connection = server.accept();
                    pause = 0;
                } catch (IOException e) {
                    if (stopping()) {
                        break;
                    }
                    if (!server.isOpen()) {
                        throw Errors.naming(where, e);
                    }
                    pause = pause == 0 ? FIRST_PAUSE_MILLIS
                            : Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                    io.notice(where + ": cannot accept a connection: " + Errors.describe(e)
                            + "; trying again in " + pause + " ms");
                    pauseUnlessStopped(pause);
                    continue;
                }
                if (!admit(connection)) {
                    closeQuietly(connection);
                    break;
                }
                if (!startThread(connection)) {
                    pause = pause == 0 ? FIRST_PAUSE_MILLIS
                            : Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                    pauseUnlessStopped(pause);
                }
            }
            drain();
        } finally {
            closeServer();
        }
        if (stats) {
            io.notice(where + ": " + stats());
        }
        synchronized (lock) {
            if (onceFailure != null) {
                throw Errors.naming(where, onceFailure);
            }
        }
        return Main.OK;
    }

    /**
     * Stops accepting and closes the server socket, which removes its socket file; the open
     * connections get the grace period. Called again, closes the open connections at once. Any
     * thread may call it; it does not wait.
     */
    void stop() {
        List<UnixSocket> now = null;
        synchronized (lock) {
            if (stopping) {
                forced = true;
                now = new ArrayList<UnixSocket>(open);
            }
            stopping = true;
            lock.notifyAll();
        }
        closeServer();
        if (now != null) {
            for (UnixSocket c : now) {
                closeQuietly(c);
            }
        }
    }

    /** Returns {@code served N connections, at most M at once, F failed}. */
    String stats() {
        synchronized (lock) {
            return "served " + connections(accepted) + ", at most " + mostAtOnce + " at once, "
                    + failures + " failed";
        }
    }

    /** Returns how many connections are open now. */
    int openConnections() {
        synchronized (lock) {
            return open.size();
        }
    }

    private boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Waits while {@code maxClients} connections are open; returns false once stopping. */
    private boolean awaitRoom() {
        synchronized (lock) {
            try {
                while (!stopping && open.size() >= maxClients) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
            return !stopping;
        }
    }

    private void pauseUnlessStopped(long millis) {
        synchronized (lock) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                long left;
                while (!stopping && (left = end - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    /** Registers an accepted connection; false if the stop came meanwhile. */
    private boolean admit(UnixSocket connection) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            open.add(connection);
            accepted++;
            mostAtOnce = Math.max(mostAtOnce, open.size());
            return true;
        }
    }

    /** Starts the connection's thread; if the JVM cannot start one, reports that and closes it. */
    private boolean startThread(final UnixSocket connection) {
        long number;
        synchronized (lock) {
            number = accepted;
        }
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                serve(connection);
            }
        }, "uds-echo-" + number);
        thread.setDaemon(true);
        try {
            thread.start();
            return true;
        } catch (OutOfMemoryError e) { // "unable to create native thread"
            io.notice(where + ": cannot start a thread for a connection, closing it: "
                    + Errors.describe(e));
            closeQuietly(connection);
            finish(connection);
            return false;
        }
    }

    /** Serves one connection in its own thread, to the end, and reports a failure. */
    private void serve(UnixSocket connection) {
        try {
            String peer = quiet ? null : Peers.describe(connection);
            try {
                if (quiet) {
                    pump(connection);
                } else {
                    EchoServer.echo(connection, peer, t);
                }
            } catch (IOException | RuntimeException e) {
                failed(connection, peer, e);
            }
        } finally {
            closeQuietly(connection);
            finish(connection);
        }
    }

    /** Sends back what the client sends, a block at a time, printing nothing. */
    private static void pump(UnixSocket connection) throws IOException {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        byte[] buf = new byte[QUIET_BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private void failed(UnixSocket connection, String peer, Exception e) {
        synchronized (lock) {
            if (forced) {
                return; // closed by the stop
            }
            failures++;
            if (once) {
                onceFailure = e instanceof IOException ? (IOException) e : new IOException(e);
                return;
            }
        }
        String who = peer != null ? peer : Peers.describe(connection);
        io.notice(where + ": connection from " + (who.isEmpty() ? "a client" : who)
                + " failed: " + Errors.describe(e));
    }

    /** Forgets a closed connection; prints the idle line when it was the last one. */
    private void finish(UnixSocket connection) {
        boolean stopNow = false;
        synchronized (lock) {
            open.remove(connection);
            if (once && !stopping) {
                stopping = true;
                stopNow = true;
            }
            if (open.isEmpty() && !stopping && !quiet) {
                t.line("waiting for a connection");
            }
            lock.notifyAll();
        }
        if (stopNow) {
            closeServer();
        }
    }

    /**
     * Lets the open connections finish for the grace period, then closes those still open and
     * waits (a little) for their threads.
     */
    private void drain() {
        closeServer(); // waits while another thread removes the socket file
        int left = openConnections();
        if (left > 0) {
            io.notice(where + ": stopping; letting " + connections(left) + " finish (at most "
                    + seconds(graceMillis) + ")");
        }
        List<UnixSocket> still;
        synchronized (lock) {
            waitUntilClosed(graceMillis, true);
            forced = true;
            still = new ArrayList<UnixSocket>(open);
        }
        if (!still.isEmpty()) {
            io.notice(where + ": closing " + connections(still.size()) + " still open after "
                    + seconds(graceMillis));
            for (UnixSocket c : still) {
                closeQuietly(c);
            }
            synchronized (lock) {
                waitUntilClosed(CLOSED_THREADS_MILLIS, false);
            }
        }
    }

    /**
     * With the lock held: waits at most {@code millis} while connections are open, and if
     * {@code untilForced}, until a second stop. An interrupt counts as a second stop.
     */
    private void waitUntilClosed(long millis, boolean untilForced) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        long left;
        while (!open.isEmpty() && !(untilForced && forced)
                && (left = end - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                interrupted = true;
                forced = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeServer() {
        synchronized (closing) {
            closeQuietly(server);
        }
    }

    private static String connections(long n) {
        return n == 1 ? "1 connection" : n + " connections";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing: nothing more can be done about it
        }
    }
}
