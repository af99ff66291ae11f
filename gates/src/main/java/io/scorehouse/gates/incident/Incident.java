package io.scorehouse.gates.incident;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scorehouse.lakehouse.Digests;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a job found that people must act on (a missed recon target, a guardrail, a rolled-back canary, a
 * failed run). Its id is derived from what happened — kind, model, subject, day — so a re-run that finds the
 * same breach names the same incident, and a receiver can deduplicate on it.
 *
 * @param kind    e.g. {@code recon.coverage_on_target}: the alert's name
 * @param subject what inside the model it concerns (a rule, a segment), or empty
 */
public record Incident(String kind, String model, String subject, LocalDate day, String summary) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Incident {
        requireNonNull(kind, "kind is null");
        requireNonNull(model, "model is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(day, "day is null");
        requireNonNull(summary, "summary is null");
    }

    public String id() {
        return "inc-"
                + Digests.sha256Hex(kind + "|" + model + "|" + subject + "|" + day)
                        .substring(0, 16);
    }

    /**
     * The body the webhook receives: Alertmanager's webhook payload (version 4) with this one alert firing, so
     * whatever reads Alertmanager's notifications reads these too.
     */
    public String webhookBody(Instant openedAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", kind);
        labels.put("severity", "critical");
        labels.put("service", "scorehouse");
        labels.put("model", model);
        if (!subject.isEmpty()) {
            labels.put("subject", subject);
        }
        labels.put("day", day.toString());
        labels.put("incident_id", id());
        ObjectNode body = JSON.createObjectNode()
                .put("version", "4")
                .put("groupKey", id())
                .put("status", "firing")
                .put("receiver", "scorehouse-incidents");
        body.set("groupLabels", JSON.createObjectNode().put("incident_id", id()));
        body.set("commonLabels", JSON.valueToTree(labels));
        body.set("commonAnnotations", JSON.createObjectNode().put("summary", summary));
        body.put("externalURL", "");
        ArrayNode alerts = body.putArray("alerts");
        ObjectNode alert = alerts.addObject().put("status", "firing");
        alert.set("labels", JSON.valueToTree(labels));
        alert.set("annotations", JSON.createObjectNode().put("summary", summary));
        alert.put("startsAt", openedAt.toString())
                .put("endsAt", "0001-01-01T00:00:00Z")
                .put("generatorURL", "")
                .put("fingerprint", id());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
