package io.github.uds4j.jdk16;

import io.github.uds4j.contract.ErrorMessageContract;

/** Runs the shared {@link ErrorMessageContract} on the jdk16 provider. */
class Jdk16ErrorMessageContractTest extends ErrorMessageContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
