"""Release gate: score the trained model on the held-out snapshot and refuse
to publish it when it misses the thresholds in README.md#metrics.

    python evaluate.py --model models/churn.joblib --holdout data/holdout.parquet
"""

from __future__ import annotations

import argparse
import json

import joblib
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score

from churn.features import TARGET, build_features

def recall_at_top(y_true: pd.Series, scores: pd.Series, fraction: float = 0.10) -> float:
    """Share of churners found in the top `fraction` of accounts by score."""
    k = max(1, int(len(scores) * fraction))
    top = scores.sort_values(ascending=False).index[:k]
    return float(y_true.loc[top].sum() / max(1, y_true.sum()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/churn.joblib")
    parser.add_argument("--holdout", default="data/holdout.parquet")
    parser.add_argument("--report", default="reports/metrics.json")
    args = parser.parse_args()

    model = joblib.load(args.model)
    holdout = pd.read_parquet(args.holdout)
    y_true = holdout[TARGET].astype(int)
    scores = pd.Series(model.predict_proba(build_features(holdout))[:, 1], index=holdout.index)

    metrics = {
        "roc_auc": roc_auc_score(y_true, scores),
        "pr_auc": average_precision_score(y_true, scores),
        "recall_at_top10": recall_at_top(y_true, scores),
    }
    with open(args.report, "w") as fh:
        json.dump(metrics, fh, indent=2)
    print(json.dumps(metrics, indent=2))

    # Release thresholds: keep in sync with the table in README.md#metrics.
    assert metrics["roc_auc"] >= 0.88, f"ROC AUC {metrics['roc_auc']:.3f} is below the release threshold 0.88"
    assert metrics["pr_auc"] >= 0.55, f"PR AUC {metrics['pr_auc']:.3f} is below the release threshold 0.55"
    assert metrics["recall_at_top10"] >= 0.55, f"Recall@top10% {metrics['recall_at_top10']:.3f} is below 0.55"


if __name__ == "__main__":
    main()
