package io.github.uds4j.ffm;

import io.github.uds4j.contract.KilledBindContract;

/** Runs the shared {@link KilledBindContract} on the ffm provider. */
class FfmKilledBindContractTest extends KilledBindContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
