"""Nightly batch scoring: forecast the next four weeks for every store and SKU.

Runs in the `forecast-nightly` Airflow DAG; pushes job health and input
quality gauges to the Prometheus Pushgateway (alerts in monitoring/alerts.yml).

    python src/score.py models/model.txt features/latest.parquet forecasts/
"""

import os
import sys
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from train import CATEGORICAL, FEATURES

PUSHGATEWAY = os.environ.get("PUSHGATEWAY_URL", "pushgateway.monitoring:9091")


def main(model_path: str, features_path: str, out_dir: str) -> None:
    registry = CollectorRegistry()
    null_ratio = Gauge("forecast_input_null_ratio", "Share of null feature values in the scoring input", registry=registry)
    rows = Gauge("forecast_rows_scored", "Store x SKU rows scored", registry=registry)
    last_success = Gauge("forecast_batch_last_success_timestamp_seconds", "Last successful run", registry=registry)

    booster = lgb.Booster(model_file=model_path)
    features = pd.read_parquet(features_path)
    null_ratio.set(float(features[FEATURES].isna().mean().mean()))
    for column in CATEGORICAL:
        features[column] = features[column].astype("category")

    features["forecast_units"] = np.clip(booster.predict(features[FEATURES]), 0, None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    features[["store_id", "sku", "week", "forecast_units"]].to_parquet(out / "forecast.parquet", index=False)

    rows.set(len(features))
    last_success.set(time.time())
    push_to_gateway(PUSHGATEWAY, job="forecast-nightly", registry=registry)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
