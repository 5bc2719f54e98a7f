package io.github.uds4j.ffm;

import io.github.uds4j.contract.PeerPidContract;

/**
 * Runs the shared {@link PeerPidContract} on the ffm provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class FfmPeerPidContractTest extends PeerPidContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
