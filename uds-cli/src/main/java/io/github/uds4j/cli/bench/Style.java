package io.github.uds4j.cli.bench;

import java.nio.ByteBuffer;

/** How the bytes are handed over: {@code byte[]} streams, or heap or direct {@link ByteBuffer}s. */
enum Style {
    STREAM("stream", "byte[] stream"),
    HEAP("heap", "heap ByteBuffer"),
    DIRECT("direct", "direct ByteBuffer");

    /** The name in the JSON output. */
    final String id;
    /** The name in the table. */
    final String label;

    Style(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Returns a buffer of {@code capacity} bytes of this style (heap for {@link #STREAM}). */
    ByteBuffer allocate(int capacity) {
        return this == DIRECT ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
}
