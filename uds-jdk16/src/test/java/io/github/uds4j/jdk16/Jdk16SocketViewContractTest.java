package io.github.uds4j.jdk16;

import io.github.uds4j.contract.SocketViewContract;

/** Runs the shared {@link SocketViewContract} on the jdk16 provider. */
class Jdk16SocketViewContractTest extends SocketViewContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
