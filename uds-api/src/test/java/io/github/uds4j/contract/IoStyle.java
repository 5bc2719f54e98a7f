package io.github.uds4j.contract;

import io.github.uds4j.UnixSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The ways bytes can move through a {@link UnixSocket}; the contract runs each. */
public enum IoStyle {
    STREAMS {
        @Override
        void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException {
            for (int off = 0; off < data.length; off += chunk) {
                s.getOutputStream().write(data, off, Math.min(chunk, data.length - off));
            }
            s.getOutputStream().flush();
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            return s.getInputStream().read(into);
        }
    },
    HEAP_BUFFERS {
        @Override
        void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(chunk);
            writeThrough(s, data, chunk, b);
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(into);
            return s.read(b);
        }
    },
    DIRECT_BUFFERS {
        @Override
        void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException {
            writeThrough(s, data, chunk, ByteBuffer.allocateDirect(chunk));
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            ByteBuffer b = ByteBuffer.allocateDirect(into.length);
            int n = s.read(b);
            if (n > 0) {
                b.flip();
                b.get(into, 0, n);
            }
            return n;
        }
    },
    /** Gathering writes and scattering reads over a heap and a direct buffer. */
    SCATTER_GATHER {
        @Override
        void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException {
            int half = Math.max(1, chunk / 2);
            ByteBuffer a = ByteBuffer.allocate(half);
            ByteBuffer b = ByteBuffer.allocateDirect(half);
            for (int off = 0; off < data.length; ) {
                a.clear();
                b.clear();
                int na = Math.min(half, data.length - off);
                a.put(data, off, na);
                int nb = Math.min(half, data.length - off - na);
                b.put(data, off + na, nb);
                a.flip();
                b.flip();
                long expect = na + nb;
                long written = s.write(new ByteBuffer[] {a, b});
                if (written != expect || a.hasRemaining() || b.hasRemaining()) {
                    throw new AssertionError("gathering write wrote " + written + " of " + expect);
                }
                off += na + nb;
            }
        }

        @Override
        int read(UnixSocket s, byte[] into) throws IOException {
            int half = Math.max(1, into.length / 2);
            ByteBuffer a = ByteBuffer.allocateDirect(half);
            ByteBuffer b = ByteBuffer.allocate(into.length - half);
            long n = s.read(new ByteBuffer[] {a, b});
            if (n > 0) {
                a.flip();
                b.flip();
                int na = a.remaining();
                a.get(into, 0, na);
                b.get(into, na, b.remaining());
            }
            return (int) n;
        }
    };

    /** Writes all of {@code data} in writes of at most {@code chunk} bytes. */
    abstract void writeAll(UnixSocket s, byte[] data, int chunk) throws IOException;

    /** Reads once into {@code into}: the count, or -1 at the end of the stream. */
    abstract int read(UnixSocket s, byte[] into) throws IOException;

    /** Reads until the end of the stream. */
    byte[] readToEnd(UnixSocket s, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        int n;
        while ((n = read(s, buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads exactly {@code n} bytes or fails at an early end of stream. */
    byte[] readExactly(UnixSocket s, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.max(1, Math.min(n, 65536))];
        while (out.size() < n) {
            int want = Math.min(buf.length, n - out.size());
            byte[] into = want == buf.length ? buf : new byte[want];
            int got = read(s, into);
            if (got < 0) {
                throw new java.io.EOFException("end of stream after " + out.size() + " of " + n);
            }
            out.write(into, 0, got);
        }
        return out.toByteArray();
    }

    private static void writeThrough(UnixSocket s, byte[] data, int chunk, ByteBuffer b)
            throws IOException {
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            b.clear();
            b.put(data, off, n);
            b.flip();
            int written = s.write(b);
            if (written != n || b.hasRemaining()) {
                throw new AssertionError("write wrote " + written + " of " + n);
            }
        }
    }
}
