"""Uploads the trained model to Vertex AI and deploys it behind the churn endpoint."""
from google.cloud import aiplatform

aiplatform.init(project="acme-ml-prod", location="europe-west4")
model = aiplatform.Model.upload(
    display_name="churn",
    artifact_uri="gs://acme-ml/churn/model/",
    serving_container_image_uri="europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest",
)
endpoint = aiplatform.Endpoint(endpoint_name="projects/acme-ml-prod/locations/europe-west4/endpoints/churn")
model.deploy(
    endpoint=endpoint,
    machine_type="n1-standard-4",
    min_replica_count=1,
    max_replica_count=3,
    traffic_percentage=100,
)
