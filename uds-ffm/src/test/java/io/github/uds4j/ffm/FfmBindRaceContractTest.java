package io.github.uds4j.ffm;

import io.github.uds4j.contract.BindRaceContract;

/** Runs the shared {@link BindRaceContract} on the ffm provider. */
class FfmBindRaceContractTest extends BindRaceContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
