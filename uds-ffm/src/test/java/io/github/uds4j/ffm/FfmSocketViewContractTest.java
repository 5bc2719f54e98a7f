package io.github.uds4j.ffm;

import io.github.uds4j.contract.SocketViewContract;

/** Runs the shared {@link SocketViewContract} on the ffm provider. */
class FfmSocketViewContractTest extends SocketViewContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
