package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import java.util.List;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.standard.ValueProvider;

/** Tab completion of {@code NAME@VERSION} from the registry (every stage: revoked versions can be shown too). */
final class ModelRefValues implements ValueProvider {
    private final Governance governance;

    ModelRefValues(Governance governance) {
        this.governance = governance;
    }

    @Override
    public List<CompletionProposal> complete(CompletionContext context) {
        String prefix = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
        return governance.registry().list(null).stream()
                .filter(version -> version.ref().toString().startsWith(prefix))
                .map(version -> new CompletionProposal(version.ref().toString())
                        .description(version.stage().label()))
                .toList();
    }
}
