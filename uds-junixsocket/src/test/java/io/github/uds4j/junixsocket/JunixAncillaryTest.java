package io.github.uds4j.junixsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.Descriptor;
import io.github.uds4j.internal.Messages;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * The work-arounds in {@link JunixAncillary}, on junixsocket's own channels: room for 253
 * descriptors (junixsocket's public size tops out at 60), received descriptors that outlive the
 * socket they came through (junixsocket closes them with it), and descriptors sent from an
 * unconnected datagram socket (junixsocket refuses).
 */
class JunixAncillaryTest {
    @TempDir
    Path dir;

    static int openDescriptors() throws IOException {
        // the descriptors on the test's own files: exact, whatever else the JVM opens
        return io.github.uds4j.contract.DescriptorPassingContract.descriptorsOn(
                Paths.get("/proc/self/status"));
    }

    @Test
    void receivesTheMostDescriptorsOneMessageCarries() throws Exception {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        try (AFUNIXSocketChannel a = pair.getSocket1(); AFUNIXSocketChannel b = pair.getSocket2();
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            JunixAncillary out = JunixAncillary.of(a);
            JunixAncillary in = JunixAncillary.of(b);
            assertThat(in.fullRoom()).isTrue();
            Descriptor[] many = new Descriptor[Messages.MAX_DESCRIPTORS];
            Arrays.fill(many, Descriptor.of(file));
            int before = openDescriptors();
            int sent = out.send(JunixAncillary.toSend(many),
                    () -> a.write(ByteBuffer.wrap(new byte[] {42})));
            assertThat(sent).isEqualTo(1);
            ByteBuffer dst = ByteBuffer.allocate(8);
            JunixAncillary.Incoming<Integer> got = in.receive(() -> b.read(dst));
            assertThat(got.result).isEqualTo(1);
            assertThat(got.descriptors).hasSize(Messages.MAX_DESCRIPTORS);
            assertThat(openDescriptors()).isEqualTo(before + Messages.MAX_DESCRIPTORS);
            for (FileDescriptor fd : got.descriptors) {
                Messages.close(fd);
            }
            assertThat(openDescriptors()).isEqualTo(before);
        }
    }

    @Test
    void receivedDescriptorsOutliveTheSocketTheyCameThrough() throws Exception {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        FileDescriptor[] fds;
        try (AFUNIXSocketChannel a = pair.getSocket1(); AFUNIXSocketChannel b = pair.getSocket2();
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            JunixAncillary.of(a).send(JunixAncillary.toSend(Descriptor.of(file)),
                    () -> a.write(ByteBuffer.wrap(new byte[] {1})));
            fds = JunixAncillary.of(b).receive(() -> b.read(ByteBuffer.allocate(1))).descriptors;
            assertThat(fds).hasSize(1);
        }
        assertThat(fds[0].valid()).isTrue();
        try (FileInputStream received = new FileInputStream(fds[0])) {
            assertThat(received.read()).isGreaterThanOrEqualTo(0); // still open
        }
    }

    @Test
    void plainReadsAfterAReceiveTakeNoDescriptors() throws Exception {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        try (AFUNIXSocketChannel a = pair.getSocket1(); AFUNIXSocketChannel b = pair.getSocket2();
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            JunixAncillary out = JunixAncillary.of(a);
            JunixAncillary in = JunixAncillary.of(b);
            FileDescriptor[] one = JunixAncillary.toSend(Descriptor.of(file));
            out.send(one, () -> a.write(ByteBuffer.wrap(new byte[] {1})));
            for (FileDescriptor fd : in.receive(() -> b.read(ByteBuffer.allocate(1))).descriptors) {
                Messages.close(fd);
            }
            int before = openDescriptors();
            for (int i = 0; i < 100; i++) {
                out.send(one, () -> a.write(ByteBuffer.wrap(new byte[] {1})));
                assertThat(b.read(ByteBuffer.allocate(1))).isEqualTo(1);
            }
            assertThat(b.getReceivedFileDescriptors()).isEmpty();
            assertThat(openDescriptors()).isEqualTo(before);
        }
    }

    @Test
    void sendsDescriptorsFromAnUnconnectedDatagramSocket() throws Exception {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(dir.resolve("d"));
        try (AFUNIXDatagramChannel receiver = AFUNIXDatagramChannel.open();
                AFUNIXDatagramChannel sender = AFUNIXDatagramChannel.open();
                FileInputStream file = new FileInputStream("/proc/self/status")) {
            receiver.bind(address);
            JunixAncillary.of(sender).send(JunixAncillary.toSend(Descriptor.of(file)),
                    () -> sender.send(ByteBuffer.wrap(new byte[] {7}), address));
            JunixAncillary.Incoming<?> got = JunixAncillary.of(receiver)
                    .receive(() -> receiver.receive(ByteBuffer.allocate(4)));
            assertThat(got.descriptors).hasSize(1);
            Messages.close(got.descriptors[0]);
        }
    }
}
