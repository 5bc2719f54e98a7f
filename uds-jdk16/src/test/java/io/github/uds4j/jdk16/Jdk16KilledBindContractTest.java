package io.github.uds4j.jdk16;

import io.github.uds4j.contract.KilledBindContract;

/** Runs the shared {@link KilledBindContract} on the jdk16 provider. */
class Jdk16KilledBindContractTest extends KilledBindContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
