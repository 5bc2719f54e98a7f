package io.github.uds4j.jdk16;

import io.github.uds4j.contract.BindRaceContract;

/** Runs the shared {@link BindRaceContract} on the jdk16 provider. */
class Jdk16BindRaceContractTest extends BindRaceContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
