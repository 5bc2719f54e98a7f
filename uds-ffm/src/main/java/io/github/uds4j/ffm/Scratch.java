package io.github.uds4j.ffm;

import io.github.uds4j.internal.Messages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * Each thread's native structs for one call at a time: a {@code msghdr}, its {@code iovec}, a
 * {@code sockaddr_un}, a {@code socklen_t}, a {@code pollfd} and room for control messages
 * (descriptors and credentials). Made once per thread and freed when the thread is gone, so
 * that a {@code sendmsg}, {@code recvmsg} or {@code poll} allocates no native memory. (A
 * confined arena per {@code recvmsg} measured within the noise on one CPU, Java 25: about
 * 134k datagrams/s either way; this keeps the call free of allocation all the same.)
 *
 * <p>A caller fills what it uses and must not hold on to it past its call; a thread makes one
 * call at a time, so nothing else touches it meanwhile.
 */
final class Scratch {
    /** Control room for the most descriptors a message can carry and one set of credentials. */
    static final long CONTROL = LibC.cmsgSpace(4L * Messages.MAX_DESCRIPTORS)
            + LibC.cmsgSpace(LibC.UCRED.byteSize());

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    final MemorySegment msg;
    final MemorySegment iov;
    final MemorySegment sockaddr;
    final MemorySegment socklen;
    final MemorySegment pollfd;
    final MemorySegment control;

    private Scratch() {
        MemoryLayout[] parts = {LibC.MSGHDR, LibC.IOVEC, LibC.SOCKADDR_UN, LibC.C_INT,
            LibC.POLLFD, MemoryLayout.sequenceLayout(CONTROL, java.lang.foreign.ValueLayout.JAVA_BYTE)
                    .withByteAlignment(LibC.C_SIZE_T.byteAlignment())};
        long[] at = new long[parts.length];
        long size = 0;
        for (int i = 0; i < parts.length; i++) {
            long align = Math.max(parts[i].byteAlignment(), 8);
            size = (size + align - 1) & -align;
            at[i] = size;
            size += parts[i].byteSize();
        }
        MemorySegment all = Arena.ofAuto().allocate(size, 16);
        msg = all.asSlice(at[0], parts[0].byteSize());
        iov = all.asSlice(at[1], parts[1].byteSize());
        sockaddr = all.asSlice(at[2], parts[2].byteSize());
        socklen = all.asSlice(at[3], parts[3].byteSize());
        pollfd = all.asSlice(at[4], parts[4].byteSize());
        control = all.asSlice(at[5], parts[5].byteSize());
    }

    /** Returns the calling thread's structs. */
    static Scratch get() {
        return SCRATCH.get();
    }
}
