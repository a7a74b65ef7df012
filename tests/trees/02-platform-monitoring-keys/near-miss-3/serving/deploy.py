from google.cloud import aiplatform

aiplatform.init(project="acme-ml-prod", location="europe-west4")

model = aiplatform.Model.upload(
    display_name="churn",
    serving_container_image_uri="europe-west4-docker.pkg.dev/acme-ml-prod/serving/churn:1.4.0",
    serving_container_predict_route="/predict",
    serving_container_health_route="/health",
)
endpoint = aiplatform.Endpoint.create(display_name="churn-endpoint")
# TODO(monitoring): create a ModelDeploymentMonitoringJob with modelMonitoringConfig
# (skew thresholds 0.3 on tenure_months and monthly_charges) once the baseline exists.
model.deploy(endpoint=endpoint, machine_type="n1-standard-4", min_replica_count=1, max_replica_count=3)
