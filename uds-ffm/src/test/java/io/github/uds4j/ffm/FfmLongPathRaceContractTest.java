package io.github.uds4j.ffm;

import io.github.uds4j.contract.LongPathRaceContract;

/** Runs the shared {@link LongPathRaceContract} on the ffm provider. */
class FfmLongPathRaceContractTest extends LongPathRaceContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
