package io.github.uds4j.ffm;

import io.github.uds4j.contract.EchoContract;

/** Runs the shared {@link EchoContract} on the ffm provider. */
class FfmEchoContractTest extends EchoContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
