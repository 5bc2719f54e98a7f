package io.github.uds4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Files of random bytes and their digests, for the tests that carry data through sockets. */
final class Bytes {
    /** 10 MiB. */
    static final int SIZE = 10 * 1024 * 1024;

    private Bytes() {}

    /** Writes {@link #SIZE} random bytes (from {@code seed}) to {@code file}. */
    static Path random(Path file, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < SIZE; written += buf.length) {
                r.nextBytes(buf);
                out.write(buf);
            }
        }
        return file;
    }

    /** Returns the SHA-256 of the file and its size, as text for assertions. */
    static String digest(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no file " + file.getFileName() + ")";
        }
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.update(buf, 0, n);
            }
        }
        StringBuilder b = new StringBuilder();
        for (byte x : d.digest()) {
            b.append(String.format("%02x", x));
        }
        return b + " (" + Files.size(file) + " bytes)";
    }
}
