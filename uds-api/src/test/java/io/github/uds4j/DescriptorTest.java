package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who closes a {@link Descriptor}: a borrowed one is never closed by it, an adopted one is, once,
 * unless it was handed over to a stream, which closes it then.
 */
class DescriptorTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.write(dir.resolve("f"), content.getBytes(StandardCharsets.US_ASCII));
    }

    private int openDescriptors() throws IOException {
        // the descriptors on the test's own files: exact, whatever else the JVM opens
        return io.github.uds4j.contract.DescriptorPassingContract.descriptorsOn(dir);
    }

    @Test
    void closingABorrowedDescriptorLeavesItOpen() throws Exception {
        try (FileInputStream in = new FileInputStream(file("abc").toFile())) {
            Descriptor d = Descriptor.of(in);
            assertThat(d.isOwned()).isFalse();
            assertThat(d.isOpen()).isTrue();
            assertThat(d.fileDescriptor()).isSameAs(in.getFD());
            int open = openDescriptors();
            d.close();
            d.close();
            assertThat(openDescriptors()).isEqualTo(open);
            assertThat(in.getFD().valid()).isTrue();
            assertThat(in.read()).isEqualTo('a');
            assertThat(d.isOpen()).isFalse();
            assertThat(d.toString()).isEqualTo("Descriptor[borrowed, closed]");
            assertThatThrownBy(d::fileDescriptor).isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void closingAnAdoptedDescriptorClosesItOnce() throws Exception {
        FileInputStream in = new FileInputStream(file("abc").toFile());
        int open = openDescriptors();
        Descriptor d = Descriptor.adopt(in.getFD());
        assertThat(d.isOwned()).isTrue();
        assertThat(d.toString()).isEqualTo("Descriptor[owned, open]");
        d.close();
        assertThat(openDescriptors()).isEqualTo(open - 1);
        assertThat(in.getFD().valid()).isFalse();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
        d.close(); // idempotent: nothing else is closed by mistake
        assertThat(openDescriptors()).isEqualTo(open - 1);
        assertThat(d.toString()).isEqualTo("Descriptor[owned, closed]");
    }

    @Test
    void handingOverGivesTheDescriptorToTheStreamOnce() throws Exception {
        FileInputStream original = new FileInputStream(file("hello").toFile());
        int open = openDescriptors();
        Descriptor d = Descriptor.adopt(original.getFD());
        InputStream in = d.openInputStream();
        assertThat(d.isOpen()).isFalse();
        assertThat(d.toString()).isEqualTo("Descriptor[owned, handed over]");
        d.close(); // handed over: the stream owns it now
        assertThat(openDescriptors()).isEqualTo(open);
        assertThat(in.read()).isEqualTo('h');
        assertThatThrownBy(d::openInputStream).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(d::openOutputStream).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(d::fileDescriptor).isInstanceOf(ClosedChannelException.class);
        in.close();
        assertThat(openDescriptors()).isEqualTo(open - 1);
    }

    @Test
    void aClosedDescriptorCannotBeHandedOver() throws Exception {
        FileInputStream original = new FileInputStream(file("x").toFile());
        Descriptor d = Descriptor.adopt(original.getFD());
        d.close();
        assertThatThrownBy(d::openInputStream).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void anOutputStreamWritesThroughTheDescriptor() throws Exception {
        Path f = file("");
        FileOutputStream original = new FileOutputStream(f.toFile());
        Descriptor d = Descriptor.adopt(original.getFD());
        try (FileOutputStream out = d.openOutputStream()) {
            out.write("written".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII))
                .isEqualTo("written");
        assertThat(original.getFD().valid()).isFalse();
    }

    @Test
    void invalidOrNullDescriptorsAreRefused() throws Exception {
        assertThatThrownBy(() -> Descriptor.of((FileDescriptor) null))
                .isInstanceOf(NullPointerException.class).hasMessage("fd == null");
        assertThatThrownBy(() -> Descriptor.adopt(null))
                .isInstanceOf(NullPointerException.class).hasMessage("fd == null");
        assertThatThrownBy(() -> Descriptor.of(new FileDescriptor()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid");
    }

    @Test
    void aSocketWithoutDescriptorAccessCannotBeSentNamingTheCapability() {
        UnixSocket plain = new UnixSocket() {
            @Override
            public java.io.InputStream getInputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(ByteBuffer dst) {
                return 0;
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) {
                return 0;
            }

            @Override
            public long read(ByteBuffer[] dsts) {
                return 0;
            }

            @Override
            public int write(ByteBuffer src) {
                return 0;
            }

            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) {
                return 0;
            }

            @Override
            public long write(ByteBuffer[] srcs) {
                return 0;
            }

            @Override
            public void shutdownInput() {}

            @Override
            public void shutdownOutput() {}

            @Override
            public UnixSocketAddress getLocalAddress() {
                return null;
            }

            @Override
            public UnixSocketAddress getRemoteAddress() {
                return null;
            }

            @Override
            public PeerCredentials getPeerCredentials() {
                return null;
            }

            @Override
            public void setReadTimeout(java.time.Duration timeout) {}

            @Override
            public java.time.Duration getReadTimeout() {
                return java.time.Duration.ZERO;
            }

            @Override
            public String providerName() {
                return "plain";
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> Descriptor.of(plain))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("FD_PASSING")
                .hasMessageContaining("plain");
        assertThatThrownBy(() -> plain.send(ByteBuffer.allocate(1), Descriptor.of(FileDescriptor.in)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("FD_PASSING");
        assertThatThrownBy(() -> plain.receive(ByteBuffer.allocate(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("FD_PASSING");
    }
}
