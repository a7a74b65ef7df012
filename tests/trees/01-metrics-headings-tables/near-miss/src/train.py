import argparse
from pathlib import Path

import lightgbm as lgb
import pandas as pd

PARAMS = dict(learning_rate=0.03, num_leaves=63, min_child_samples=40, feature_fraction=0.8,
              bagging_fraction=0.9, bagging_freq=1, n_estimators=1200, random_state=2024)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", default="models/")
    args = p.parse_args()
    claims = pd.read_parquet(args.data)
    y = claims.pop("incurred_amount")
    model = lgb.LGBMRegressor(objective="tweedie", tweedie_variance_power=1.5, **PARAMS)
    model.fit(claims, y, categorical_feature=["line_of_business", "region"])
    Path(args.out).mkdir(parents=True, exist_ok=True)
    model.booster_.save_model(str(Path(args.out) / "claims_lgbm.txt"))


if __name__ == "__main__":
    main()
