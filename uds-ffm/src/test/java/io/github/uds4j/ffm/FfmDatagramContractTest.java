package io.github.uds4j.ffm;

import io.github.uds4j.contract.DatagramContract;

/** Runs the shared {@link DatagramContract} on the ffm provider. */
class FfmDatagramContractTest extends DatagramContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
