"""Train the weekly demand model (LightGBM, Tweedie objective).

    python src/train.py data/prepared models/model.txt
"""

import sys
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
import yaml

FEATURES = [
    "store_id",
    "sku",
    "week_of_year",
    "promo",
    "price",
    "units_lag_1",
    "units_lag_2",
    "units_lag_4",
    "units_lag_8",
    "units_lag_52",
    "units_rolling_4",
]
CATEGORICAL = ["store_id", "sku"]


def main(prepared_dir: str, model_path: str) -> None:
    params = yaml.safe_load(open("params.yaml"))["train"]
    seed = params.pop("seed")
    np.random.seed(seed)

    train = pd.read_parquet(Path(prepared_dir) / "train.parquet")
    for column in CATEGORICAL:
        train[column] = train[column].astype("category")

    model = lgb.LGBMRegressor(**params, random_state=seed, n_jobs=-1, verbose=-1)
    model.fit(train[FEATURES], train["units"], categorical_feature=CATEGORICAL)

    Path(model_path).parent.mkdir(parents=True, exist_ok=True)
    model.booster_.save_model(model_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
