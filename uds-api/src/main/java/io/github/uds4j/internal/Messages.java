package io.github.uds4j.internal;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixSocketAddress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every provider does with a received message: keeps the descriptors the caller asked
 * for, closes the rest at once, counts them.
 *
 * <p>Unsupported API: for uds4j's own modules only.
 */
public final class Messages {
    /**
     * The most descriptors one message can carry on Linux ({@code SCM_MAX_FD}); a receive makes
     * room for this many so that none is cut off by the kernel.
     */
    public static final int MAX_DESCRIPTORS = 253;

    private Messages() {}

    /**
     * Makes the result of a receive, owning {@code fds}: the first {@code max} become the
     * caller's {@link Descriptor}s, the others are closed now.
     *
     * @param length the bytes put in the buffer, -1 at the end of the stream
     * @param truncated whether the message was longer than the buffer
     * @param sender the sender's address, or null if unnamed or connected
     * @param fds the descriptors that came, null or empty if none
     * @param max how many descriptors the caller asked for
     * @return the result, its descriptors the caller's to close
     * @throws IOException if closing an unwanted descriptor fails (all are still closed)
     */
    public static Received received(int length, boolean truncated, UnixSocketAddress sender,
            FileDescriptor[] fds, int max) throws IOException {
        if (fds == null || fds.length == 0) {
            return Received.of(length, truncated, sender, null, 0);
        }
        List<Descriptor> kept = new ArrayList<Descriptor>();
        IOException failure = null;
        for (int i = 0; i < fds.length; i++) {
            if (i < max) {
                kept.add(Descriptor.adopt(fds[i]));
                continue;
            }
            try {
                close(fds[i]);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            for (Descriptor d : kept) {
                ProviderSupport.closeAfterFailure(d, failure);
            }
            throw failure;
        }
        return Received.of(length, truncated, sender, kept, fds.length - kept.size());
    }

    /**
     * Closes a descriptor that nothing else holds.
     *
     * @param fd the descriptor; nothing happens if it is null or already closed
     * @throws IOException if {@code close(2)} fails
     */
    public static void close(FileDescriptor fd) throws IOException {
        if (fd != null && fd.valid()) {
            new FileInputStream(fd).close();
        }
    }

    /**
     * Checks a receive's {@code maxDescriptors}.
     *
     * @param maxDescriptors how many descriptors the caller will take
     * @throws IllegalArgumentException if it is negative
     */
    public static void checkMax(int maxDescriptors) {
        if (maxDescriptors < 0) {
            throw new IllegalArgumentException("maxDescriptors must be 0 or more, was "
                    + maxDescriptors);
        }
    }
}
