package io.scorehouse.lakehouse.config;

/**
 * Where secrets are read from. Secrets are files (rendered by a Vault agent in production);
 * their contents never appear in config, logs or messages.
 *
 * @param hmacKeyFile     key for tokenizing entity ids
 * @param signingKeyFile  Ed25519 private key for manifests, artifacts and reports
 * @param trustStoreDir   directory of trusted public keys
 * @param generateDevKeys embedded profile only: create missing keys once (mode 0600), loudly
 */
public record SecretsSettings(
        String hmacKeyFile, String signingKeyFile, String trustStoreDir, Boolean generateDevKeys) {
    public SecretsSettings {
        generateDevKeys = generateDevKeys != null && generateDevKeys;
    }
}
