import argparse

import lightgbm as lgb
import pandas as pd


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sales", required=True)
    p.add_argument("--returns", required=True)
    args = p.parse_args()
    frame = pd.read_parquet(args.sales).merge(pd.read_parquet(args.returns), on=["warehouse", "date"])
    frame["dow"] = frame["date"].dt.dayofweek
    frame["target"] = frame.groupby("warehouse")["returned"].shift(-14)
    frame = frame.dropna(subset=["target"])
    model = lgb.LGBMRegressor(objective="poisson", n_estimators=800, learning_rate=0.03, random_state=0)
    model.fit(frame[["warehouse", "dow", "units_sold", "promo"]], frame["target"],
              categorical_feature=["warehouse"])
    model.booster_.save_model("returns_lgbm.txt")


if __name__ == "__main__":
    main()
