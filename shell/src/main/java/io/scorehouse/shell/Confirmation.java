package io.scorehouse.shell;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import org.springframework.shell.component.ConfirmationInput;
import org.springframework.shell.component.ConfirmationInput.ConfirmationInputContext;
import org.springframework.shell.context.InteractionMode;
import org.springframework.shell.context.ShellContext;
import org.springframework.shell.standard.AbstractShellComponent;

/**
 * Asks before a command changes what production scores with. {@code --yes} skips the question;
 * a script or a one-command run must say {@code --yes} — it is refused otherwise, never
 * silently confirmed, because nobody is there to answer.
 */
final class Confirmation extends AbstractShellComponent {
    private final ShellContext shellContext;

    Confirmation(ShellContext shellContext) {
        this.shellContext = shellContext;
    }

    /** True when the operator confirmed (or passed {@code --yes}); false when they declined. */
    boolean confirmed(String command, String question, boolean yes) {
        if (yes) {
            return true;
        }
        if (shellContext.getInteractionMode() != InteractionMode.INTERACTIVE) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    command,
                    "needs confirmation: add --yes (scripts and one-command runs never prompt)");
        }
        ConfirmationInput input = new ConfirmationInput(getTerminal(), question, false);
        input.setResourceLoader(getResourceLoader());
        input.setTemplateExecutor(getTemplateExecutor());
        Boolean answer = input.run(ConfirmationInputContext.empty()).getResultValue();
        return Boolean.TRUE.equals(answer);
    }
}
