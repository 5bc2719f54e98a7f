package io.github.uds4j.jdk16;

import io.github.uds4j.contract.TimeoutContract;

/** Runs the shared {@link TimeoutContract} on the jdk16 provider. */
class Jdk16TimeoutContractTest extends TimeoutContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
