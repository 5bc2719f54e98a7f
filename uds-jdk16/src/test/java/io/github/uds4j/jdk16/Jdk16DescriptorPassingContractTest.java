package io.github.uds4j.jdk16;

import io.github.uds4j.contract.DescriptorPassingContract;

/**
 * Runs the shared {@link DescriptorPassingContract} on the jdk16 provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class Jdk16DescriptorPassingContractTest extends DescriptorPassingContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
