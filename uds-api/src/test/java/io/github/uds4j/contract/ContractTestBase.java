package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract test class shares: the check that the expected provider was chosen, a
 * short private directory for socket files, and threads that are stopped after each test.
 * A backend module runs a contract by subclassing it and naming its provider.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class ContractTestBase {
    @TempDir
    protected Path dir;

    protected ExecutorService threads;

    /** Returns the name of the provider the subclass's module must have chosen. */
    protected abstract String expectedProvider();

    @BeforeEach
    void checkProviderAndSetUp() throws IOException {
        assertThat(UnixSockets.backend().name())
                .as("provider chosen for this module's tests")
                .isEqualTo(expectedProvider());
        // Let an unprivileged test user through to the socket files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS))
                .as("test threads stop").isTrue();
    }

    /** Returns an address in the test's directory. */
    protected UnixSocketAddress address(String name) {
        return UnixSocketAddress.of(dir.resolve(name));
    }

    /** Lists the names in the test's directory, to show nothing was created or removed. */
    protected List<String> listing() throws IOException {
        List<String> names = new ArrayList<String>();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        java.util.Collections.sort(names);
        return names;
    }
}
