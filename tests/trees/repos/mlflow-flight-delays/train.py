import argparse

import lightgbm as lgb
import mlflow
import mlflow.lightgbm

from src.flights.data import CATEGORICAL, NUMERIC, TARGET, load_flights


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data-path", required=True)
    p.add_argument("--n-estimators", type=int, default=600)
    p.add_argument("--learning-rate", type=float, default=0.05)
    args = p.parse_args()

    mlflow.lightgbm.autolog(log_models=True)
    flights = load_flights(args.data_path)
    with mlflow.start_run():
        model = lgb.LGBMClassifier(n_estimators=args.n_estimators, learning_rate=args.learning_rate,
                                   num_leaves=127, min_child_samples=200, subsample=0.8, subsample_freq=1,
                                   colsample_bytree=0.8, random_state=2023)
        model.fit(flights[CATEGORICAL + NUMERIC], flights[TARGET])


if __name__ == "__main__":
    main()
