package io.github.uds4j.ffm;

import io.github.uds4j.contract.ConnectAcceptContract;

/** Runs the shared {@link ConnectAcceptContract} on the ffm provider. */
class FfmConnectAcceptContractTest extends ConnectAcceptContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
