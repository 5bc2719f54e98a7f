package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A binder killed with {@code SIGKILL} in the middle of a bind with permissions, which works in a
 * private directory beside the socket file: what it leaves behind must not pile up, and cleaning
 * it up must never touch the private directory of a binder that is still alive.
 *
 * <p>The binders run in child JVMs ({@link BindLoop}, through {@link ChildBinder}) of the same
 * user, with the provider under test.
 */
public abstract class KilledBindContract extends ContractTestBase {
    private static final int KILLS = 20;
    private static final int MAX_KILL_DELAY_MILLIS = 50;
    private static final int STOPS = 60;
    private static final String SOCKET = "k.sock";

    private final Random random = new Random();

    private static BindOptions withPermissions() {
        return BindOptions.defaults()
                .permissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** True for the names of the private directories of uds-api and of the backends. */
    private static boolean isPrivateDirectoryName(String name) {
        return name.startsWith(".uds4j-") || name.startsWith(".jx");
    }

    private List<String> privateDirectories() throws IOException {
        List<String> found = new ArrayList<String>();
        for (String name : listing()) {
            if (isPrivateDirectoryName(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** Lists everything under {@code root}, relative to the test's directory. */
    private String tree(Path root) throws IOException {
        List<String> names = new ArrayList<String>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> names.add(dir.relativize(p).toString()
                    + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        java.util.Collections.sort(names);
        return names.toString();
    }

    @Test
    void nextBindAfterKilledBindersLeavesOnlyItsSocketFile() throws Exception {
        Path socket = dir.resolve(SOCKET);
        Set<String> seen = new LinkedHashSet<String>();
        int killsLeavingADirectory = 0;
        int killsLeavingASocketFile = 0;
        long started = System.nanoTime();
        ChildBinder next = ChildBinder.start(expectedProvider(), socket, threads);
        try {
            for (int i = 0; i < KILLS; i++) {
                ChildBinder child = next;
                next = null;
                try {
                    child.awaitReady(expectedProvider());
                    // The next JVM starts while this one loops, so the kills take less time.
                    if (i + 1 < KILLS) {
                        next = ChildBinder.start(expectedProvider(), socket, threads);
                    }
                    child.send("go");
                    child.awaitLine("looping", 60);
                    Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS + 1)); // the kill's moment
                    child.kill();
                    assertThat(child.failures()).as("binds of child %d failed", i).isEmpty();
                } finally {
                    child.close();
                }
                boolean newDirectory = false;
                for (String name : privateDirectories()) {
                    newDirectory |= seen.add(name);
                }
                if (newDirectory) {
                    killsLeavingADirectory++;
                }
                if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                    killsLeavingASocketFile++;
                }
            }
        } finally {
            if (next != null) {
                next.close();
            }
        }
        long killMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<String> afterKills = listing();
        List<String> leftInside = new ArrayList<String>();
        for (String name : privateDirectories()) {
            if (leftInside.size() < 3) {
                leftInside.add(tree(dir.resolve(name)));
            }
        }

        // One more bind by a live process of the same user: it cleans up after the dead ones.
        List<String> whileBound;
        try (UnixServerSocket server = UnixSockets.bind(UnixSocketAddress.of(socket),
                withPermissions())) {
            whileBound = listing();
        }
        List<String> afterClose = listing();
        String summary = killsLeavingADirectory + " of " + KILLS
                + " kills left a private directory, " + killsLeavingASocketFile + " of " + KILLS
                + " a socket file (" + killMillis + " ms for the kills); after the kills: "
                + afterKills + " (inside, for example: " + leftInside + "); while the next bind"
                + " is open: " + whileBound + "; after it closed: " + afterClose;
        System.out.println("[" + expectedProvider() + "] " + summary);
        assertThat(whileBound).as(summary).containsExactly(SOCKET);
        assertThat(afterClose).as(summary).isEmpty();
    }

    @Test
    void privateDirectoryOfAStoppedLiveBinderIsNeverRemoved() throws Exception {
        // A binder stopped (SIGSTOP) at a random moment is alive, and may be between creating its
        // private directory and removing it. Binds by this process meanwhile must leave it alone.
        Path socket = dir.resolve("child.sock");
        UnixSocketAddress own = address("parent.sock");
        int caughtWithADirectory = 0;
        int directoriesSeen = 0;
        int parentBinds = 0;
        List<String> removed = new ArrayList<String>();
        String done;
        try (ChildBinder child = ChildBinder.start(expectedProvider(), socket, threads)) {
            child.awaitReady(expectedProvider());
            child.send("go");
            child.awaitLine("looping", 60);
            for (int i = 0; i < STOPS; i++) {
                Thread.sleep(random.nextInt(6)); // the stop's moment
                try {
                    child.stop();
                    // Those in use: a socket is bound in them, so their owner holds their lock.
                    // An empty one (being set up or taken down) may go: its owner then takes
                    // another name, which the child's bind count below checks.
                    List<String> before = new ArrayList<String>();
                    for (String name : privateDirectories()) {
                        if (Files.exists(dir.resolve(name).resolve("s"),
                                LinkOption.NOFOLLOW_LINKS)) {
                            before.add(name);
                        }
                    }
                    if (!before.isEmpty()) {
                        caughtWithADirectory++;
                        directoriesSeen += before.size();
                    }
                    for (int j = 0; j < 3; j++) {
                        UnixSockets.bind(own, withPermissions()).close();
                        parentBinds++;
                    }
                    for (String name : before) {
                        if (!Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                            removed.add(name);
                        }
                    }
                } finally {
                    child.signal("CONT");
                }
            }
            child.send("stop");
            done = child.awaitLine("done ", 30);
            assertThat(child.awaitExit(30)).as("child's exit status; its output: %s",
                    child.transcript()).isZero();
            String summary = caughtWithADirectory + " of " + STOPS
                    + " stops caught the child with a socket bound in its private directory; "
                    + removed.size()
                    + " of the " + directoriesSeen + " such directories were removed while it was"
                    + " stopped, by " + parentBinds + " binds of this process; child: "
                    + done + " (attempts, failures)";
            System.out.println("[" + expectedProvider() + "] " + summary);
            assertThat(removed).as(summary).isEmpty();
            assertThat(child.failures()).as(summary).isEmpty();
            assertThat(done).as(summary).endsWith(" 0");
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void bindsBesideALiveBinderInAnotherJvmNeverBreakIt() throws Exception {
        // Both processes bind with permissions in the same directory at once, so each one's
        // private directories keep appearing beside the other's binds.
        Path socket = dir.resolve("child.sock");
        UnixSocketAddress own = address("parent.sock");
        int parentBinds = 0;
        int parentFailed = 0;
        List<String> parentFailures = new ArrayList<String>();
        String done;
        long started;
        try (ChildBinder child = ChildBinder.start(expectedProvider(), socket, threads)) {
            child.awaitReady(expectedProvider());
            child.send("go");
            child.awaitLine("looping", 60);
            started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                try {
                    UnixSockets.bind(own, withPermissions()).close();
                } catch (IOException e) {
                    parentFailed++;
                    if (parentFailures.size() < 20) {
                        parentFailures.add(e.toString());
                    }
                }
                parentBinds++;
            }
            child.send("stop");
            done = child.awaitLine("done ", 30);
            assertThat(child.awaitExit(30)).as("child's exit status; its output: %s",
                    child.transcript()).isZero();
            String[] counts = done.split(" ");
            String summary = "child: " + counts[2] + " of " + counts[1] + " binds failed; "
                    + "this process: " + parentFailed + " of " + parentBinds
                    + " binds failed, in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms; failures: child "
                    + child.failures() + ", this process " + parentFailures;
            System.out.println("[" + expectedProvider() + "] " + summary);
            assertThat(child.failures()).as(summary).isEmpty();
            assertThat(counts[2]).as(summary).isEqualTo("0");
            assertThat(Long.parseLong(counts[1])).as(summary).isPositive();
            assertThat(parentFailed).as(summary).isZero();
        }
        assertThat(listing()).isEmpty();
    }
}
