from kfp import dsl


@dsl.component(base_image="python:3.10", packages_to_install=["google-cloud-aiplatform==1.52.0"])
def run_batch_prediction(project: str, location: str, model_resource_name: str, source_table: str,
                         destination_dataset: str, training_table: str, alert_email: str) -> str:
    from google.cloud import aiplatform_v1beta1

    client = aiplatform_v1beta1.JobServiceClient(
        client_options={"api_endpoint": f"{location}-aiplatform.googleapis.com"})
    job = {
        "display_name": "churn-weekly-scoring",
        "model": model_resource_name,
        "input_config": {"instances_format": "bigquery", "bigquery_source": {"input_uri": source_table}},
        "output_config": {"predictions_format": "bigquery",
                          "bigquery_destination": {"output_uri": f"bq://{project}.{destination_dataset}"}},
        "dedicated_resources": {"machine_spec": {"machine_type": "n1-standard-4"},
                                "starting_replica_count": 2, "max_replica_count": 8},
        "model_monitoring_config": {
            "objective_configs": [{
                "training_dataset": {"bigquery_source": {"input_uri": training_table}, "target_field": "churned"},
                "training_prediction_skew_detection_config": {
                    "skew_thresholds": {f: {"value": 0.3} for f in (
                        "tenure_months", "monthly_price", "sessions_30d", "minutes_90d")},
                },
            }],
            "alert_config": {"email_alert_config": {"user_emails": [alert_email]}},
        },
    }
    response = client.create_batch_prediction_job(parent=f"projects/{project}/locations/{location}",
                                                  batch_prediction_job=job)
    return response.name
