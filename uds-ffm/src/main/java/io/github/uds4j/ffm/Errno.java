package io.github.uds4j.ffm;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;

/**
 * Turns an {@code errno} into the exception the JDK's own socket channels throw for it, with
 * glibc's words for it ({@code strerror}), so that uds-api's one mapping ({@code
 * io.github.uds4j.internal.Failures}) sees from this provider what it sees from the others.
 */
final class Errno {
    private Errno() {}

    /** The exception for {@code errno} after {@code call} ({@code "connect"}, ...). */
    static IOException exception(int errno, String call) {
        if (errno == 104 && call.startsWith("send")) {
            // A writer whose peer closed with unread bytes gets ECONNRESET once (the peer's
            // close set it on this socket), then EPIPE: both mean the peer is gone, and the API
            // (like the JDK's channels) says "Broken pipe" for every such write.
            errno = 32;
        }
        String m = message(errno);
        switch (errno) {
            case 111: // ECONNREFUSED
                return new ConnectException(m);
            case 98: // EADDRINUSE
                return new BindException(m);
            case 32: // EPIPE: the JDK's channels say a plain IOException "Broken pipe"
                return new IOException(m);
            case 13: // EACCES
            case 1: // EPERM
            case 2: // ENOENT: uds-api names the path and picks the file-system type
            case 104: // ECONNRESET
            case 91: // EPROTOTYPE
            case 107: // ENOTCONN
            case 106: // EISCONN
            case 90: // EMSGSIZE
            case 105: // ENOBUFS
            case 88: // ENOTSOCK
                return new SocketException(m);
            default:
                return new IOException(call + ": " + m);
        }
    }

    /** glibc's message for {@code errno}, or {@code errno N}. */
    static String message(int errno) {
        switch (errno) {
            case 1: return "Operation not permitted";
            case 2: return "No such file or directory";
            case 4: return "Interrupted system call";
            case 9: return "Bad file descriptor";
            case 11: return "Resource temporarily unavailable";
            case 12: return "Cannot allocate memory";
            case 13: return "Permission denied";
            case 14: return "Bad address";
            case 17: return "File exists";
            case 20: return "Not a directory";
            case 22: return "Invalid argument";
            case 23: return "Too many open files in system";
            case 24: return "Too many open files";
            case 32: return "Broken pipe";
            case 36: return "File name too long";
            case 40: return "Too many levels of symbolic links";
            case 88: return "Socket operation on non-socket";
            case 90: return "Message too long";
            case 91: return "Protocol wrong type for socket";
            case 92: return "Protocol not available";
            case 93: return "Protocol not supported";
            case 94: return "Socket type not supported";
            case 95: return "Operation not supported";
            case 97: return "Address family not supported by protocol";
            case 98: return "Address already in use";
            case 99: return "Cannot assign requested address";
            case 104: return "Connection reset by peer";
            case 105: return "No buffer space available";
            case 106: return "Transport endpoint is already connected";
            case 107: return "Transport endpoint is not connected";
            case 110: return "Connection timed out";
            case 111: return "Connection refused";
            case 115: return "Operation now in progress";
            default: return "errno " + errno;
        }
    }
}
