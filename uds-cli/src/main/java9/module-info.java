/**
 * The {@code uds} command: {@code java -p DIR -m io.github.uds4j.cli/io.github.uds4j.cli.Main}.
 * The providers come through io.github.uds4j's {@code uses}; junixsocket is also required
 * directly, for the benchmark's raw junixsocket transport. {@code jdk.unsupported} holds
 * {@code sun.misc.Signal}, which the servers use to stop cleanly on SIGINT and SIGTERM.
 */
module io.github.uds4j.cli {
    requires io.github.uds4j;
    requires org.apache.commons.cli;
    requires org.newsclub.net.unix;
    requires jdk.unsupported;
}
