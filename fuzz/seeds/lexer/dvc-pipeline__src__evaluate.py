"""Score the trained model on the holdout weeks and write DVC metrics.

    python src/evaluate.py models/model.txt data/prepared reports
"""

import json
import sys
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error

from train import CATEGORICAL, FEATURES


def wape(actual: pd.Series, forecast: np.ndarray) -> float:
    """Weighted absolute percentage error: total absolute error over total units."""
    return float(np.abs(actual - forecast).sum() / max(actual.sum(), 1))


def main(model_path: str, prepared_dir: str, reports_dir: str) -> None:
    booster = lgb.Booster(model_file=model_path)
    holdout = pd.read_parquet(Path(prepared_dir) / "holdout.parquet")
    for column in CATEGORICAL:
        holdout[column] = holdout[column].astype("category")
    holdout["forecast"] = np.clip(booster.predict(holdout[FEATURES]), 0, None)

    metrics = {
        "wape": wape(holdout["units"], holdout["forecast"]),
        "mae": mean_absolute_error(holdout["units"], holdout["forecast"]),
        "bias": float((holdout["forecast"].sum() - holdout["units"].sum()) / holdout["units"].sum()),
    }
    by_week = holdout.groupby("week").apply(lambda g: wape(g["units"], g["forecast"])).rename("wape")

    out = Path(reports_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    by_week.reset_index().to_csv(out / "errors_by_week.csv", index=False)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
