package io.github.uds4j.junixsocket;

import io.github.uds4j.Descriptor;
import io.github.uds4j.Received;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.internal.Messages;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.newsclub.net.unix.AFDatagramChannel;
import org.newsclub.net.unix.AFSocketChannel;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketExtensions;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Passes descriptors ({@code SCM_RIGHTS}) through one junixsocket channel, stream or datagram:
 * attaches outbound descriptors to one send, and gives one receive room for every descriptor a
 * message can carry and takes what came.
 *
 * <p>junixsocket 2.11.1 falls short in four ways, worked around here:
 * <ul>
 *   <li><b>Room.</b> Its public {@code setAncillaryReceiveBufferSize} never makes the control
 *       buffer larger than 256 bytes, room for 60 descriptors; when more come the kernel sets
 *       {@code MSG_CTRUNC} and junixsocket throws "No buffer space available" after the bytes
 *       were consumed, and the descriptors that did fit stay open in this process with nothing
 *       to close them. So a receive here installs its own direct buffer with room for {@link
 *       Messages#MAX_DESCRIPTORS} ({@link #RECEIVE_BUFFER_BYTES}) in junixsocket's {@code
 *       AncillaryDataSupport} by reflection.
 *   <li><b>Ownership.</b> junixsocket remembers every descriptor it received that is still open
 *       and closes them all when the socket they came through is closed (or collected). A
 *       received descriptor is the receiver's, so each is taken out of that list: by reflection,
 *       or else by duplicating it ({@link FileDescriptorCast#duplicating}, which junixsocket does
 *       not track) and closing the original.
 *   <li><b>Unconnected datagrams.</b> Its public {@code setOutboundFileDescriptors} refuses a
 *       socket that is not connected ("Not connected"), though {@code sendmsg(2)} to an address
 *       carries descriptors as well; they are set on {@code AncillaryDataSupport} directly.
 *   <li><b>Lost on retry.</b> Its native send takes the outbound descriptors off before it calls
 *       {@code sendmsg(2)}: a non-blocking send that moved nothing has dropped them. {@link
 *       #send} attaches them to one call; call it again (with them) until a call moves bytes.
 * </ul>
 * Where the reflection is refused (junixsocket on the module path, another version), the public
 * calls are used: then at most 60 descriptors can be received in one message ({@link
 * #fullRoom()} says which), and sending descriptors on an unconnected datagram socket fails.
 *
 * <p>The receive buffer is installed only for the length of one {@link #receive} call: with it,
 * every read on the socket would go through {@code recvmsg(2)} and collect descriptors that
 * someone must close. Without it (plain reads) junixsocket calls {@code recv(2)}, and the kernel
 * closes any descriptors that came. Receives on one socket take turns (a lock), so descriptors
 * are never handed to the wrong call; a plain read running at the same time as a receive on the
 * same socket may leave its descriptors to the receive (or, after it, to the socket's close).
 */
final class JunixAncillary {
    /**
     * The control buffer of a receive: {@code CMSG_SPACE(253 * sizeof(int))} is 1032 bytes on
     * 64-bit Linux; a little more for platforms with larger headers.
     */
    static final int RECEIVE_BUFFER_BYTES = 1088;

    private static final FileDescriptor[] NONE = new FileDescriptor[0];

    /** A call through junixsocket. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** What {@link #receive} got: the call's result and the descriptors, now the caller's. */
    static final class Incoming<T> {
        final T result;
        /** Never null; empty if none came. */
        final FileDescriptor[] descriptors;

        Incoming(T result, FileDescriptor[] descriptors) {
            this.result = result;
            this.descriptors = descriptors;
        }
    }

    private final AFUNIXSocketExtensions socket;
    /** junixsocket's AncillaryDataSupport of the socket, or null if reflection was refused. */
    private final Object support;
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** The control buffer, made on the first receive; guarded by receiveLock. */
    private ByteBuffer buffer;

    private JunixAncillary(AFUNIXSocketExtensions socket, Object support) {
        this.socket = socket;
        this.support = support;
    }

    static JunixAncillary of(AFUNIXSocketChannel channel) {
        return new JunixAncillary(channel, Access.supportOf(channel, AFSocketChannel.class));
    }

    static JunixAncillary of(AFUNIXDatagramChannel channel) {
        return new JunixAncillary(channel, Access.supportOf(channel, AFDatagramChannel.class));
    }

    /**
     * Returns junixsocket's {@code AncillaryDataSupport} of the socket, for a native call that
     * sends with the outbound descriptors ({@link Seqpackets#sendEmpty}); null where the
     * reflection was refused.
     */
    Object support() {
        return support;
    }

    /** Whether receives here have room for {@link Messages#MAX_DESCRIPTORS}; else for 60. */
    boolean fullRoom() {
        return support != null;
    }

    /**
     * Returns the descriptors to send, checked; the caller keeps owning them.
     *
     * @throws NullPointerException if the array or one of them is null
     * @throws java.nio.channels.ClosedChannelException if one was closed or handed over
     * @throws IllegalArgumentException if one's {@link FileDescriptor} was closed behind its back
     */
    static FileDescriptor[] toSend(Descriptor... descriptors) throws IOException {
        if (descriptors == null) {
            throw new NullPointerException("descriptors == null");
        }
        if (descriptors.length > Messages.MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("at most " + Messages.MAX_DESCRIPTORS
                    + " descriptors go in one message, not " + descriptors.length);
        }
        FileDescriptor[] fds = new FileDescriptor[descriptors.length];
        for (int i = 0; i < descriptors.length; i++) {
            if (descriptors[i] == null) {
                throw new NullPointerException("descriptors[" + i + "] == null");
            }
            fds[i] = descriptors[i].fileDescriptor();
            if (!fds[i].valid()) {
                throw new IllegalArgumentException("descriptors[" + i + "] is not valid (closed)");
            }
        }
        return fds;
    }

    /**
     * Runs {@code send}, one junixsocket send call, with {@code fds} attached, and takes them
     * off after, whatever happened. They go with the call only if it moves bytes: if it moved
     * nothing (non-blocking), call this again with them.
     *
     * @param fds the descriptors, from {@link #toSend}; none makes this just {@code send}
     */
    <T> T send(FileDescriptor[] fds, IoCall<T> send) throws IOException {
        if (fds.length == 0) {
            return send.call();
        }
        setOutbound(fds);
        try {
            return send.call();
        } finally {
            setOutbound(NONE);
        }
    }

    private void setOutbound(FileDescriptor[] fds) throws IOException {
        if (support != null) {
            Access.setOutbound(support, fds);
        } else {
            socket.setOutboundFileDescriptors(fds.length == 0 ? null : fds);
        }
    }

    /**
     * Runs {@code read}, one junixsocket receive (it may wait and retry), with room for {@link
     * Messages#MAX_DESCRIPTORS} descriptors, and returns its result and the descriptors that
     * came, which are then the caller's. If {@code read} throws, the descriptors that came are
     * closed. Receives on this socket take turns.
     */
    <T> Incoming<T> receive(IoCall<T> read) throws IOException {
        receiveLock.lock();
        try {
            T result;
            arm();
            try {
                result = read.call();
            } catch (IOException | RuntimeException | Error e) {
                closeAll(disarm(), e);
                throw e;
            }
            return new Incoming<T>(result, disarm());
        } finally {
            receiveLock.unlock();
        }
    }

    private void arm() {
        if (support == null) {
            socket.ensureAncillaryReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            return;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
        }
        Access.setReceiveBuffer(support, buffer);
    }

    /** Removes the receive buffer, then takes what came, detached from junixsocket. */
    private FileDescriptor[] disarm() throws IOException {
        socket.setAncillaryReceiveBufferSize(0);
        FileDescriptor[] fds = socket.getReceivedFileDescriptors();
        if (fds == null || fds.length == 0) {
            return NONE;
        }
        IOException failure = null;
        for (int i = 0; i < fds.length; i++) {
            try {
                fds[i] = detach(fds[i]);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                fds[i] = null;
            }
        }
        if (failure != null) {
            closeAll(fds, failure);
            throw failure;
        }
        return fds;
    }

    /** Makes junixsocket forget {@code fd}, so that closing the socket leaves it open. */
    private FileDescriptor detach(FileDescriptor fd) throws IOException {
        if (support != null && Access.forget(support, fd)) {
            return fd;
        }
        FileDescriptor copy;
        try {
            copy = FileDescriptorCast.duplicating(fd).getFileDescriptor();
        } finally {
            Messages.close(fd); // tells junixsocket, through its attached hook, that it is gone
        }
        return copy;
    }

    /**
     * Makes the result of a receive: keeps the first {@code max} descriptors, closes the rest.
     * See {@link Messages#received}.
     */
    static Received received(int length, boolean truncated, UnixSocketAddress sender,
            FileDescriptor[] fds, int max) throws IOException {
        return Messages.received(length, truncated, sender, fds, max);
    }

    /** Closes descriptors after {@code failure}, adding close failures to it. */
    static void closeAll(FileDescriptor[] fds, Throwable failure) {
        for (FileDescriptor fd : fds) {
            try {
                Messages.close(fd);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Reflection into junixsocket's package-private ancillary data, looked up once. Every
     * method returns or does nothing where it was refused.
     */
    private static final class Access {
        private static final Method SOCKET_CORE;
        private static final Method DATAGRAM_CORE;
        private static final Field SUPPORT;
        private static final Field RECEIVE_BUFFER;
        private static final Field OPEN_RECEIVED;
        private static final Method SET_OUTBOUND;

        static {
            Method socketCore = null;
            Method datagramCore = null;
            Field support = null;
            Field receiveBuffer = null;
            Field openReceived = null;
            Method setOutbound = null;
            try {
                ClassLoader loader = AFSocketChannel.class.getClassLoader();
                socketCore = AFSocketChannel.class.getDeclaredMethod("getAFCore");
                datagramCore = AFDatagramChannel.class.getDeclaredMethod("getAFCore");
                support = Class.forName("org.newsclub.net.unix.AFCore", false, loader)
                        .getDeclaredField("ancillaryDataSupport");
                Class<?> ads = Class.forName("org.newsclub.net.unix.AncillaryDataSupport", false,
                        loader);
                receiveBuffer = ads.getDeclaredField("ancillaryReceiveBuffer");
                openReceived = ads.getDeclaredField("openReceivedFileDescriptors");
                setOutbound = ads.getDeclaredMethod("setOutboundFileDescriptors",
                        FileDescriptor[].class);
                if (receiveBuffer.getType() != ByteBuffer.class
                        || openReceived.getType() != Map.class) {
                    throw new NoSuchFieldException("not the junixsocket this was written for");
                }
                socketCore.setAccessible(true);
                datagramCore.setAccessible(true);
                support.setAccessible(true);
                receiveBuffer.setAccessible(true);
                openReceived.setAccessible(true);
                setOutbound.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                socketCore = null; // refused, or another junixsocket: the public calls serve
            }
            boolean ok = socketCore != null;
            SOCKET_CORE = ok ? socketCore : null;
            DATAGRAM_CORE = ok ? datagramCore : null;
            SUPPORT = ok ? support : null;
            RECEIVE_BUFFER = ok ? receiveBuffer : null;
            OPEN_RECEIVED = ok ? openReceived : null;
            SET_OUTBOUND = ok ? setOutbound : null;
        }

        private Access() {}

        /** Returns the channel's AncillaryDataSupport, or null. */
        static Object supportOf(Object channel, Class<?> declaring) {
            Method core = declaring == AFSocketChannel.class ? SOCKET_CORE : DATAGRAM_CORE;
            if (core == null) {
                return null;
            }
            try {
                return SUPPORT.get(core.invoke(channel));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static void setReceiveBuffer(Object support, ByteBuffer buffer) {
            try {
                RECEIVE_BUFFER.set(support, buffer);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // was made accessible
            }
        }

        static void setOutbound(Object support, FileDescriptor[] fds) throws IOException {
            try {
                SET_OUTBOUND.invoke(support, (Object) fds);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (java.lang.reflect.InvocationTargetException e) {
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
                throw new IOException(t);
            }
        }

        /** Takes {@code fd} out of junixsocket's list of descriptors to close with the socket. */
        static boolean forget(Object support, FileDescriptor fd) {
            try {
                ((Map<?, ?>) OPEN_RECEIVED.get(support)).remove(fd);
                return true;
            } catch (IllegalAccessException | RuntimeException e) {
                return false;
            }
        }
    }
}
