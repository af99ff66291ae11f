package io.scorehouse.api;

import io.scorehouse.api.history.ScoreHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * The scored table, the revoked-versions table and the {@code v_history} view, made with the
 * Iceberg Java API in the schema {@code lakehouse}'s DDL gives them (sql/store/02, 03, 04), so the
 * API's tests need no Spark. Files are real Parquet with the entity_key bloom filter.
 */
final class HistoryTables {
    static final Schema PREDICTIONS = new Schema(
            Types.NestedField.required(1, "request_id", Types.StringType.get()),
            Types.NestedField.required(2, "tenant_id", Types.StringType.get()),
            Types.NestedField.required(3, "entity_key", Types.StringType.get()),
            Types.NestedField.required(4, "model_name", Types.StringType.get()),
            Types.NestedField.required(5, "model_version", Types.IntegerType.get()),
            Types.NestedField.required(6, "model_digest", Types.StringType.get()),
            Types.NestedField.required(7, "score", Types.DoubleType.get()),
            Types.NestedField.optional(8, "decision", Types.StringType.get()),
            // Spark's TIMESTAMP is Iceberg's timestamptz
            Types.NestedField.required(9, "as_of_in", Types.TimestampType.withZone()),
            Types.NestedField.required(10, "as_of_out", Types.TimestampType.withZone()),
            Types.NestedField.optional(11, "featureset_id", Types.StringType.get()),
            Types.NestedField.optional(
                    12,
                    "explanations",
                    Types.ListType.ofOptional(
                            20,
                            Types.StructType.of(
                                    Types.NestedField.optional(21, "feature", Types.StringType.get()),
                                    Types.NestedField.optional(22, "contribution", Types.DoubleType.get())))),
            Types.NestedField.optional(
                    13,
                    "runtime_meta",
                    Types.MapType.ofOptional(23, 24, Types.StringType.get(), Types.StringType.get())),
            Types.NestedField.required(14, "policy_digest", Types.StringType.get()),
            Types.NestedField.required(15, "job_id", Types.StringType.get()),
            Types.NestedField.required(16, "idempo_key", Types.StringType.get()),
            Types.NestedField.required(17, "dt", Types.DateType.get()));
    static final Schema REVOKED = new Schema(
            Types.NestedField.required(1, "model_name", Types.StringType.get()),
            Types.NestedField.required(2, "model_version", Types.IntegerType.get()),
            Types.NestedField.required(3, "model_digest", Types.StringType.get()));
    private static final List<String> VIEW_COLUMNS = List.of(
            "request_id",
            "tenant_id",
            "entity_key",
            "model_name",
            "model_version",
            "model_digest",
            "score",
            "decision",
            "as_of_in",
            "as_of_out",
            "featureset_id",
            "explanations",
            "runtime_meta",
            "policy_digest",
            "job_id",
            "dt");

    private final JdbcCatalog catalog;
    private final Table predictions;
    private final Table revoked;

    HistoryTables(JdbcCatalog catalog) {
        this.catalog = catalog;
        catalog.createNamespace(Namespace.of("scored"));
        catalog.createNamespace(Namespace.of("ops"));
        this.predictions = catalog.buildTable(ScoreHistory.PREDICTIONS, PREDICTIONS)
                .withPartitionSpec(PartitionSpec.builderFor(PREDICTIONS)
                        .identity("model_name")
                        .identity("dt")
                        .identity("tenant_id")
                        .build())
                .withProperties(Map.of(
                        "format-version",
                        "2",
                        "write.parquet.bloom-filter-enabled.column.entity_key",
                        "true",
                        "write.parquet.row-group-size-bytes",
                        "2097152"))
                .create();
        this.revoked = catalog.createTable(ScoreHistory.REVOKED, REVOKED);
        Schema view = new Schema(
                VIEW_COLUMNS.stream().map(name -> PREDICTIONS.findField(name)).toList());
        catalog.buildView(ScoreHistory.HISTORY_VIEW)
                .withSchema(view)
                .withDefaultNamespace(Namespace.of("scored"))
                .withQuery("spark", "SELECT " + String.join(", ", VIEW_COLUMNS) + " FROM lake.scored.predictions")
                .create();
    }

    /** One row of the scored table. */
    static Record score(
            String requestId,
            String tenant,
            String entityKey,
            int version,
            double score,
            String decision,
            LocalDateTime asOfOut) {
        GenericRecord record = GenericRecord.create(PREDICTIONS);
        record.setField("request_id", requestId);
        record.setField("tenant_id", tenant);
        record.setField("entity_key", entityKey);
        record.setField("model_name", "churn");
        record.setField("model_version", version);
        record.setField("model_digest", "sha256:" + "d".repeat(64));
        record.setField("score", score);
        record.setField("decision", decision);
        record.setField("as_of_in", asOfOut.minusHours(6).atOffset(java.time.ZoneOffset.UTC));
        record.setField("as_of_out", asOfOut.atOffset(java.time.ZoneOffset.UTC));
        record.setField("featureset_id", "fs-1");
        GenericRecord explanation = GenericRecord.create(
                PREDICTIONS.findType("explanations").asListType().elementType().asStructType());
        explanation.setField("feature", "tenure_months");
        explanation.setField("contribution", 0.12);
        record.setField("explanations", List.of(explanation));
        record.setField("runtime_meta", Map.of("engine", "xgboost"));
        record.setField("policy_digest", "sha256:" + "p".repeat(64));
        record.setField("job_id", "job-" + asOfOut.toLocalDate());
        record.setField("idempo_key", UUID.randomUUID().toString());
        record.setField("dt", asOfOut.toLocalDate());
        return record;
    }

    /** Appends rows in one commit (one data file per partition); returns the new snapshot id. */
    long append(List<Record> rows) {
        var append = predictions.newAppend();
        rows.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        r -> r.getField("tenant_id") + "|" + r.getField("dt"),
                        java.util.LinkedHashMap::new,
                        java.util.stream.Collectors.toList()))
                .values()
                .forEach(partition -> append.appendFile(write(predictions, partition)));
        append.commit();
        predictions.refresh();
        return predictions.currentSnapshot().snapshotId();
    }

    void revoke(String model, int version) {
        GenericRecord record = GenericRecord.create(REVOKED);
        record.setField("model_name", model);
        record.setField("model_version", version);
        record.setField("model_digest", "sha256:" + "d".repeat(64));
        revoked.newAppend().appendFile(write(revoked, List.of(record))).commit();
    }

    void expire(long snapshotId) {
        predictions.expireSnapshots().expireSnapshotId(snapshotId).commit();
    }

    private static DataFile write(Table table, List<Record> rows) {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        // partition values in Iceberg's internal form (a date is its day number)
        partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
        OutputFile file = table.io()
                .newOutputFile(table.locationProvider()
                        .newDataLocation(table.spec(), partition, UUID.randomUUID() + ".parquet"));
        try (DataWriter<Record> writer = Parquet.writeData(file)
                .schema(table.schema())
                .createWriterFunc(GenericParquetWriter::create)
                .withSpec(table.spec())
                .withPartition(table.spec().isUnpartitioned() ? null : partition)
                .setAll(table.properties())
                .overwrite()
                .build()) {
            rows.forEach(writer::write);
            writer.close();
            return writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalDate day(int dayOfMonth) {
        return LocalDate.of(2026, 11, dayOfMonth);
    }
}
