package io.github.uds4j.ffm;

import io.github.uds4j.contract.SeqpacketContract;

/** Runs the shared {@link SeqpacketContract} on the ffm provider. */
class FfmSeqpacketContractTest extends SeqpacketContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
