package io.github.uds4j.ffm;

import io.github.uds4j.contract.StreamSemanticsContract;

/** Runs the shared {@link StreamSemanticsContract} on the ffm provider. */
class FfmStreamSemanticsContractTest extends StreamSemanticsContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
