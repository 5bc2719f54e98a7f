package io.github.uds4j.ffm;

import io.github.uds4j.contract.ErrorContract;

/** Runs the shared {@link ErrorContract} on the ffm provider. */
class FfmErrorContractTest extends ErrorContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
