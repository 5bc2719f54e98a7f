package io.github.uds4j.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Test data and digests. */
public final class Bytes {
    private Bytes() {}

    /** Returns {@code n} pseudo-random bytes from {@code seed}. */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Returns the SHA-256 of {@code b} as hex. */
    public static String sha256(byte[] b) {
        return hex(digest().digest(b));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] d) {
        StringBuilder s = new StringBuilder();
        for (byte x : d) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    /** Reads {@code in} to its end. */
    public static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Copies {@code in} to {@code out} in chunks of at most {@code chunk} bytes. */
    public static long copy(InputStream in, OutputStream out, int chunk) throws IOException {
        byte[] buf = new byte[chunk];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Returns the bytes left in {@code b}, without moving it. */
    public static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
