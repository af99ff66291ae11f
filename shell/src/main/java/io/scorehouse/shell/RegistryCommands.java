package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VersionText;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.springframework.shell.standard.ShellCommandGroup;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

@ShellComponent
@ShellCommandGroup("Registry")
final class RegistryCommands {
    private final Governance governance;

    RegistryCommands(Governance governance) {
        this.governance = governance;
    }

    @ShellMethod(
            key = "registry list",
            value = "Model versions with stage, digest, AUC, security decision and end of life.")
    String list(@ShellOption(defaultValue = ShellOption.NULL, help = "Only this model.") String model) {
        return Tables.render(
                VersionText.LISTING_COLUMNS,
                governance.registry().list(model).stream()
                        .map(VersionText::listingRow)
                        .toList());
    }

    @ShellMethod(
            key = "registry show",
            value = "One version: signatures re-verified now, digests, metrics, EoS/EoL, stage history.")
    String show(@ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref) {
        ModelRef modelRef = ModelRef.parse(ref);
        ModelRegistry registry = governance.registry();
        StringWriter text = new StringWriter();
        VersionText.details(
                registry.verify(modelRef),
                registry.transitions(modelRef),
                governance.config().secrets().trustStoreDir(),
                new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
