package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The ways the tests move bytes through a socket. */
enum Style {
    STREAMS {
        @Override
        void write(UnixSocket s, byte[] data, int off, int len) throws IOException {
            s.getOutputStream().write(data, off, len);
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            return s.getInputStream().read(into, 0, into.length);
        }
    },
    HEAP_BUFFERS {
        @Override
        void write(UnixSocket s, byte[] data, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(data, off, len);
            check(s.write(b), len, b);
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            return s.read(ByteBuffer.wrap(into));
        }
    },
    DIRECT_BUFFERS {
        @Override
        void write(UnixSocket s, byte[] data, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.allocateDirect(len).put(data, off, len).flip();
            check(s.write(b), len, b);
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            ByteBuffer b = ByteBuffer.allocateDirect(into.length);
            int n = s.read(b);
            if (n > 0) {
                b.flip().get(into, 0, n);
            }
            return n;
        }
    },
    /** A gathering write of three buffers (heap, direct, heap); a scattering read of two. */
    SCATTER_GATHER {
        @Override
        void write(UnixSocket s, byte[] data, int off, int len) throws IOException {
            int third = len / 3;
            ByteBuffer a = ByteBuffer.wrap(data, off, third);
            ByteBuffer b = ByteBuffer.allocateDirect(third).put(data, off + third, third).flip();
            ByteBuffer c = ByteBuffer.wrap(data, off + 2 * third, len - 2 * third);
            long n = s.write(new ByteBuffer[] {a, b, c});
            if (n != len || a.hasRemaining() || b.hasRemaining() || c.hasRemaining()) {
                throw new AssertionError("gathering write wrote " + n + " of " + len);
            }
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            int half = into.length / 2;
            ByteBuffer a = ByteBuffer.allocateDirect(half);
            ByteBuffer b = ByteBuffer.wrap(into, half, into.length - half);
            long n = s.read(new ByteBuffer[] {a, b});
            if (n <= 0) {
                return (int) n;
            }
            a.flip();
            int inA = a.remaining();
            a.get(into, 0, inA);
            // Close the gap between what landed in a and what landed in b.
            System.arraycopy(into, half, into, inA, b.position() - half);
            return (int) n;
        }
    };

    /** Writes {@code len} bytes of {@code data} from {@code off}, all of them. */
    abstract void write(UnixSocket s, byte[] data, int off, int len) throws IOException;

    /** Reads once: the count (at least 1 unless {@code into} is empty) or -1 at the end. */
    abstract int read(UnixSocket s, byte[] into) throws IOException;

    void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException {
        for (int off = 0; off < data.length; off += chunk) {
            write(s, data, off, Math.min(chunk, data.length - off));
        }
    }

    byte[] readToEnd(UnixSocket s, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        int n;
        while ((n = read(s, buf)) >= 0) {
            if (n == 0) {
                throw new AssertionError("a blocking read returned 0");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void check(int written, int len, ByteBuffer b) {
        if (written != len || b.hasRemaining()) {
            throw new AssertionError("write wrote " + written + " of " + len);
        }
    }
}
