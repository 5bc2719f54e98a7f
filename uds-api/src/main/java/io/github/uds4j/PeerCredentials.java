package io.github.uds4j;

import java.util.OptionalLong;

/**
 * The identity of the process at the other end of a connection, as the kernel recorded it when
 * the connection was made ({@code SO_PEERCRED}).
 */
public final class PeerCredentials {
    private final long uid;
    private final long gid;
    private final long pid;

    private PeerCredentials(long uid, long gid, long pid) {
        this.uid = uid;
        this.gid = gid;
        this.pid = pid;
    }

    /**
     * Returns credentials with the given ids.
     *
     * @param uid the numeric user id, 0 or more
     * @param gid the numeric group id, 0 or more
     * @param pid the process id, or -1 when the provider cannot tell
     * @return the credentials
     * @throws IllegalArgumentException if {@code uid} or {@code gid} is negative, or {@code pid}
     *     is below -1
     */
    public static PeerCredentials of(long uid, long gid, long pid) {
        if (uid < 0 || gid < 0 || pid < -1) {
            throw new IllegalArgumentException(
                    "invalid credentials: uid=" + uid + " gid=" + gid + " pid=" + pid);
        }
        return new PeerCredentials(uid, gid, pid);
    }

    /**
     * Returns the peer's numeric user id.
     *
     * @return the effective uid the peer had when it connected (or made the pair)
     */
    public long uid() {
        return uid;
    }

    /**
     * Returns the peer's numeric group id.
     *
     * @return the effective gid the peer had when it connected (or made the pair)
     */
    public long gid() {
        return gid;
    }

    /**
     * Returns the peer's process id, when the provider can tell (see {@link
     * UnixSocketCapability#PEER_PID}).
     *
     * @return the pid, or empty where the provider cannot read it
     */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PeerCredentials)) {
            return false;
        }
        PeerCredentials that = (PeerCredentials) o;
        return uid == that.uid && gid == that.gid && pid == that.pid;
    }

    @Override
    public int hashCode() {
        return (int) (31 * (31 * uid + gid) + pid);
    }

    /** Returns {@code pid=1234 uid=1000 gid=1000}, without the pid when it is unknown. */
    @Override
    public String toString() {
        return (pid >= 0 ? "pid=" + pid + " " : "") + "uid=" + uid + " gid=" + gid;
    }
}
