package io.github.uds4j.ffm;

import io.github.uds4j.contract.TimeoutContract;

/** Runs the shared {@link TimeoutContract} on the ffm provider. */
class FfmTimeoutContractTest extends TimeoutContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
