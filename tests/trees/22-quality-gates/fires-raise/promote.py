"""Promotes the challenger to Production when it beats the floor."""
import json

import mlflow


class PromotionRejected(RuntimeError):
    pass


def promote(run_id: str) -> None:
    metrics = json.load(open("metrics.json"))
    challenger_auc = metrics["auc"]
    if challenger_auc < 0.80:
        raise PromotionRejected(f"challenger AUC {challenger_auc:.3f} < 0.80")
    mlflow.register_model(f"runs:/{run_id}/model", "churn")
