package io.github.uds4j.jdk16;

import io.github.uds4j.contract.SeqpacketContract;

/**
 * Runs the shared {@link SeqpacketContract} on the jdk16 provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class Jdk16SeqpacketContractTest extends SeqpacketContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
