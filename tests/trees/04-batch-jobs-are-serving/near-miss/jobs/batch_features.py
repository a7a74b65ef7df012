"""Materialise the weekly churn feature table (a BigQuery batch job, no model involved)."""
import argparse

from google.cloud import bigquery

SQL = """
CREATE OR REPLACE TABLE `acme-ml-prod.churn.features_{suffix}` AS
SELECT
  s.subscriber_id,
  DATE_DIFF(@as_of, s.started_on, MONTH) AS tenure_months,
  s.monthly_charges,
  COUNTIF(t.created_at >= DATE_SUB(@as_of, INTERVAL 90 DAY)) AS support_tickets_90d,
  COUNT(DISTINCT l.login_date) AS logins_30d,
  s.plan_tier
FROM `acme-prod.billing.subscriptions` s
LEFT JOIN `acme-prod.support.tickets` t USING (subscriber_id)
LEFT JOIN `acme-prod.app.logins` l
  ON l.subscriber_id = s.subscriber_id AND l.login_date >= DATE_SUB(@as_of, INTERVAL 30 DAY)
WHERE s.status = 'active'
GROUP BY 1, 2, 3, 6
"""


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--as-of", required=True)
    args = p.parse_args()
    client = bigquery.Client(project="acme-ml-prod")
    job = client.query(
        SQL.format(suffix=args.as_of.replace("-", "")),
        job_config=bigquery.QueryJobConfig(
            query_parameters=[bigquery.ScalarQueryParameter("as_of", "DATE", args.as_of)],
        ),
    )
    job.result()


if __name__ == "__main__":
    main()
