package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Messages;
import io.github.uds4j.internal.ProviderSupport;
import io.github.uds4j.spi.ConnectCancellation;
import io.github.uds4j.spi.ListeningSocket;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFServerSocketChannel;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketChannel;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * {@code SOCK_SEQPACKET} sockets as junixsocket stream channels, so that the stream machinery
 * ({@link JunixUnixSocket}, {@link JunixListeningSocket}, {@link JunixConnector}) serves them.
 *
 * <p>junixsocket 2.11.1 makes seqpacket sockets only as datagram sockets ({@code
 * AFUNIXDatagramSocket.newInstance(SOCK_SEQPACKET)}), which have no shutdown, no stream and no
 * connect that can be bounded or cancelled; and its {@link FileDescriptorCast} refuses a
 * seqpacket descriptor (it knows only stream and datagram Unix sockets). Its stream classes
 * work on a seqpacket socket unchanged, though: they call {@code recv}, {@code send}, {@code
 * shutdown}, {@code connect}, {@code accept}, {@code SO_PEERCRED} on the descriptor. So a
 * seqpacket socket is put into a stream object: {@link #channelOn} makes a fresh stream socket,
 * has {@link FileDescriptorCast} take it (which decides its type then), puts the seqpacket socket
 * in its place under the same number ({@code dup2}), and only then makes the cast object. A
 * cast object does not close its descriptor; these are made to, as junixsocket's own objects do.
 *
 * <p>That needs junixsocket's package-private natives ({@code createSocket}, {@code duplicate},
 * {@code socketPair}, {@code receive}, {@code write}, {@code configureBlocking}) and its
 * objects' {@code cleanFd} flag, reached by reflection once. Where that is refused (junixsocket
 * on the module path, another version) or the platform has no seqpacket Unix sockets (only Linux
 * is claimed), {@link #supported()} is false and the provider lacks {@code SEQPACKET}.
 */
final class Seqpackets {
    /** junixsocket's NativeUnixSocket.DOMAIN_UNIX, SOCK_STREAM and SOCK_SEQPACKET. */
    static final int DOMAIN_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_SEQPACKET = 5;
    /** NativeUnixSocket.OPT_PEEK and OPT_NON_BLOCKING. */
    private static final int OPT_PEEK = 2;
    private static final int OPT_NON_BLOCKING = 4;

    private static final Method CREATE_SOCKET;
    private static final Method DUPLICATE;
    private static final Method SOCKET_PAIR;
    private static final Method RECEIVE;
    private static final Method WRITE;
    private static final Method CONFIGURE_BLOCKING;
    private static final Method SOCKET_CORE;
    private static final Method SERVER_CORE;
    private static final Field CLEAN_FD;
    private static final boolean SUPPORTED;
    /** Whether the reflection succeeded (on any platform). */
    private static final boolean REACHED;

    static {
        Method create = null;
        Method duplicate = null;
        Method pair = null;
        Method receive = null;
        Method write = null;
        Method blocking = null;
        Method socketCore = null;
        Method serverCore = null;
        Field cleanFd = null;
        boolean ok = false;
        try {
            ClassLoader loader = AFSocket.class.getClassLoader();
            Class<?> nus = Class.forName("org.newsclub.net.unix.NativeUnixSocket", true, loader);
            Class<?> ads = Class.forName("org.newsclub.net.unix.AncillaryDataSupport", false,
                    loader);
            create = nus.getDeclaredMethod("createSocket", FileDescriptor.class, int.class,
                    int.class);
            duplicate = nus.getDeclaredMethod("duplicate", FileDescriptor.class,
                    FileDescriptor.class);
            pair = nus.getDeclaredMethod("socketPair", int.class, int.class,
                    FileDescriptor.class, FileDescriptor.class);
            receive = nus.getDeclaredMethod("receive", FileDescriptor.class, ByteBuffer.class,
                    int.class, int.class, ByteBuffer.class, int.class, ads, int.class);
            write = nus.getDeclaredMethod("write", FileDescriptor.class, byte[].class, int.class,
                    int.class, int.class, ads);
            blocking = nus.getDeclaredMethod("configureBlocking", FileDescriptor.class,
                    boolean.class);
            socketCore = AFSocketChannel.class.getDeclaredMethod("getAFCore");
            serverCore = AFServerSocketChannel.class.getDeclaredMethod("getAFCore");
            cleanFd = Class.forName("org.newsclub.net.unix.AFCore", false, loader)
                    .getDeclaredField("cleanFd");
            if (cleanFd.getType() != AtomicBoolean.class) {
                throw new NoSuchFieldException("cleanFd is not the flag this was written for");
            }
            for (Method m : new Method[] {create, duplicate, pair, receive, write, blocking,
                socketCore, serverCore}) {
                m.setAccessible(true);
            }
            cleanFd.setAccessible(true);
            ok = true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            ok = false; // refused, or another junixsocket
        }
        REACHED = ok;
        SUPPORTED = ok
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        CREATE_SOCKET = ok ? create : null;
        DUPLICATE = ok ? duplicate : null;
        SOCKET_PAIR = ok ? pair : null;
        RECEIVE = ok ? receive : null;
        WRITE = ok ? write : null;
        CONFIGURE_BLOCKING = ok ? blocking : null;
        SOCKET_CORE = ok ? socketCore : null;
        SERVER_CORE = ok ? serverCore : null;
        CLEAN_FD = ok ? cleanFd : null;
    }

    private Seqpackets() {}

    /** Whether seqpacket sockets can be made here. */
    static boolean supported() {
        return SUPPORTED;
    }

    /**
     * Connects a seqpacket socket, as {@link JunixSockets#connect} a stream one: through {@link
     * JunixConnector}, bounded and cancellable alike.
     */
    static UnixSocket connect(UnixSocketAddress address, long timeoutMillis,
            ConnectCancellation cancel) throws IOException {
        AFUNIXSocketChannel channel = JunixConnector.connect(JunixSockets.toNative(address),
                address, timeoutMillis, cancel, true);
        try {
            return new JunixUnixSocket(channel, UnixSocketType.SEQPACKET, null, address, null);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * Binds a seqpacket socket at {@code privatePath} and listens, keeping the rules of {@link
     * JunixSockets#bind}: nothing is replaced or removed. junixsocket's datagram socket of type
     * {@code SOCK_SEQPACKET} binds (its bind never moves or unlinks a file it finds: it binds in
     * datagram mode, which at a free path is one {@code bind(2)}) and listens, and keeps the
     * socket; connections are accepted on a junixsocket server made on a duplicate of it
     * ({@link #serverChannelOn}), which checks no inode and so keeps accepting after uds-api
     * removes the private name.
     */
    static ListeningSocket bind(UnixSocketAddress privatePath, UnixSocketAddress address,
            int backlog) throws IOException {
        JunixSockets.refuseListeningName(privatePath, JunixSockets.SOCK_SEQPACKET);
        AFUNIXDatagramSocket binder = AFUNIXDatagramSocket.newInstance(
                AFSocketType.SOCK_SEQPACKET);
        AFUNIXServerSocketChannel acceptor = null;
        try {
            binder.setDeleteOnClose(false);
            binder.bind(JunixSockets.toNative(privatePath));
            binder.listen(backlog);
            acceptor = serverChannelOn(binder.getFileDescriptor());
            acceptor.setDeleteOnClose(false);
            return new JunixListeningSocket(acceptor, binder, address, UnixSocketType.SEQPACKET);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(acceptor, e);
            ProviderSupport.closeAfterFailure(binder, e);
            throw e;
        }
    }

    /** Returns two connected seqpacket sockets ({@code socketpair(2)}), both blocking. */
    static UnixSocket[] openPair() throws IOException {
        FileDescriptor[] fds = newPair();
        AFUNIXSocketChannel a = null;
        try {
            a = channelOn(fds[0]);
            AFUNIXSocketChannel b = channelOn(fds[1]);
            try {
                return new UnixSocket[] {
                    new JunixUnixSocket(a, UnixSocketType.SEQPACKET, null, null, null),
                    new JunixUnixSocket(b, UnixSocketType.SEQPACKET, null, null, null)
                };
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(b, e);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(a, e);
            throw e;
        } finally {
            Messages.close(fds[0]); // the channels hold duplicates
            Messages.close(fds[1]);
        }
    }

    /**
     * Moves the socket out of the descriptor of a junixsocket object that is about to be
     * closed: a fresh, unconnected socket takes its place under the same number ({@code
     * dup2}), so junixsocket's close shuts that one down and the socket itself only loses this
     * reference. Other holders of the socket (a process it was sent to) keep it working. Does
     * nothing where the natives cannot be reached, or the descriptor is closed already.
     *
     * @param socket a junixsocket channel or socket ({@code FileDescriptorAccess})
     */
    static void release(Object socket) {
        if (!REACHED) {
            return;
        }
        try {
            FileDescriptor fd = ((org.newsclub.net.unix.FileDescriptorAccess) socket)
                    .getFileDescriptor();
            if (!fd.valid()) {
                return;
            }
            FileDescriptor dummy = newSocket(SOCK_STREAM);
            try {
                invoke(DUPLICATE, dummy, fd);
            } finally {
                Messages.close(dummy);
            }
        } catch (IOException | RuntimeException e) {
            // closed meanwhile, or out of descriptors: the close shuts the socket down
        }
    }

    /** Creates a new Unix socket of junixsocket's {@code type} in a fresh descriptor. */
    static FileDescriptor newSocket(int type) throws IOException {
        FileDescriptor fd = new FileDescriptor();
        invoke(CREATE_SOCKET, fd, DOMAIN_UNIX, type);
        return fd;
    }

    /** Returns two connected seqpacket sockets ({@code socketpair(2)}) in fresh descriptors. */
    static FileDescriptor[] newPair() throws IOException {
        FileDescriptor a = new FileDescriptor();
        FileDescriptor b = new FileDescriptor();
        invoke(SOCKET_PAIR, DOMAIN_UNIX, SOCK_SEQPACKET, a, b);
        if (!a.valid() || !b.valid()) {
            IOException e = new IOException("socketpair(AF_UNIX, SOCK_SEQPACKET) failed");
            JunixAncillary.closeAll(new FileDescriptor[] {a, b}, e);
            throw e;
        }
        return new FileDescriptor[] {a, b};
    }

    /**
     * Returns a junixsocket stream channel, in blocking mode, on its own duplicate of the socket
     * in {@code socket}, which stays the caller's: closing the channel closes the duplicate.
     */
    static AFUNIXSocketChannel channelOn(FileDescriptor socket) throws IOException {
        FileDescriptor holder = newSocket(SOCK_STREAM);
        try {
            FileDescriptorCast cast = FileDescriptorCast.using(holder);
            invoke(DUPLICATE, socket, holder); // dup2: the holder's number now names the socket
            AFUNIXSocketChannel channel = cast.as(AFUNIXSocket.class).getChannel();
            ownDescriptor(SOCKET_CORE, channel);
            channel.configureBlocking(true);
            return channel;
        } catch (IOException | RuntimeException | Error e) {
            JunixAncillary.closeAll(new FileDescriptor[] {holder}, e);
            throw e;
        }
    }

    /**
     * Returns a junixsocket server channel, in blocking mode, on its own duplicate of the
     * listening socket in {@code socket}, which stays the caller's; as {@link #channelOn}.
     */
    static AFUNIXServerSocketChannel serverChannelOn(FileDescriptor socket) throws IOException {
        FileDescriptor holder = newSocket(SOCK_STREAM);
        try {
            FileDescriptorCast cast = FileDescriptorCast.using(holder);
            invoke(DUPLICATE, socket, holder);
            AFUNIXServerSocketChannel channel = cast.as(AFUNIXServerSocket.class).getChannel();
            ownDescriptor(SERVER_CORE, channel);
            channel.configureBlocking(true);
            return channel;
        } catch (IOException | RuntimeException | Error e) {
            JunixAncillary.closeAll(new FileDescriptor[] {holder}, e);
            throw e;
        }
    }

    /** Returns a channel on a new, unconnected seqpacket socket; see {@link #channelOn}. */
    static AFUNIXSocketChannel open() throws IOException {
        FileDescriptor fd = newSocket(SOCK_SEQPACKET);
        try {
            return channelOn(fd);
        } finally {
            Messages.close(fd);
        }
    }

    /** Lets a cast junixsocket object close its descriptor, as junixsocket's own objects do. */
    private static void ownDescriptor(Method core, Object channel) throws IOException {
        try {
            ((AtomicBoolean) CLEAN_FD.get(core.invoke(channel))).set(true);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e); // was made accessible
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    /**
     * Tells what came after a read of a seqpacket socket returned 0 bytes (junixsocket's -1),
     * which is either an empty message or the end of the connection; see {@link
     * JunixUnixSocket}. Peeks at the queue without waiting: nothing queued (and so no end yet)
     * or a message with bytes means the 0 was an empty message.
     *
     * @param blocking whether the descriptor is in blocking mode (made non-blocking for the
     *     peek)
     * @return true if the 0 was an empty message; false if it was, or may have been, the end
     */
    static boolean wasEmptyMessage(FileDescriptor fd, boolean blocking, ByteBuffer one)
            throws IOException {
        if (blocking) {
            invoke(CONFIGURE_BLOCKING, fd, false);
        }
        int n;
        try {
            one.clear();
            n = (Integer) invoke(RECEIVE, fd, one, 0, 1, null, OPT_PEEK | OPT_NON_BLOCKING, null,
                    0);
        } finally {
            if (blocking) {
                invoke(CONFIGURE_BLOCKING, fd, true);
            }
        }
        return n >= 0; // 0: would block; > 0: bytes queued; -1: 0 again, empty or the end
    }

    /**
     * Sends one empty message (junixsocket's channel writes skip an empty buffer), with the
     * outbound descriptors of {@code ancillary} if set. On a non-blocking descriptor call it
     * once the socket is writable: junixsocket answers "no room" there with the same 0 as
     * "sent".
     */
    static void sendEmpty(FileDescriptor fd, Object ancillary) throws IOException {
        invoke(WRITE, fd, new byte[0], 0, 0, 0, ancillary);
    }

    private static Object invoke(Method m, Object... args) throws IOException {
        try {
            return m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    private static IOException rethrow(InvocationTargetException e) {
        Throwable t = e.getCause();
        if (t instanceof IOException) {
            return (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IOException(t);
    }
}
