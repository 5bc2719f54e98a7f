/**
 * A user's application as a named module: it requires uds4j's API and nothing else. The
 * providers come from the module path through the API's {@code uses}; no --add-modules.
 */
module example.app {
    requires io.github.uds4j;
}
