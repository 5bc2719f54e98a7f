package io.github.uds4j.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One command of {@code uds}: its name, its help, its options, and what it does. */
interface Command {

    /** Returns the name typed on the command line, such as {@code echo-server}. */
    String name();

    /** Returns the usage line without {@code uds}, such as {@code echo-server [--path P]}. */
    String synopsis();

    /** Returns one line for the list of commands. */
    String summary();

    /** Returns the paragraphs {@code --help} prints between the usage line and the options. */
    String description();

    /** Returns a new set of this command's options ({@code --help} is added by {@link Main}). */
    Options options();

    /**
     * Does the work and returns the exit status.
     *
     * @param line the parsed options and arguments
     * @param io the streams to use
     * @return {@link Main#OK} or {@link Main#FAILURE}
     * @throws UsageException if the arguments cannot be obeyed
     * @throws Exception for any failure; {@link Main} prints it as one line
     */
    int run(CommandLine line, Io io) throws Exception;
}
