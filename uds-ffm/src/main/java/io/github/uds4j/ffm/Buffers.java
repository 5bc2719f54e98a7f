package io.github.uds4j.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Each thread's native buffer, for the calls that cannot take a Java array: a blocking read or
 * write of a heap array, a read-only buffer, a message with descriptors. Grows to the largest
 * size asked for, up to {@link #MAX}; freed when the thread is gone.
 */
final class Buffers {
    private Buffers() {}

    /** The most one call moves through a thread's buffer; a socket's buffer is about 208 KiB. */
    static final int MAX = 256 * 1024;
    private static final int MIN = 16 * 1024;

    private static final ThreadLocal<MemorySegment> BUFFER = new ThreadLocal<>();

    /** Returns this thread's buffer, at least {@code min(size, MAX)} bytes long. */
    static MemorySegment get(long size) {
        long want = Math.max(MIN, Math.min(size, MAX));
        MemorySegment b = BUFFER.get();
        if (b == null || b.byteSize() < want) {
            long cap = Long.highestOneBit(want - 1) << 1;
            b = Arena.ofAuto().allocate(Math.min(Math.max(cap, MIN), MAX), 16);
            BUFFER.set(b);
        }
        return b;
    }
}
