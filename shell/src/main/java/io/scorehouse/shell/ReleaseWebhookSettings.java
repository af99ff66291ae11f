package io.scorehouse.shell;

import io.scorehouse.gates.release.ReleaseWebhook;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The release webhook the CLI's flags default to, from the same environment variables. */
final class ReleaseWebhookSettings {
    private final String url;
    private final String secretFile;

    ReleaseWebhookSettings(Map<String, String> env) {
        this.url = env.get(ReleaseWebhook.URL_ENV);
        this.secretFile = env.get(ReleaseWebhook.SECRET_FILE_ENV);
    }

    /** Empty when none is configured; a broken configuration is refused (exit 2) before anything is promoted. */
    Optional<ReleaseWebhook> webhook() {
        return ReleaseWebhook.configured(url, secretFile == null || secretFile.isBlank() ? null : Path.of(secretFile));
    }
}
