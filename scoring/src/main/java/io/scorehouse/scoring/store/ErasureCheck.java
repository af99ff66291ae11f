package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.spark.DeltaMaintenance;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Re-checks an erasure certificate later ({@code store verify --erasure}): its signature and
 * digest, then the key it names (by digest) is searched again in every file any snapshot of any
 * keyed table reaches — including tables created since — and in the hot store. Anything found
 * is an integrity failure (exit 5) naming where.
 */
public final class ErasureCheck {
    private final TableMaintenance tables;
    private final DeltaMaintenance ledgers;
    private final LastScores hotStore;
    private final TrustStore trust;

    public ErasureCheck(TableMaintenance tables, DeltaMaintenance ledgers, LastScores hotStore, TrustStore trust) {
        this.tables = requireNonNull(tables, "tables is null");
        this.ledgers = requireNonNull(ledgers, "ledgers is null");
        this.hotStore = requireNonNull(hotStore, "hotStore is null");
        this.trust = requireNonNull(trust, "trust is null");
    }

    /** Verifies the certificate at {@code path} (its file or directory); returns a one-line verdict. */
    public String verify(Path path) {
        Path directory = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        String what = "erasure certificate " + directory.getFileName();
        SignedFiles.verify(trust, directory, ErasureCertificate.SIGNATURE, what);
        ErasureCertificate certificate =
                EvidenceJson.read(directory.resolve(ErasureCertificate.FILE), ErasureCertificate.class);
        KeyPresence.Search search = new KeyPresence(tables, ledgers, hotStore)
                .search(new KeyPredicate(certificate.tenant(), certificate.keyDigest()));
        if (!search.problems().isEmpty()) {
            throw new IntegrityException(what, String.join("; ", search.problems()));
        }
        return "absent: request " + certificate.requestId() + ", key digest "
                + certificate.keyDigest().substring(0, 12)
                + "…, " + search.byTable().size() + " stores searched, " + search.filesRead()
                + " data files read (every snapshot), signature valid";
    }
}
