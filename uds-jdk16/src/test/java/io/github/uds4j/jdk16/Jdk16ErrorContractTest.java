package io.github.uds4j.jdk16;

import io.github.uds4j.contract.ErrorContract;

/** Runs the shared {@link ErrorContract} on the jdk16 provider. */
class Jdk16ErrorContractTest extends ErrorContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
