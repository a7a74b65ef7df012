import argparse
from pathlib import Path

from google.cloud import aiplatform
from google_cloud_pipeline_components.v1.model import ModelUploadOp
from kfp import compiler, dsl

from pipelines.components.evaluate import evaluate_model
from pipelines.components.extract import extract_features
from pipelines.components.train import train_xgboost

PROJECT = "acme-ml-prod"
REGION = "europe-west4"
QUERY = (Path(__file__).resolve().parents[1] / "sql" / "features.sql").read_text()


@dsl.pipeline(name="churn-training", pipeline_root=f"gs://{PROJECT}-pipelines/churn")
def churn_training(snapshot_month: str, holdout_month: str, min_auc: float = 0.80):
    features = extract_features(project=PROJECT, snapshot_month=snapshot_month, query=QUERY)
    trained = train_xgboost(features=features.outputs["features"], holdout_month=holdout_month)
    evaluated = evaluate_model(model=trained.outputs["model"], holdout=trained.outputs["holdout"], min_auc=min_auc)
    ModelUploadOp(project=PROJECT, location=REGION, display_name="churn-xgb",
                  unmanaged_container_model=trained.outputs["model"]).after(evaluated)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--compile-only", action="store_true")
    args = p.parse_args()
    compiler.Compiler().compile(churn_training, "training_pipeline.json")
    if not args.compile_only:
        aiplatform.init(project=PROJECT, location=REGION)
        aiplatform.PipelineJob(display_name="churn-training", template_path="training_pipeline.json",
                               parameter_values={"snapshot_month": "2024-05-01", "holdout_month": "2024-05-01"}).submit()
