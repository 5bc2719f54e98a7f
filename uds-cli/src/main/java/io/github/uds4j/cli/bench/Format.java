package io.github.uds4j.cli.bench;

import java.util.Locale;

/** Numbers and sizes as the table and the JSON show them. */
final class Format {
    private Format() {}

    /** Returns {@code bytes} in the largest binary unit that divides it: {@code 64 KiB}, {@code 1 GiB}. */
    static String size(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] factors = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= factors[i] && bytes % factors[i] == 0) {
                return bytes / factors[i] + " " + units[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    /** Returns a figure with three significant digits or more: 2950, 71.2, 3.95. */
    static String figure(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** Returns a ratio such as {@code 0.98x}. */
    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** Returns a number for JSON: finite with up to four decimals, else {@code null}. */
    static String json(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Returns {@code s} as a JSON string, quotes included. */
    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Pads {@code s} with spaces on the right to {@code width}. */
    static String left(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Pads {@code s} with spaces on the left to {@code width}. */
    static String right(String s, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
        return b.append(s).toString();
    }
}
