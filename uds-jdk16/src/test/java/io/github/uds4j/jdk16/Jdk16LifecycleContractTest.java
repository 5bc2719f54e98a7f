package io.github.uds4j.jdk16;

import io.github.uds4j.contract.LifecycleContract;

/** Runs the shared {@link LifecycleContract} on the jdk16 provider. */
class Jdk16LifecycleContractTest extends LifecycleContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
