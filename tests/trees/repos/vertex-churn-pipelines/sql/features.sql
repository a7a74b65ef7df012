-- Monthly feature snapshot for every subscriber active at the start of @snapshot_month.
SELECT
  s.subscriber_id,
  DATE_DIFF(@snapshot_month, s.started_on, MONTH)                      AS tenure_months,
  s.plan_tier,
  s.monthly_price,
  COUNTIF(p.played_at >= DATE_SUB(@snapshot_month, INTERVAL 30 DAY))  AS sessions_30d,
  SUM(p.minutes)                                                       AS minutes_90d,
  COUNT(DISTINCT t.ticket_id)                                          AS support_tickets_90d,
  LOGICAL_OR(c.cancelled_on BETWEEN @snapshot_month AND DATE_ADD(@snapshot_month, INTERVAL 1 MONTH)) AS churned
FROM `acme-prod.billing.subscriptions` s
LEFT JOIN `acme-prod.playback.sessions` p
  ON p.subscriber_id = s.subscriber_id AND p.played_at >= DATE_SUB(@snapshot_month, INTERVAL 90 DAY)
LEFT JOIN `acme-prod.support.tickets` t
  ON t.subscriber_id = s.subscriber_id AND t.created_at >= DATE_SUB(@snapshot_month, INTERVAL 90 DAY)
LEFT JOIN `acme-prod.billing.cancellations` c USING (subscriber_id)
WHERE s.started_on < @snapshot_month AND (s.ended_on IS NULL OR s.ended_on >= @snapshot_month)
GROUP BY 1, 2, 3, 4
