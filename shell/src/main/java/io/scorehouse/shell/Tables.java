package io.scorehouse.shell;

import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.table.ArrayTableModel;
import org.springframework.shell.table.BorderStyle;
import org.springframework.shell.table.TableBuilder;

/** Listings as bordered tables (Spring Shell's table module); wide enough that digests and dates never wrap. */
final class Tables {
    private static final int WIDTH = 220;

    private Tables() {}

    static String render(List<String> header, List<List<String>> rows) {
        List<String[]> data = new ArrayList<>();
        data.add(header.toArray(String[]::new));
        rows.forEach(row ->
                data.add(row.stream().map(cell -> cell == null ? "-" : cell).toArray(String[]::new)));
        TableBuilder table = new TableBuilder(new ArrayTableModel(data.toArray(String[][]::new)));
        table.addHeaderAndVerticalsBorders(BorderStyle.oldschool);
        return table.build().render(WIDTH) + "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)");
    }
}
