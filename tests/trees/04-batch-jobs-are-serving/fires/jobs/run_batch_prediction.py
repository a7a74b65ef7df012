"""Score all active subscribers with a Vertex AI batch prediction job."""
import argparse

from google.cloud import aiplatform

PROJECT = "acme-ml-prod"
REGION = "europe-west4"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model-id", required=True)
    p.add_argument("--date", required=True)
    args = p.parse_args()

    aiplatform.init(project=PROJECT, location=REGION)
    model = aiplatform.Model(model_name=args.model_id)
    job = model.batch_predict(
        job_display_name=f"churn-weekly-{args.date}",
        bigquery_source=f"bq://{PROJECT}.churn.scoring_input_{args.date.replace('-', '')}",
        bigquery_destination_prefix=f"bq://{PROJECT}.churn_predictions",
        instances_format="bigquery",
        predictions_format="bigquery",
        machine_type="n1-standard-4",
        starting_replica_count=2,
        max_replica_count=8,
        sync=True,
    )
    print(job.resource_name, job.state)


if __name__ == "__main__":
    main()
