package io.github.uds4j.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Small pieces every provider needs, written once: the charset of file names, and closing what
 * an operation opened when it fails.
 */
public final class ProviderSupport {
    private ProviderSupport() {}

    /**
     * Returns the charset the JDK encodes and decodes file names with ({@code
     * sun.jnu.encoding}), UTF-8 when the JVM does not say or names one it does not know.
     *
     * @return the charset
     */
    public static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            if (name != null) {
                return Charset.forName(name);
            }
        } catch (RuntimeException e) {
            // an unknown charset name: fall through
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Closes {@code c} after {@code failure}, attaching a failure to close as suppressed, so
     * that the original failure is the one thrown.
     *
     * @param c what to close, or null for nothing
     * @param failure the failure being handled
     */
    public static void closeAfterFailure(Closeable c, Throwable failure) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Writes all of a buffer it is given, or throws. */
    public interface FullWriter {
        /**
         * Writes every remaining byte of {@code src}.
         *
         * @param src the bytes to write, from its position to its limit
         * @return the bytes written
         * @throws IOException if the write fails
         */
        int writeFully(ByteBuffer src) throws IOException;
    }

    /**
     * Writes {@code src} in pieces of at most {@code chunk} bytes through {@code writer}, so that
     * a large heap buffer never makes the JDK copy all of it into a temporary direct buffer at
     * once; restores the buffer's limit. The caller holds its write lock around the whole call,
     * so the pieces stay contiguous.
     *
     * @param src the bytes to write, from its position to its limit
     * @param chunk the largest piece, in bytes
     * @param writer writes one piece fully
     * @return the bytes written
     * @throws IOException if a piece fails
     */
    public static int writeInChunks(ByteBuffer src, int chunk, FullWriter writer)
            throws IOException {
        int total = 0;
        int limit = src.limit();
        try {
            while (src.position() < limit) {
                src.limit(Math.min(limit, src.position() + chunk));
                total += writer.writeFully(src);
            }
        } finally {
            src.limit(limit);
        }
        return total;
    }
}
