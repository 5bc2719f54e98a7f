package io.github.uds4j.cli.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ByteChannel;

/** A connection made for one measurement: the end that connected and the end that accepted. */
final class Link implements Closeable {
    final End client;
    final End server;

    Link(End client, End server) {
        this.client = client;
        this.server = server;
    }

    /** Closes both ends; reports the first failure. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Closeable c : new Closeable[] {client, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }


    /** One end of the connection, through the API under test. */
    interface End extends Closeable {
        /** Returns the stream to read from ({@link Style#STREAM}). */
        InputStream in() throws IOException;

        /** Returns the stream to write to ({@link Style#STREAM}). */
        OutputStream out() throws IOException;

        /** Returns the channel to read and write buffers with ({@link Style#HEAP}, {@link Style#DIRECT}). */
        ByteChannel channel();
    }

    /** An end whose streams and channel are given. */
    static final class SimpleEnd implements End {
        private final InputStream in;
        private final OutputStream out;
        private final ByteChannel channel;
        private final Closeable owner;

        SimpleEnd(InputStream in, OutputStream out, ByteChannel channel, Closeable owner) {
            this.in = in;
            this.out = out;
            this.channel = channel;
            this.owner = owner;
        }

        @Override
        public InputStream in() {
            if (in == null) {
                throw new IllegalStateException("no streams on this end");
            }
            return in;
        }

        @Override
        public OutputStream out() {
            if (out == null) {
                throw new IllegalStateException("no streams on this end");
            }
            return out;
        }

        @Override
        public ByteChannel channel() {
            if (channel == null) {
                throw new IllegalStateException("no channel on this end");
            }
            return channel;
        }

        @Override
        public void close() throws IOException {
            owner.close();
        }
    }
}
