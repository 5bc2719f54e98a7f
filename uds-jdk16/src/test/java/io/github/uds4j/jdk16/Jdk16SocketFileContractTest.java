package io.github.uds4j.jdk16;

import io.github.uds4j.contract.SocketFileContract;

/** Runs the shared {@link SocketFileContract} on the jdk16 provider. */
class Jdk16SocketFileContractTest extends SocketFileContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
