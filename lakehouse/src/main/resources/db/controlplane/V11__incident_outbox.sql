-- Incidents waiting for (or past) delivery to the incident webhook. One row per incident: its id is
-- derived from what happened (kind, subject, day), so a re-run that sees the same breach finds the row
-- and opens nothing new, and every delivery attempt carries the same id. A job records incidents in its
-- own work and delivers afterwards (a few attempts, backing off); what could not be delivered stays here
-- and every later job tries it again: jobs run hours apart, which is the back-off between them.
CREATE TABLE incident_outbox (
    incident_id      VARCHAR(40)   NOT NULL PRIMARY KEY,
    kind             VARCHAR(100)  NOT NULL,
    body             TEXT          NOT NULL,
    opened_at        VARCHAR(40)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    delivered_at     VARCHAR(40),
    last_error       VARCHAR(1000)
);
