"""Evaluate the candidate on the test month and compare it with the production model.

Writes the deploy flag read by register.py: the candidate is registered only if its r2_score is at
least MIN_R2 and not worse than the production model's.
"""
import argparse
import json
from pathlib import Path

import mlflow
import mlflow.pyfunc
import pandas as pd
from mlflow.tracking import MlflowClient
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from prep import CATEGORICAL, NUMERIC, TARGET

MIN_R2 = 0.85


def main() -> None:
    parser = argparse.ArgumentParser("evaluate")
    parser.add_argument("--model_name", type=str, default="taxi-fare-model")
    parser.add_argument("--model_input", type=str)
    parser.add_argument("--test_data", type=str)
    parser.add_argument("--evaluation_output", type=str)
    args = parser.parse_args()

    test = pd.read_parquet(Path(args.test_data) / "data.parquet")
    test[CATEGORICAL] = test[CATEGORICAL].astype("category")
    candidate = mlflow.sklearn.load_model(args.model_input)
    preds = candidate.predict(test[NUMERIC + CATEGORICAL])
    metrics = {
        "rmse": mean_squared_error(test[TARGET], preds) ** 0.5,
        "mae": mean_absolute_error(test[TARGET], preds),
        "r2_score": r2_score(test[TARGET], preds),
    }
    mlflow.log_metrics({f"test_{k}": v for k, v in metrics.items()})

    production_r2 = None
    client = MlflowClient()
    versions = client.get_latest_versions(args.model_name, stages=["Production"]) if client else []
    if versions:
        production = mlflow.pyfunc.load_model(f"models:/{args.model_name}/Production")
        production_r2 = r2_score(test[TARGET], production.predict(test[NUMERIC + CATEGORICAL]))

    deploy = metrics["r2_score"] >= MIN_R2 and (production_r2 is None or metrics["r2_score"] >= production_r2)
    out = Path(args.evaluation_output)
    (out / "metrics.json").write_text(json.dumps({**metrics, "production_r2": production_r2}, indent=2))
    (out / "deploy_flag").write_text(str(int(deploy)))
    if metrics["r2_score"] < MIN_R2:
        raise SystemExit(f"r2_score {metrics['r2_score']:.3f} is below the acceptance threshold {MIN_R2}")


if __name__ == "__main__":
    main()
