package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpParagraphsTest {
    @Test
    void aSentenceBrokenAcrossSourceLinesIsOneParagraphAndFinishedOnesKeepTheirLines() {
        assertThat(HelpParagraphs.paragraphs(new String[] {
                    "Scores one partition.", "", "Gates, point-in-time read and", "Deequ checks.", "Exits 4 when bad."
                }))
                .containsExactly(
                        "Scores one partition.",
                        "",
                        "Gates, point-in-time read and Deequ checks.",
                        "Exits 4 when bad.");
    }

    @Test
    void everyCommandsHelpWrapsAtWordBoundaries() {
        CommandLine top = ScorehouseCommand.commandLine(
                () -> {
                    throw new AssertionError("help needs no configuration");
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<CommandLine> commands = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> pending = new java.util.ArrayDeque<>(List.of(top));
        while (!pending.isEmpty()) {
            CommandLine command = pending.pop();
            commands.add(command);
            pending.addAll(command.getSubcommands().values());
        }
        for (CommandLine command : commands) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String help = command.getUsageMessage();
            int width = command.getCommandSpec().usageMessage().width();
            // a description picocli could not format is printed raw, its %n and %% left in
            assertThat(help).as(command.getCommandName()).doesNotContain("%n").doesNotContain("%%");
            for (String line : help.lines().toList()) {
                assertThat(line.length())
                        .as(command.getCommandName() + ": " + line)
                        .isLessThanOrEqualTo(width);
            }
            // a source line that stops mid-sentence is never printed as a line of its own
            List<String> printedLines = help.lines().map(String::strip).toList();
            for (String line : description) {
                if (!line.isBlank() && !line.contains("%n") && !line.strip().matches(".*[.:!?]$")) {
                    assertThat(printedLines).as(command.getCommandName()).doesNotContain(line.strip());
                }
            }
            // every character of the description is printed, in order (picocli may break a line after a '.')
            String printed = help.replaceAll("\\s+", "");
            for (String paragraph : HelpParagraphs.paragraphs(description)) {
                assertThat(printed)
                        .as(command.getCommandName())
                        .contains(paragraph.replace("%n", "").replace("%%", "%").replaceAll("\\s+", ""));
            }
        }
    }
}
