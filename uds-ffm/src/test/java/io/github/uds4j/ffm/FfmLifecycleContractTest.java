package io.github.uds4j.ffm;

import io.github.uds4j.contract.LifecycleContract;

/** Runs the shared {@link LifecycleContract} on the ffm provider. */
class FfmLifecycleContractTest extends LifecycleContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
