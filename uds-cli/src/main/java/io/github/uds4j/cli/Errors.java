package io.github.uds4j.cli;

import java.io.IOException;

/** Turns a failure into the one line {@code uds} prints for it. */
final class Errors {
    private Errors() {}

    /**
     * Returns the failure's message, which for the library's exceptions names the socket path
     * and the reason ({@code ./uds_socket: Permission denied}), or its type if it has none.
     */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.trim().isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return m;
    }

    /**
     * Returns {@code e} if its message starts with {@code what} (the library's messages start
     * with the socket path), else an exception whose message does, with {@code e} as its cause.
     */
    static IOException naming(String what, IOException e) {
        String m = e.getMessage();
        if (m != null && (m.startsWith(what + ":") || m.startsWith(what + " "))) {
            return e;
        }
        return new IOException(what + ": " + describe(e), e);
    }
}
