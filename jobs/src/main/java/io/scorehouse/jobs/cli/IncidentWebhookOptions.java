package io.scorehouse.jobs.cli;

import io.scorehouse.gates.release.ReleaseWebhook;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a job's incidents go: the options every command that opens incidents shares (a picocli mixin). */
final class IncidentWebhookOptions {
    @Option(
            names = "--incident-webhook-url",
            defaultValue = "${env:" + IncidentReport.URL_ENV + "}",
            paramLabel = "URL",
            description = "Where incidents go (Alertmanager's webhook JSON, HMAC-signed). Default: $"
                    + IncidentReport.URL_ENV + "; none: incidents wait in the outbox.")
    String url;

    @Option(
            names = "--incident-webhook-secret-file",
            defaultValue = "${env:" + IncidentReport.SECRET_FILE_ENV + "}",
            paramLabel = "FILE",
            description = "The incident webhook's HMAC secret. Default: $" + IncidentReport.SECRET_FILE_ENV + ".")
    Path secretFile;

    /** The webhook, checked before the job starts: a url without a readable secret is a usage error (exit 2). */
    Optional<ReleaseWebhook> webhook(String command) {
        return ReleaseWebhook.configured(
                command, "--incident-webhook-secret-file or " + IncidentReport.SECRET_FILE_ENV, url, secretFile);
    }
}
