package io.scorehouse.jobs.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Renders a command's description as paragraphs wrapped at word boundaries. Descriptions are written as
 * source lines; picocli prints each element of the array on a line of its own and wraps it on its own,
 * which broke sentences mid-way.
 */
final class HelpParagraphs implements IHelpSectionRenderer {
    /** Installs the renderer on {@code commandLine} and every subcommand below it. */
    static void install(CommandLine commandLine) {
        commandLine
                .getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, new HelpParagraphs());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            install(subcommand);
        }
    }

    @Override
    public String render(Help help) {
        // descriptions are picocli format strings (its command lists format them): %n breaks a line, %% is a %
        String[] lines = Arrays.stream(help.commandSpec().usageMessage().description())
                .flatMap(line -> Arrays.stream(line.split("%n", -1)))
                .map(line -> line.replace("%%", "%"))
                .toArray(String[]::new);
        if (lines.length == 0) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(), new Column(width, 0, Column.Overflow.WRAP));
        for (String paragraph : paragraphs(lines)) {
            table.addRowValues(paragraph);
        }
        return table.toString();
    }

    /**
     * Joins a line to the one before it when that one stopped mid-sentence; a line after a finished
     * sentence, or after an empty line, starts a new line of the help, as its author laid it out.
     */
    static List<String> paragraphs(String[] lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            String text = line.strip();
            if (current != null && !text.isEmpty() && !endsSentence(current)) {
                current.append(' ').append(text);
                continue;
            }
            if (current != null) {
                paragraphs.add(current.toString());
            }
            current = new StringBuilder(text);
        }
        if (current != null) {
            paragraphs.add(current.toString());
        }
        return paragraphs;
    }

    private static boolean endsSentence(CharSequence text) {
        if (text.isEmpty()) {
            return true;
        }
        char last = text.charAt(text.length() - 1);
        return last == '.' || last == ':' || last == '!' || last == '?';
    }
}
