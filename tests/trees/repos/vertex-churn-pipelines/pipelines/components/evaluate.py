from kfp import dsl
from kfp.dsl import ClassificationMetrics, Dataset, Input, Metrics, Model, Output


@dsl.component(base_image="python:3.10",
               packages_to_install=["xgboost==2.0.3", "pandas==2.2.2", "pyarrow==15.0.2", "scikit-learn==1.4.2"])
def evaluate_model(model: Input[Model], holdout: Input[Dataset], min_auc: float, metrics: Output[Metrics],
                   roc: Output[ClassificationMetrics]) -> float:
    import os

    import pandas as pd
    import xgboost as xgb
    from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

    frame = pd.read_parquet(holdout.path)
    clf = xgb.XGBClassifier()
    clf.load_model(os.path.join(model.path, "model.bst"))
    cols = ["tenure_months", "plan_tier", "monthly_price", "sessions_30d", "minutes_90d", "support_tickets_90d"]
    scores = clf.predict_proba(frame[cols])[:, 1]
    auc = float(roc_auc_score(frame["churned"], scores))
    metrics.log_metric("roc_auc", auc)
    metrics.log_metric("pr_auc", float(average_precision_score(frame["churned"], scores)))
    fpr, tpr, thresholds = roc_curve(frame["churned"], scores)
    roc.log_roc_curve(fpr.tolist(), tpr.tolist(), thresholds.tolist())
    if auc < min_auc:
        raise ValueError(f"ROC AUC {auc:.3f} < {min_auc}: not uploading this model")
    return auc
