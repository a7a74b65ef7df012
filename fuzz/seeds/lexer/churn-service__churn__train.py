"""Train the churn classifier on the DVC-tracked snapshot in data/train.parquet.

    python -m churn.train --out models/churn.joblib
"""

from __future__ import annotations

import argparse
import random

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from churn.features import CATEGORICAL_FEATURES, TARGET, build_features

SEED = 20240312


def make_pipeline() -> Pipeline:
    encode = ColumnTransformer(
        [("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL_FEATURES)],
        remainder="passthrough",
    )
    model = HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=400,
        max_leaf_nodes=31,
        early_stopping=True,
        random_state=SEED,
    )
    return Pipeline([("encode", encode), ("model", model)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.parquet")
    parser.add_argument("--out", default="models/churn.joblib")
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)

    accounts = pd.read_parquet(args.data)
    X = build_features(accounts)
    y = accounts[TARGET].astype(int)
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=0.15, stratify=y, random_state=SEED
    )

    pipeline = make_pipeline()
    pipeline.fit(X_train, y_train)
    print(f"validation accuracy: {pipeline.score(X_val, y_val):.3f}")
    joblib.dump(pipeline, args.out)


if __name__ == "__main__":
    main()
