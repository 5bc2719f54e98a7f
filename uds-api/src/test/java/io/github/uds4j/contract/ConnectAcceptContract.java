package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.BindOptions;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketFactory;
import io.github.uds4j.UnixSockets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.InvalidPathException;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connecting and accepting at the edges, the same on every provider: a close that ends a connect
 * in progress, the exception of an accept on a closed server, a path with a trailing slash,
 * peers whose user id is 2^31 or more, and how closely a short connect timeout is kept.
 *
 * <p>A connect that must wait is made to wait for real: the server's backlog is full (backlog 1,
 * and connections nobody accepts), so the kernel holds a blocking connect until there is room.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class ConnectAcceptContract extends ContractTestBase {
    /** A user and group id above 2^31, with no entry in /etc/passwd. */
    private static final long BIG_ID = 3_000_000_000L;

    /** Runs {@code task} in a thread of its own, which the test can watch, and returns it. */
    private static Thread start(String name, FutureTask<?> task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Throwable failureOf(FutureTask<?> task) throws Exception {
        Throwable t = catchThrowable(() -> task.get(10, TimeUnit.SECONDS));
        assertThat(t).as("the call ended, with an exception, within 10 s")
                .isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    // --- A close ends a connect in progress, as for java.net.Socket ---

    @ParameterizedTest(name = "connect timeout {0} ms")
    @ValueSource(ints = {0, 600_000})
    void closeEndsAFactorySocketsConnectInProgress(int timeoutMillis) throws Exception {
        UnixSocketAddress address = address("full.sock");
        try (FullBacklog full = new FullBacklog(address)) {
            Socket s = new UnixSocketFactory(address).createSocket();
            FutureTask<Void> connect = new FutureTask<Void>(() -> {
                s.connect(new InetSocketAddress("localhost", 5432), timeoutMillis);
                return null;
            });
            Thread connecting = start("connect", connect);
            Threads.awaitBlockedIn(connecting, "io.github.uds4j.SocketView", "connect", "connect");
            s.close();
            Throwable t = failureOf(connect);
            assertThat(t).isExactlyInstanceOf(SocketException.class).hasMessage("Socket closed");
            assertThat(s.isClosed()).isTrue();
            assertThat(s.isConnected()).isFalse();
            assertThatThrownBy(() -> s.connect(address))
                    .isInstanceOf(SocketException.class).hasMessage("Socket is closed");
        }
    }

    // --- accept on a closed server: the JDK's rule ---

    @Test
    void acceptOnAClosedServerThrowsClosedChannelException() throws Exception {
        UnixServerSocket server = UnixSockets.bind(address("closed.sock"));
        server.close();
        assertThatThrownBy(server::accept).isExactlyInstanceOf(ClosedChannelException.class);
        server.setAcceptTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(server::accept).isExactlyInstanceOf(ClosedChannelException.class);

        // also after a limited accept switched the socket to waiting in a selector
        UnixServerSocket timed = UnixSockets.bind(address("timed.sock"));
        timed.setAcceptTimeout(Duration.ofMillis(1));
        assertThatThrownBy(timed::accept).isInstanceOf(SocketTimeoutException.class);
        timed.close();
        assertThatThrownBy(timed::accept).isExactlyInstanceOf(ClosedChannelException.class);
        timed.setAcceptTimeout(Duration.ZERO);
        assertThatThrownBy(timed::accept).isExactlyInstanceOf(ClosedChannelException.class);
    }

    @ParameterizedTest(name = "accept timeout {0} ms")
    @ValueSource(ints = {0, 600_000})
    void closeWhileAcceptWaitsThrowsAsynchronousCloseException(int timeoutMillis)
            throws Exception {
        UnixServerSocket server = UnixSockets.bind(address("waiting.sock"));
        try {
            server.setAcceptTimeout(Duration.ofMillis(timeoutMillis));
            FutureTask<UnixSocket> accept = new FutureTask<UnixSocket>(server::accept);
            Thread accepting = start("accept", accept);
            // a blocking accept, or the wait of one with a time limit
            Threads.awaitBlockedIn(accepting, "io.github.uds4j.OwnedServerSocket", "accept",
                    "accept", "wait", "poll");
            server.close();
            assertThat(failureOf(accept)).isExactlyInstanceOf(AsynchronousCloseException.class);
        } finally {
            server.close();
        }
    }

    // --- a path ending in '/' names a directory, never a socket file ---

    @Test
    void aPathWithATrailingSlashIsRejectedBeforeConnectOrBind() throws Exception {
        UnixSocketAddress address = address("slash.sock");
        String slashed = address + "/";
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThatThrownBy(() -> UnixSockets.connect(UnixSocketAddress.of(slashed)))
                    .isInstanceOf(InvalidPathException.class)
                    .hasMessageContaining(slashed)
                    .hasMessageContaining("ends with '/'");
            assertThatThrownBy(() -> new UnixSocketFactory(slashed))
                    .isInstanceOf(InvalidPathException.class);
        }
        String fresh = address("fresh.sock") + "/";
        assertThatThrownBy(() -> UnixSockets.bind(UnixSocketAddress.of(fresh)))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining(fresh);
        assertThat(listing()).as("nothing created").isEmpty();
    }

    // --- peers whose user id does not fit in a Java int ---

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void peerCredentialsOfAUserIdAbove2To31() throws Exception {
        UnixSocketAddress address = address("bigid.sock");
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults()
                .allowedUids(BIG_ID)
                .permissions(PosixFilePermissions.fromString("rw-rw-rw-")))) {
            String out = UnprivilegedJava.runAs(BIG_ID, dir, expectedProvider(),
                    ConnectProbe.class.getName(), address.toString());
            assertThat(out).contains("connected via " + expectedProvider());
            server.setAcceptTimeout(Duration.ofSeconds(30));
            try (UnixSocket peer = server.accept()) {
                PeerCredentials c = peer.getPeerCredentials();
                assertThat(c.uid()).isEqualTo(BIG_ID);
                assertThat(c.gid()).isEqualTo(BIG_ID);
            }
        }
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void aPeerWithAUserIdAbove2To31IsDroppedWithoutFailingAccept() throws Exception {
        UnixSocketAddress address = address("bigid-drop.sock");
        long own = SocketFileContract.ownId("Uid:");
        try (UnixServerSocket server = UnixSockets.bind(address, BindOptions.defaults()
                .allowedUids(own)
                .permissions(PosixFilePermissions.fromString("rw-rw-rw-")))) {
            String out = UnprivilegedJava.runAs(BIG_ID, dir, expectedProvider(),
                    ConnectProbe.class.getName(), address.toString());
            assertThat(out).contains("connected via " + expectedProvider());
            // The stranger's connection is queued first; accept drops it and returns ours.
            try (UnixSocket mine = UnixSockets.connect(address)) {
                server.setAcceptTimeout(Duration.ofSeconds(30));
                try (UnixSocket peer = server.accept()) {
                    assertThat(peer.getPeerCredentials().uid()).isEqualTo(own);
                }
            }
        }
    }

    // --- a short connect timeout is kept closely ---

    /**
     * A 1 ms connect timeout against a full backlog ends well within 100 ms: the median of five
     * tries, so that a busy machine's odd scheduling delay does not decide.
     */
    @Test
    void aShortConnectTimeoutEndsSoonAfterItPasses() throws Exception {
        UnixSocketAddress address = address("late.sock");
        try (FullBacklog full = new FullBacklog(address)) {
            long[] elapsed = new long[5];
            for (int i = 0; i < elapsed.length; i++) {
                long start = System.nanoTime();
                Throwable t = catchThrowable(() -> UnixSockets.connect(address,
                        Duration.ofMillis(1)).close());
                elapsed[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(t).isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining(address.toString());
            }
            Arrays.sort(elapsed);
            assertThat(elapsed[elapsed.length / 2])
                    .as("median ms of a 1 ms connect timeout, of " + Arrays.toString(elapsed))
                    .isLessThan(100);
        }
    }

    @Test
    void aConnectThatCanCompleteAtOnceDoesHoweverShortItsTimeout() throws Exception {
        UnixSocketAddress address = address("free.sock");
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixSocket client = UnixSockets.connect(address, Duration.ofMillis(1));
                UnixSocket peer = server.accept()) {
            client.getOutputStream().write(42);
            assertThat(peer.getInputStream().read()).isEqualTo(42);
        }
    }
}
