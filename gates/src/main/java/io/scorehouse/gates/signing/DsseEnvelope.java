package io.scorehouse.gates.signing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A DSSE envelope (secure-systems-lab/dsse v1): a typed payload and signatures over its
 * pre-authentication encoding, so a signature can never be replayed for another payload type.
 */
public record DsseEnvelope(String payloadType, String payload, List<Signature> signatures) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DsseEnvelope {
        requireNonNull(payloadType, "payloadType is null");
        requireNonNull(payload, "payload is null");
        signatures = List.copyOf(signatures);
    }

    public byte[] payloadBytes() {
        return Base64.getDecoder().decode(payload);
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
    static byte[] preAuthEncoding(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("DSSEv1 " + type.length + " " + payloadType + " " + body.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[header.length + body.length];
        System.arraycopy(header, 0, pae, 0, header.length);
        System.arraycopy(body, 0, pae, header.length, body.length);
        return pae;
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads an envelope; a missing or unparsable file is an integrity failure. */
    public static DsseEnvelope read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), DsseEnvelope.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IntegrityException("signature", "missing signature file " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IntegrityException("signature", "unreadable signature envelope " + file);
        }
    }

    public record Signature(
            @JsonProperty("keyid") String keyId,
            @JsonProperty("sig") String sig) {}
}
