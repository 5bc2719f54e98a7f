package io.github.uds4j.ffm;

import io.github.uds4j.contract.InteropContract;

/** Runs the shared {@link InteropContract} (Python, socat) on the ffm provider. */
class FfmInteropContractTest extends InteropContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
