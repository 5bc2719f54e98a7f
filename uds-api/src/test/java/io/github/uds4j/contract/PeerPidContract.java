package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.PEER_PID;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PeerCredentials#pid()}: the process at the other end of a connection, here a child
 * process (Python), whichever side connected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class PeerPidContract extends ContractTestBase {

    /** A child process and the pid it printed. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final long pid;

        Child(Process process, long pid) {
            this.process = process;
            this.pid = pid;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs a Python script that prints its pid once its socket is set up, then waits. */
    private static Child python(String script, String... args) throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is not installed");
        String[] command = new String[3 + args.length];
        command[0] = "/usr/bin/python3";
        command[1] = "-c";
        command[2] = "import socket,sys,os\n" + script
                + "print(os.getpid(),flush=True)\nsys.stdin.read()\n";
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(Arrays.asList(command)).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        String line = r.readLine();
        try {
            return new Child(p, Long.parseLong(String.valueOf(line).trim()));
        } catch (NumberFormatException e) {
            p.destroyForcibly();
            throw new AssertionError("python printed " + line, e);
        }
    }

    private void acceptedPeerIsTheConnectingChild(UnixSocketType type, String pythonType)
            throws Exception {
        UnixSocketAddress address = address("pid.sock");
        try (UnixServerSocket server = UnixSockets.bind(address, type, BindOptions.defaults());
                Child child = python("s=socket.socket(socket.AF_UNIX,socket." + pythonType
                        + ")\ns.connect(sys.argv[1])\n", address.toString());
                UnixSocket peer = server.accept()) {
            PeerCredentials c = peer.getPeerCredentials();
            assertThat(c.pid().isPresent()).isTrue();
            assertThat(c.pid().getAsLong()).as("the connecting child's pid").isEqualTo(child.pid);
            assertThat(c.pid().getAsLong()).isNotEqualTo(SocketFileContract.ownPid());
        }
    }

    @Test
    @RequiresCapability(PEER_PID)
    void acceptedStreamReportsTheConnectingProcesssPid() throws Exception {
        acceptedPeerIsTheConnectingChild(UnixSocketType.STREAM, "SOCK_STREAM");
    }

    @Test
    @RequiresCapability({PEER_PID, SEQPACKET})
    void acceptedSeqpacketReportsTheConnectingProcesssPid() throws Exception {
        acceptedPeerIsTheConnectingChild(UnixSocketType.SEQPACKET, "SOCK_SEQPACKET");
    }

    @Test
    @RequiresCapability(PEER_PID)
    void clientReportsTheListeningProcesssPid() throws Exception {
        UnixSocketAddress address = address("server.sock");
        try (Child child = python("s=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM)\n"
                + "s.bind(sys.argv[1])\ns.listen(1)\n", address.toString());
                UnixSocket client = UnixSockets.connect(address)) {
            PeerCredentials c = client.getPeerCredentials();
            assertThat(c.pid().isPresent()).isTrue();
            assertThat(c.pid().getAsLong()).as("the listening child's pid").isEqualTo(child.pid);
        }
    }
}
