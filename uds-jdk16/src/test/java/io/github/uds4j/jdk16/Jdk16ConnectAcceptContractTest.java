package io.github.uds4j.jdk16;

import io.github.uds4j.contract.ConnectAcceptContract;

/** Runs the shared {@link ConnectAcceptContract} on the jdk16 provider. */
class Jdk16ConnectAcceptContractTest extends ConnectAcceptContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
