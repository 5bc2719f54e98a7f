package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.internal.ProviderSupport;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Makes socket pairs with {@code socketpair(2)} without leaking descriptors.
 *
 * <p>junixsocket 2.11.1's {@code AFUNIXSocketPair.open()} leaks two descriptors per pair: it
 * creates a socket for each channel, then lets {@code socketpair(2)} overwrite the channels'
 * descriptors without closing the first two. So the pair is made here from junixsocket's own
 * native {@code socketPair} (package-private, reached by reflection) into fresh descriptors, and
 * each is wrapped with the public {@link FileDescriptorCast}. A cast socket does not close its
 * descriptor, so {@link JunixUnixSocket#close()} does that. Where the reflection is refused (for
 * example junixsocket on the module path, or another version), the leaking public call is used.
 */
final class SocketPairs {
    /** junixsocket's NativeUnixSocket.DOMAIN_UNIX and SOCK_STREAM. */
    private static final int DOMAIN_UNIX = 1;
    private static final int SOCK_STREAM = 1;

    private static final Object LOCK = new Object();
    private static Method socketPair;
    private static boolean looked;

    private SocketPairs() {}

    static UnixSocket[] open() throws IOException {
        Method m = nativeSocketPair();
        if (m == null) {
            return openLeaking();
        }
        FileDescriptor fd1 = new FileDescriptor();
        FileDescriptor fd2 = new FileDescriptor();
        try {
            m.invoke(null, DOMAIN_UNIX, SOCK_STREAM, fd1, fd2);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IOException("socketpair failed", t);
        } catch (IllegalAccessException | RuntimeException e) {
            return openLeaking();
        }
        UnixSocket a = null;
        try {
            a = wrap(fd1);
            fd1 = null;
            UnixSocket b = wrap(fd2);
            return new UnixSocket[] {a, b};
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(a, e);
            closeDescriptor(fd1, e);
            closeDescriptor(fd2, e);
            throw e;
        }
    }

    private static UnixSocket wrap(FileDescriptor fd) throws IOException {
        AFUNIXSocketChannel channel = FileDescriptorCast.using(fd).as(AFUNIXSocket.class)
                .getChannel();
        channel.configureBlocking(true);
        return new JunixUnixSocket(channel, null, null, fd);
    }

    private static void closeDescriptor(FileDescriptor fd, Throwable failure) {
        if (fd == null || !fd.valid()) {
            return;
        }
        try {
            closeDescriptor(fd);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes a descriptor that a cast junixsocket object leaves open. */
    static void closeDescriptor(FileDescriptor fd) throws IOException {
        if (fd.valid()) {
            new FileInputStream(fd).close();
        }
    }

    private static UnixSocket[] openLeaking() throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        AFUNIXSocketChannel a = pair.getSocket1();
        AFUNIXSocketChannel b = pair.getSocket2();
        try {
            a.configureBlocking(true);
            b.configureBlocking(true);
            return new UnixSocket[] {
                new JunixUnixSocket(a, null, null, null), new JunixUnixSocket(b, null, null, null)
            };
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(a, e);
            ProviderSupport.closeAfterFailure(b, e);
            throw e;
        }
    }

    /** junixsocket's NativeUnixSocket.SOCK_DGRAM. */
    static final int SOCK_DGRAM = 2;

    /**
     * Makes a pair of {@code type} with {@code socketpair(2)} into two fresh descriptors, which
     * the caller then owns; returns null where junixsocket's native call cannot be reached (the
     * caller then uses junixsocket's public, leaking pair).
     */
    static FileDescriptor[] openDescriptors(int type) throws IOException {
        Method m = nativeSocketPair();
        if (m == null) {
            return null;
        }
        FileDescriptor fd1 = new FileDescriptor();
        FileDescriptor fd2 = new FileDescriptor();
        try {
            m.invoke(null, DOMAIN_UNIX, type, fd1, fd2);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IOException("socketpair failed", t);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
        return new FileDescriptor[] {fd1, fd2};
    }

    /** Looks junixsocket's native socketPair up once; null if it cannot be used. */
    private static Method nativeSocketPair() {
        synchronized (LOCK) {
            if (!looked) {
                looked = true;
                try {
                    Method m = Class.forName("org.newsclub.net.unix.NativeUnixSocket", true,
                            AFUNIXSocket.class.getClassLoader()).getDeclaredMethod("socketPair",
                            int.class, int.class, FileDescriptor.class, FileDescriptor.class);
                    m.setAccessible(true);
                    socketPair = m;
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    socketPair = null; // not this junixsocket, or not open to us
                }
            }
            return socketPair;
        }
    }

    /** Whether pairs are made without junixsocket's descriptor leak; for tests. */
    static boolean leakFree() {
        return nativeSocketPair() != null;
    }
}
