-- The consumers' decisions ledger for day D, simulated from the scores published on D (as the
-- consumers read them, through the governed view). Each entity's last score of the day becomes a
-- decision a few minutes later, with controlled anomalies picked by a seeded hash of the key:
--   k <  20 missing_score (the decision names an entity that was never scored)
--   k <  35 surprise_version (the decision claims another model version)
--   k <  45 duplicate_final (a second final decision with the same decision_id)
--   k <  60 late_in_watermark (arrives D+1 00:00..01:55, inside the 02:00 watermark)
--   k <  70 late_beyond_watermark (arrives after D+1 02:00)
--   k <  85 out_of_window (made 6..60 min away from the score)
--   k <  95 unknown_request_id (the decision cites a request_id no score has)
--   k < 1000 normal, plus an earlier non-final "hold" row that must never count
-- About 70% of decisions cite the request_id of the score they used (Z7-2.7 §2.1), the rest cite
-- none and are matched by time; missing-score and out-of-window decisions cite none, so they stay
-- what they are meant to be.
-- Segment, region and channel are the consumer's decision attributes, drawn at random by key hash
-- (so, unshifted, every segment's score distribution is the population's); a small 'partner'
-- channel stays under the PSI minimum sample.
-- The injected column is the generator's ground truth: it is counted, then dropped from the ledger.
CREATE OR REPLACE TEMP VIEW demo_decisions AS
WITH scores AS (
    SELECT request_id, tenant_id, entity_key, model_name, model_version, score, decision AS band, as_of_out,
           row_number() OVER (PARTITION BY tenant_id, entity_key, model_name ORDER BY as_of_out DESC, model_version DESC) AS recency
    FROM ${catalog}.scored.v_recon
    WHERE as_of_out >= TIMESTAMP'${day_start}' AND as_of_out < TIMESTAMP'${day_end}'
), drawn AS (
    SELECT *, pmod(xxhash64(entity_key, ${seed}L), 1000) AS k,
           pmod(xxhash64(entity_key, ${seed}L + 1), 1000000) / 1000000.0D AS u,
           pmod(xxhash64(entity_key, ${seed}L + 2), 1000000) / 1000000.0D AS v,
           pmod(xxhash64(entity_key, ${seed}L + 3), 1000000) / 1000000.0D AS w,
           pmod(xxhash64(entity_key, ${seed}L + 8), 1000000) / 1000000.0D AS x
    FROM scores WHERE recency = 1
), tagged AS (
    SELECT *, CASE WHEN k < 20 THEN 'missing_score' WHEN k < 35 THEN 'surprise_version' WHEN k < 45 THEN 'duplicate_final'
                   WHEN k < 60 THEN 'late_in_watermark' WHEN k < 70 THEN 'late_beyond_watermark' WHEN k < 85 THEN 'out_of_window'
                   WHEN k < 95 THEN 'unknown_request_id' ELSE 'normal' END AS injected
    FROM drawn
), timed AS (
    SELECT *,
           CASE WHEN injected = 'out_of_window'
                THEN unix_micros(as_of_out) + CAST((360 + u * 3240) * 1000000 AS BIGINT) * (CASE WHEN hour(as_of_out) < 12 THEN 1 ELSE -1 END)
                WHEN as_of_out > TIMESTAMP'${day_end}' - INTERVAL 5 MINUTES
                THEN unix_micros(as_of_out) - CAST(u * 240 * 1000000 AS BIGINT)
                ELSE unix_micros(as_of_out) + CAST(u * 240 * 1000000 AS BIGINT) END AS request_micros
    FROM tagged
), segmented AS (
    SELECT *, element_at(array('retail', 'smb', 'premium', 'private'), CAST(pmod(xxhash64(entity_key, ${seed}L + 4), 4) + 1 AS INT)) AS hashed_segment
    FROM timed
), decided AS (
    SELECT concat('DEC-', substr(sha2(concat(entity_key, '|', model_name, '|${day_start}'), 256), 1, 24)) AS decision_id,
           tenant_id,
           CASE WHEN injected = 'missing_score' THEN sha2(concat('never-scored|', entity_key), 256) ELSE entity_key END AS entity_key,
           model_name,
           CASE WHEN injected = 'surprise_version' THEN model_version + 100 ELSE model_version END AS model_version_used,
           CASE WHEN injected = 'unknown_request_id' THEN substr(sha2(concat('never-issued|', request_id), 256), 1, 32)
                WHEN injected IN ('missing_score', 'out_of_window') OR x >= 0.7 THEN CAST(NULL AS STRING)
                ELSE request_id END AS request_id,
           band AS decision,
           timestamp_micros(greatest(unix_micros(TIMESTAMP'${day_start}'), least(unix_micros(TIMESTAMP'${day_end}') - 1, request_micros))) AS request_ts,
           v, w, injected,
           -- a shifted segment holds only the high scores (score >= 0.5): its distribution is far from the baseline
           CASE WHEN '${shift_segment}' = '' THEN hashed_segment
                WHEN score >= 0.5 THEN '${shift_segment}'
                WHEN hashed_segment = '${shift_segment}' THEN 'retail'
                ELSE hashed_segment END AS segment,
           element_at(array('north', 'south', 'east', 'west'), CAST(pmod(xxhash64(entity_key, ${seed}L + 5), 4) + 1 AS INT)) AS region,
           CASE WHEN pmod(xxhash64(entity_key, ${seed}L + 6), 100) < 3 THEN 'partner'
                ELSE element_at(array('app', 'web', 'branch'), CAST(pmod(xxhash64(entity_key, ${seed}L + 7), 3) + 1 AS INT)) END AS channel
    FROM segmented
), arrived AS (
    SELECT *,
           CASE WHEN injected = 'late_in_watermark' THEN TIMESTAMP'${day_end}' + make_dt_interval(0, 0, CAST(floor(v * 115) AS INT), 0)
                WHEN injected = 'late_beyond_watermark' THEN TIMESTAMP'${day_end}' + INTERVAL 2 HOURS + make_dt_interval(0, 0, CAST(1 + floor(v * 300) AS INT), 0)
                ELSE timestamp_micros(least(unix_micros(TIMESTAMP'${day_end}') - 1, unix_micros(request_ts) + CAST(v * 30 * 1000000 AS BIGINT))) END AS ingested_at
    FROM decided
)
SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, decision, request_ts, ingested_at, segment, region, channel,
       array(concat('score_band:', decision)) AS reason_codes, true AS is_final, injected, DATE'${day}' AS decision_date
FROM arrived
UNION ALL
-- the duplicate final decision: same id, arrives seconds later (still inside the day)
SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, 'hold', request_ts,
       timestamp_micros(least(unix_micros(TIMESTAMP'${day_end}') - 1, unix_micros(ingested_at) + 5000000)), segment, region, channel,
       array('manual_review'), true, 'duplicate_extra', DATE'${day}'
FROM arrived WHERE injected = 'duplicate_final'
UNION ALL
-- a pending (non-final) step before the final decision: never reconciled
SELECT decision_id, tenant_id, entity_key, model_name, model_version_used, request_id, 'hold', request_ts, request_ts, segment, region, channel,
       array('pending'), false, 'non_final', DATE'${day}'
FROM arrived WHERE injected = 'normal' AND w >= 0.5;
