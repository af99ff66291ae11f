package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.community.ssl.SslPlugin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.scorehouse.lakehouse.config.ApiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Access API's HTTP server (Javalin on Jetty): HTTPS by default (mutual TLS when a client CA
 * is configured), plain HTTP only when asked for explicitly. Every API route authenticates the
 * bearer token, applies the client's rate limit, checks its parameters and asks {@code scored.read};
 * every refusal is an RFC 7807 body. No access log: query strings carry raw entity ids.
 */
public final class ApiServer implements AutoCloseable {
    static final String PURPOSE_HEADER = "X-Purpose";
    static final String OPENAPI_PATH = "/api/scored/v1/openapi.yaml";
    private static final Logger LOG = LogManager.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final boolean tls;

    private ApiServer(Javalin app, boolean tls) {
        this.app = app;
        this.tls = tls;
    }

    /** How to listen: the configured address, a port (0 = any free one) and whether TLS is off. */
    public record Listen(String bind, int port, boolean insecureHttp) {}

    static ApiServer start(ApiContext context, Listen listen) {
        requireNonNull(context, "context is null");
        ApiSettings.Tls tls = context.settings().tls();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(JSON, false));
            if (listen.insecureHttp()) {
                config.jetty.defaultHost = listen.bind();
                config.jetty.defaultPort = listen.port();
            } else {
                config.registerPlugin(new SslPlugin(ssl -> {
                    ssl.host = listen.bind();
                    ssl.insecure = false;
                    ssl.secure = true;
                    ssl.securePort = listen.port();
                    ssl.sniHostCheck = false;
                    ssl.pemFromPath(tls.certificateFile(), tls.keyFile());
                    if (tls.clientCaFile() != null && !tls.clientCaFile().isBlank()) {
                        ssl.withTrustConfig(trust -> trust.certificateFromPath(tls.clientCaFile()));
                    }
                }));
            }
        });
        routes(app, context);
        app.start();
        return new ApiServer(app, !listen.insecureHttp());
    }

    private static void routes(Javalin app, ApiContext context) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            boolean ready = context.ready();
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "the hot store does not answer"));
        });
        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/yaml").result(Files.readAllBytes(context.openApi())));
        app.get(LastScoreRoute.PATH, ctx -> context.last().handle(ctx, authorized(ctx, context), context.access()));
        app.exception(ApiProblem.class, (problem, ctx) -> problem(ctx, problem));
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> problem(ctx, new ApiProblem(e.getStatus(), "HTTP " + e.getStatus(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            // the class only: a message could carry request data
            LOG.error("request to {} failed: {}", ctx.path(), e.getClass().getName());
            problem(ctx, new ApiProblem(500, "Internal Server Error", "the request failed; see the server log"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                problem(ctx, ApiProblem.notFound("no route " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> problem(ctx, new ApiProblem(405, "Method Not Allowed", "only GET is served")));
    }

    /** The verified caller, within its rate limit. */
    private static Caller authorized(Context ctx, ApiContext context) {
        Caller caller = context.tokens().verify(ctx.header("Authorization"));
        context.rateLimits().acquire(caller);
        return caller;
    }

    private static void problem(Context ctx, ApiProblem problem) {
        problem.headers().forEach(ctx::header);
        try {
            // bytes: JSON is UTF-8, whatever charset a client assumes for a +json type
            ctx.status(problem.status())
                    .contentType("application/problem+json")
                    .result(JSON.writeValueAsBytes(problem.body(ctx.path())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.status(500).result("");
        }
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        app.stop();
    }

    static Path openApiOf(Path confDir) {
        return confDir.resolve("contracts").resolve("scored-api.openapi.yaml");
    }
}
