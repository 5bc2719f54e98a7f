package io.github.uds4j.jdk16;

import io.github.uds4j.contract.InteropContract;

/**
 * Runs the shared {@link InteropContract} (Python, socat) on the jdk16 provider: every test
 * needs a capability jdk16 lacks (datagrams, SEQPACKET, abstract names, descriptor passing), so
 * each is skipped naming it, until a provider for Java 16+ brings them.
 */
class Jdk16InteropContractTest extends InteropContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
