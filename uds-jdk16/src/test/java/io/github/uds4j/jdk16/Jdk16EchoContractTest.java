package io.github.uds4j.jdk16;

import io.github.uds4j.contract.EchoContract;

/** Runs the shared {@link EchoContract} on the jdk16 provider. */
class Jdk16EchoContractTest extends EchoContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
