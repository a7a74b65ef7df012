"""Split the raw taxi data into train / val / test by pickup month."""
import argparse
from pathlib import Path

import mlflow
import pandas as pd

NUMERIC = ["distance", "dropoff_latitude", "dropoff_longitude", "passengers", "pickup_latitude",
           "pickup_longitude", "pickup_weekday", "pickup_hour", "pickup_month"]
CATEGORICAL = ["store_forward", "vendor"]
TARGET = "cost"


def main() -> None:
    parser = argparse.ArgumentParser("prep")
    parser.add_argument("--raw_data", type=str, help="Path to raw data")
    parser.add_argument("--train_data", type=str, help="Path to train dataset")
    parser.add_argument("--val_data", type=str, help="Path to val dataset")
    parser.add_argument("--test_data", type=str, help="Path to test dataset")
    args = parser.parse_args()

    data = pd.read_csv(Path(args.raw_data))
    data = data[NUMERIC + CATEGORICAL + [TARGET]]
    data = data[(data[TARGET] > 0) & (data[TARGET] < 250) & (data["distance"] > 0)]
    train = data[data["pickup_month"] <= 3]
    val = data[data["pickup_month"] == 4].sample(frac=0.5, random_state=0)
    test = data[data["pickup_month"] == 4].drop(val.index)
    mlflow.log_metric("train size", train.shape[0])
    mlflow.log_metric("val size", val.shape[0])
    mlflow.log_metric("test size", test.shape[0])
    for frame, out in ((train, args.train_data), (val, args.val_data), (test, args.test_data)):
        frame.to_parquet(Path(out) / "data.parquet")


if __name__ == "__main__":
    main()
