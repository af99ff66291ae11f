package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.community.ssl.SslPlugin;
import io.javalin.community.ssl.TlsConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.scorehouse.lakehouse.config.ApiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The Access API's HTTP server (Javalin on Jetty): HTTPS by default (mutual TLS when a client CA
 * is configured), plain HTTP only when asked for explicitly. Every API route authenticates the
 * bearer token, applies the client's rate limit, checks its parameters and asks {@code scored.read};
 * every refusal is an RFC 7807 body. Each API request gets a request id of the server's own
 * ({@code X-Request-Id}; a client's is never taken: it could carry an entity id), which every log line
 * of the request carries, and ends with one access line (logger {@code io.scorehouse.api.access}):
 * client, tenant, route, status, failed rules, rows, snapshot id and latency, never the query string
 * (it carries raw entity ids).
 */
public final class ApiServer implements AutoCloseable {
    static final String PURPOSE_HEADER = "X-Purpose";
    static final String OPENAPI_PATH = "/api/scored/v1/openapi.yaml";
    private static final String API_PATHS = "/api/scored/*";
    private static final String STARTED = "scorehouse.started";
    private static final String CALLER = "scorehouse.caller";
    private static final String PROBLEM = "scorehouse.problem";
    private static final String REQUEST_ID = "scorehouse.request_id";
    static final String ROWS = "scorehouse.rows";
    static final String SNAPSHOT = "scorehouse.snapshot";
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Logger LOG = LogManager.getLogger(ApiServer.class);
    private static final Logger ACCESS = LogManager.getLogger("io.scorehouse.api.access");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** TLS 1.3 and 1.2 with AEAD ciphers only (the plugin's INTERMEDIATE preset offers TLS 1.2 alone). */
    static final TlsConfig TLS = new TlsConfig(
            new String[] {
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
            },
            new String[] {"TLSv1.3", "TLSv1.2"});

    private final Javalin app;
    private final ApiContext context;
    private final boolean tls;

    private ApiServer(Javalin app, ApiContext context, boolean tls) {
        this.app = app;
        this.context = context;
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
            // Javalin copies each body through a buffer of this size: its default (32 kB) was most
            // of a lookup's garbage for bodies of a few hundred bytes
            config.http.responseBufferSize = 4096;
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
                    ssl.tlsConfig = TLS;
                    ssl.pemFromPath(tls.certificateFile(), tls.keyFile());
                    if (tls.clientCaFile() != null && !tls.clientCaFile().isBlank()) {
                        ssl.withTrustConfig(trust -> trust.certificateFromPath(tls.clientCaFile()));
                    }
                }));
            }
        });
        routes(app, context);
        app.start();
        return new ApiServer(app, context, !listen.insecureHttp());
    }

    private static void routes(Javalin app, ApiContext context) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            boolean ready = context.ready();
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "the hot store does not answer"));
        });
        app.get(
                "/metrics",
                ctx -> ctx.contentType(context.metrics().contentType())
                        .result(context.metrics().scrape()));
        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/yaml").result(Files.readAllBytes(context.openApi())));
        app.before(API_PATHS, ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            String requestId = UUID.randomUUID().toString();
            ctx.header(REQUEST_ID_HEADER, requestId);
            ctx.attribute(REQUEST_ID, requestId);
            ThreadContext.clearMap(); // a pooled thread: nothing of an earlier request
            ThreadContext.put("request_id", requestId);
        });
        app.get(LastScoreRoute.PATH, ctx -> context.last().handle(ctx, authorized(ctx, context), context.access()));
        app.get(SearchRoute.PATH, ctx -> context.search().handle(ctx, authorized(ctx, context), context.access()));
        app.after(API_PATHS, ctx -> {
            try {
                audit(ctx, context);
            } finally {
                ThreadContext.clearMap();
            }
        });
        app.exception(ApiProblem.class, (problem, ctx) -> problem(ctx, problem));
        app.exception(
                HttpResponseException.class,
                // never Javalin's message: it quotes the path, where a client may have put an id
                (e, ctx) -> problem(
                        ctx,
                        e.getStatus() == 404
                                ? ApiProblem.notFound("no such route for " + ctx.method())
                                : new ApiProblem(e.getStatus(), "HTTP " + e.getStatus(), "HTTP " + e.getStatus())));
        app.exception(Exception.class, (e, ctx) -> {
            // the class and where it was thrown, never the message: it could carry request data
            StackTraceElement[] at = e.getStackTrace();
            LOG.error(
                    "request to {} failed: {} at {}",
                    ctx.path(),
                    e.getClass().getName(),
                    at.length == 0 ? "?" : at[0].toString());
            problem(ctx, new ApiProblem(500, "Internal Server Error", "the request failed; see the server log"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                // never the path: a client may have put an id in it
                problem(ctx, ApiProblem.notFound("no such route for " + ctx.method()));
            }
        });
        app.error(405, ctx -> problem(ctx, new ApiProblem(405, "Method Not Allowed", "only GET is served")));
    }

    /** The verified caller, within its rate limit. */
    private static Caller authorized(Context ctx, ApiContext context) {
        Caller caller = context.tokens().verify(ctx.header("Authorization"));
        ctx.attribute(CALLER, caller);
        context.rateLimits().acquire(caller);
        return caller;
    }

    /** The request's audit record, committed before the response leaves; without it, the answer is 503. */
    private static void audit(Context ctx, ApiContext context) {
        if (ctx.path().equals(OPENAPI_PATH)) {
            return;
        }
        Caller caller = ctx.attribute(CALLER);
        ApiProblem refusal = ctx.attribute(PROBLEM);
        Long started = ctx.attribute(STARTED);
        Long rows = ctx.attribute(ROWS);
        Long snapshot = ctx.attribute(SNAPSHOT);
        String tenant = ctx.queryParam("tenant");
        String purpose = ctx.header(PURPOSE_HEADER);
        String route = route(ctx);
        ReadAudit.Read read = new ReadAudit.Read(
                caller == null ? "anonymous" : caller.client(),
                tenant != null && QueryParams.isTenant(tenant) ? tenant : "(invalid)",
                route,
                purpose == null ? "" : purpose.length() > 64 ? purpose.substring(0, 64) : purpose,
                ctx.statusCode(),
                refusal == null ? List.of() : refusal.failedRules(),
                ctx.statusCode() == 200 && rows != null ? rows : 0,
                snapshot,
                started == null ? 0 : (System.nanoTime() - started) / 1_000,
                context.access().policyDigest());
        context.metrics().observe(route, ctx.statusCode(), read.failedRules(), read.latencyMicros() / 1e6);
        try {
            context.audit().record(read).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            problem(ctx, new ApiProblem(503, "Service Unavailable", "the read could not be audited; not served"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(ctx, new ApiProblem(503, "Service Unavailable", "the read could not be audited; not served"));
        }
        logAccess(ctx, caller, read);
    }

    /** The request's access line: what the audit records (but the caller's own tenant), as context fields of one log event. */
    private static void logAccess(Context ctx, Caller caller, ReadAudit.Read read) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client", read.client());
        // the verified token's tenant: the query's is whatever the client sent
        fields.put("tenant", caller == null ? "(unauthenticated)" : caller.tenant());
        fields.put("route", read.route());
        fields.put("status", Integer.toString(ctx.statusCode()));
        fields.put("rows", Long.toString(read.rows()));
        if (read.snapshotId() != null) {
            fields.put("snapshot_id", Long.toString(read.snapshotId()));
        }
        if (!read.failedRules().isEmpty()) {
            fields.put("failed_rules", String.join(",", read.failedRules()));
        }
        fields.put("latency_ms", Long.toString(read.latencyMicros() / 1_000));
        ThreadContext.putAll(fields);
        ACCESS.info("{} {} -> {}", ctx.method(), read.route(), ctx.statusCode());
    }

    /** The route a request asked for; "other" for any other path (the path itself could carry an id). */
    private static String route(Context ctx) {
        return List.of(LastScoreRoute.PATH, SearchRoute.PATH).contains(ctx.path()) ? ctx.path() : "other";
    }

    private static void problem(Context ctx, ApiProblem problem) {
        ctx.attribute(PROBLEM, problem);
        problem.headers().forEach(ctx::header);
        String requestId = ctx.attribute(REQUEST_ID);
        try {
            // bytes: JSON is UTF-8, whatever charset a client assumes for a +json type
            ctx.status(problem.status())
                    .contentType("application/problem+json")
                    .result(JSON.writeValueAsBytes(
                            problem.body(requestId != null ? "urn:scorehouse:request:" + requestId : route(ctx))));
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
        context.audit().close();
        context.pool().close();
    }

    static Path openApiOf(Path confDir) {
        return confDir.resolve("contracts").resolve("api").resolve("scored-api.openapi.yaml");
    }
}
