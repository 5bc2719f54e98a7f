package io.github.uds4j.jdk16;

import io.github.uds4j.contract.LongPathRaceContract;

/** Runs the shared {@link LongPathRaceContract} on the jdk16 provider. */
class Jdk16LongPathRaceContractTest extends LongPathRaceContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
