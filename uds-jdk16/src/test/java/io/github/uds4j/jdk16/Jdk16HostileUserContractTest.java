package io.github.uds4j.jdk16;

import io.github.uds4j.contract.HostileUserContract;

/** Runs the shared {@link HostileUserContract} on the jdk16 provider. */
class Jdk16HostileUserContractTest extends HostileUserContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
