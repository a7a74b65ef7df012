"""Train the LightGBM fare model."""
import argparse
from pathlib import Path

import lightgbm as lgb
import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from prep import CATEGORICAL, NUMERIC, TARGET


def main() -> None:
    parser = argparse.ArgumentParser("train")
    parser.add_argument("--train_data", type=str)
    parser.add_argument("--val_data", type=str)
    parser.add_argument("--model_output", type=str)
    parser.add_argument("--n_estimators", type=int, default=600)
    parser.add_argument("--learning_rate", type=float, default=0.05)
    parser.add_argument("--num_leaves", type=int, default=63)
    args = parser.parse_args()

    mlflow.start_run()
    train = pd.read_parquet(Path(args.train_data) / "data.parquet")
    val = pd.read_parquet(Path(args.val_data) / "data.parquet")
    for frame in (train, val):
        frame[CATEGORICAL] = frame[CATEGORICAL].astype("category")
    model = lgb.LGBMRegressor(n_estimators=args.n_estimators, learning_rate=args.learning_rate,
                              num_leaves=args.num_leaves, random_state=42)
    model.fit(train[NUMERIC + CATEGORICAL], train[TARGET],
              eval_set=[(val[NUMERIC + CATEGORICAL], val[TARGET])],
              callbacks=[lgb.early_stopping(50, verbose=False)])
    preds = model.predict(val[NUMERIC + CATEGORICAL])
    mlflow.log_metrics({
        "val_rmse": mean_squared_error(val[TARGET], preds) ** 0.5,
        "val_mae": mean_absolute_error(val[TARGET], preds),
        "val_r2": r2_score(val[TARGET], preds),
    })
    mlflow.sklearn.save_model(sk_model=model, path=args.model_output)
    mlflow.end_run()


if __name__ == "__main__":
    main()
