package io.scorehouse.jobs.cli;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The limits on demo population options ({@code --rows}, {@code --tenants}) that demo and demo-data share. */
final class DemoDataArgs {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final long MAX_ENTITIES = 50_000_000;

    private DemoDataArgs() {}

    static void validate(CommandSpec spec, long entities, List<String> tenants) {
        if (entities < 1 || entities > MAX_ENTITIES) {
            throw new ParameterException(
                    spec.commandLine(), "--rows must be between 1 and " + MAX_ENTITIES + ", got " + entities);
        }
        for (String tenant : tenants) {
            if (!TENANT.matcher(tenant).matches()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--tenants: '" + tenant + "' is not a tenant id (lower-case letters, digits, _ and -)");
            }
        }
        if (tenants.stream().distinct().count() != tenants.size()) {
            throw new ParameterException(spec.commandLine(), "--tenants lists a tenant twice");
        }
    }
}
