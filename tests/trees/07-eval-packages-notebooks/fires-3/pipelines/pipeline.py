import argparse
import json

import boto3
import pandas as pd
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.workflow.function_step import step
from sagemaker.workflow.pipeline import Pipeline

BUCKET = "acme-churn-ml"
FEATURES = ["tenure_months", "monthly_charges", "support_tickets_90d", "logins_30d", "plan_tier"]


@step(name="preprocess", instance_type="ml.m5.xlarge")
def preprocess(raw_uri: str) -> tuple:
    frame = pd.read_parquet(raw_uri)
    frame["plan_tier"] = frame["plan_tier"].astype("category").cat.codes
    holdout_month = frame["snapshot_month"].max()
    train = frame[frame["snapshot_month"] < holdout_month]
    test = frame[frame["snapshot_month"] == holdout_month]
    return train, test


@step(name="train", instance_type="ml.m5.2xlarge")
def train(train_df: pd.DataFrame):
    import xgboost as xgb

    model = xgb.XGBClassifier(n_estimators=600, max_depth=5, learning_rate=0.05, subsample=0.8,
                              random_state=21)
    model.fit(train_df[FEATURES], train_df["churned"])
    return model


@step(name="model-evaluation", instance_type="ml.m5.xlarge")
def evaluate(model, test_df: pd.DataFrame) -> dict:
    from sklearn.metrics import average_precision_score, roc_auc_score

    scores = model.predict_proba(test_df[FEATURES])[:, 1]
    report = {"binary_classification_metrics": {
        "auc": {"value": float(roc_auc_score(test_df["churned"], scores)), "standard_deviation": "NaN"},
        "pr_auc": {"value": float(average_precision_score(test_df["churned"], scores)),
                   "standard_deviation": "NaN"},
    }}
    boto3.client("s3").put_object(Bucket=BUCKET, Key="evaluation/latest/evaluation.json",
                                  Body=json.dumps(report).encode())
    return report


def register_metrics() -> ModelMetrics:
    return ModelMetrics(model_statistics=MetricsSource(
        s3_uri=f"s3://{BUCKET}/evaluation/latest/evaluation.json", content_type="application/json"))


def build(role: str) -> Pipeline:
    train_df, test_df = preprocess(f"s3://{BUCKET}/raw/churn_snapshots.parquet")
    model = train(train_df)
    report = evaluate(model, test_df)
    return Pipeline(name="churn-xgb", steps=[report])


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--role", required=True)
    p.add_argument("--upsert", action="store_true")
    args = p.parse_args()
    pipeline = build(args.role)
    if args.upsert:
        pipeline.upsert(role_arn=args.role)
    pipeline.start()
