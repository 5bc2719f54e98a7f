package io.github.uds4j.spi;

import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.Set;

/**
 * A backend that makes Unix domain sockets. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/io.github.uds4j.spi.UnixSocketProvider}) and
 * chosen by {@link io.github.uds4j.UnixSockets}; users do not call them directly.
 *
 * <p>A provider does the raw socket work only. Everything both backends need — path checks,
 * handling an existing file at the path, permissions, removing the file on close, and mapping
 * failures to the standard exception types with the path in the message — is done once in
 * uds-api around these calls. Helpers a provider may use are in {@code io.github.uds4j.internal}
 * (unsupported: for uds4j's own providers).
 *
 * <p><b>Naming.</b> Name the class {@code <Name>Provider} with {@link #name()} equal to {@code
 * <Name>} in lower case ({@code Jdk16Provider} is {@code jdk16}): when a provider's class cannot
 * even be loaded, for example because it was compiled for a newer Java, the selection report
 * names it by that rule.
 *
 * <p><b>Addresses.</b> An address given to a provider is a path or, where the provider has
 * {@link UnixSocketCapability#ABSTRACT_NAMESPACE}, an abstract name ({@link
 * UnixSocketAddress#isAbstract()}); an abstract name is bound directly, with {@code privatePath}
 * equal to {@code address}. The methods for a capability the provider lacks keep their default,
 * which throws {@link UnsupportedOperationException}; uds-api checks {@link #capabilities()}
 * before calling them.
 *
 * <p>The constructor must be cheap and must not load native code; do that in {@link
 * #availability()}, which is called at most once per provider by the selection.
 */
public interface UnixSocketProvider {

    /**
     * Returns the provider's name, as used with {@code -Duds4j.provider=NAME}.
     *
     * @return a short lower-case name, unique among providers, such as {@code jdk16}
     */
    String name();

    /**
     * Returns the priority: among the available providers, the highest wins, ties broken by name.
     *
     * @return the priority; the built-in providers have 200 (jdk16), 150 (ffm) and 100 (junixsocket)
     */
    int priority();

    /**
     * Checks whether this provider can work in this JVM. Must not throw.
     *
     * @return the answer, with a reason when unavailable
     */
    Availability availability();

    /**
     * Returns what this provider can do. Valid only when it is available.
     *
     * @return the capabilities, never null
     */
    Set<UnixSocketCapability> capabilities();

    /**
     * Connects to the socket at {@code address}.
     *
     * @param address the server's address, already checked
     * @param timeoutMillis how long the connect may take, 0 for no limit; when the limit passes
     *     (for example because the server's backlog is full) a {@link
     *     java.net.SocketTimeoutException} is thrown
     * @return the connected socket, in blocking mode
     * @throws IOException any failure; the caller maps it to the standard types
     */
    UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException;

    /**
     * Connects as {@link #connect(UnixSocketAddress, long)}, and lets another thread end the
     * connect through {@code cancellation}: register the channel with {@link
     * ConnectCancellation#closeOnCancel} before it may block, so that a cancel closes it and the
     * connect fails at once; where a close cannot wake the wait, wait in short slices and {@link
     * ConnectCancellation#check()} between them. Whatever a cancelled connect throws, the caller
     * reports it as {@link ConnectCancellation#closed()}.
     *
     * @implSpec The default checks {@code cancellation} and calls {@link #connect(UnixSocketAddress,
     *     long)}, which a cancel does not end; the caller closes the socket it returns if it was
     *     cancelled meanwhile.
     * @param address the server's address, already checked
     * @param timeoutMillis how long the connect may take, 0 for no limit
     * @param cancellation how another thread ends the connect; null when nothing can
     * @return the connected socket, in blocking mode
     * @throws IOException any failure; the caller maps it to the standard types
     */
    default UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancellation) throws IOException {
        if (cancellation != null) {
            cancellation.check();
        }
        return connect(address, timeoutMillis);
    }

    /**
     * Binds a listening socket at {@code privatePath} and listens on it. That path is inside a
     * fresh directory of mode 0700 that uds-api created for this call: nothing else is there and
     * no other user can reach it. uds-api then sets the file's mode and group, links it to
     * {@code address} and removes the private name; a provider does none of that, never removes
     * a file, and never binds anywhere else.
     *
     * @param privatePath where to bind, inside the private directory
     * @param address the address the socket is published at; sockets that the returned server
     *     accepts report it as their local address
     * @param backlog the listen backlog, 1 or more
     * @return the listening server; closing it must not remove any file
     * @throws IOException any failure; the caller maps it to the standard types
     */
    ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address, int backlog)
            throws IOException;

    /**
     * Returns two sockets connected to each other, leaving nothing behind in the file system.
     *
     * @return an array of two connected sockets
     * @throws IOException if the pair cannot be made
     */
    UnixSocket[] openPair() throws IOException;

    /**
     * Connects a {@code SOCK_SEQPACKET} socket to {@code address}; as {@link
     * #connect(UnixSocketAddress, long)} otherwise. The socket's {@link UnixSocket#type()} is
     * {@code SEQPACKET}.
     *
     * @param address the server's address, already checked
     * @param timeoutMillis how long the connect may take, 0 for no limit
     * @return the connected socket, in blocking mode
     * @throws IOException any failure; the caller maps it to the standard types
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixSocket connectSeqpacket(UnixSocketAddress address, long timeoutMillis)
            throws IOException {
        throw lacks(UnixSocketCapability.SEQPACKET);
    }

    /**
     * Binds a listening {@code SOCK_SEQPACKET} socket; as {@link #bind}. Accepted sockets have
     * type {@code SEQPACKET}.
     *
     * @param privatePath where to bind, inside the private directory
     * @param address the address the socket is published at
     * @param backlog the listen backlog, 1 or more
     * @return the listening server; closing it must not remove any file
     * @throws IOException any failure; the caller maps it to the standard types
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default ListeningSocket bindSeqpacket(UnixSocketAddress privatePath,
            UnixSocketAddress address, int backlog) throws IOException {
        throw lacks(UnixSocketCapability.SEQPACKET);
    }

    /**
     * Returns two connected {@code SOCK_SEQPACKET} sockets.
     *
     * @return an array of two connected sockets
     * @throws IOException if the pair cannot be made
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixSocket[] openSeqpacketPair() throws IOException {
        throw lacks(UnixSocketCapability.SEQPACKET);
    }

    /**
     * Opens a datagram socket, bound at {@code privatePath} (a path in a private directory, as
     * for {@link #bind}, or an abstract name), or unbound when it is null. uds-api wraps it,
     * maps its failures and removes its file; the provider's socket never removes a file.
     *
     * @param privatePath where to bind, or null
     * @param address the address it is published at (its {@link
     *     UnixDatagramSocket#getLocalAddress()}), or null when unbound
     * @return the socket, in blocking mode
     * @throws IOException any failure; the caller maps it to the standard types
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixDatagramSocket openDatagram(UnixSocketAddress privatePath,
            UnixSocketAddress address) throws IOException {
        throw lacks(UnixSocketCapability.DATAGRAM);
    }

    /**
     * Returns two datagram sockets connected to each other ({@code socketpair(2)}).
     *
     * @return an array of two connected, unnamed sockets
     * @throws IOException if the pair cannot be made
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixDatagramSocket[] openDatagramPair() throws IOException {
        throw lacks(UnixSocketCapability.DATAGRAM);
    }

    /**
     * Makes a socket of a received descriptor of a connected stream or seqpacket socket. On
     * success the socket owns the descriptor; on failure it stays the caller's, open.
     *
     * @param fd a received descriptor
     * @return the socket, in blocking mode
     * @throws IOException if the descriptor is not such a socket, or it cannot be used
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixSocket adoptSocket(FileDescriptor fd) throws IOException {
        throw lacks(UnixSocketCapability.FD_PASSING);
    }

    /**
     * Makes a listening socket of a received descriptor; as {@link #adoptSocket}.
     *
     * @param fd a received descriptor of a listening socket
     * @return the server; closing it must not remove any file
     * @throws IOException if the descriptor is not a listening socket, or it cannot be used
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default ListeningSocket adoptListening(FileDescriptor fd) throws IOException {
        throw lacks(UnixSocketCapability.FD_PASSING);
    }

    /**
     * Makes a datagram socket of a received descriptor; as {@link #adoptSocket}.
     *
     * @param fd a received descriptor of a datagram socket
     * @return the socket, in blocking mode
     * @throws IOException if the descriptor is not a datagram socket, or it cannot be used
     * @implSpec The default throws {@link UnsupportedOperationException}.
     */
    default UnixDatagramSocket adoptDatagram(FileDescriptor fd) throws IOException {
        throw lacks(UnixSocketCapability.FD_PASSING);
    }

    /**
     * Returns the exception for a capability this provider lacks.
     *
     * @param capability what is missing
     * @return an exception naming it and this provider
     */
    default UnsupportedOperationException lacks(UnixSocketCapability capability) {
        return new UnsupportedOperationException("needs " + capability + ", which provider "
                + name() + " lacks");
    }
}
