package io.github.uds4j.internal;

import java.io.Closeable;
import java.io.IOException;
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
}
