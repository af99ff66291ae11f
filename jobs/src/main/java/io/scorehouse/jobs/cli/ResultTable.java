package io.scorehouse.jobs.cli;

import java.io.PrintWriter;
import java.util.List;

/** Renders rows of strings (null = SQL NULL) as an aligned text table or as RFC 4180 CSV. */
final class ResultTable {
    private ResultTable() {}

    static void table(List<String> columns, boolean[] rightAligned, List<List<String>> rows, PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        out.println(line(columns, widths, new boolean[widths.length]));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            out.println(line(row.stream().map(ResultTable::cell).toList(), widths, rightAligned));
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    static void csv(List<String> columns, List<List<String>> rows, PrintWriter out) {
        out.println(String.join(",", columns.stream().map(ResultTable::csvField).toList()));
        for (List<String> row : rows) {
            out.println(String.join(",", row.stream().map(ResultTable::csvField).toList()));
        }
    }

    private static String line(List<String> values, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String value = values.get(i);
            String padding = " ".repeat(widths[i] - value.length());
            line.append(i == 0 ? "" : " | ").append(rightAligned[i] ? padding + value : value + padding);
        }
        return line.toString().stripTrailing();
    }

    private static String cell(String value) {
        return value == null ? "NULL" : value.replace("\n", "\\n");
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
