import argparse

from google.cloud import aiplatform
from kfp import compiler, dsl

from pipelines.components.batch_predict import run_batch_prediction

PROJECT = "acme-ml-prod"
REGION = "europe-west4"


@dsl.pipeline(name="churn-weekly-scoring", pipeline_root=f"gs://{PROJECT}-pipelines/churn-scoring")
def churn_scoring(model_resource_name: str, source_table: str):
    run_batch_prediction(project=PROJECT, location=REGION, model_resource_name=model_resource_name,
                         source_table=source_table, destination_dataset="churn_predictions",
                         training_table=f"bq://{PROJECT}.churn.training_features",
                         alert_email="churn-ml-oncall@acme.example")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--run", action="store_true")
    args = p.parse_args()
    compiler.Compiler().compile(churn_scoring, "prediction_pipeline.json")
    if args.run:
        aiplatform.init(project=PROJECT, location=REGION)
        model = aiplatform.Model.list(filter='display_name="churn-xgb"', order_by="create_time desc")[0]
        aiplatform.PipelineJob(display_name="churn-weekly-scoring", template_path="prediction_pipeline.json",
                               parameter_values={"model_resource_name": model.resource_name,
                                                 "source_table": f"bq://{PROJECT}.churn.scoring_input"}).submit()
