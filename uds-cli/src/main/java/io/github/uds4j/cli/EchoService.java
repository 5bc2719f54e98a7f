package io.github.uds4j.cli;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The echo server's engine: serves the clients of one server socket at the same time, each in a
 * thread of its own, within the limits of its {@link Settings}, until {@link #stop(boolean)}.
 * {@code uds echo-server} and {@code uds demo} run it; it calls nothing of theirs.
 *
 * <h2>Concurrency</h2>
 * The thread that calls {@link #run()} accepts. Each accepted connection gets its own thread
 * (named {@code uds-echo-N}, a daemon) that reads and sends back until the client closes its
 * end: plain blocking I/O, so it works on Java 8 and with every provider. While {@code
 * maxClients} connections are open, nothing is accepted: new clients wait in the kernel's listen
 * queue (their connect completes while the backlog has room; a blocking one waits while it is
 * full, a non-blocking one fails) and are served as soon as a connection ends. A client that never
 * reads holds one thread, blocked in its write, and nothing else. A failed accept (for example,
 * out of file descriptors) is reported and tried again after a pause of 10 ms, doubled up to 1 s
 * while it keeps failing.
 *
 * <h2>Limits on one client and one user</h2>
 * With {@code maxPerUid}, a connection from a user id (the peer's credentials, as the kernel
 * recorded them at connect) that has that many open already is closed as soon as it is accepted
 * (refused): one user cannot take all {@code maxClients} slots. The first refusal of each user is
 * reported. With {@code idleMillis}, a connection on which nothing moved for that long (no read
 * and no write completed, whether the client sends nothing or reads nothing) is shut down and
 * closed, within a quarter of that time (at most 1 s) more; unless quiet, that is printed.
 *
 * <h2>Output</h2>
 * Unless quiet, each connection prints the tutorial's lines as it goes ({@code connection from},
 * {@code received}, {@code sending data back to the client}, {@code no more data from}), and
 * {@code waiting for a connection} is printed whenever no client is connected (at the start and
 * each time the last open connection ends), so that one client at a time gives the tutorial's
 * transcript line for line. With several clients at once their lines interleave. When quiet,
 * only the first {@code waiting for a connection} is printed, and data moves in blocks of up to
 * {@value #QUIET_BUFFER} bytes instead of the tutorial's {@value #CHUNK}. Failures of single
 * connections, refusals and the stop go to standard error as notices.
 *
 * <h2>Stopping</h2>
 * {@link #stop(boolean) stop(false)} closes the server socket at once, which removes its socket
 * file (new clients find no file), and lets the open connections finish for the grace period;
 * those still open then are closed. {@code stop(true)} closes them at once. Failures that closing
 * causes are not reported.
 */
final class EchoService implements Stopper.Stoppable {
    /** The most bytes read at a time unless quiet: the tutorial's {@code connection.recv(16)}. */
    static final int CHUNK = 16;
    /** The most bytes read at a time when quiet. */
    static final int QUIET_BUFFER = 64 * 1024;

    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 1000;
    /** How long the end of the stop waits for threads whose connections it closed. */
    private static final long CLOSED_THREADS_MILLIS = 5000;

    /** What a service does; each setter returns this. */
    static final class Settings {
        /** How many clients are served at once unless told otherwise. */
        static final int DEFAULT_MAX_CLIENTS = 1024;
        /** How long a connection may be idle unless told otherwise, in seconds. */
        static final long DEFAULT_IDLE_SECONDS = 300;
        /** How long a stop lets connections finish unless told otherwise, in seconds. */
        static final long DEFAULT_GRACE_SECONDS = 5;

        private int maxClients = DEFAULT_MAX_CLIENTS;
        private int maxPerUid;
        private long idleMillis = TimeUnit.SECONDS.toMillis(DEFAULT_IDLE_SECONDS);
        private long graceMillis = TimeUnit.SECONDS.toMillis(DEFAULT_GRACE_SECONDS);
        private boolean quiet;
        private boolean once;
        private boolean stats;

        /** The most connections served at once, 1 or more. */
        Settings maxClients(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxClients < 1: " + n);
            }
            maxClients = n;
            return this;
        }

        /** The most connections of one user id served at once, 1 or more; 0 for no such limit. */
        Settings maxPerUid(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxPerUid < 0: " + n);
            }
            maxPerUid = n;
            return this;
        }

        /** How long a connection on which nothing moves stays open; 0 for ever. */
        Settings idleMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("idleMillis < 0: " + millis);
            }
            idleMillis = millis;
            return this;
        }

        /** How long the stop lets open connections finish, 0 or more. */
        Settings graceMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("graceMillis < 0: " + millis);
            }
            graceMillis = millis;
            return this;
        }

        /** Print no line per connection or chunk. */
        Settings quiet(boolean on) {
            quiet = on;
            return this;
        }

        /** Serve the first connection only, then stop; its failure is thrown by {@link #run()}. */
        Settings once(boolean on) {
            once = on;
            return this;
        }

        /** At the end of {@link #run()}, print {@link #stats()} as a notice. */
        Settings stats(boolean on) {
            stats = on;
            return this;
        }
    }

    /** One open connection. */
    private static final class Connection {
        final UnixSocket socket;
        /** The peer's user id, or -1 when not asked for. */
        final long uid;
        /** When a read or write on it last completed ({@link System#nanoTime()}). */
        volatile long lastActive = System.nanoTime();
        /** Closed for being idle; guarded by the service's lock. */
        boolean idle;

        Connection(UnixSocket socket, long uid) {
            this.socket = socket;
            this.uid = uid;
        }
    }

    private final UnixServerSocket server;
    private final String where;
    private final int maxClients;
    private final int maxPerUid;
    private final long idleMillis;
    private final long graceMillis;
    private final boolean quiet;
    private final boolean once;
    private final boolean stats;
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
    private final Set<Connection> open = new LinkedHashSet<Connection>();
    private final Map<Long, Integer> openPerUid = new HashMap<Long, Integer>();
    private final Set<Long> refusedUids = new HashSet<Long>();
    private boolean stopping;
    private boolean forced;
    private boolean ended;
    private long accepted;
    private int mostAtOnce;
    private long failures;
    private long refused;
    private long closedIdle;
    private IOException onceFailure;

    /**
     * @param server the socket to accept on; the stop closes it, and so does the end of {@link
     *     #run()}
     * @param settings what to do; read now, later changes do not count
     * @param t where the tutorial's lines go
     * @param io where notices go
     */
    EchoService(UnixServerSocket server, Settings settings, Lines t, Io io) {
        this.server = server;
        this.where = server.getLocalAddress().toString();
        this.maxClients = settings.once ? 1 : settings.maxClients;
        this.maxPerUid = settings.maxPerUid;
        this.idleMillis = settings.idleMillis;
        this.graceMillis = settings.graceMillis;
        this.quiet = settings.quiet;
        this.once = settings.once;
        this.stats = settings.stats;
        this.t = t;
        this.io = io;
    }

    /** Prints {@code starting up on P}, binds, and says so if a stale socket file was replaced. */
    static UnixServerSocket bind(UnixSocketAddress address, BindOptions options, Lines t)
            throws IOException {
        t.line("starting up on " + address);
        UnixServerSocket server = UnixSockets.bind(address, options);
        if (server.replacedStaleFile()) {
            t.line("replaced a stale socket file at " + address + " (no server answered on it)");
        }
        return server;
    }

    /**
     * Accepts and serves clients until the stop (or, with {@code once}, until the first
     * connection ended), then lets the open connections finish as described for the stop, and
     * returns. An interrupt of the calling thread stops the service as {@code stop(false)} does.
     *
     * @return {@link Main#OK}
     * @throws IOException if the server socket was closed by someone else than the stop, or with
     *     {@code once}, the failure of the connection
     */
    int run() throws IOException {
        Thread watchdog = idleMillis > 0 ? startWatchdog() : null;
        try {
            t.line("waiting for a connection");
            acceptUntilStopped();
            drain();
        } finally {
            closeServer();
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
        if (watchdog != null) {
            try {
                watchdog.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
     * The first call stops accepting and closes the server socket, which removes its socket
     * file; the open connections get the grace period. A call with {@code now}, or any later
     * call, closes the open connections at once. Any thread may call it; it does not wait.
     */
    @Override
    public void stop(boolean now) {
        List<Connection> cut = null;
        synchronized (lock) {
            if (stopping || now) {
                forced = true;
                cut = new ArrayList<Connection>(open);
            }
            stopping = true;
            lock.notifyAll();
        }
        closeServer();
        if (cut != null) {
            for (Connection c : cut) {
                cut(c.socket);
            }
        }
    }

    /**
     * Returns {@code served N connections, at most M at once, F failed, R refused, I closed
     * idle}.
     */
    String stats() {
        synchronized (lock) {
            return "served " + connections(accepted) + ", at most " + mostAtOnce + " at once, "
                    + failures + " failed, " + refused + " refused, " + closedIdle
                    + " closed idle";
        }
    }

    /** Returns how many connections are open now. */
    int openConnections() {
        synchronized (lock) {
            return open.size();
        }
    }

    private void acceptUntilStopped() throws IOException {
        long pause = 0;
        while (awaitRoom()) {
            UnixSocket socket;
            try {
                socket = server.accept();
                pause = 0;
            } catch (IOException e) {
                if (stopping()) {
                    return;
                }
                if (!server.isOpen()) {
                    throw Errors.naming(where, e);
                }
                pause = pause == 0 ? FIRST_PAUSE_MILLIS : Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                io.notice(where + ": cannot accept a connection: " + Errors.describe(e)
                        + "; trying again in " + pause + " ms");
                pauseUnlessStopped(pause);
                continue;
            }
            long uid = -1;
            if (maxPerUid > 0) {
                try {
                    uid = socket.getPeerCredentials().uid();
                } catch (IOException | RuntimeException e) {
                    // Without the uid the limit cannot be kept: the connection is refused.
                    io.notice(where + ": cannot tell the user id of a client, closing its"
                            + " connection: " + Errors.describe(e));
                    closeQuietly(socket);
                    synchronized (lock) {
                        failures++;
                    }
                    continue;
                }
            }
            Connection c = admit(socket, uid);
            if (c == null) {
                closeQuietly(socket);
                if (stopping()) {
                    return;
                }
                continue; // refused
            }
            if (!startThread(c)) {
                pause = pause == 0 ? FIRST_PAUSE_MILLIS : Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                pauseUnlessStopped(pause);
            }
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

    /**
     * Registers an accepted connection and returns it; null if the stop came meanwhile or if
     * its user has {@code maxPerUid} connections open (then it counts as refused, and the first
     * refusal of each user is reported).
     */
    private Connection admit(UnixSocket socket, long uid) {
        boolean firstRefusal;
        int held;
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            Integer n = uid < 0 ? null : openPerUid.get(uid);
            held = n == null ? 0 : n;
            if (maxPerUid == 0 || held < maxPerUid) {
                Connection c = new Connection(socket, uid);
                open.add(c);
                if (uid >= 0) {
                    openPerUid.put(uid, held + 1);
                }
                accepted++;
                mostAtOnce = Math.max(mostAtOnce, open.size());
                return c;
            }
            refused++;
            firstRefusal = refusedUids.add(uid);
        }
        if (firstRefusal) {
            io.notice(where + ": refusing connections from uid " + uid + " while it has "
                    + connections(held) + " open, the most for one user");
        }
        return null;
    }

    /** Starts the connection's thread; if the JVM cannot start one, reports that and closes it. */
    private boolean startThread(final Connection c) {
        long number;
        synchronized (lock) {
            number = accepted;
        }
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                serve(c);
            }
        }, "uds-echo-" + number);
        thread.setDaemon(true);
        try {
            thread.start();
            return true;
        } catch (OutOfMemoryError e) { // "unable to create native thread"
            io.notice(where + ": cannot start a thread for a connection, closing it: "
                    + Errors.describe(e));
            closeQuietly(c.socket);
            finish(c);
            return false;
        }
    }

    /** Serves one connection in its own thread, to the end, and reports a failure. */
    private void serve(Connection c) {
        try {
            String peer = quiet ? null : Peers.describe(c.socket);
            try {
                if (quiet) {
                    pump(c);
                } else {
                    echo(c, peer);
                }
            } catch (IOException | RuntimeException e) {
                failed(c, peer, e);
            }
        } finally {
            closeQuietly(c.socket);
            finish(c);
        }
    }

    /** Sends back what the client sends, a block at a time, printing nothing. */
    private static void pump(Connection c) throws IOException {
        InputStream in = c.socket.getInputStream();
        OutputStream out = c.socket.getOutputStream();
        byte[] buf = new byte[QUIET_BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
            c.lastActive = System.nanoTime();
            out.write(buf, 0, n);
            out.flush();
            c.lastActive = System.nanoTime();
        }
    }

    /** Sends back what the client sends, 16 bytes at a time, printing the tutorial's lines. */
    private void echo(Connection c, String peer) throws IOException {
        t.line("connection from " + peer);
        InputStream in = c.socket.getInputStream();
        OutputStream out = c.socket.getOutputStream();
        byte[] buf = new byte[CHUNK];
        while (true) {
            int n = in.read(buf);
            if (n <= 0) {
                t.line("received \"\"");
                t.line("no more data from " + peer);
                return;
            }
            c.lastActive = System.nanoTime();
            t.quoted("received \"", buf, 0, n, "\"");
            t.line("sending data back to the client");
            out.write(buf, 0, n);
            out.flush();
            c.lastActive = System.nanoTime();
        }
    }

    private void failed(Connection c, String peer, Exception e) {
        synchronized (lock) {
            if (forced || c.idle) {
                return; // closed by the stop or for being idle
            }
            failures++;
            if (once) {
                onceFailure = e instanceof IOException ? (IOException) e : new IOException(e);
                return;
            }
        }
        String who = peer != null ? peer : Peers.describe(c.socket);
        io.notice(where + ": connection from " + (who.isEmpty() ? "a client" : who)
                + " failed: " + Errors.describe(e));
    }

    /** Forgets a closed connection; prints the idle line when it was the last one. */
    private void finish(Connection c) {
        boolean stopNow = false;
        synchronized (lock) {
            if (!open.remove(c)) {
                return;
            }
            if (c.uid >= 0) {
                int n = openPerUid.get(c.uid) - 1;
                if (n == 0) {
                    openPerUid.remove(c.uid);
                } else {
                    openPerUid.put(c.uid, n);
                }
            }
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
     * Starts the thread that closes idle connections: it looks every quarter of the idle time
     * (at least every 10 ms, at most every second) until {@link #run()} ends.
     */
    private Thread startWatchdog() {
        final long period = TimeUnit.MILLISECONDS.toNanos(
                Math.max(10, Math.min(1000, idleMillis / 4)));
        final long idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        Thread watchdog = new Thread(new Runnable() {
            @Override
            public void run() {
                long next = System.nanoTime() + period;
                while (true) {
                    List<Connection> idle = new ArrayList<Connection>();
                    synchronized (lock) {
                        try {
                            long left;
                            while (!ended && (left = next - System.nanoTime()) > 0) {
                                TimeUnit.NANOSECONDS.timedWait(lock, left);
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (ended) {
                            return;
                        }
                        long now = System.nanoTime();
                        next = now + period;
                        for (Connection c : open) {
                            if (!c.idle && now - c.lastActive >= idleNanos) {
                                c.idle = true;
                                closedIdle++;
                                idle.add(c);
                            }
                        }
                    }
                    for (Connection c : idle) {
                        if (!quiet) {
                            t.line("closing the connection from " + Peers.describe(c.socket)
                                    + ": idle for " + seconds(idleMillis));
                        }
                        cut(c.socket);
                    }
                }
            }
        }, "uds-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /**
     * Lets the open connections finish for the grace period, then closes those still open and
     * waits (a little) for their threads.
     */
    private void drain() {
        closeServer(); // waits while another thread removes the socket file
        int left;
        boolean forcedAlready;
        synchronized (lock) {
            left = open.size();
            forcedAlready = forced;
        }
        if (left > 0 && !forcedAlready) {
            io.notice(where + ": stopping; letting " + connections(left) + " finish (at most "
                    + seconds(graceMillis) + ")");
        }
        List<Connection> still;
        boolean graceOver;
        synchronized (lock) {
            waitUntilClosed(graceMillis, true);
            graceOver = !forced;
            forced = true;
            still = new ArrayList<Connection>(open);
        }
        if (!still.isEmpty()) {
            if (graceOver) {
                io.notice(where + ": closing " + connections(still.size())
                        + " still open after " + seconds(graceMillis));
            }
            for (Connection c : still) {
                cut(c.socket);
            }
            synchronized (lock) {
                waitUntilClosed(CLOSED_THREADS_MILLIS, false);
            }
        }
    }

    /**
     * With the lock held: waits at most {@code millis} while connections are open, and if
     * {@code untilForced}, until a forced stop. An interrupt counts as a forced stop.
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

    /**
     * Ends a connection that its thread may be blocked on, in a read or in a write: shuts down
     * both directions, which wakes such a thread on every provider, then closes it.
     */
    private static void cut(UnixSocket socket) {
        try {
            socket.shutdownInput();
        } catch (IOException | RuntimeException e) {
            // closed already: the close below is what matters
        }
        try {
            socket.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            // closed already, or the peer is gone
        }
        closeQuietly(socket);
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
