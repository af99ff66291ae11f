package io.scorehouse.api;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ApiSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/scorehouse api}: the Access API as a foreground server (what a container or systemd
 * runs), and {@code api token}, which signs a development token. Errors print one line and exit
 * with the documented code (2 usage/config, 5 integrity).
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        subcommands = {ApiMain.Token.class, ApiMain.Issuer.class},
        description = {
            "The scored-output Access API: GET /api/scored/v1/last behind bearer JWTs, scored.read, masking and",
            "rate limits, over HTTPS (config: api: in conf/scorehouse.yaml). Runs in the foreground until stopped."
        })
public final class ApiMain implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(ApiMain.class);

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Listen on this port instead of api.port (0: any free port).")
    Integer port;

    @Option(
            names = "--insecure-http",
            description = "Serve plain HTTP instead of HTTPS (local debugging only; logs a warning).")
    boolean insecureHttp;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new ApiMain())
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof ScorehouseException s) {
                        line.getErr().println("scorehouse: " + s.getMessage());
                        return s.exitCode().code();
                    }
                    line.getErr()
                            .println("scorehouse: api — unexpected "
                                    + e.getClass().getSimpleName());
                    LOG.error("api failed", e);
                    return ExitCode.UNEXPECTED.code();
                })
                .setParameterExceptionHandler((e, a) -> {
                    e.getCommandLine()
                            .getErr()
                            .println("scorehouse: " + e.getCommandLine().getCommandName() + " — " + e.getMessage());
                    return ExitCode.USAGE.code();
                });
        cli.setErr(new PrintWriter(System.err, true));
        return cli.execute(args);
    }

    static ScorehouseConfig config() {
        return ConfigLoader.loadFromEnvironment();
    }

    @Override
    public Integer call() throws InterruptedException {
        ScorehouseConfig config = config();
        ApiContext context = ApiContext.of(config, Clock.systemUTC());
        if (insecureHttp) {
            LOG.warn("serving plain HTTP (--insecure-http): tokens and entity ids cross the network in clear text");
            System.err.println("scorehouse: api — WARNING: plain HTTP (--insecure-http); never outside this machine");
        }
        long started = System.nanoTime();
        ApiServer server = ApiServer.start(
                context,
                new ApiServer.Listen(
                        context.settings().bind(),
                        port == null ? context.settings().port() : port,
                        insecureHttp));
        System.out.printf(
                "scorehouse api: serving %s (ready in %d ms; policy %s)%n",
                server.baseUrl(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                context.access().policyDigest());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** {@code api token}: a development access token, printed alone on stdout. */
    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = {
                "Signs an access token with api.jwt.issuer-key-file (the embedded profile's dev issuer, or a test",
                "stack's) or --issuer-key; refused where tokens come from an identity provider. Prints only the token."
            })
    static final class Token implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "The tenant claim.")
        String tenant;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "A role claim (repeatable).")
        List<String> roles;

        @Option(
                names = "--client",
                defaultValue = "dev-client",
                description = "The sub claim (default: ${DEFAULT-VALUE}).")
        String client;

        @Option(names = "--ttl", defaultValue = "PT1H", description = "Lifetime, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration ttl;

        @Option(names = "--issuer-key", paramLabel = "FILE", description = "The private JWK to sign with.")
        Path issuerKey;

        @Override
        public Integer call() {
            ScorehouseConfig config = config();
            ApiSettings api = config.api()
                    .orElseThrow(() -> new ConfigException("profile '" + config.profile() + "' has no api: section"));
            Path key = issuerKey;
            if (key == null) {
                if (api.jwt().issuerKeyFile() == null) {
                    throw new ConfigException("profile '" + config.profile()
                            + "' has no api.jwt.issuer-key-file (its tokens come from the identity provider);"
                            + " give --issuer-key FILE");
                }
                DevCredentials.ensure(config, api);
                key = Path.of(api.jwt().issuerKeyFile());
            }
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0) {
                throw new ConfigException("--ttl must be between 1 s and 1 day, got " + ttl);
            }
            System.out.println(
                    new TokenIssuer(key, api.jwt()).sign(client, tenant, roles, ttl, java.time.Instant.now()));
            return 0;
        }
    }

    /** {@code api issuer}: a token issuer key and its JWKS for a stack that plays its own identity provider. */
    @Command(
            name = "issuer",
            mixinStandardHelpOptions = true,
            description = {
                "Creates a token issuer key (EC P-256, ES256; a private JWK, mode 600) and the JWKS the API",
                "verifies tokens with. Keeps an existing key. For a test stack that is its own identity provider."
            })
    static final class Issuer implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Where the private JWK goes.")
        Path key;

        @Option(names = "--jwks", required = true, paramLabel = "FILE", description = "Where its public JWKS goes.")
        Path jwks;

        @Override
        public Integer call() {
            if (Files.exists(key)) {
                if (!Files.exists(jwks)) {
                    throw new ConfigException("issuer key " + key + " exists but its JWKS " + jwks + " does not");
                }
                System.out.println("kept the issuer key " + key);
                return 0;
            }
            DevCredentials.writeIssuer(key, jwks);
            System.out.println("issuer key " + key + ", JWKS " + jwks);
            return 0;
        }
    }
}
