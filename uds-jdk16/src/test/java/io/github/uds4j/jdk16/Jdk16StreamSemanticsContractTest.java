package io.github.uds4j.jdk16;

import io.github.uds4j.contract.StreamSemanticsContract;

/** Runs the shared {@link StreamSemanticsContract} on the jdk16 provider. */
class Jdk16StreamSemanticsContractTest extends StreamSemanticsContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
