package io.github.uds4j.ffm;

import io.github.uds4j.contract.AbstractNameContract;

/** Runs the shared {@link AbstractNameContract} on the ffm provider. */
class FfmAbstractNameContractTest extends AbstractNameContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
