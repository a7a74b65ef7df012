from google.cloud import aiplatform

aiplatform.init(project="acme-ml-prod", location="europe-west4", staging_bucket="gs://acme-ml-staging")
job = aiplatform.CustomPythonPackageTrainingJob(
    display_name="churn-train",
    python_package_gcs_uri="gs://acme-ml-staging/packages/churn_trainer-0.3.0.tar.gz",
    python_module_name="trainer.task",
    container_uri="europe-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest",
    model_serving_container_image_uri="europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest",
)
model = job.run(
    args=["--train-table", "acme-ml-prod.churn.training_2024q2"],
    replica_count=1,
    machine_type="n1-standard-8",
    model_display_name="churn-hgb",
)
print(model.resource_name)
