package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import java.util.Map;

/** Who is at the console: {@code --actor} on a command, else {@code SCOREHOUSE_ACTOR}, else the OS user. */
public final class Operator {
    private final Map<String, String> env;

    Operator(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public String resolve(String explicit) {
        return Governance.actor(explicit, env);
    }
}
