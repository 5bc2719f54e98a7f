package io.github.uds4j.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Formats a list of options for {@code --help}: one option a line, descriptions aligned. */
final class HelpText {
    private HelpText() {}

    static void options(StringBuilder b, Options options) {
        int width = 0;
        for (Option o : options.getOptions()) {
            width = Math.max(width, name(o).length());
        }
        for (Option o : options.getOptions()) {
            b.append("  ").append(Main.pad(name(o), width)).append("  ")
                    .append(o.getDescription()).append('\n');
        }
    }

    private static String name(Option o) {
        StringBuilder b = new StringBuilder();
        if (o.getOpt() != null) {
            b.append('-').append(o.getOpt());
            if (o.getLongOpt() != null) {
                b.append(", ");
            }
        } else {
            b.append("    ");
        }
        if (o.getLongOpt() != null) {
            b.append("--").append(o.getLongOpt());
        }
        if (o.hasArg()) {
            b.append(' ').append(o.getArgName() == null ? "ARG" : o.getArgName());
        }
        return b.toString();
    }
}
