package io.github.uds4j.ffm;

import io.github.uds4j.contract.ErrorMessageContract;

/** Runs the shared {@link ErrorMessageContract} on the ffm provider. */
class FfmErrorMessageContractTest extends ErrorMessageContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
