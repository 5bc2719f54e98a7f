package io.github.uds4j.ffm;

import io.github.uds4j.contract.HostileUserContract;

/** Runs the shared {@link HostileUserContract} on the ffm provider. */
class FfmHostileUserContractTest extends HostileUserContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
