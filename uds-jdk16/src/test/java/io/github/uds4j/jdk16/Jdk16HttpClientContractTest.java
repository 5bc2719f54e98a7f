package io.github.uds4j.jdk16;

import io.github.uds4j.contract.HttpClientContract;

/** Runs the shared {@link HttpClientContract} on the jdk16 provider. */
class Jdk16HttpClientContractTest extends HttpClientContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
