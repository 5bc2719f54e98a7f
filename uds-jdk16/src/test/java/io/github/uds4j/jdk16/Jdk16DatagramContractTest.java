package io.github.uds4j.jdk16;

import io.github.uds4j.contract.DatagramContract;

/**
 * Runs the shared {@link DatagramContract} on the jdk16 provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class Jdk16DatagramContractTest extends DatagramContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
