package io.github.uds4j.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The names closest to a mistyped one, for "did you mean echo-server?". */
final class Suggestions {
    /** The most edits a name may be away from what was typed and still be suggested. */
    static final int MAX_EDITS = 2;

    private Suggestions() {}

    /**
     * Returns the names in {@code names} closest to {@code typed}, in their order: those fewest
     * edits (insertions, deletions, substitutions, swaps of neighbours) away, at most {@value
     * #MAX_EDITS} and fewer than the length of what was typed; a name that {@code typed} is the
     * start of (two letters or more) counts as one edit away. Ignores case. Empty when no name
     * is close.
     */
    static List<String> closest(String typed, Collection<String> names) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> best = new ArrayList<String>();
        int fewest = Integer.MAX_VALUE;
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            int d = edits(t, n);
            if (t.length() >= 2 && n.startsWith(t)) {
                d = Math.min(d, 1);
            }
            if (d > MAX_EDITS || d >= t.length()) {
                continue;
            }
            if (d < fewest) {
                fewest = d;
                best.clear();
            }
            if (d == fewest) {
                best.add(name);
            }
        }
        return best;
    }

    /** Returns " (did you mean a?)", " (did you mean a or b?)", or "" when no name is close. */
    static String didYouMean(String typed, Collection<String> names) {
        List<String> close = closest(typed, names);
        if (close.isEmpty()) {
            return "";
        }
        return " (did you mean " + orList(close) + "?)";
    }

    /** Returns "a", "a or b", "a, b or c". */
    static String orList(List<String> items) {
        return join(items, " or ");
    }

    /** Returns "a", "a and b", "a, b and c". */
    static String andList(List<String> items) {
        return join(items, " and ");
    }

    private static String join(List<String> items, String last) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(i == items.size() - 1 ? last : ", ");
            }
            b.append(items.get(i));
        }
        return b.toString();
    }

    /**
     * Returns the edit distance between {@code a} and {@code b} with swaps of neighbouring
     * characters counted as one edit (the optimal string alignment distance).
     */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
