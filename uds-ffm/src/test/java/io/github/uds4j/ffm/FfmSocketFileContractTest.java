package io.github.uds4j.ffm;

import io.github.uds4j.contract.SocketFileContract;

/** Runs the shared {@link SocketFileContract} on the ffm provider. */
class FfmSocketFileContractTest extends SocketFileContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
