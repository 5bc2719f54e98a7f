package io.github.uds4j.ffm;

import io.github.uds4j.contract.HttpClientContract;

/** Runs the shared {@link HttpClientContract} on the ffm provider. */
class FfmHttpClientContractTest extends HttpClientContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
