package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notebooks are committed without outputs: what they show comes from a home, never from the repository. */
class NotebooksCommittedTest {
    @Test
    void everyNotebookIsCommittedWithoutOutputs() throws Exception {
        for (String name : NotebooksCommand.NOTEBOOKS) {
            Path notebook = TestLakehouse.repoDir().resolve("notebooks").resolve(name + ".ipynb");
            JsonNode cells = new ObjectMapper().readTree(notebook.toFile()).path("cells");
            assertThat(cells.size()).as(name + " cells").isGreaterThan(3);
            for (JsonNode cell : cells) {
                if (cell.path("cell_type").asText().equals("code")) {
                    assertThat(cell.path("outputs"))
                            .as(name + " " + cell.path("id"))
                            .isEmpty();
                    assertThat(cell.path("execution_count").isNull())
                            .as(name + " execution_count")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void theCommandListsExactlyTheCommittedNotebooks() throws Exception {
        try (var files = java.nio.file.Files.list(TestLakehouse.repoDir().resolve("notebooks"))) {
            List<String> committed = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".ipynb"))
                    .map(f -> f.substring(0, f.length() - ".ipynb".length()))
                    .sorted()
                    .toList();
            assertThat(committed).containsExactlyInAnyOrderElementsOf(NotebooksCommand.NOTEBOOKS);
        }
    }
}
