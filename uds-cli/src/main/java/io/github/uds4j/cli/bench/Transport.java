package io.github.uds4j.cli.bench;

import java.io.IOException;
import java.nio.file.Path;

/** A way to make a connection: uds4j with one provider, a backend's own API, or TCP. */
abstract class Transport {
    /** What a transport is measured as. */
    enum Kind {
        /** uds4j's {@code UnixSocket}, made by one provider. */
        UDS4J("uds4j"),
        /** A backend's own API, the baseline for uds4j on that backend. */
        RAW("raw"),
        /** Java's TCP sockets over the loopback interface. */
        TCP("tcp");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    /** The row's name, such as {@code uds4j jdk16} or {@code jdk16 raw}. */
    final String name;
    /** The backend: {@code jdk16}, {@code junixsocket}, {@code ffm} or {@code tcp}. */
    final String backend;
    final Kind kind;
    /** What the row measures, for the notes under the table. */
    final String description;

    Transport(String name, String backend, Kind kind, String description) {
        this.name = name;
        this.backend = backend;
        this.kind = kind;
        this.description = description;
    }

    /**
     * Makes a connection to measure {@code style} with. Nothing is left open when it fails.
     *
     * @param dir a private directory for socket files
     * @param id a name for the socket file, unique in {@code dir}
     * @throws IOException if the connection cannot be made
     */
    abstract Link open(Style style, Path dir, String id) throws IOException;

    /**
     * Returns whether this transport has rows in the datagram table: it carries datagrams, or
     * it is uds4j with a provider that lacks them (a row that says so).
     */
    boolean datagramRows() {
        return false;
    }

    /** Returns why this transport cannot carry datagrams here, or null when it can. */
    String datagramsLacking() {
        return name + " has no Unix datagrams";
    }

    /**
     * Makes two datagram sockets connected to each other. Nothing is left open when it fails.
     *
     * @param dir a private directory for socket files
     * @param id a name prefix for socket files, unique in {@code dir}
     * @throws IOException if the sockets cannot be made
     */
    DatagramLink openDatagrams(Path dir, String id) throws IOException {
        throw new UnsupportedOperationException(datagramsLacking());
    }

    /**
     * Returns the backend of the raw transport this one's figures are compared with, in the
     * stream tables or in the datagram table; null for none.
     */
    String baselineBackend(boolean datagrams) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
