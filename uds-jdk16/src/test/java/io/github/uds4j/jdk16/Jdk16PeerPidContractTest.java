package io.github.uds4j.jdk16;

import io.github.uds4j.contract.PeerPidContract;

/**
 * Runs the shared {@link PeerPidContract} on the jdk16 provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class Jdk16PeerPidContractTest extends PeerPidContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
