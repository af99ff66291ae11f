package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import io.scorehouse.lakehouse.config.ConfigLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.context.ShellContext;

/**
 * Everything the console's commands share. The shell acts on the same configuration as every {@code scorehouse} command: the conf
 * directory and overrides from the environment. {@code scorehouse.home}, {@code scorehouse.conf}
 * and {@code scorehouse.profile} (Spring properties, hence also {@code SCOREHOUSE_HOME} …) win,
 * so a test or a wrapper can point the shell elsewhere without touching the process environment.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {
    private static final Map<String, String> PROPERTIES = Map.of(
            "scorehouse.home", "SCOREHOUSE_HOME",
            "scorehouse.conf", "SCOREHOUSE_CONF",
            "scorehouse.profile", "SCOREHOUSE_PROFILE",
            "scorehouse.actor", Governance.ACTOR_ENV);

    /**
     * A console stays open while other nodes promote, revoke and run: a command reads the evidence
     * replica again when the last read is older than this (commands of one burst share a read).
     */
    static final Duration EVIDENCE_FRESHNESS = Duration.ofSeconds(5);

    @Bean
    Governance governance(Environment environment) {
        Map<String, String> env = environmentOf(environment);
        return new Governance(
                () -> {
                    ConfigLoader loader = new ConfigLoader(env);
                    return loader.load(loader.confDir());
                },
                Clock.systemUTC(),
                EVIDENCE_FRESHNESS);
    }

    @Bean
    Operator operator(Environment environment) {
        return new Operator(environmentOf(environment));
    }

    @Bean
    ReleaseWebhookSettings releaseWebhookSettings(Environment environment) {
        return new ReleaseWebhookSettings(environmentOf(environment));
    }

    @Bean
    Confirmation confirmation(ShellContext shellContext) {
        return new Confirmation(shellContext);
    }

    @Bean
    ModelRefValues modelRefValues(Governance governance) {
        return new ModelRefValues(governance);
    }

    @Bean
    CommandExceptionResolver scorehouseFailures() {
        return new FailureResolver();
    }

    @Bean
    SparkJobs sparkJobs(Environment environment) {
        return new SparkJobs(environment.getProperty(SparkJobs.LAUNCHER_PROPERTY));
    }

    private static Map<String, String> environmentOf(Environment environment) {
        Map<String, String> env = new HashMap<>(System.getenv());
        PROPERTIES.forEach((property, variable) -> {
            String value = environment.getProperty(property);
            if (value != null && !value.isBlank()) {
                env.put(variable, value);
            }
        });
        return env;
    }
}
