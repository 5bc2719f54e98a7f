package io.github.uds4j.spi;

import java.io.FileDescriptor;

/**
 * Implemented by a provider's sockets whose descriptor can be sent to another process ({@link
 * io.github.uds4j.Descriptor#of(io.github.uds4j.UnixSocket)} and the like).
 */
public interface DescriptorAccess {
    /**
     * Returns the socket's descriptor. It stays the socket's: the caller must not close it.
     *
     * @return the descriptor
     */
    FileDescriptor fileDescriptor();
}
