from kfp import dsl
from kfp.dsl import Dataset, Input, Model, Output


@dsl.component(base_image="python:3.10", packages_to_install=["xgboost==2.0.3", "pandas==2.2.2", "pyarrow==15.0.2"])
def train_xgboost(features: Input[Dataset], holdout_month: str, model: Output[Model], holdout: Output[Dataset],
                  n_estimators: int = 500, max_depth: int = 5, learning_rate: float = 0.05):
    import os

    import pandas as pd
    import xgboost as xgb

    frame = pd.read_parquet(features.path)
    train = frame[frame["snapshot_month"] < holdout_month]
    frame[frame["snapshot_month"] == holdout_month].to_parquet(holdout.path)
    cols = ["tenure_months", "plan_tier", "monthly_price", "sessions_30d", "minutes_90d", "support_tickets_90d"]
    clf = xgb.XGBClassifier(n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
                            subsample=0.8, colsample_bytree=0.8, random_state=42, eval_metric="auc")
    clf.fit(train[cols], train["churned"])
    os.makedirs(model.path, exist_ok=True)
    clf.save_model(os.path.join(model.path, "model.bst"))
